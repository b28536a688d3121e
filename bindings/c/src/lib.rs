//! The C API of orbit.
//!
//! - Handles are opaque 64-bit ids (`orbit_store`, `orbit_scope`, `orbit_session`), each with a matching
//!   free function. Freed, closed or made-up handles are detected: the call returns `ORBIT_INVALID_STATE`
//!   (never undefined behaviour), so use-after-free and double-free through the API are coded errors.
//! - Every call returns a status: `ORBIT_OK` (0) or the stable error code of orbit-core (1 = not found …
//!   23 = storage). `orbit_last_error()` returns the message of the calling thread's last failure.
//! - Records are JSON strings owned by the caller: free them with `orbit_string_free`.
//! - Panics are caught at the boundary and reported as `ORBIT_STORAGE` ("internal error").
//! - Every operation of the core goes through `orbit_call` (the operation table of `orbit_core::api`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use orbit_core::{Error, ErrorKind, ManualClock, OpenOptions, Orbit, Scope, SqlSession};

/// Status codes returned by every call: 0 and the stable error codes of orbit-core.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrbitStatus {
    /// Success.
    OrbitOk = 0,
    /// The row does not exist or is outside the caller's access context.
    OrbitNotFound = 1,
    /// The caller may not perform this operation.
    OrbitPermissionDenied = 2,
    /// A parameter is malformed, out of range or archived (also: null pointers, invalid UTF-8, bad JSON).
    OrbitInvalidInput = 3,
    /// A unique key is taken.
    OrbitConflict = 4,
    /// The operation does not apply to the current state (also: closed or unknown handles).
    OrbitInvalidState = 5,
    /// The case status transition is not allowed.
    OrbitInvalidStatusTransition = 6,
    /// The case is a draft.
    OrbitCaseIsDraft = 7,
    /// The case is cancelled.
    OrbitCaseCancelled = 8,
    /// The case is not a draft.
    OrbitNotADraft = 9,
    /// The case is not completed.
    OrbitNotCompleted = 10,
    /// The milestone is not part of the case.
    OrbitMilestoneNotFound = 11,
    /// The milestone is not recorded.
    OrbitMilestoneNotRecorded = 12,
    /// A timestamp lies in the future.
    OrbitFutureTimestamp = 13,
    /// Cancelling needs a reason.
    OrbitCancellationReasonRequired = 14,
    /// The person is already on the staff.
    OrbitDuplicateStaff = 15,
    /// No milestone template applies.
    OrbitNoMilestoneTemplate = 16,
    /// The template has no milestones.
    OrbitEmptyTemplate = 17,
    /// The template breaks a structure rule.
    OrbitInvalidTemplateStructure = 18,
    /// The default template cannot be archived.
    OrbitTemplateIsDefault = 19,
    /// The template is in use.
    OrbitTemplateInUse = 20,
    /// Not enough cases.
    OrbitInsufficientCases = 21,
    /// The statement hit the SQL-session time limit.
    OrbitInterrupted = 22,
    /// The database failed (or an internal error).
    OrbitStorage = 23,
}

/// A store handle (0 is never a valid handle).
pub type OrbitStoreHandle = u64;
/// A scope (access context) handle.
pub type OrbitScopeHandle = u64;
/// An SQL-session handle.
pub type OrbitSessionHandle = u64;

struct StoreEntry {
    orbit: Orbit,
    clock: Option<Arc<ManualClock>>,
}

#[derive(Default)]
struct Registry {
    stores: HashMap<u64, Arc<StoreEntry>>,
    scopes: HashMap<u64, Scope>,
    sessions: HashMap<u64, Arc<Mutex<SqlSession>>>,
}

static NEXT: AtomicU64 = AtomicU64::new(1);
static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

fn registry() -> MutexGuard<'static, Option<Registry>> {
    REGISTRY.lock().unwrap_or_else(|p| p.into_inner())
}

fn with_registry<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    let mut guard = registry();
    f(guard.get_or_insert_with(Registry::default))
}

thread_local! {
    static LAST_ERROR: RefCell<(i32, CString)> = RefCell::new((0, CString::default()));
}

fn set_last_error(code: i32, message: &str) {
    let msg = CString::new(message.replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|e| *e.borrow_mut() = (code, msg));
}

fn closed(kind: &str) -> Error {
    Error::new(ErrorKind::InvalidState, format!("the {kind} handle is closed, freed or unknown"))
}

/// Runs `f`, catching panics; records the error message; returns the status.
fn guard(f: impl FnOnce() -> Result<(), Error>) -> i32 {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => {
            set_last_error(0, "");
            0
        }
        Ok(Err(e)) => {
            set_last_error(e.code(), &e.to_string());
            e.code()
        }
        Err(_) => {
            set_last_error(ErrorKind::Storage.code(), "internal error (a panic was caught at the C boundary)");
            ErrorKind::Storage.code()
        }
    }
}

/// Reads a required C string argument.
///
/// # Safety
/// `p` must be null or point to a NUL-terminated string valid for the call.
unsafe fn arg<'a>(p: *const c_char, name: &str) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(Error::invalid(name, "must not be a null pointer"));
    }
    // SAFETY: the caller guarantees a valid NUL-terminated string.
    unsafe { CStr::from_ptr(p) }.to_str().map_err(|_| Error::invalid(name, "must be valid UTF-8"))
}

/// Writes `value` to a non-null out-pointer.
///
/// # Safety
/// `out` must be null or valid for a write of `T`.
unsafe fn put<T>(out: *mut T, value: T, name: &str) -> Result<(), Error> {
    if out.is_null() {
        return Err(Error::invalid(name, "must not be a null pointer"));
    }
    // SAFETY: checked non-null; the caller guarantees validity.
    unsafe { out.write(value) };
    Ok(())
}

fn json_out(value: &serde_json::Value) -> Result<*mut c_char, Error> {
    Ok(CString::new(value.to_string()).map_err(|_| Error::invalid("result", "contains a NUL byte"))?.into_raw())
}

fn store(handle: u64) -> Result<Arc<StoreEntry>, Error> {
    with_registry(|r| r.stores.get(&handle).cloned()).ok_or_else(|| closed("store"))
}

fn scope(handle: u64) -> Result<Scope, Error> {
    with_registry(|r| r.scopes.get(&handle).cloned()).ok_or_else(|| closed("scope"))
}

fn insert_store(entry: StoreEntry) -> u64 {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    with_registry(|r| r.stores.insert(id, Arc::new(entry)));
    id
}

fn open(path: &str, clock: Option<Arc<ManualClock>>) -> Result<StoreEntry, Error> {
    let options = match &clock {
        Some(c) => OpenOptions::default().with_clock(c.clone()),
        None => OpenOptions::default(),
    };
    let orbit =
        if path == ":memory:" { Orbit::open_in_memory_with(options)? } else { Orbit::open_with(path, options)? };
    Ok(StoreEntry { orbit, clock })
}

/// Opens (or creates) the store at `path` (`":memory:"` for a private in-memory store).
///
/// # Safety
/// `path` must be a valid NUL-terminated string; `out` must be valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn orbit_open(path: *const c_char, out: *mut OrbitStoreHandle) -> i32 {
    guard(|| {
        // SAFETY: forwarded caller guarantees.
        let path = unsafe { arg(path, "path") }?;
        let id = insert_store(open(path, None)?);
        // SAFETY: forwarded caller guarantees.
        unsafe { put(out, id, "out") }
    })
}

/// Opens a store whose library clock reads `clock_ms` (UTC epoch ms) until `orbit_set_clock` moves it —
/// for deterministic tests and replays.
///
/// # Safety
/// As `orbit_open`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn orbit_open_with_clock(path: *const c_char, clock_ms: i64, out: *mut OrbitStoreHandle) -> i32 {
    guard(|| {
        // SAFETY: forwarded caller guarantees.
        let path = unsafe { arg(path, "path") }?;
        let id = insert_store(open(path, Some(ManualClock::new(clock_ms)))?);
        // SAFETY: forwarded caller guarantees.
        unsafe { put(out, id, "out") }
    })
}

/// Sets the clock of a store opened with `orbit_open_with_clock` (`ORBIT_INVALID_STATE` otherwise).
#[unsafe(no_mangle)]
pub extern "C" fn orbit_set_clock(store_handle: OrbitStoreHandle, clock_ms: i64) -> i32 {
    guard(|| {
        let entry = store(store_handle)?;
        let clock = entry.clock.as_ref().ok_or_else(|| {
            Error::new(ErrorKind::InvalidState, "the store was not opened with orbit_open_with_clock")
        })?;
        clock.set(clock_ms);
        Ok(())
    })
}

/// Closes a store handle. Scopes and sessions made from it keep working until they are freed (they hold
/// the store); the file is closed when the last of them is freed. Closing twice returns
/// `ORBIT_INVALID_STATE`.
#[unsafe(no_mangle)]
pub extern "C" fn orbit_store_free(store_handle: OrbitStoreHandle) -> i32 {
    guard(|| with_registry(|r| r.stores.remove(&store_handle)).map(|_| ()).ok_or_else(|| closed("store")))
}

/// A scope acting as the system context (bootstrap, maintenance).
///
/// # Safety
/// `out` must be valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn orbit_scope_system(store_handle: OrbitStoreHandle, out: *mut OrbitScopeHandle) -> i32 {
    guard(|| {
        let s = store(store_handle)?.orbit.system();
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        with_registry(|r| r.scopes.insert(id, s));
        // SAFETY: forwarded caller guarantees.
        unsafe { put(out, id, "out") }
    })
}

/// A scope acting as the anonymous context (the escort view only).
///
/// # Safety
/// `out` must be valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn orbit_scope_anonymous(store_handle: OrbitStoreHandle, out: *mut OrbitScopeHandle) -> i32 {
    guard(|| {
        let s = store(store_handle)?.orbit.anonymous();
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        with_registry(|r| r.scopes.insert(id, s));
        // SAFETY: forwarded caller guarantees.
        unsafe { put(out, id, "out") }
    })
}

/// A scope acting as user `user_id` (optionally in `facility_id`, which may be null).
///
/// # Safety
/// `user_id` must be a valid NUL-terminated string, `facility_id` null or one; `out` valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn orbit_scope_user(
    store_handle: OrbitStoreHandle,
    user_id: *const c_char,
    facility_id: *const c_char,
    out: *mut OrbitScopeHandle,
) -> i32 {
    guard(|| {
        // SAFETY: forwarded caller guarantees.
        let user = unsafe { arg(user_id, "user_id") }?;
        let entry = store(store_handle)?;
        let s = if facility_id.is_null() {
            entry.orbit.as_user(user)?
        } else {
            // SAFETY: forwarded caller guarantees.
            entry.orbit.as_user_in(user, unsafe { arg(facility_id, "facility_id") }?)?
        };
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        with_registry(|r| r.scopes.insert(id, s));
        // SAFETY: forwarded caller guarantees.
        unsafe { put(out, id, "out") }
    })
}

/// Frees a scope handle (`ORBIT_INVALID_STATE` if it is not live).
#[unsafe(no_mangle)]
pub extern "C" fn orbit_scope_free(scope_handle: OrbitScopeHandle) -> i32 {
    guard(|| with_registry(|r| r.scopes.remove(&scope_handle)).map(|_| ()).ok_or_else(|| closed("scope")))
}

/// Runs operation `op` (see `orbit_core::api::OPERATIONS`) with `args_json` (a JSON object, or null for
/// none); on success `*out_json` receives the JSON result, to be freed with `orbit_string_free`.
///
/// # Safety
/// `op` must be a valid NUL-terminated string, `args_json` null or one, `out_json` valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn orbit_call(
    scope_handle: OrbitScopeHandle,
    op: *const c_char,
    args_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    guard(|| {
        if out_json.is_null() {
            return Err(Error::invalid("out_json", "must not be a null pointer"));
        }
        // SAFETY: forwarded caller guarantees.
        let op = unsafe { arg(op, "op") }?;
        let args: serde_json::Value = if args_json.is_null() {
            serde_json::Value::Null
        } else {
            // SAFETY: forwarded caller guarantees.
            serde_json::from_str(unsafe { arg(args_json, "args_json") }?)
                .map_err(|_| Error::invalid("args_json", "must be a JSON object"))?
        };
        let result = orbit_core::api::invoke(&scope(scope_handle)?, op, &args)?;
        // SAFETY: checked non-null above.
        unsafe { put(out_json, json_out(&result)?, "out_json") }
    })
}

/// Opens a scoped read-only SQL session.
///
/// # Safety
/// `out` must be valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn orbit_sql_open(scope_handle: OrbitScopeHandle, out: *mut OrbitSessionHandle) -> i32 {
    guard(|| {
        let session = scope(scope_handle)?.open_sql_session()?;
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        with_registry(|r| r.sessions.insert(id, Arc::new(Mutex::new(session))));
        // SAFETY: forwarded caller guarantees.
        unsafe { put(out, id, "out") }
    })
}

/// Runs one read-only statement with `params_json` (a JSON array, or null); `*out_json` receives
/// `{"columns": [...], "rows": [[...], ...]}`.
///
/// # Safety
/// `sql` must be a valid NUL-terminated string, `params_json` null or one, `out_json` valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn orbit_sql_query(
    session_handle: OrbitSessionHandle,
    sql: *const c_char,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    guard(|| {
        if out_json.is_null() {
            return Err(Error::invalid("out_json", "must not be a null pointer"));
        }
        // SAFETY: forwarded caller guarantees.
        let sql = unsafe { arg(sql, "sql") }?;
        let params: Vec<serde_json::Value> = if params_json.is_null() {
            Vec::new()
        } else {
            // SAFETY: forwarded caller guarantees.
            serde_json::from_str(unsafe { arg(params_json, "params_json") }?)
                .map_err(|_| Error::invalid("params_json", "must be a JSON array"))?
        };
        let session = with_registry(|r| r.sessions.get(&session_handle).cloned()).ok_or_else(|| closed("session"))?;
        let result = session.lock().unwrap_or_else(|p| p.into_inner()).query(sql, &params)?;
        // SAFETY: checked non-null above.
        unsafe { put(out_json, json_out(&serde_json::to_value(result)?)?, "out_json") }
    })
}

/// Frees an SQL session (`ORBIT_INVALID_STATE` if it is not live).
#[unsafe(no_mangle)]
pub extern "C" fn orbit_sql_free(session_handle: OrbitSessionHandle) -> i32 {
    guard(|| with_registry(|r| r.sessions.remove(&session_handle)).map(|_| ()).ok_or_else(|| closed("session")))
}

/// Frees a string returned by the library (null is ignored).
///
/// # Safety
/// `s` must be null or a pointer returned by this library and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn orbit_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: the caller passes a pointer obtained from CString::into_raw here.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// The message of the calling thread's last failed call ("" after a success). Valid until the thread's next
/// call into the library.
#[unsafe(no_mangle)]
pub extern "C" fn orbit_last_error() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().1.as_ptr())
}

/// The status of the calling thread's last call.
#[unsafe(no_mangle)]
pub extern "C" fn orbit_last_error_code() -> i32 {
    LAST_ERROR.with(|e| e.borrow().0)
}

/// The name of a status code (`"NotFound"`, …; `"Ok"` for 0, `"Unknown"` otherwise). Static storage.
#[unsafe(no_mangle)]
pub extern "C" fn orbit_status_name(code: i32) -> *const c_char {
    let name: &'static CStr = match ErrorKind::from_code(code) {
        _ if code == 0 => c"Ok",
        Some(k) => match k {
            ErrorKind::NotFound => c"NotFound",
            ErrorKind::PermissionDenied => c"PermissionDenied",
            ErrorKind::InvalidInput => c"InvalidInput",
            ErrorKind::Conflict => c"Conflict",
            ErrorKind::InvalidState => c"InvalidState",
            ErrorKind::InvalidStatusTransition => c"InvalidStatusTransition",
            ErrorKind::CaseIsDraft => c"CaseIsDraft",
            ErrorKind::CaseCancelled => c"CaseCancelled",
            ErrorKind::NotADraft => c"NotADraft",
            ErrorKind::NotCompleted => c"NotCompleted",
            ErrorKind::MilestoneNotFound => c"MilestoneNotFound",
            ErrorKind::MilestoneNotRecorded => c"MilestoneNotRecorded",
            ErrorKind::FutureTimestamp => c"FutureTimestamp",
            ErrorKind::CancellationReasonRequired => c"CancellationReasonRequired",
            ErrorKind::DuplicateStaff => c"DuplicateStaff",
            ErrorKind::NoMilestoneTemplate => c"NoMilestoneTemplate",
            ErrorKind::EmptyTemplate => c"EmptyTemplate",
            ErrorKind::InvalidTemplateStructure => c"InvalidTemplateStructure",
            ErrorKind::TemplateIsDefault => c"TemplateIsDefault",
            ErrorKind::TemplateInUse => c"TemplateInUse",
            ErrorKind::InsufficientCases => c"InsufficientCases",
            ErrorKind::Interrupted => c"Interrupted",
            ErrorKind::Storage => c"Storage",
        },
        None => c"Unknown",
    };
    name.as_ptr()
}

/// The library version (static storage).
#[unsafe(no_mangle)]
pub extern "C" fn orbit_version() -> *const c_char {
    const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    VERSION.as_ptr().cast()
}

/// The core's version, for the binding crates' shared sanity check.
pub fn core_version() -> &'static str {
    orbit_core::VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_match_the_core_table() {
        for kind in ErrorKind::ALL {
            // SAFETY: static NUL-terminated strings.
            let name = unsafe { CStr::from_ptr(orbit_status_name(kind.code())) }.to_str().unwrap();
            assert_eq!(name, kind.name());
        }
        assert_eq!(OrbitStatus::OrbitStorage as i32, ErrorKind::Storage.code());
        assert_eq!(OrbitStatus::OrbitInvalidStatusTransition as i32, ErrorKind::InvalidStatusTransition.code());
        // SAFETY: static string.
        assert_eq!(unsafe { CStr::from_ptr(orbit_version()) }.to_str().unwrap(), orbit_core::VERSION);
    }

    #[test]
    fn freed_and_unknown_handles_are_coded_errors() {
        let mut store = 0u64;
        // SAFETY: valid string and out-pointer.
        assert_eq!(unsafe { orbit_open(c":memory:".as_ptr(), &mut store) }, 0);
        assert_eq!(orbit_store_free(store), 0);
        assert_eq!(orbit_store_free(store), ErrorKind::InvalidState.code());
        let mut scope = 0u64;
        // SAFETY: valid out-pointer.
        assert_eq!(unsafe { orbit_scope_system(store, &mut scope) }, ErrorKind::InvalidState.code());
        assert_eq!(orbit_scope_free(12345), ErrorKind::InvalidState.code());
        // SAFETY: null pointers are checked.
        assert_eq!(unsafe { orbit_open(std::ptr::null(), &mut store) }, ErrorKind::InvalidInput.code());
    }
}
