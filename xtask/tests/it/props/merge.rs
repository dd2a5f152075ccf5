//! `sync::merge::merge`: pages that agree merge to one spec whatever their
//! order; pages that disagree are an error naming the conflict and the pages.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Value, json};
use xtask::sync::merge::merge;
use xtask::sync::page::{Fragment, METHODS};
use xtask::sync::yaml::render;

use super::config;

/// A small object schema.
fn schema() -> impl Strategy<Value = Value> {
    let types = prop::sample::select(&["string", "integer", "boolean"][..]);
    prop::collection::btree_map("[a-z]{1,5}", types, 0..4)
        .prop_map(|properties| json!({"type": "object", "properties": properties}))
}

/// What one operation's page carries besides the operation: the schemas it
/// uses, whether it uses the shared parameter component, and which
/// path-level fields it repeats (values are per path, so pages agree).
#[derive(Clone, Debug)]
struct Uses {
    schemas: Vec<String>,
    parameter: bool,
    summary: bool,
    parameters: bool,
}

/// One page's document, shaped like MX's: the shared top-level keys, one
/// operation, the components it uses in one fixed kind order.
fn document(path: &str, method: &str, uses: &Uses, schemas: &BTreeMap<String, Value>) -> Value {
    let refs: Vec<Value> = uses
        .schemas
        .iter()
        .map(|name| json!({"$ref": format!("#/components/schemas/{name}")}))
        .collect();
    let mut item = serde_json::Map::new();
    if uses.summary {
        item.insert("summary".into(), json!(format!("About {path}")));
    }
    if uses.parameters {
        item.insert(
            "parameters".into(),
            json!([{"name": format!("{}_guid", &path[1..]), "in": "query", "schema": {"type": "string"}}]),
        );
    }
    let mut operation = json!({
        "operationId": format!("{method}{path}"),
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"anyOf": refs}}}}},
    });
    if uses.parameter {
        operation["parameters"] = json!([{"$ref": "#/components/parameters/Page"}]);
    }
    item.insert(method.into(), operation);
    let mut components = serde_json::Map::new();
    if !uses.schemas.is_empty() {
        let used: serde_json::Map<String, Value> = uses
            .schemas
            .iter()
            .map(|name| (name.clone(), schemas[name].clone()))
            .collect();
        components.insert("schemas".into(), Value::Object(used));
    }
    if uses.parameter {
        components.insert(
            "parameters".into(),
            json!({"Page": {"name": "page", "in": "query", "schema": {"type": "integer"}}}),
        );
    }
    components.insert(
        "securitySchemes".into(),
        json!({"sessionToken": {"type": "apiKey", "name": "MD-SESSION-TOKEN", "in": "header"}}),
    );
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Nexus API", "version": "1.0.0"},
        "security": [{"sessionToken": []}],
        "paths": {path: item},
        "components": components,
    })
}

fn fragment(page: String, method: &str, path: &str, doc: Value) -> Fragment {
    let Value::Object(doc) = doc else {
        unreachable!("a document is a mapping")
    };
    Fragment {
        page,
        method: method.into(),
        path: path.into(),
        doc,
    }
}

/// Pages of a consistent spec: 1 to 3 paths with 1 to 3 methods each, one
/// operation per page, drawing on a pool of schemas; and the pool.
fn pages() -> impl Strategy<Value = (Vec<Fragment>, BTreeMap<String, Value>)> {
    let pool = prop::collection::btree_map("[A-Z][a-z]{0,5}", schema(), 1..5);
    let paths = prop::collection::btree_set("/[a-z]{1,6}", 1..4);
    (pool, paths)
        .prop_flat_map(|(pool, paths)| {
            let names: Vec<String> = pool.keys().cloned().collect();
            let uses = (
                prop::sample::subsequence(names.clone(), 0..=names.len()),
                any::<(bool, bool, bool)>(),
            )
                .prop_map(|(schemas, (parameter, summary, parameters))| Uses {
                    schemas,
                    parameter,
                    summary,
                    parameters,
                });
            let per_path: Vec<_> = paths
                .into_iter()
                .map(|path| {
                    let methods = prop::sample::subsequence(METHODS.to_vec(), 1..=3);
                    (Just(path), methods, prop::collection::vec(uses.clone(), 3))
                })
                .collect();
            (Just(pool), per_path)
        })
        .prop_map(|(pool, per_path)| {
            let mut pages = Vec::new();
            for (path, methods, uses) in per_path {
                for (method, uses) in methods.into_iter().zip(&uses) {
                    let name = format!("p{}.md", pages.len());
                    pages.push(fragment(name, method, &path, document(&path, method, uses, &pool)));
                }
            }
            (pages, pool)
        })
}

/// A conflict added to consistent pages, as an extra page `dup.md`.
#[derive(Clone, Copy, Debug)]
enum Conflict {
    /// A copy of a page: its operation twice.
    SameOperation,
    /// Another operation whose page has another `info.version`.
    Info,
    /// Another operation whose page defines a schema one page defines otherwise.
    Schema,
}

fn with_conflict(pages: &mut Vec<Fragment>, victim: usize, conflict: Conflict) {
    let mut dup = pages[victim].clone();
    dup.page = "dup.md".into();
    if !matches!(conflict, Conflict::SameOperation) {
        let paths = dup.doc["paths"].as_object_mut().unwrap();
        let item = paths.shift_remove(&dup.path).unwrap();
        paths.insert("/other-path".into(), item);
    }
    match conflict {
        Conflict::SameOperation => {}
        Conflict::Info => dup.doc["info"]["version"] = json!("9.9.9"),
        Conflict::Schema => {
            for (page, kind) in [(&mut dup, "integer"), (&mut pages[victim], "string")] {
                let components = page.doc["components"].as_object_mut().unwrap();
                let schemas = components.entry("schemas").or_insert_with(|| json!({}));
                schemas["Conflicting"] = json!({"type": kind});
            }
        }
    }
    pages.push(dup);
}

/// Consistent pages plus one conflict, shuffled; the conflict, the page it
/// involves besides `dup.md`, and that page's operation (`GET /path`).
fn conflicting_pages() -> impl Strategy<Value = (Vec<Fragment>, Conflict, String, String)> {
    let conflict = prop::sample::select(&[Conflict::SameOperation, Conflict::Info, Conflict::Schema][..]);
    (pages(), conflict)
        .prop_flat_map(|((pages, _), conflict)| (Just(pages.clone()), 0..pages.len(), Just(conflict)))
        .prop_flat_map(|(mut pages, victim, conflict)| {
            let page = pages[victim].page.clone();
            let operation = format!("{} {}", pages[victim].method.to_uppercase(), pages[victim].path);
            with_conflict(&mut pages, victim, conflict);
            (Just(pages).prop_shuffle(), Just(conflict), Just(page), Just(operation))
        })
}

proptest! {
    #![proptest_config(config(128))]

    /// Consistent pages merge to the same spec, to the byte once rendered, in
    /// any order; and it holds every operation and every schema used.
    #[test]
    fn page_order_does_not_change_the_spec(
        ((pages, pool), shuffled) in pages().prop_flat_map(|(pages, pool)| {
            let shuffled = Just(pages.clone()).prop_shuffle();
            (Just((pages, pool)), shuffled)
        }),
    ) {
        let merged = merge(&pages).unwrap();
        let reordered = merge(&shuffled).unwrap();
        prop_assert_eq!(render(&reordered), render(&merged));
        for page in &pages {
            let operation = &page.doc["paths"][&page.path][&page.method];
            prop_assert_eq!(&merged["paths"][&page.path][&page.method], operation);
            for (name, schema) in page.doc["components"].get("schemas").and_then(Value::as_object).into_iter().flatten() {
                prop_assert_eq!(&merged["components"]["schemas"][name], schema);
                prop_assert_eq!(schema, &pool[name]);
            }
        }
    }

    /// One conflicting page makes the merge fail, in any page order, with a
    /// message naming what conflicts and both pages.
    #[test]
    fn a_conflict_is_an_error_naming_it_and_both_pages((pages, conflict, victim, operation) in conflicting_pages()) {
        let err = merge(&pages).unwrap_err().to_string();
        let (a, b) = (victim.as_str(), "dup.md");
        match conflict {
            Conflict::SameOperation => prop_assert!(
                err == format!("operation {operation} is defined on two pages: {a} and {b}")
                    || err == format!("operation {operation} is defined on two pages: {b} and {a}"),
                "{}", err
            ),
            // Every other page has the other version: the message may name any.
            Conflict::Info => {
                prop_assert!(err.starts_with("`info` differs between page "), "{}", err);
                prop_assert!(err.contains("page dup.md") && err.contains("at /version: "), "{}", err);
            }
            Conflict::Schema => {
                prop_assert!(err.starts_with("schema `Conflicting` is defined differently by page "), "{}", err);
                prop_assert!(err.contains(&format!("page {a}")) && err.contains("page dup.md"), "{}", err);
                prop_assert!(err.contains("at /type: "), "{}", err);
            }
        }
    }
}
