//! The spec pipeline build.rs and `cargo xtask` share: MX's spec plus this
//! crate's overlay, normalised for progenitor, and its operations. One
//! implementation, so the crate and the maintainer tools see the same spec.

use std::path::Path;

use serde_json::{Map, Value};

pub const SPEC: &str = "openapi/nexus/v1.yaml";
pub const OVERLAY: &str = "openapi/nexus/overlay.yaml";

/// Media type MX uses for every body; progenitor only understands
/// `application/json`, so `+json` types are normalised for generation only
/// (the real headers are set by `src/ext/headers.rs`).
pub const GENERATION_MEDIA_TYPE: &str = "application/json";

/// What MX's servers answer with (see `generate_mock`).
pub const NEXUS_MEDIA_TYPE: &str = "application/vnd.mx.nexus.v1+json";

pub const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// `v1.yaml` with `overlay.yaml` applied, from the crate's directory, as MX's
/// servers speak it (vendor media types kept).
pub fn load(manifest_dir: &Path) -> Result<Value, String> {
    let mut spec = read_yaml(&manifest_dir.join(SPEC), SPEC)?;
    let overlay = read_yaml(&manifest_dir.join(OVERLAY), OVERLAY)?;
    apply_overlay(&mut spec, overlay)?;
    Ok(spec)
}

pub fn read_yaml(path: &Path, name: &str) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    yaml_serde::from_str(&text).map_err(|e| format!("{name} is not valid YAML: {e}"))
}

/// Applies `overlay.yaml`. An action that matches nothing is an error, so an
/// upstream rename cannot silently drop one of our corrections.
pub fn apply_overlay(spec: &mut Value, overlay: Value) -> Result<(), String> {
    use roas_overlay::apply::{Apply, ApplyOptions};
    use roas_overlay::validation::Validate;

    let overlay: roas_overlay::v1_0::Overlay =
        serde_json::from_value(overlay).map_err(|e| format!("{OVERLAY} is not an Overlay 1.0 document: {e}"))?;
    overlay
        .validate(Default::default())
        .map_err(|e| format!("{OVERLAY} is not a valid Overlay 1.0 document: {e}"))?;
    overlay
        .apply(spec, ApplyOptions::ErrorOnZeroMatch.into())
        .map_err(|e| format!("{OVERLAY} no longer applies to {SPEC}: {e}"))?;
    Ok(())
}

/// The spec as progenitor gets it: media types it understands
/// (`normalise_media_types`) and lenient timestamps (`timestamps.rs`).
pub fn normalise(spec: &mut Value) -> Result<(), String> {
    normalise_media_types(spec)?;
    super::timestamps::lenient(spec);
    Ok(())
}

/// Rewrites every `application/*+json` media type of request bodies and
/// responses to `application/json`, the only JSON type progenitor accepts.
pub fn normalise_media_types(spec: &mut Value) -> Result<(), String> {
    let mut contents: Vec<(String, &mut Map<String, Value>)> = Vec::new();
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for (method, operation) in item.iter_mut() {
                if !HTTP_METHODS.contains(&method.as_str()) {
                    continue;
                }
                let label = format!("{} {path}", method.to_uppercase());
                collect_operation_contents(&label, operation, &mut contents);
            }
        }
    }
    for (label, content) in contents {
        normalise_content(&label, content)?;
    }
    Ok(())
}

fn collect_operation_contents<'a>(
    label: &str,
    operation: &'a mut Value,
    out: &mut Vec<(String, &'a mut Map<String, Value>)>,
) {
    let Some(operation) = operation.as_object_mut() else {
        return;
    };
    for (key, value) in operation.iter_mut() {
        match key.as_str() {
            "requestBody" => {
                if let Some(content) = value.get_mut("content").and_then(Value::as_object_mut) {
                    out.push((format!("{label} request body"), content));
                }
            }
            "responses" => {
                let Some(responses) = value.as_object_mut() else {
                    continue;
                };
                for (status, response) in responses.iter_mut() {
                    if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
                        out.push((format!("{label} response {status}"), content));
                    }
                }
            }
            _ => {}
        }
    }
}

fn normalise_content(label: &str, content: &mut Map<String, Value>) -> Result<(), String> {
    let vendor: Vec<String> = content.keys().filter(|media| is_json_suffix(media)).cloned().collect();
    for media in vendor {
        let value = content.remove(&media).expect("key listed above");
        match content.get(GENERATION_MEDIA_TYPE) {
            Some(existing) if existing != &value => {
                return Err(format!(
                    "{label}: {media} and {GENERATION_MEDIA_TYPE} have different schemas, \
                     so they cannot be merged for generation"
                ));
            }
            _ => {
                content.insert(GENERATION_MEDIA_TYPE.to_owned(), value);
            }
        }
    }
    Ok(())
}

/// `application/vnd.mx.nexus.v1+json`, `application/problem+json`, ...
pub fn is_json_suffix(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or(media).trim().to_ascii_lowercase();
    essence.starts_with("application/") && essence.ends_with("+json")
}

pub fn operations(spec: &Value) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if HTTP_METHODS.contains(&method.as_str()) {
                let id = operation["operationId"].as_str().unwrap_or("(no operationId)");
                found.push((path.clone(), method.clone(), id.to_owned()));
            }
        }
    }
    found
}
