//! What the modules share: where the fixtures are, running the `xtask`
//! binary, and MX's Platform specs when the machine has them.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub use xtask::sync::workspace_root;

/// The xtask crate's directory (fixtures are under `tests/fixtures`).
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The seed pages: the docs site's Nexus pages the vendored spec is synced from.
pub fn fixture_pages() -> PathBuf {
    manifest_dir().join("tests/fixtures/pages")
}

/// The text of the seed page whose file name starts with `prefix` (`"000_"`).
pub fn seed_page(prefix: &str) -> String {
    let path = fs::read_dir(fixture_pages())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed page {prefix}"));
    fs::read_to_string(path).unwrap()
}

/// Runs the `xtask` binary with `args` and waits for it.
pub fn xtask<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// One of MX's Platform specs (`../shared/specs/mx-platform/FILE`), read at
/// run time and never vendored; `None`, said loudly, where it is missing.
pub fn platform(file: &str) -> Option<Value> {
    let Some(path) = xtask::scale::platform_spec(file) else {
        eprintln!("SKIPPED: ../shared/specs/mx-platform/{file} is missing");
        return None;
    };
    Some(xtask::diff::load_spec(&path).unwrap())
}

/// The vendored Nexus spec, as MX wrote it.
pub fn nexus() -> Value {
    xtask::diff::load_spec(&workspace_root().join(xtask::codegen::pipeline::SPEC)).unwrap()
}

/// The crate's overlay, parsed.
pub fn nexus_overlay() -> Value {
    xtask::codegen::pipeline::read_yaml(
        &workspace_root().join(xtask::codegen::pipeline::OVERLAY),
        "overlay.yaml",
    )
    .unwrap()
}
