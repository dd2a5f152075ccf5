//! Generates the typed Nexus client from MX's spec plus this crate's overlay.
//!
//! `openapi/nexus/v1.yaml` (vendored as MX wrote it) + `openapi/nexus/overlay.yaml`
//! (our corrections) -> progenitor (Builder interface) -> prettyplease ->
//! `$OUT_DIR/nexus.rs`, which `src/lib.rs` includes, plus `$OUT_DIR/operations.rs`,
//! the table of operations `src/ext/operations.rs` includes, plus
//! `$OUT_DIR/nexus-spec.json`, the spec + overlay with MX's media types, for the
//! contract tests (`tests/it/contract.rs`). Nothing generated is edited by
//! hand: hand-written behaviour lives in `src/ext`, which every generated
//! `send()` ends in (`build/send.rs`). The pipeline and generation live in
//! `build/`, which `cargo xtask` includes too.

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "build/mod.rs"]
mod codegen;

use codegen::generate;
use codegen::pipeline::{self, OVERLAY, SPEC};

/// `$OUT_DIR/nexus-spec.json`: v1.yaml with the overlay applied and MX's media
/// types untouched, i.e. the contract the generated client is held to.
const SPEC_FOR_SERVERS: &str = "nexus-spec.json";

fn main() {
    // Exactly the inputs of generation: touching `src/` must not re-run this.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed={OVERLAY}");

    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    if let Err(message) = run(&manifest_dir, &out_dir) {
        // Cargo shows a failing build script's stderr; one readable paragraph
        // beats a panic backtrace here.
        eprintln!("error: mx-nexus cannot generate its client: {message}");
        std::process::exit(1);
    }
}

fn run(manifest_dir: &Path, out: &Path) -> Result<(), String> {
    let mut spec = pipeline::load(manifest_dir)?;
    // The spec as MX's servers speak it (vendor media types kept), for tests
    // that run a mock server on it (tests/it/contract.rs runs Prism on it).
    write(&out.join(SPEC_FOR_SERVERS), &to_json(&spec)?)?;
    pipeline::normalise(&mut spec)?;
    let code = generate::client(&spec)?;
    let table = generate::operation_table(&spec);
    // Feature `cli`: progenitor's clap CLI, included by `src/bin/mx-nexus`.
    if std::env::var_os("CARGO_FEATURE_CLI").is_some() {
        write(&out.join("cli.rs"), &generate::cli(&spec)?)?;
    }
    write(&out.join("nexus.rs"), &code)?;
    write(&out.join("operations.rs"), &table)?;
    if std::env::var_os("CARGO_FEATURE_MOCK").is_some() {
        write(&out.join("mock.rs"), &generate::mock(&spec)?)?;
    }
    Ok(())
}

fn to_json(spec: &Value) -> Result<String, String> {
    serde_json::to_string_pretty(spec).map_err(|e| format!("cannot write {SPEC} + {OVERLAY} as JSON: {e}"))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
