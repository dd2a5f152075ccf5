//! `cargo xtask scale`: the crate at MX's full size, before MX publishes it.
//!
//! The vendored Nexus spec has 4 operations; MX documents about 50 and the
//! Platform API has 166-169. This makes a stand-in: the vendored spec (so the
//! overlay and the hand-written layer still apply) plus every path and
//! component of one of MX's Platform specs (`../shared/specs/mx-platform/`,
//! read at run time, never copied into the project; a name both define keeps
//! the Nexus one), with the `operationId` of `--unnamed` Platform operations
//! taken away, as some of MX's pages have none. It writes a scratch copy of
//! the package (`semver_checks::package_copy`, binary included) with that
//! spec as `openapi/nexus/v1.yaml`, ready for `cargo build --features
//! cli,mock` or `cargo doc` (`xtask/tests/it/scale.rs`; README, "Scale").

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::codegen::pipeline::each_operation;

/// Arguments of `cargo xtask scale`.
#[derive(clap::Args, Debug)]
pub struct ScaleArgs {
    /// One of MX's Platform specs.
    #[arg(long, default_value = "../shared/specs/mx-platform/v20250224.yml")]
    pub platform: PathBuf,
    /// How many of its operations lose their operationId (spread evenly).
    #[arg(long, default_value_t = 22)]
    pub unnamed: usize,
    /// Where the scratch package is written (replaced).
    #[arg(long, required_unless_present = "pages")]
    pub out: Option<PathBuf>,
    /// Also write the spec as the docs site's pages, one per operation, into
    /// this directory (replaced), for `cargo xtask sync --pages` and `regen --pages`.
    #[arg(long, value_name = "DIR")]
    pub pages: Option<PathBuf>,
}

pub fn run(args: &ScaleArgs) -> crate::exit::Outcome {
    let root = crate::sync::workspace_root();
    let platform_path = if args.platform.is_absolute() {
        args.platform.clone()
    } else {
        root.join(&args.platform)
    };
    let platform = crate::diff::load_spec(&platform_path)?;
    let nexus = crate::diff::load_spec(&root.join(crate::codegen::pipeline::SPEC))?;
    let spec = scale_spec(&nexus, &platform, args.unnamed);
    let count = each_operation(&spec).count();
    if let Some(dir) = &args.pages {
        write_pages(&spec, dir)?;
        println!("{}: {count} docs pages", dir.display());
    }
    if let Some(out) = &args.out {
        let _ = std::fs::remove_dir_all(out);
        let dir = crate::semver_checks::package_copy(&root, &spec, out, true)?;
        println!("{}: mx-nexus with {count} operations", dir.display());
    }
    Ok(crate::exit::Done::Clean)
}

/// Writes `spec` as docs pages (`crate::corpus`) into `dir`. Pages of an
/// earlier corpus there (`NNN_*.md`) are removed first; nothing else is.
pub fn write_pages(spec: &Value, dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    std::fs::create_dir_all(dir).map_err(|e| format!("{shown}: cannot create: {e}"))?;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if crate::corpus::is_page_name(&name) {
            std::fs::remove_file(entry.path()).map_err(|e| format!("{shown}/{name}: cannot remove: {e}"))?;
        }
    }
    for page in crate::corpus::pages(spec) {
        let path = dir.join(&page.file_name);
        std::fs::write(&path, page.text).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    Ok(())
}

/// `nexus` plus every path and component of `platform` (`nexus` keeps a
/// name both define), with the `operationId` of `unnamed` of the Platform
/// operations (spread evenly over them sorted by path and method) removed.
pub fn scale_spec(nexus: &Value, platform: &Value, unnamed: usize) -> Value {
    let mut spec = nexus.clone();
    let mut added: Vec<(String, String)> = Vec::new();
    if let (Some(into), Some(from)) = (
        spec.get_mut("paths").and_then(Value::as_object_mut),
        platform.get("paths").and_then(Value::as_object),
    ) {
        for (path, item) in from {
            if !into.contains_key(path) {
                into.insert(path.clone(), item.clone());
            }
        }
    }
    if let Some(from) = platform.get("components").and_then(Value::as_object) {
        for (kind, entries) in from {
            let into = spec["components"][kind.as_str()].as_object_mut();
            let (Some(into), Some(entries)) = (into, entries.as_object()) else {
                spec["components"][kind.as_str()] = entries.clone();
                continue;
            };
            for (name, value) in entries {
                into.entry(name.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    for (path, method, _) in each_operation(platform) {
        added.push((path.to_owned(), method.to_owned()));
    }
    added.sort();
    let total = added.len();
    let picked: std::collections::BTreeSet<usize> = (0..unnamed.min(total)).map(|i| i * total / unnamed).collect();
    for (i, (path, method)) in added.iter().enumerate() {
        if picked.contains(&i)
            && let Some(operation) = spec["paths"][path.as_str()][method.as_str()].as_object_mut()
        {
            operation.remove("operationId");
        }
    }
    spec
}

/// The workspace root's sibling `shared/specs/mx-platform/<file>`, when present.
pub fn platform_spec(file: &str) -> Option<PathBuf> {
    let path = crate::sync::workspace_root()
        .join("../shared/specs/mx-platform")
        .join(file);
    path.exists().then_some(path)
}

/// For tests: the scratch package from `platform_file` at `dir`.
pub fn scratch_package(platform_file: &Path, unnamed: usize, dir: &Path) -> Result<(PathBuf, Value), String> {
    let root = crate::sync::workspace_root();
    let platform = crate::diff::load_spec(platform_file)?;
    let nexus = crate::diff::load_spec(&root.join(crate::codegen::pipeline::SPEC))?;
    let spec = scale_spec(&nexus, &platform, unnamed);
    let _ = std::fs::remove_dir_all(dir);
    Ok((crate::semver_checks::package_copy(&root, &spec, dir, true)?, spec))
}
