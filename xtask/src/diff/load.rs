//! Reading a spec file: YAML or JSON into a `serde_json::Value`, then the
//! checks that turn bad input into a one-line error instead of a panic later.

use std::path::Path;

use serde_json::{Map, Number, Value};

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

/// Parses YAML or JSON text (no OpenAPI checks; see `load_spec`).
///
/// JSON is a subset of YAML, but serde_json is much faster and gives better
/// errors for JSON files, so try it first when the text looks like JSON.
pub fn parse(text: &str) -> Result<Value, String> {
    if text.trim_start().starts_with('{')
        && let Ok(v) = serde_json::from_str(text)
    {
        return Ok(v);
    }
    // Going through yaml_serde::Value (not straight to serde_json::Value)
    // because YAML mapping keys may be integers (`200:` response codes) or
    // booleans, which serde_json::Value refuses as object keys.
    let yaml: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| format!("not valid YAML or JSON: {e}"))?;
    yaml_to_json(yaml)
}

fn yaml_to_json(v: yaml_serde::Value) -> Result<Value, String> {
    use yaml_serde::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                // NaN/inf have no JSON form; they never appear in a schema we compare.
                n.as_f64().and_then(Number::from_f64).map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect::<Result<_, _>>()?),
        Y::Mapping(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                out.insert(key_string(k)?, yaml_to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value)?,
    })
}

fn key_string(k: yaml_serde::Value) -> Result<String, String> {
    use yaml_serde::Value as Y;
    match k {
        Y::String(s) => Ok(s),
        Y::Number(n) => Ok(n.to_string()),
        Y::Bool(b) => Ok(b.to_string()),
        Y::Null => Ok("null".to_owned()),
        other => Err(format!("unsupported YAML mapping key {other:?}")),
    }
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
