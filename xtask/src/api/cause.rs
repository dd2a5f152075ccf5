//! The spec change behind a Rust change, where it can be found: the schema
//! a `types::X` comes from (its component name, as typify names types), the
//! operation a `builder::Op` or `Client::op` comes from (its operationId),
//! and the spec diff's own findings for them; for a type renamed through an
//! operation's body, what happened to that body (`body`).

mod body;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use super::compare::{RustChange, What};
use crate::codegen::pipeline;
use crate::diff::Change;

/// Fills `cause` of each change where the spec explains it.
pub fn attach(changes: &mut [RustChange], old: &Value, new: &Value, spec_changes: &[Change]) {
    for change in changes.iter_mut() {
        change.cause = cause(change, old, new, spec_changes);
    }
}

fn cause(change: &RustChange, old: &Value, new: &Value, spec_changes: &[Change]) -> Option<String> {
    let from = match &change.what {
        What::Renamed { from } => from.clone(),
        _ => change.path.clone(),
    };
    if let Some(via) = &change.via {
        return Some(body::renamed(via, old, new));
    }
    // A type's builder (`types::builder::X`) comes from the same schema as `types::X`.
    let (path, from) = (
        change.path.replace("types::builder::", "types::"),
        from.replace("types::builder::", "types::"),
    );
    let (owner_new, member_new) = split(&path);
    let (owner_old, member_old) = split(&from);
    if let Some(name) = owner_new.strip_prefix("types::").filter(|n| !n.contains("::")) {
        let old_name = owner_old.strip_prefix("types::").unwrap_or(name);
        return schema_cause(old_name, name, member_old, member_new, old, new, spec_changes);
    }
    let op_new = owner_new
        .strip_prefix("builder::")
        .or(if owner_new == "Client" { member_new } else { None });
    let op_old = owner_old
        .strip_prefix("builder::")
        .or(if owner_old == "Client" { member_old } else { None });
    if let (Some(op_new), Some(op_old)) = (op_new, op_old) {
        let setter = if owner_new == "Client" { None } else { member_new };
        let setter_old = if owner_old == "Client" { None } else { member_old };
        return operation_cause(op_old, op_new, setter_old, setter, old, new, spec_changes);
    }
    None
}

/// `types::X::f` → (`types::X`, Some(`f`)); `types::X` → (`types::X`, None);
/// `builder::Op::send` likewise; `Client::read_job` → (`Client`, Some(..)).
fn split(path: &str) -> (&str, Option<&str>) {
    let path = path.split(": ").next().unwrap_or(path);
    let depth = path.matches("::").count();
    let is_member =
        (path.starts_with("types::") || path.starts_with("builder::")) && depth >= 2 || path.starts_with("Client::");
    match path.rsplit_once("::") {
        Some((owner, member)) if is_member => (owner, Some(member)),
        _ => (path, None),
    }
}

fn schema_named<'a>(spec: &'a Value, rust_name: &str) -> Option<(&'a String, &'a Value)> {
    spec.pointer("/components/schemas")?
        .as_object()?
        .iter()
        .find(|(key, _)| key.to_upper_camel_case() == rust_name)
}

/// The parts of a schema that shape the Rust type (no descriptions or examples).
pub(super) fn shape(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "description" | "example" | "examples" | "title" | "x-mx-description"
                    )
                })
                .map(|(k, v)| (k.clone(), if k == "properties" { v.clone() } else { shape(v) }))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn compact(value: &Value) -> String {
    let text = serde_json::to_string(&shape(value)).unwrap_or_default();
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(119).collect::<String>())
    } else {
        text
    }
}

fn schema_cause(
    old_name: &str,
    new_name: &str,
    member_old: Option<&str>,
    member_new: Option<&str>,
    old: &Value,
    new: &Value,
    spec_changes: &[Change],
) -> Option<String> {
    let old_schema = schema_named(old, old_name);
    let new_schema = schema_named(new, new_name);
    let (Some(member_old), Some(member_new)) = (member_old, member_new) else {
        return match (old_schema, new_schema) {
            (Some((a, _)), Some((b, _))) if a != b => Some(format!("schema `{a}` renamed `{b}`")),
            (None, Some((b, _))) => Some(format!("schema `{b}` added")),
            (Some((a, _)), None) => Some(format!("schema `{a}` removed")),
            _ => None,
        };
    };
    // A field or variant: find the property by its wire name (snake case of
    // the Rust name is close enough to find it among the schema's keys).
    let property = |schema: Option<(&String, &Value)>, member: &str| {
        let (name, schema) = schema?;
        let properties = schema.get("properties")?.as_object()?;
        properties
            .iter()
            .find(|(key, _)| key.to_snake_case() == member.trim_start_matches("r#"))
            .map(|(key, value)| (name.clone(), key.clone(), value.clone(), required(schema, key)))
    };
    let before = property(old_schema, member_old);
    let after = property(new_schema, member_new);
    let found = match (&before, &after) {
        (Some((s, k, a, ra)), Some((_, k2, b, rb))) if k != k2 => {
            let _ = (a, b, ra, rb);
            Some(format!("property `{s}.{k}` renamed `{k2}`"))
        }
        (Some((s, k, a, ra)), Some((_, _, b, rb))) => {
            if shape(a) != shape(b) {
                Some(format!("`{s}.{k}`: {} → {}", compact(a), compact(b)))
            } else if ra != rb {
                Some(format!(
                    "`{s}.{k}` became {}",
                    if *rb { "required" } else { "optional" }
                ))
            } else {
                None
            }
        }
        (None, Some((s, k, b, rb))) => Some(format!(
            "`{s}.{k}` added ({}): {}",
            if *rb { "required" } else { "optional" },
            compact(b)
        )),
        (Some((s, k, _, _)), None) => Some(format!("`{s}.{k}` removed")),
        (None, None) => None,
    };
    if found.is_some() {
        return found;
    }
    // Enum values of a schema that is itself an enum.
    if let (Some((s, a)), Some((_, b))) = (old_schema, new_schema)
        && (a.get("enum").is_some() || b.get("enum").is_some())
    {
        let values = |v: &Value| -> Vec<String> {
            v.get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|x| x.to_string())
                .collect()
        };
        let (va, vb) = (values(a), values(b));
        let added: Vec<&String> = vb.iter().filter(|x| !va.contains(x)).collect();
        let removed: Vec<&String> = va.iter().filter(|x| !vb.contains(x)).collect();
        if !added.is_empty() || !removed.is_empty() {
            return Some(
                format!(
                    "`{s}` enum: {}{}",
                    added.iter().map(|v| format!("+{v} ")).collect::<String>(),
                    removed.iter().map(|v| format!("-{v} ")).collect::<String>()
                )
                .trim_end()
                .to_owned(),
            );
        }
    }
    // Inline schemas: the spec diff's finding for a property of that name.
    let needle = format!("/properties/{member_new}");
    spec_changes
        .iter()
        .find(|c| c.location.ends_with(&needle) || c.location.contains(&format!("{needle}/")))
        .map(|c| format!("{} ({}): {}", c.id, c.operation, c.message))
}

fn required(schema: &Value, key: &str) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|v| v == key))
}

/// The operation whose progenitor name (`ReadJob` for a builder, `read_job`
/// for a method) is `rust_name`: `(METHOD path, operation)`.
pub(super) fn operation_named<'a>(spec: &'a Value, rust_name: &str) -> Option<(String, &'a Value)> {
    pipeline::each_operation(spec).find_map(|(path, method, operation)| {
        let id = operation.get("operationId").and_then(Value::as_str)?;
        (id.to_upper_camel_case() == rust_name || id.to_snake_case() == rust_name)
            .then(|| (format!("{} {path}", method.to_uppercase()), operation))
    })
}

fn operation_cause(
    op_old: &str,
    op_new: &str,
    setter_old: Option<&str>,
    setter_new: Option<&str>,
    old: &Value,
    new: &Value,
    spec_changes: &[Change],
) -> Option<String> {
    let before = operation_named(old, op_old);
    let after = operation_named(new, op_new);
    let id = |op: &Value| {
        op.get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    match (&before, &after) {
        (None, Some((label, _))) if setter_new.is_none() => return Some(format!("operation `{label}` added")),
        (Some((label, _)), None) if setter_old.is_none() => return Some(format!("operation `{label}` removed")),
        _ => {}
    }
    let (Some((label_old, op_a)), Some((label_new, op_b))) = (before, after) else {
        return None;
    };
    if setter_new.is_none() && id(op_a) != id(op_b) {
        return Some(format!("operationId `{}` → `{}` ({label_new})", id(op_a), id(op_b)));
    }
    let setter = setter_new?;
    if setter == "send" {
        return spec_changes
            .iter()
            .find(|c| c.operation == label_new && c.id.starts_with("response-"))
            .map(|c| format!("{}: {}", c.id, c.message));
    }
    let parameter = |op: &Value, name: &str| -> Option<Value> {
        op.get("parameters")?
            .as_array()?
            .iter()
            .find(|p| {
                p.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.to_snake_case() == name)
            })
            .cloned()
    };
    let setter_old = setter_old.unwrap_or(setter);
    if setter != setter_old && label_old != label_new {
        return Some(format!("path `{label_old}` → `{label_new}`"));
    }
    if setter == "body" {
        return spec_changes
            .iter()
            .find(|c| c.operation == label_new && c.id.starts_with("request-"))
            .map(|c| format!("{}: {}", c.id, c.message));
    }
    match (parameter(op_a, setter_old), parameter(op_b, setter)) {
        (Some(a), Some(b)) if shape(&a) != shape(&b) => Some(format!(
            "parameter `{setter}` of `{label_new}`: {} → {}",
            compact(&a),
            compact(&b)
        )),
        (None, Some(b)) => Some(format!("parameter added to `{label_new}`: {}", compact(&b))),
        (Some(a), None) => Some(format!("parameter removed from `{label_new}`: {}", compact(&a))),
        _ => spec_changes
            .iter()
            .find(|c| c.operation == label_new && c.location.ends_with(&format!("/{setter}")))
            .map(|c| format!("{}: {}", c.id, c.message)),
    }
}
