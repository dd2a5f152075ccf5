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
pub mod mirror;
pub mod reach;
pub mod renames;

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
    /// Operations build.rs leaves out of the crate (`generate::LeftOut`:
    /// their answers have a shape it cannot send), with why.
    pub unsupported: Vec<String>,
    /// Operations build.rs keeps in the client but leaves out of the CLI
    /// (`generate::left_out_of_cli`: two parameters with one flag), with why.
    pub cli_left_out: Vec<String>,
    /// `(label, operationId)` of each operation the API is generated from
    /// (`GET /path`; the ids build.rs gives included).
    pub operations: Vec<(String, String)>,
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
        cli_left_out: Vec::new(),
        operations: Vec::new(),
    })
}

/// Generates the client from a prepared spec, as build.rs does, and reads
/// its public API. Operations without an `operationId` get the name build.rs
/// gives them (`pipeline::name_operations`), listed in `named_operations`.
pub fn generate_api(prepared: &mut Prepared) -> Result<Api, String> {
    let mut spec = prepared.spec.clone();
    prepared.named_operations = pipeline::normalise(&mut spec)?;
    prepared.operations = pipeline::operations(&spec)
        .into_iter()
        .map(|(path, method, id)| (format!("{} {path}", method.to_uppercase()), id))
        .collect();
    let (file, unsupported) = generate::client_file(&spec)?;
    prepared.unsupported = unsupported;
    prepared.cli_left_out = generate::left_out_of_cli(&spec)?
        .iter()
        .map(generate::LeftOut::describe)
        .collect();
    Ok(extract::extract(&file))
}
