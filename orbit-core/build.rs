//! Makes cargo rebuild orbit-core when a migration file is added or edited: `embed_migrations!` reads the
//! directory at compile time, and cargo does not track that on its own.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    if let Ok(entries) = std::fs::read_dir("../migrations") {
        for entry in entries.flatten() {
            println!("cargo:rerun-if-changed={}", entry.path().display());
        }
    }
}
