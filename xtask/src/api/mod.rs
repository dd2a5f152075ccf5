//! The Rust API diff: what a spec change does to users' code.
//!
//! Each spec goes through build.rs's own pipeline (`crate::codegen`, the
//! files of `build/`): overlay, media-type normalisation, progenitor, this
//! crate's transforms. The public API is read from the syntax tree
//! ([`extract`]), the two APIs are compared ([`compare`]), and each change
//! is tied to the spec change behind it where one is found ([`cause`]).

pub mod cause;
pub mod compare;
pub mod extract;

use serde_json::Value;

use crate::codegen::{generate, pipeline};
pub use compare::{RustChange, What};
pub use extract::{Api, Item, Kind};

/// A spec as build.rs sees it, and the API generated from it.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The spec with the overlay applied (MX's media types kept): what the
    /// spec diff compares.
    pub spec: Value,
    /// Overlay actions that matched nothing in this spec, named.
    pub stale_overlay: Vec<String>,
    /// Operations without an `operationId`, named here (`get /path → name`).
    pub named_operations: Vec<String>,
    /// `send()`s build.rs cannot rewrite yet (it fails on them), with why.
    pub unsupported: Vec<String>,
}

/// Applies the overlay (when given) leniently: actions that no longer match
/// are listed, not fatal.
pub fn prepare(raw: &Value, overlay: Option<&Value>) -> Result<Prepared, String> {
    let mut spec = raw.clone();
    let stale_overlay = match overlay {
        Some(overlay) => pipeline::apply_overlay_lenient(&mut spec, overlay.clone())?,
        None => Vec::new(),
    };
    Ok(Prepared {
        spec,
        stale_overlay,
        named_operations: Vec::new(),
        unsupported: Vec::new(),
    })
}

/// Generates the client from a prepared spec, as build.rs does, and reads
/// its public API. Operations without an `operationId` (which progenitor
/// needs and build.rs would reject) get `method` + path words, listed in
/// `named_operations`.
pub fn generate_api(prepared: &mut Prepared) -> Result<Api, String> {
    let mut spec = prepared.spec.clone();
    prepared.named_operations = name_operations(&mut spec);
    pipeline::normalise(&mut spec)?;
    let (file, unsupported) = generate::client_api_file(&spec)?;
    prepared.unsupported = unsupported;
    Ok(extract::extract(&file))
}

/// `GET /users/{user_guid}/budgets` → `getUsersUserGuidBudgets`, made unique.
fn name_operations(spec: &mut Value) -> Vec<String> {
    use heck::ToLowerCamelCase;

    let mut taken: std::collections::BTreeSet<String> = pipeline::operations(spec)
        .into_iter()
        .map(|(_, _, id)| id.to_lower_camel_case())
        .collect();
    let mut named = Vec::new();
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return named;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (method, operation) in item.iter_mut() {
            if !pipeline::HTTP_METHODS.contains(&method.as_str()) || operation.get("operationId").is_some() {
                continue;
            }
            let words = path.replace(['{', '}', '/', '.', '-'], " ");
            let base = format!("{method} {words}").to_lower_camel_case();
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}{n}");
                n += 1;
            }
            named.push(format!("{} {path} → {name}", method.to_uppercase()));
            if let Some(operation) = operation.as_object_mut() {
                operation.insert("operationId".to_owned(), Value::String(name));
            }
        }
    }
    named
}
