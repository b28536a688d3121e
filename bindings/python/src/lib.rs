//! Python binding of orbit (pyo3 + maturin). This crate builds as part of the workspace so that the
//! layout is fixed from the start; the binding itself arrives with the bindings issue (see
//! `CONTRIBUTING.md` once it exists). Until then it only re-exports the core's version.

/// The orbit-core version this binding is built against.
pub fn core_version() -> &'static str {
    orbit_core::VERSION
}
