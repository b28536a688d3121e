//! The Node binding (`orbit-surgical` on npm): `Store`, `Scope` and `SqlSession` classes over one core.
//! Database work runs on the libuv thread pool and returns Promises (the event loop never blocks);
//! arguments and results are plain JS objects (JSON-shaped); errors are `Error`s whose `code` is the
//! stable numeric code of the core and `kind` its name. Every operation goes through
//! `scope.call(op, args)` (the operation table of `orbit_core::api`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use napi::bindgen_prelude::*;
use napi::{Env, Task};
use napi_derive::napi;
use serde_json::Value;

use orbit_core::{Error as CoreError, ErrorKind, ManualClock, OpenOptions, Orbit};

/// A failed call, carried from the worker thread to the JS thread.
pub struct Failure {
    code: i32,
    kind: &'static str,
    message: String,
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure { code: e.code(), kind: e.kind().name(), message: e.to_string() }
    }
}

/// Builds the JS error of a failure: `message`, numeric `code`, `kind` name.
fn js_error(env: &Env, f: Failure) -> Error {
    let make = || -> Result<Error> {
        let mut obj = env.create_error(Error::new(Status::GenericFailure, f.message.clone()))?;
        obj.set("code", f.code)?;
        obj.set("kind", f.kind)?;
        Ok(Error::from(obj.to_unknown()))
    };
    make().unwrap_or_else(|e| e)
}

fn failure(kind: ErrorKind, message: &str) -> Failure {
    Failure { code: kind.code(), kind: kind.name(), message: message.to_string() }
}

struct Shared {
    orbit: Orbit,
    clock: Option<Arc<ManualClock>>,
    closed: AtomicBool,
}

impl Shared {
    fn check(&self) -> std::result::Result<(), Failure> {
        if self.closed.load(Ordering::SeqCst) {
            Err(failure(ErrorKind::InvalidState, "the store is closed"))
        } else {
            Ok(())
        }
    }
}

/// A JSON value crossing into JS (any JS value).
pub struct Json(Value);

impl TypeName for Json {
    fn type_name() -> &'static str {
        "any"
    }
    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ToNapiValue for Json {
    unsafe fn to_napi_value(env: napi::sys::napi_env, val: Self) -> Result<napi::sys::napi_value> {
        // SAFETY: forwarded from napi's own call with a valid env.
        unsafe { Value::to_napi_value(env, val.0) }
    }
}

type Work = Box<dyn FnOnce() -> std::result::Result<Value, Failure> + Send>;

/// A task on the libuv thread pool whose outcome is a JSON value or a failure.
pub struct Job {
    work: Option<Work>,
}

impl Task for Job {
    type Output = std::result::Result<Value, Failure>;
    type JsValue = Json;

    fn compute(&mut self) -> Result<Self::Output> {
        let work = self.work.take().ok_or_else(|| Error::from_reason("the task ran twice"))?;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
            Ok(out) => Ok(out),
            Err(_) => Ok(Err(failure(ErrorKind::Storage, "internal error (a panic was caught at the Node boundary)"))),
        }
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Json> {
        output.map(Json).map_err(|f| js_error(&env, f))
    }
}

fn job(work: impl FnOnce() -> std::result::Result<Value, Failure> + Send + 'static) -> AsyncTask<Job> {
    AsyncTask::new(Job { work: Some(Box::new(work)) })
}

/// An orbit store: one SQLite file, or `":memory:"`.
#[napi]
pub struct Store {
    shared: Arc<Shared>,
}

#[napi]
impl Store {
    /// Opens (or creates) the store at `path` (`":memory:"` for a private in-memory store). With `clockMs`,
    /// the library clock stands at that instant (UTC epoch ms) until `setClockMs` moves it.
    /// Opening is synchronous (it applies pending migrations); every data call returns a Promise.
    #[napi(factory)]
    pub fn open(path: String, clock_ms: Option<i64>) -> Result<Store> {
        let clock = clock_ms.map(ManualClock::new);
        let options = match &clock {
            Some(c) => OpenOptions::default().with_clock(c.clone()),
            None => OpenOptions::default(),
        };
        let orbit =
            if path == ":memory:" { Orbit::open_in_memory_with(options) } else { Orbit::open_with(&path, options) };
        let orbit = orbit.map_err(|e| Error::new(Status::GenericFailure, format!("[{}] {e}", e.kind().name())))?;
        Ok(Store { shared: Arc::new(Shared { orbit, clock, closed: AtomicBool::new(false) }) })
    }

    /// Sets the clock of a store opened with `clockMs`.
    #[napi]
    pub fn set_clock_ms(&self, env: Env, ms: i64) -> Result<()> {
        let clock = self.shared.check().and_then(|_| {
            self.shared
                .clock
                .clone()
                .ok_or_else(|| failure(ErrorKind::InvalidState, "the store was opened without clockMs"))
        });
        clock.map(|c| c.set(ms)).map_err(|f| js_error(&env, f))
    }

    /// A scope acting as the system context.
    #[napi]
    pub fn system(&self, env: Env) -> Result<Scope> {
        self.shared.check().map_err(|f| js_error(&env, f))?;
        Ok(Scope { scope: self.shared.orbit.system(), shared: self.shared.clone() })
    }

    /// A scope acting as the anonymous context (the escort view only).
    #[napi]
    pub fn anonymous(&self, env: Env) -> Result<Scope> {
        self.shared.check().map_err(|f| js_error(&env, f))?;
        Ok(Scope { scope: self.shared.orbit.anonymous(), shared: self.shared.clone() })
    }

    /// A scope acting as user `userId` (optionally in `facilityId`); the context is checked now (one indexed
    /// read) and again at every call.
    #[napi]
    pub fn as_user(&self, env: Env, user_id: String, facility_id: Option<String>) -> Result<Scope> {
        self.shared.check().map_err(|f| js_error(&env, f))?;
        let orbit = self.shared.orbit.clone();
        let scope = match &facility_id {
            Some(f) => orbit.as_user_in(&user_id, f),
            None => orbit.as_user(&user_id),
        };
        scope.map(|scope| Scope { scope, shared: self.shared.clone() }).map_err(|e| js_error(&env, e.into()))
    }

    /// Closes the store: later calls on it or its scopes fail with `InvalidState` (code 5).
    #[napi]
    pub fn close(&self) {
        self.shared.closed.store(true, Ordering::SeqCst);
    }

    /// Whether `close()` was called.
    #[napi(getter)]
    pub fn closed(&self) -> bool {
        self.shared.closed.load(Ordering::SeqCst)
    }
}

/// Who is calling: every operation runs on a scope.
#[napi]
pub struct Scope {
    scope: orbit_core::Scope,
    shared: Arc<Shared>,
}

#[napi]
impl Scope {
    /// Runs operation `op` (see `operations()`) with `args` (an object); resolves to its result.
    #[napi(ts_args_type = "op: string, args?: Record<string, unknown> | null", ts_return_type = "Promise<any>")]
    pub fn call(&self, op: String, args: Option<Value>) -> AsyncTask<Job> {
        let scope = self.scope.clone();
        let shared = self.shared.clone();
        job(move || {
            shared.check()?;
            Ok(orbit_core::api::invoke(&scope, &op, &args.unwrap_or(Value::Null))?)
        })
    }

    /// Opens a scoped read-only SQL session.
    #[napi]
    pub fn open_sql_session(&self, env: Env) -> Result<SqlSession> {
        self.shared.check().map_err(|f| js_error(&env, f))?;
        let session = self.scope.open_sql_session().map_err(|e| js_error(&env, e.into()))?;
        Ok(SqlSession { session: Arc::new(Mutex::new(Some(session))), shared: self.shared.clone() })
    }
}

/// A scoped read-only SQL session over exactly what the scope may read (a snapshot).
#[napi]
pub struct SqlSession {
    session: Arc<Mutex<Option<orbit_core::SqlSession>>>,
    shared: Arc<Shared>,
}

#[napi]
impl SqlSession {
    /// Runs one `SELECT` with positional `params`; resolves to `{ columns, rows }`.
    #[napi(
        ts_args_type = "sql: string, params?: unknown[] | null",
        ts_return_type = "Promise<{ columns: string[]; rows: unknown[][] }>"
    )]
    pub fn query(&self, sql: String, params: Option<Vec<Value>>) -> AsyncTask<Job> {
        let session = self.session.clone();
        let shared = self.shared.clone();
        job(move || {
            shared.check()?;
            let mut guard = session.lock().unwrap_or_else(|p| p.into_inner());
            let s = guard.as_mut().ok_or_else(|| failure(ErrorKind::InvalidState, "the SQL session is closed"))?;
            let result = s.query(&sql, &params.unwrap_or_default())?;
            serde_json::to_value(result).map_err(|e| CoreError::from(e).into())
        })
    }

    /// The session's relations and their columns.
    #[napi(ts_return_type = "Array<{ name: string; columns: string[] }>")]
    pub fn relations(&self, env: Env) -> Result<Value> {
        let guard = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let s = guard
            .as_ref()
            .ok_or_else(|| js_error(&env, failure(ErrorKind::InvalidState, "the SQL session is closed")))?;
        serde_json::to_value(s.relations()).map_err(|e| js_error(&env, CoreError::from(e).into()))
    }

    /// Closes the session (idempotent).
    #[napi]
    pub fn close(&self) {
        self.session.lock().unwrap_or_else(|p| p.into_inner()).take();
    }
}

/// The operations `Scope.call` accepts, with their argument keys (`?` = optional).
#[napi(ts_return_type = "Array<{ name: string; args: string[] }>")]
pub fn operations() -> Result<Value> {
    serde_json::to_value(orbit_core::api::OPERATIONS).map_err(|e| Error::from_reason(e.to_string()))
}

/// The error kinds and their stable numeric codes (`err.code`).
#[napi(ts_return_type = "Array<{ name: string; code: number }>")]
pub fn error_kinds() -> Value {
    Value::Array(ErrorKind::ALL.iter().map(|k| serde_json::json!({"name": k.name(), "code": k.code()})).collect())
}

/// The library version.
#[napi]
pub fn version() -> String {
    orbit_core::VERSION.to_string()
}
