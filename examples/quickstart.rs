//! The main job: opens (or creates) the embedded default database and reports what it holds.
//!
//! `cargo run --release --example quickstart [path]` — safe to run repeatedly.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = orbit_examples::db_path_from_args();
    eprintln!("orbit {}: opening {}", orbit_core::VERSION, path.display());
    let orbit = orbit_core::Orbit::open(&path)?;
    println!("schema version {}", orbit.schema_version()?);
    Ok(())
}
