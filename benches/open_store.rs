//! Opening a store: a fresh file (probe + WAL + all migrations) and a reopen of a migrated file.
use criterion::{Criterion, criterion_group, criterion_main};
use orbit_core::Orbit;

fn open_store(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0u64;
    c.bench_function("open_new_file_store", |b| {
        b.iter(|| {
            n += 1;
            Orbit::open(dir.path().join(format!("new-{n}.db"))).unwrap()
        })
    });
    let existing = dir.path().join("existing.db");
    drop(Orbit::open(&existing).unwrap());
    c.bench_function("reopen_migrated_file_store", |b| b.iter(|| Orbit::open(&existing).unwrap()));
    c.bench_function("open_in_memory_store", |b| b.iter(|| Orbit::open_in_memory().unwrap()));
}

criterion_group!(benches, open_store);
criterion_main!(benches);
