//! Why a type paired through an operation's body (`renames::Via`) has a new
//! name: progenitor names an inline body after its operation and typify
//! names an inline property after the type it is in, so the name follows
//! the schema's place, not its content. What changed is read off the
//! operation's body (or answer) schema in each spec.

use heck::ToSnakeCase;
use serde_json::Value;

use super::operation_named;
use crate::api::renames::Via;

/// `the request body of POST /x is inline now, no longer schema `X`: …`.
pub fn renamed(via: &Via, old: &Value, new: &Value) -> String {
    let before = operation_named(old, &via.operation.0);
    let after = operation_named(new, &via.operation.1);
    let slot = if via.slot == "body" {
        "the request body"
    } else {
        "the answer"
    };
    let place = match (&after, via.fields.as_slice()) {
        (Some((label, _)), []) => format!("{slot} of `{label}`"),
        (Some((label, _)), fields) => format!("`{}` in {slot} of `{label}`", fields.join(".")),
        (None, _) => format!("{slot} of `{}`", via.operation.1),
    };
    let (Some((_, op_old)), Some((_, op_new))) = (before, after) else {
        return format!("{place} has a type of another name");
    };
    let id = |op: &Value| op["operationId"].as_str().unwrap_or_default().to_owned();
    match (schema_at(old, op_old, via), schema_at(new, op_new, via)) {
        (Some(a), Some(b)) => match (ref_name(a), ref_name(b)) {
            (Some(a), Some(b)) if a != b => format!("{place} is schema `{b}`, no longer `{a}`"),
            (Some(a), None) => format!("{place} is an inline schema, no longer `{a}`: {}", named_after(via)),
            (None, Some(b)) => format!("{place} is schema `{b}`, no longer an inline schema"),
            _ if id(op_old) != id(op_new) => format!(
                "operationId `{}` → `{}`, and {}",
                id(op_old),
                id(op_new),
                named_after(via)
            ),
            _ => format!("{place} has a type of another name: {}", named_after(via)),
        },
        _ => format!("{place} has a type of another name"),
    }
}

fn named_after(via: &Via) -> &'static str {
    if via.fields.is_empty() {
        "progenitor names an inline body after its operation"
    } else {
        "typify names an inline schema after the type it is in"
    }
}

/// The schema of `via`'s slot in `op`, down `via.fields`: a node that may
/// be a `$ref` (the name is what matters), every step before it followed.
fn schema_at<'a>(spec: &'a Value, op: &'a Value, via: &Via) -> Option<&'a Value> {
    let content = if via.slot == "body" {
        deref(spec, op.get("requestBody")?)?.get("content")?
    } else {
        let responses = op.get("responses")?.as_object()?;
        responses
            .iter()
            .filter(|(status, _)| status.starts_with('2'))
            .find_map(|(_, r)| deref(spec, r)?.get("content"))?
    };
    let mut node = content.as_object()?.values().find_map(|m| m.get("schema"))?;
    for field in &via.fields {
        let mut schema = deref(spec, node)?;
        // An array property's inline items are named after the property.
        while let Some(items) = schema.get("items") {
            schema = deref(spec, items)?;
        }
        node = schema
            .get("properties")?
            .as_object()?
            .iter()
            .find(|(key, _)| key.to_snake_case() == field.trim_start_matches("r#").trim_end_matches('_'))
            .map(|(_, v)| v)?;
    }
    while let Some(items) = node.get("items").filter(|_| node.get("$ref").is_none()) {
        node = items;
    }
    Some(node)
}

fn ref_name(node: &Value) -> Option<&str> {
    node.get("$ref")?.as_str()?.rsplit('/').next()
}

fn deref<'a>(spec: &'a Value, mut node: &'a Value) -> Option<&'a Value> {
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => node = spec.pointer(reference.strip_prefix('#')?)?,
            None => return Some(node),
        }
    }
    None
}
