//! The Python binding (`import orbit_surgical`): `Store`, `Scope` and `SqlSession` classes over one core,
//! an exception class per error kind carrying the stable `.code`, JSON-shaped arguments and results
//! (dicts and lists), and the GIL released while the database works. Every operation of the core goes
//! through `Scope.call(op, args)` (the operation table of `orbit_core::api`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyType;

use orbit_core::{Error, ErrorKind, ManualClock, OpenOptions, Orbit};

macro_rules! exceptions {
    ($($name:ident),* $(,)?) => {
        $(pyo3::create_exception!(orbit_surgical, $name, OrbitError, concat!("orbit error kind ", stringify!($name), ".")));*;

        /// The Python exception class of an error kind.
        fn exception_type(py: Python<'_>, kind: ErrorKind) -> Bound<'_, PyType> {
            match kind {
                $(ErrorKind::$name => py.get_type::<$name>(),)*
            }
        }

        fn add_exceptions(m: &Bound<'_, PyModule>) -> PyResult<()> {
            let py = m.py();
            m.add("OrbitError", py.get_type::<OrbitError>())?;
            $(
                let t = py.get_type::<$name>();
                t.setattr("code", ErrorKind::$name.code())?;
                m.add(stringify!($name), t)?;
            )*
            Ok(())
        }
    };
}

pyo3::create_exception!(
    orbit_surgical,
    OrbitError,
    PyException,
    "Base class of orbit errors; `.code` is the stable code."
);

exceptions!(
    NotFound,
    PermissionDenied,
    InvalidInput,
    Conflict,
    InvalidState,
    InvalidStatusTransition,
    CaseIsDraft,
    CaseCancelled,
    NotADraft,
    NotCompleted,
    MilestoneNotFound,
    MilestoneNotRecorded,
    FutureTimestamp,
    CancellationReasonRequired,
    DuplicateStaff,
    NoMilestoneTemplate,
    EmptyTemplate,
    InvalidTemplateStructure,
    TemplateIsDefault,
    TemplateInUse,
    InsufficientCases,
    Interrupted,
    Storage,
);

/// Converts a core error into the Python exception of its kind.
fn to_py(e: Error) -> PyErr {
    Python::attach(|py| PyErr::from_type(exception_type(py, e.kind()), e.to_string()))
}

fn closed(what: &str) -> PyErr {
    to_py(Error::new(ErrorKind::InvalidState, format!("the {what} is closed")))
}

/// Python object → JSON text (through the `json` module: dicts, lists, str, int, float, bool, None).
fn dumps(py: Python<'_>, value: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    let json = py.import("json")?;
    json.call_method1("dumps", (value,))
        .and_then(|s| s.extract::<String>())
        .map_err(|_| to_py(Error::invalid(name, "must be JSON-serializable (dict, list, str, int, float, bool, None)")))
}

fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

struct Shared {
    orbit: Orbit,
    clock: Option<Arc<ManualClock>>,
    closed: AtomicBool,
}

impl Shared {
    fn check(&self) -> PyResult<()> {
        if self.closed.load(Ordering::SeqCst) { Err(closed("store")) } else { Ok(()) }
    }
}

/// An orbit store: one SQLite file (or `":memory:"`). Usable as a context manager.
#[pyclass(module = "orbit_surgical._native", frozen)]
struct Store {
    shared: Arc<Shared>,
}

#[pymethods]
impl Store {
    /// Opens (or creates) the store at `path` (`":memory:"` for a private in-memory store). With
    /// `clock_ms`, the library clock stands at that instant (UTC epoch ms) until `set_clock_ms` moves it.
    #[staticmethod]
    #[pyo3(signature = (path, clock_ms = None))]
    fn open(py: Python<'_>, path: String, clock_ms: Option<i64>) -> PyResult<Store> {
        let clock = clock_ms.map(ManualClock::new);
        let options = match &clock {
            Some(c) => OpenOptions::default().with_clock(c.clone()),
            None => OpenOptions::default(),
        };
        let orbit = py
            .detach(|| {
                if path == ":memory:" { Orbit::open_in_memory_with(options) } else { Orbit::open_with(&path, options) }
            })
            .map_err(to_py)?;
        Ok(Store { shared: Arc::new(Shared { orbit, clock, closed: AtomicBool::new(false) }) })
    }

    /// Sets the clock of a store opened with `clock_ms`.
    fn set_clock_ms(&self, ms: i64) -> PyResult<()> {
        self.shared.check()?;
        let clock = self
            .shared
            .clock
            .as_ref()
            .ok_or_else(|| to_py(Error::new(ErrorKind::InvalidState, "the store was opened without clock_ms")))?;
        clock.set(ms);
        Ok(())
    }

    /// A scope acting as the system context.
    fn system(&self) -> PyResult<Scope> {
        self.shared.check()?;
        Ok(Scope { scope: self.shared.orbit.system(), shared: self.shared.clone() })
    }

    /// A scope acting as the anonymous context (the escort view only).
    fn anonymous(&self) -> PyResult<Scope> {
        self.shared.check()?;
        Ok(Scope { scope: self.shared.orbit.anonymous(), shared: self.shared.clone() })
    }

    /// A scope acting as user `user_id` (optionally in `facility_id`).
    #[pyo3(signature = (user_id, facility_id = None))]
    fn as_user(&self, py: Python<'_>, user_id: String, facility_id: Option<String>) -> PyResult<Scope> {
        self.shared.check()?;
        let orbit = self.shared.orbit.clone();
        let scope = py
            .detach(|| match &facility_id {
                Some(f) => orbit.as_user_in(&user_id, f),
                None => orbit.as_user(&user_id),
            })
            .map_err(to_py)?;
        Ok(Scope { scope, shared: self.shared.clone() })
    }

    /// Closes the store: every later call on it or its scopes raises `InvalidState`.
    fn close(&self) {
        self.shared.closed.store(true, Ordering::SeqCst);
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.shared.closed.load(Ordering::SeqCst)
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.close();
        false
    }
}

/// Who is calling: every operation runs on a scope.
#[pyclass(module = "orbit_surgical._native", frozen)]
struct Scope {
    scope: orbit_core::Scope,
    shared: Arc<Shared>,
}

#[pymethods]
impl Scope {
    /// Runs operation `op` (see `operations()`) with `args` (a dict) and returns its result (dicts and
    /// lists). Errors raise the exception class of their kind.
    #[pyo3(signature = (op, args = None))]
    fn call<'py>(&self, py: Python<'py>, op: String, args: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.check()?;
        let args_text = match &args {
            Some(a) => dumps(py, a, "args")?,
            None => "null".into(),
        };
        let scope = self.scope.clone();
        let result = py.detach(move || -> Result<String, Error> {
            let args: serde_json::Value =
                serde_json::from_str(&args_text).map_err(|_| Error::invalid("args", "must be a JSON object"))?;
            Ok(orbit_core::api::invoke(&scope, &op, &args)?.to_string())
        });
        loads(py, &result.map_err(to_py)?)
    }

    /// Opens a scoped read-only SQL session.
    fn open_sql_session(&self, py: Python<'_>) -> PyResult<SqlSession> {
        self.shared.check()?;
        let scope = self.scope.clone();
        let session = py.detach(move || scope.open_sql_session()).map_err(to_py)?;
        Ok(SqlSession { session: Mutex::new(Some(session)), shared: self.shared.clone() })
    }
}

/// A scoped read-only SQL session (a snapshot; close it when done).
#[pyclass(module = "orbit_surgical._native", frozen)]
struct SqlSession {
    session: Mutex<Option<orbit_core::SqlSession>>,
    shared: Arc<Shared>,
}

#[pymethods]
impl SqlSession {
    /// Runs one `SELECT` with positional `params`; returns `{"columns": [...], "rows": [[...], ...]}`.
    #[pyo3(signature = (sql, params = None))]
    fn query<'py>(
        &self,
        py: Python<'py>,
        sql: String,
        params: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.shared.check()?;
        let params_text = match &params {
            Some(p) => dumps(py, p, "params")?,
            None => "[]".into(),
        };
        let result = py.detach(|| -> Result<String, Error> {
            let params: Vec<serde_json::Value> =
                serde_json::from_str(&params_text).map_err(|_| Error::invalid("params", "must be a list"))?;
            let mut guard = self.session.lock().unwrap_or_else(|p| p.into_inner());
            let session =
                guard.as_mut().ok_or_else(|| Error::new(ErrorKind::InvalidState, "the SQL session is closed"))?;
            Ok(serde_json::to_value(session.query(&sql, &params)?)?.to_string())
        });
        loads(py, &result.map_err(to_py)?)
    }

    /// The session's relations and their columns.
    fn relations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let guard = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let session = guard.as_ref().ok_or_else(|| closed("SQL session"))?;
        let text = serde_json::to_string(&session.relations()).map_err(|e| to_py(e.into()))?;
        loads(py, &text)
    }

    /// Closes the session (idempotent).
    fn close(&self) {
        self.session.lock().unwrap_or_else(|p| p.into_inner()).take();
    }
}

/// The operations `Scope.call` accepts, with their argument keys (`?` = optional).
#[pyfunction]
fn operations<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(orbit_core::api::OPERATIONS).map_err(|e| to_py(e.into()))?;
    loads(py, &text)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Store>()?;
    m.add_class::<Scope>()?;
    m.add_class::<SqlSession>()?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add("__version__", orbit_core::VERSION)?;
    add_exceptions(m)
}

/// The core's version, for the binding crates' shared sanity check.
pub fn core_version() -> &'static str {
    orbit_core::VERSION
}
