//! The main job: opens (or creates) the embedded default database, provisions a demo facility and reports
//! what it holds. Safe to run repeatedly: the second run reuses the facility and inserts nothing.
//!
//! `cargo run --release --example quickstart [path]`
use orbit_core::{FacilityTarget, NewFacility, Orbit, ProvisionConfig};

const DEMO_FACILITY: &str = "orbit Demo Surgery Center";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = orbit_examples::db_path_from_args();
    eprintln!("orbit {}: opening {}", orbit_core::VERSION, path.display());
    let orbit = Orbit::open(&path)?;
    println!("schema version {}", orbit.schema_version()?);

    let system = orbit.system();
    let existing = system.facilities()?.into_iter().find(|f| f.name == DEMO_FACILITY);
    let target = match &existing {
        Some(f) => {
            eprintln!("reusing facility {} ({})", f.name, f.id);
            FacilityTarget::Existing(f.id.clone())
        }
        None => {
            eprintln!("provisioning {DEMO_FACILITY}");
            FacilityTarget::New(NewFacility {
                name: DEMO_FACILITY.into(),
                timezone: Some("America/New_York".into()),
                is_demo: true,
                or_hourly_rate_cents: Some(6_000),
                ..NewFacility::default()
            })
        }
    };
    let report = system.provision_facility(target, ProvisionConfig::default())?;
    let facility = system.facility(&report.facility_id)?;
    println!("facility: {} ({}, {})", facility.name, facility.id, facility.timezone);
    println!("provisioned this run ({} rows):", report.total());
    for (part, n) in &report.parts {
        println!("  {part:<26} {n:>4}");
    }
    Ok(())
}
