//! Merge the one-operation fragments of every page into one OpenAPI document.
//!
//! Upstream publishes no whole spec: each reference page embeds a complete
//! document holding its own operation and the components it uses. Pages can
//! be stale or mistyped, so the merge refuses to pick a winner: anything two
//! pages define differently is an error naming both pages.
//!
//! Ordering is what makes the output deterministic, whatever order the pages
//! come in: paths sorted, methods in [`METHODS`] order, components sorted by
//! name within each kind. The mappings several pages add keys to (the top
//! level, `components`, a path item) list them in the order the pages do
//! (`key_order`). Everything else comes from one page, or must be equal on
//! all, and keeps that page's order (for an equal value written in another
//! key order on another page, the first page's: pages come in a stable
//! order, file names sorted or index order).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Error;
use super::page::{Fragment, METHODS};
use super::yaml::escape;

/// Top-level keys merged specially; every other top-level key must be equal
/// on all pages (`openapi`, `info`, `servers`, `tags`, `security`, `x-…`).
const PATHS: &str = "paths";
const COMPONENTS: &str = "components";
/// A component kind that is shared as a whole rather than merged by name:
/// every page must carry the same security schemes.
const SECURITY_SCHEMES: &str = "securitySchemes";

/// How many differing pointers a conflict message shows.
const MAX_SHOWN: usize = 6;

/// A value and the page it was first seen on.
struct Seen<'a> {
    value: &'a Value,
    page: &'a str,
}

/// Merges fragments (at least one) into one document.
pub fn merge(fragments: &[Fragment]) -> Result<Value, Error> {
    if fragments.is_empty() {
        return Err(Error::new(
            "no page has an `openapi/nexus/v1.yaml` block: nothing to merge",
        ));
    }
    let mut out = Map::new();
    for key in key_order(fragments.iter().map(|f| &f.doc)) {
        let merged = match key.as_str() {
            PATHS => merge_paths(fragments)?,
            COMPONENTS => merge_components(fragments)?,
            _ => shared(fragments, &format!("`{key}`"), |doc| doc.get(&key))?.clone(),
        };
        out.insert(key, merged);
    }
    Ok(Value::Object(out))
}

/// The keys of several mappings in an order that does not depend on the
/// order of the mappings: each key after the keys some mapping puts before
/// it, else by name. Pages list keys in one order but each holds only some
/// (the component kinds its operation uses), so the order of first
/// appearance would depend on which page comes first. Mappings that
/// disagree on the order (a cycle) get the first remaining key by name.
fn key_order<'a>(maps: impl Iterator<Item = &'a Map<String, Value>>) -> Vec<String> {
    // Each key and the keys placed right before it in some mapping.
    let mut after: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for map in maps {
        let mut previous = None;
        for key in map.keys() {
            let before = after.entry(key).or_default();
            before.extend(previous);
            previous = Some(key.as_str());
        }
    }
    let mut order = Vec::with_capacity(after.len());
    while let Some(first) = after.keys().next().copied() {
        let next = after
            .iter()
            .find(|(_, before)| before.iter().all(|key| !after.contains_key(key)))
            .map_or(first, |(key, _)| *key);
        after.remove(next);
        order.push(next.to_string());
    }
    order
}

/// The value every page gives for something that must be the same everywhere.
/// Being absent on one page and present on another is a disagreement too: a
/// page without top-level `security` documents an unauthenticated operation.
fn shared<'a>(
    fragments: &'a [Fragment],
    what: &str,
    get: impl Fn(&'a Map<String, Value>) -> Option<&'a Value>,
) -> Result<&'a Value, Error> {
    let first = &fragments[0];
    let expected = get(&first.doc);
    for other in &fragments[1..] {
        let found = get(&other.doc);
        if found == expected {
            continue;
        }
        let detail = match (expected, found) {
            (Some(a), Some(b)) => differences(a, b, &first.page, &other.page),
            (Some(_), None) => format!("it is missing on page {}", other.page),
            (None, _) => format!("it is missing on page {}", first.page),
        };
        return Err(Error::new(format!(
            "{what} differs between page {} and page {}: {detail}",
            first.page, other.page
        )));
    }
    Ok(expected.unwrap_or(&Value::Null))
}

fn merge_paths(fragments: &[Fragment]) -> Result<Value, Error> {
    // path -> (path-level fields such as shared `parameters`, method -> operation)
    type Item<'a> = (BTreeMap<&'a str, Seen<'a>>, BTreeMap<&'a str, Seen<'a>>);
    let mut items: BTreeMap<&str, Item> = BTreeMap::new();
    // Every page's mapping for each path, for the order of the fields.
    let mut pages_items: BTreeMap<&str, Vec<&Map<String, Value>>> = BTreeMap::new();
    for fragment in fragments {
        let Some(Value::Object(paths)) = fragment.doc.get(PATHS) else {
            continue; // `page::parse_block` guarantees a mapping
        };
        for (path, item) in paths {
            let Value::Object(item) = item else { continue };
            pages_items.entry(path).or_default().push(item);
            let (fields, methods) = items.entry(path).or_default();
            for (key, value) in item {
                let seen = Seen {
                    value,
                    page: &fragment.page,
                };
                if METHODS.contains(&key.as_str()) {
                    if let Some(first) = methods.get(key.as_str()) {
                        return Err(Error::new(format!(
                            "operation {} {path} is defined on two pages: {} and {}",
                            key.to_uppercase(),
                            first.page,
                            fragment.page
                        )));
                    }
                    methods.insert(key, seen);
                } else if let Some(first) = fields.get(key.as_str()) {
                    if first.value != value {
                        return Err(Error::new(format!(
                            "path `{path}` field `{key}` differs between page {} and page {}: {}",
                            first.page,
                            fragment.page,
                            differences(first.value, value, first.page, &fragment.page)
                        )));
                    }
                } else {
                    fields.insert(key, seen);
                }
            }
        }
    }
    let mut out = Map::new();
    for (path, (fields, methods)) in items {
        let mut item = Map::new();
        for key in key_order(pages_items[path].iter().copied()) {
            if let Some(seen) = fields.get(key.as_str()) {
                item.insert(key, seen.value.clone());
            }
        }
        for method in METHODS {
            if let Some(seen) = methods.get(method) {
                item.insert(method.to_string(), seen.value.clone());
            }
        }
        out.insert(path.to_string(), Value::Object(item));
    }
    Ok(Value::Object(out))
}

fn merge_components(fragments: &[Fragment]) -> Result<Value, Error> {
    let components: Vec<&Map<String, Value>> = fragments
        .iter()
        .map(|f| match f.doc.get(COMPONENTS) {
            Some(Value::Object(c)) => Ok(c),
            Some(_) => Err(Error::new(format!("page {}: `components` is not a mapping", f.page))),
            None => Ok(empty()),
        })
        .collect::<Result<_, _>>()?;
    let mut out = Map::new();
    for kind in key_order(components.iter().copied()) {
        let by_name = components.iter().map(|c| c.get(&kind));
        let is_named_map = kind != SECURITY_SCHEMES
            && !kind.starts_with("x-")
            && by_name.clone().all(|v| matches!(v, None | Some(Value::Object(_))));
        let merged = if is_named_map {
            merge_named(fragments, &components, &kind)?
        } else {
            shared(fragments, &format!("`components.{kind}`"), |doc| {
                doc.get(COMPONENTS).and_then(|c| c.get(&kind))
            })?
            .clone()
        };
        out.insert(kind, merged);
    }
    Ok(Value::Object(out))
}

/// Merges one kind of named component (`schemas`, `parameters`, …): the union
/// by name, sorted by name; a name defined two ways is an error.
fn merge_named(fragments: &[Fragment], components: &[&Map<String, Value>], kind: &str) -> Result<Value, Error> {
    let mut named: BTreeMap<&str, Seen> = BTreeMap::new();
    for (fragment, component) in fragments.iter().zip(components) {
        let Some(Value::Object(entries)) = component.get(kind) else {
            continue;
        };
        for (name, value) in entries {
            match named.get(name.as_str()) {
                None => {
                    named.insert(
                        name,
                        Seen {
                            value,
                            page: &fragment.page,
                        },
                    );
                }
                Some(first) if first.value == value => {}
                Some(first) => {
                    let what = kind.strip_suffix('s').unwrap_or(kind);
                    return Err(Error::new(format!(
                        "{what} `{name}` is defined differently by page {} and page {}: {}",
                        first.page,
                        fragment.page,
                        differences(first.value, value, first.page, &fragment.page)
                    )));
                }
            }
        }
    }
    Ok(Value::Object(
        named
            .into_iter()
            .map(|(name, seen)| (name.to_string(), seen.value.clone()))
            .collect(),
    ))
}

fn empty() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

/// Says where two values differ, as JSON pointers (relative to the values)
/// with both sides, e.g. `at /properties/status/type: "integer" (page a) vs
/// "string" (page b)`. Shows the first few; counts the rest.
pub fn differences(a: &Value, b: &Value, page_a: &str, page_b: &str) -> String {
    let mut found = Vec::new();
    collect_differences(a, b, String::new(), &mut found);
    let total = found.len();
    let mut parts: Vec<String> = found
        .into_iter()
        .take(MAX_SHOWN)
        .map(|(pointer, x, y)| {
            let pointer = if pointer.is_empty() { "/".into() } else { pointer };
            format!(
                "at {pointer}: {} (page {page_a}) vs {} (page {page_b})",
                show(x),
                show(y)
            )
        })
        .collect();
    if total > MAX_SHOWN {
        parts.push(format!("and {} more", total - MAX_SHOWN));
    }
    parts.join("; ")
}

fn collect_differences<'a>(
    a: &'a Value,
    b: &'a Value,
    pointer: String,
    out: &mut Vec<(String, Option<&'a Value>, Option<&'a Value>)>,
) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in key_order([x, y].into_iter()) {
                let child = format!("{pointer}/{}", escape(&key));
                match (x.get(&key), y.get(&key)) {
                    (Some(u), Some(v)) => collect_differences(u, v, child, out),
                    (u, v) => out.push((child, u, v)),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                collect_differences(u, v, format!("{pointer}/{i}"), out);
            }
        }
        _ if a != b => out.push((pointer, Some(a), Some(b))),
        _ => {}
    }
}

/// A short one-line rendering of a value for messages.
fn show(value: Option<&Value>) -> String {
    const MAX: usize = 80;
    let Some(value) = value else {
        return "(absent)".into();
    };
    let text = value.to_string();
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fragment(page: &str, doc: Value) -> Fragment {
        let Value::Object(doc) = doc else { unreachable!() };
        Fragment {
            page: page.into(),
            method: String::new(),
            path: String::new(),
            doc,
        }
    }

    #[test]
    fn paths_and_schemas_are_sorted_methods_fixed() {
        let a = fragment(
            "a",
            json!({"openapi": "3.0.0", "paths": {"/z": {"post": {}}},
                   "components": {"schemas": {"B": {"type": "object"}}}}),
        );
        let b = fragment(
            "b",
            json!({"openapi": "3.0.0", "paths": {"/z": {"get": {}}, "/a": {"get": {}}},
                   "components": {"schemas": {"A": {}, "B": {"type": "object"}}}}),
        );
        let merged = merge(&[a, b]).unwrap();
        assert_eq!(
            merged.to_string(),
            r#"{"openapi":"3.0.0","paths":{"/a":{"get":{}},"/z":{"get":{},"post":{}}},"components":{"schemas":{"A":{},"B":{"type":"object"}}}}"#
        );
    }

    #[test]
    fn key_order_does_not_depend_on_page_order() {
        // Found by the merge properties: component kinds and path-level
        // fields came in the order of the first page that had them.
        let a = fragment(
            "a",
            json!({"paths": {"/x": {"summary": "s", "get": {}}}, "components": {"securitySchemes": {}}}),
        );
        let b = fragment(
            "b",
            json!({"paths": {"/x": {"parameters": [], "post": {}}},
                   "components": {"schemas": {}, "securitySchemes": {}}}),
        );
        let ab = merge(&[a.clone(), b.clone()]).unwrap().to_string();
        assert_eq!(ab, merge(&[b, a]).unwrap().to_string());
        assert_eq!(
            ab,
            r#"{"paths":{"/x":{"parameters":[],"summary":"s","get":{},"post":{}}},"components":{"schemas":{},"securitySchemes":{}}}"#
        );
    }

    #[test]
    fn schema_conflict_names_schema_pages_and_pointer() {
        let a = fragment(
            "a",
            json!({"components": {"schemas": {"S": {"properties": {"x": {"type": "string"}}}}}}),
        );
        let b = fragment(
            "b",
            json!({"components": {"schemas": {"S": {"properties": {"x": {"type": "integer"}}}}}}),
        );
        let err = merge(&[a, b]).unwrap_err().to_string();
        assert_eq!(
            err,
            "schema `S` is defined differently by page a and page b: \
             at /properties/x/type: \"string\" (page a) vs \"integer\" (page b)"
        );
    }

    #[test]
    fn shared_keys_must_agree() {
        let a = fragment("a", json!({"info": {"version": "1.0.0"}}));
        let b = fragment("b", json!({"info": {"version": "1.0.1"}}));
        let err = merge(&[a, b]).unwrap_err().to_string();
        assert!(err.starts_with("`info` differs between page a and page b"), "{err}");
        let a = fragment("a", json!({"security": []}));
        let b = fragment("b", json!({}));
        let err = merge(&[a, b]).unwrap_err().to_string();
        assert!(err.contains("missing on page b"), "{err}");
    }

    #[test]
    fn security_schemes_must_agree_as_a_whole() {
        let a = fragment("a", json!({"components": {"securitySchemes": {"t": {}}}}));
        let b = fragment("b", json!({"components": {"schemas": {}}}));
        let err = merge(&[a, b]).unwrap_err().to_string();
        assert!(
            err.starts_with("`components.securitySchemes` differs between page a and page b"),
            "{err}"
        );
    }

    #[test]
    fn same_operation_twice_is_an_error() {
        let a = fragment("a", json!({"paths": {"/x": {"get": {}}}}));
        let b = fragment("b", json!({"paths": {"/x": {"get": {"summary": "s"}}}}));
        let err = merge(&[a, b]).unwrap_err().to_string();
        assert_eq!(err, "operation GET /x is defined on two pages: a and b");
    }
}
