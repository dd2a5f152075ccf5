//! `cargo xtask regen`: sync into a scratch directory, diff against the
//! vendored spec, and (without `--check`) replace it and rebuild the crate.
//!
//! The sync never writes the vendored files directly: a page that fails
//! halfway must leave `openapi/nexus/` as it was. Only a complete, merged
//! spec is copied over, and then `cargo build` runs build.rs, which fails
//! when the overlay no longer applies or progenitor rejects the new spec.

use std::path::Path;
use std::process::Command;

use xtask::FailOn;
use xtask::diff::{self, Report};
use xtask::exit::{self, Done};
use xtask::sync::{self, FetchConfig, Options, Outcome, Source};

/// The vendored spec, relative to the workspace root.
const VENDORED_SPEC: &str = "openapi/nexus/v1.yaml";

/// The CLI entry point: up to date or regenerated, `Found` when `--check`
/// finds a difference, a failure on any error (sync, diff, overlay, build).
pub fn run(args: &crate::RegenArgs) -> exit::Outcome {
    let root = sync::workspace_root();
    let vendored = root.join(VENDORED_SPEC);
    let scratch = tempfile::tempdir().map_err(|e| format!("cannot create a scratch directory: {e}"))?;
    let synced = scratch.path().join("v1.yaml");

    let options = Options {
        source: match (&args.source.index, &args.source.pages) {
            (_, Some(dir)) => Source::Pages(sync::resolve(dir)),
            (Some(url), None) => Source::Index(url.clone()),
            (None, None) => Source::Index(sync::DEFAULT_INDEX.to_string()),
        },
        out: synced.clone(),
        check: false,
        fetch: FetchConfig::default(),
    };
    match sync::execute(&options)? {
        Outcome::Written { used, skipped } => {
            println!("synced {used} pages ({skipped} without an OpenAPI block)");
        }
        Outcome::UpToDate | Outcome::Differs(_) => unreachable!("sync ran without --check"),
    }

    let old = std::fs::read(&vendored).map_err(|e| format!("cannot read {VENDORED_SPEC}: {e}"))?;
    let new = std::fs::read(&synced).map_err(|e| format!("cannot read the synced spec: {e}"))?;
    if old == new {
        println!("{VENDORED_SPEC} is up to date");
        return Ok(Done::Clean);
    }

    // The spec diff and the Rust API diff of what build.rs will generate:
    // both specs with the crate's overlay, as build.rs reads them.
    let overlay_path = root.join(xtask::codegen::pipeline::OVERLAY);
    let overlay = std::fs::read_to_string(&overlay_path)
        .map_err(|e| format!("cannot read {}: {e}", overlay_path.display()))
        .and_then(|text| xtask::codegen::pipeline::parse_yaml(&text).map_err(|e| format!("overlay.yaml: {e}")))?;
    let options = diff::Options {
        overlay: Some(overlay),
        rust: true,
    };
    let report: Report = diff::diff_files_with(&vendored, &synced, &options)?;
    exit::print_out(&report.render(args.format))?;
    println!("crate version bump needed: {}", report.semver().as_str());
    if args.check {
        return Ok(Done::Found);
    }

    replace_vendored(&synced, &root)?;
    println!("replaced {VENDORED_SPEC} and openapi/nexus/SOURCE; rebuilding mx-nexus");
    rebuild(&root)?;
    if report.fails(FailOn::Breaking) {
        println!("the new spec has breaking changes: review the report above before releasing");
    }
    Ok(Done::Clean)
}

/// Copies the synced spec and its SOURCE over the vendored ones, each by an
/// atomic rename, so an interrupted regen never leaves a half-written file.
fn replace_vendored(synced: &Path, root: &Path) -> Result<(), String> {
    let files = [
        (synced.to_path_buf(), root.join(VENDORED_SPEC)),
        (sync::source_path(synced), sync::source_path(&root.join(VENDORED_SPEC))),
    ];
    let mut contents = Vec::new();
    for (from, to) in &files {
        let bytes = std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        contents.push((to.clone(), bytes));
    }
    let borrowed: Vec<_> = contents
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.as_slice()))
        .collect();
    sync::write::write_all(&borrowed).map_err(|e| e.to_string())
}

/// Builds the crate so build.rs regenerates the client from the new spec.
fn rebuild(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--package", "mx-nexus", "--all-targets"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        println!("mx-nexus builds with the new spec");
        Ok(())
    } else {
        Err(format!(
            "mx-nexus no longer builds with the new {VENDORED_SPEC} (see cargo's output above: \
             an overlay action that no longer applies, an operation progenitor rejects, or \
             Rust code that used a changed type). The new spec is in place so you can fix \
             openapi/nexus/overlay.yaml or src/; `git checkout openapi/nexus` restores the old one."
        ))
    }
}
