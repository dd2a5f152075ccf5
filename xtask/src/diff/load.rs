//! Reading a spec file: YAML or JSON into a `serde_json::Value`, then the
//! checks that turn bad input into a one-line error instead of a panic later.

use std::path::Path;

use serde_json::Value;

use super::resolve;

/// Reads `path` (YAML or JSON), checks it is an OpenAPI 3.0.x document whose
/// local `$ref`s all resolve, and returns it. Errors name the file.
pub fn load_spec(path: &Path) -> Result<Value, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let value = parse(&text).map_err(|e| format!("{shown}: {e}"))?;
    check_openapi_30(&value).map_err(|e| format!("{shown}: {e}"))?;
    resolve::check_refs(&value).map_err(|e| format!("{shown}: {e}"))?;
    Ok(value)
}

/// Parses YAML or JSON text (no OpenAPI checks; see `load_spec`) with
/// build.rs's reader (`build/pipeline.rs`), so both read a spec alike.
pub fn parse(text: &str) -> Result<Value, String> {
    crate::codegen::pipeline::parse_yaml(text).map_err(|e| format!("not valid YAML or JSON: {e}"))
}

/// The diff understands OpenAPI 3.0 only: Swagger 2.0 keeps bodies in
/// parameters and 3.1 changes `nullable`/`type`, so comparing them as 3.0
/// would silently miss changes.
pub fn check_openapi_30(v: &Value) -> Result<(), String> {
    let Some(obj) = v.as_object() else {
        return Err("not an OpenAPI document (the top level is not a mapping)".to_owned());
    };
    if let Some(s) = obj.get("swagger") {
        return Err(format!("Swagger {} is not supported, only OpenAPI 3.0.x", scalar(s)));
    }
    match obj.get("openapi") {
        None => Err("not an OpenAPI document (no `openapi` field)".to_owned()),
        Some(Value::String(s)) if s.starts_with("3.0.") || s == "3.0" => Ok(()),
        Some(other) => Err(format!(
            "OpenAPI {} is not supported, only OpenAPI 3.0.x",
            scalar(other)
        )),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
