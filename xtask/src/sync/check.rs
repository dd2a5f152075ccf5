//! `--check`: compare the synced spec with the file at `--out`.
//!
//! An inventory of what differs (operations and components added, removed,
//! changed), printed before the semantic diff of `crate::diff`, and all that
//! is printed when that diff cannot run (e.g. the old file is not OpenAPI
//! 3.0). Breaking-change levels belong to `cargo xtask diff`, not here.

use std::collections::BTreeSet;

use serde_json::Value;

/// One line per difference, e.g. `+ operation GET /jobs/{job_guid}`.
/// Empty when the two documents are equal as values (formatting aside).
pub fn summary(old: &Value, new: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    let (old_ops, new_ops) = (operations(old), operations(new));
    compare("operation", &old_ops, &new_ops, &mut lines);
    let kinds: BTreeSet<String> = component_kinds(old).into_iter().chain(component_kinds(new)).collect();
    for kind in kinds {
        let what = format!("components.{kind}");
        compare(&what, &components(old, &kind), &components(new, &kind), &mut lines);
    }
    let top_keys: BTreeSet<&String> = keys(old).chain(keys(new)).collect();
    for key in top_keys {
        if key == "paths" || key == "components" {
            continue;
        }
        match (old.get(key), new.get(key)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(_), Some(_)) => lines.push(format!("~ `{key}`")),
            (None, _) => lines.push(format!("+ `{key}`")),
            (_, None) => lines.push(format!("- `{key}`")),
        }
    }
    // Path-level fields (shared parameters…) are not operations; catch them
    // so that "no differences" is never claimed wrongly.
    if lines.is_empty() && old != new {
        lines.push("~ other changes under `paths` or `components`".into());
    }
    lines
}

type Named<'a> = Vec<(String, &'a Value)>;

fn compare(what: &str, old: &Named, new: &Named, lines: &mut Vec<String>) {
    for (name, value) in new {
        match old.iter().find(|(n, _)| n == name) {
            None => lines.push(format!("+ {what} {name}")),
            Some((_, previous)) if previous != value => lines.push(format!("~ {what} {name}")),
            Some(_) => {}
        }
    }
    for (name, _) in old {
        if !new.iter().any(|(n, _)| n == name) {
            lines.push(format!("- {what} {name}"));
        }
    }
}

fn operations(doc: &Value) -> Named<'_> {
    crate::codegen::pipeline::each_operation(doc)
        .map(|(path, method, op)| (format!("{} {path}", method.to_uppercase()), op))
        .collect()
}

fn component_kinds(doc: &Value) -> Vec<String> {
    match doc.get("components") {
        Some(Value::Object(c)) => c.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn components<'a>(doc: &'a Value, kind: &str) -> Named<'a> {
    match doc.get("components").and_then(|c| c.get(kind)) {
        Some(Value::Object(named)) => named.iter().map(|(n, v)| (n.clone(), v)).collect(),
        _ => Vec::new(),
    }
}

fn keys(doc: &Value) -> impl Iterator<Item = &String> {
    doc.as_object().into_iter().flat_map(|m| m.keys())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_added_removed_changed() {
        let old = json!({"info": {"version": "1"}, "paths": {"/a": {"get": {}}, "/b": {"get": {}}},
                         "components": {"schemas": {"A": {}, "B": {}}}});
        let new = json!({"info": {"version": "2"}, "paths": {"/a": {"get": {"x": 1}}, "/c": {"post": {}}},
                         "components": {"schemas": {"A": {}, "C": {}}}});
        assert_eq!(
            summary(&old, &new),
            [
                "~ operation GET /a",
                "+ operation POST /c",
                "- operation GET /b",
                "+ components.schemas C",
                "- components.schemas B",
                "~ `info`",
            ]
        );
        assert!(summary(&old, &old).is_empty());
    }
}
