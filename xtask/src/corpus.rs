//! A docs-site page corpus made from a whole spec: one markdown page per
//! operation, laid out as MX's documentation site serves its Nexus reference
//! pages (`../shared/seeds/`): the index note, the operation's summary as
//! the title, its description as a quote, then one four-backtick
//! ` ```` yaml openapi/nexus/v1.yaml METHOD /path ` block holding a whole
//! OpenAPI document with that one operation and the components it reaches.
//!
//! `cargo xtask scale --pages DIR` writes it, so `cargo xtask sync --pages
//! DIR` and `cargo xtask regen --pages DIR` can be run and measured at MX's
//! full size before MX publishes its ~50 Nexus pages (README, "Scale").

use serde_json::{Map, Value, json};

use crate::codegen::pipeline::{each_operation, reachable_refs};
use crate::sync::page::SPEC_FILE;
use crate::sync::yaml;

/// One page: its file name (sortable, one per operation) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusPage {
    pub file_name: String,
    pub text: String,
}

/// Every operation of `spec` as a page of the docs site.
pub fn pages(spec: &Value) -> Vec<CorpusPage> {
    each_operation(spec)
        .enumerate()
        .map(|(i, (path, method, operation))| CorpusPage {
            file_name: format!("{i:03}_{}.md", slug(method, path)),
            text: page(spec, path, method, operation),
        })
        .collect()
}

/// Whether a file name is one [`pages`] gives (`NNN_<method><path>.md`).
pub fn is_page_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.ends_with(".md") && bytes.len() > 7 && bytes[..3].iter().all(u8::is_ascii_digit) && bytes[3] == b'_'
}

fn slug(method: &str, path: &str) -> String {
    let mut out = method.to_owned();
    for c in path.chars() {
        out.push(if c.is_ascii_alphanumeric() { c } else { '_' });
    }
    out
}

fn page(spec: &Value, path: &str, method: &str, operation: &Value) -> String {
    let one_line = |key: &str| {
        operation
            .get(key)
            .and_then(Value::as_str)
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let title = Some(one_line("summary"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
    let description = one_line("description");
    let block = yaml::render(&fragment(spec, path, method, operation));
    format!(
        "> ## Documentation Index\n\
         > Fetch the complete documentation index at: https://docs.mx.com/llms.txt\n\
         > Use this file to discover all available pages before exploring further.\n\n\
         # {title}\n\n\
         > {description}\n\n\n\n\
         ## OpenAPI\n\n\
         ````yaml {SPEC_FILE} {} {path}\n{block}````\n",
        method.to_uppercase()
    )
}

/// The document one page carries: the spec's header, the one operation (and
/// its path item's shared parameters), and every component it reaches.
fn fragment(spec: &Value, path: &str, method: &str, operation: &Value) -> Value {
    let mut doc = Map::new();
    for key in ["openapi", "info", "servers", "security", "tags"] {
        if let Some(value) = spec.get(key) {
            doc.insert(key.to_owned(), value.clone());
        }
    }
    let mut item = Map::new();
    if let Some(shared) = spec["paths"][path].get("parameters") {
        item.insert("parameters".to_owned(), shared.clone());
    }
    item.insert(method.to_owned(), operation.clone());

    let item = Value::Object(item);
    let reached = reachable_refs(spec, &item);
    doc.insert("paths".to_owned(), json!({ path: item }));
    let mut components = Map::new();
    // In the spec's own order, so the merged document reads like MX's.
    if let Some(all) = spec.get("components").and_then(Value::as_object) {
        for (kind, entries) in all {
            let Some(entries) = entries.as_object() else { continue };
            let kept: Map<String, Value> = entries
                .iter()
                .filter(|(name, _)| {
                    kind == "securitySchemes" || reached.contains(&format!("/components/{kind}/{}", yaml::escape(name)))
                })
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect();
            if !kept.is_empty() {
                components.insert(kind.clone(), Value::Object(kept));
            }
        }
    }
    if !components.is_empty() {
        doc.insert("components".to_owned(), Value::Object(components));
    }
    Value::Object(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{self, page::Page};

    fn spec() -> Value {
        json!({
            "openapi": "3.0.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/users/{user_guid}/budgets": {
                    "get": {
                        "tags": ["budgets"],
                        "summary": "List budgets",
                        "description": "Lists\n  budgets.",
                        "operationId": "listUserBudgets",
                        "responses": {"200": {"description": "OK", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/BudgetsResponseBody"}}}}}
                    }
                },
                "/users": {
                    "post": {
                        "responses": {"200": {"description": "OK", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/User"}}}}}
                    }
                }
            },
            "components": {
                "schemas": {
                    "BudgetsResponseBody": {"type": "object", "properties": {
                        "budgets": {"type": "array", "items": {"$ref": "#/components/schemas/Budget"}}}},
                    "Budget": {"type": "object", "properties": {"guid": {"type": "string"}}},
                    "User": {"type": "object"}
                },
                "securitySchemes": {"sessionToken": {"type": "apiKey", "in": "header", "name": "MD-SESSION-TOKEN"}}
            }
        })
    }

    #[test]
    fn each_page_carries_its_operation_and_only_what_it_reaches() {
        let pages = pages(&spec());
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].file_name, "000_get_users__user_guid__budgets.md");
        assert!(pages[0].text.contains("# List budgets\n\n> Lists budgets.\n"));
        let block = sync::page::find_block(&Page {
            name: pages[0].file_name.clone(),
            body: pages[0].text.clone().into_bytes(),
        })
        .unwrap()
        .expect("a block");
        let fragment = sync::page::parse_block(&pages[0].file_name, &block).unwrap();
        assert_eq!(
            (fragment.method.as_str(), fragment.path.as_str()),
            ("get", "/users/{user_guid}/budgets")
        );
        let schemas = fragment.doc["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["BudgetsResponseBody", "Budget"]);
        assert!(fragment.doc["components"]["securitySchemes"]["sessionToken"].is_object());
        // An operation without a summary is titled by its method and path.
        assert!(pages[1].text.contains("# POST /users\n"));
    }

    #[test]
    fn the_pages_sync_back_into_the_spec() {
        let pages: Vec<Page> = pages(&spec())
            .into_iter()
            .map(|p| Page {
                name: p.file_name,
                body: p.text.into_bytes(),
            })
            .collect();
        let synced = sync::build(&pages).unwrap();
        let merged = &synced.spec;
        let original = spec();
        assert_eq!(merged["paths"], original["paths"]);
        assert_eq!(merged["components"]["schemas"], original["components"]["schemas"]);
    }
}
