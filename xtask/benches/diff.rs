//! Benchmark of `cargo xtask diff`'s library side on the two real MX Platform
//! specs (`<workspace>/../shared/specs/mx-platform/`, ~300 KB and ~400 KB of
//! YAML) when they are there, else on a generated spec of 300 operations.
//! Kept short (10 samples) so `cargo bench -p xtask` stays quick on 2 cores.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use xtask::diff::{diff_values, parse_spec};

/// (label, old text, new text).
fn inputs() -> (String, String, String) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/mx-platform");
    let (old, new) = (dir.join("v20111101.yml"), dir.join("v20250224.yml"));
    if let (Ok(o), Ok(n)) = (std::fs::read_to_string(&old), std::fs::read_to_string(&new)) {
        return ("mx-platform v20111101 vs v20250224".to_owned(), o, n);
    }
    let (o, n) = (synthetic(false), synthetic(true));
    (
        "synthetic 300 operations".to_owned(),
        serde_json::to_string(&o).unwrap(),
        serde_json::to_string(&n).unwrap(),
    )
}

/// 100 resources × (list, read, create) = 300 operations, all sharing a
/// `Common` schema; `changed` alters one property per resource and the shared
/// schema, so the walk reports at every operation.
fn synthetic(changed: bool) -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Common".into(),
        json!({"type": "object", "properties": {
            "created_at": {"type": "string"},
            "flag": if changed { json!({"type": "string"}) } else { json!({"type": "boolean"}) }
        }}),
    );
    for i in 0..100 {
        let mut props = serde_json::Map::new();
        for p in 0..12 {
            let ty = if changed && p == 0 { "integer" } else { "string" };
            props.insert(format!("field_{p}"), json!({"type": ty, "description": "a field"}));
        }
        props.insert("common".into(), json!({"$ref": "#/components/schemas/Common"}));
        props.insert("status".into(), json!({"type": "string", "enum": ["A", "B", "C"]}));
        let name = format!("Resource{i}");
        schemas.insert(
            name.clone(),
            json!({"type": "object", "required": ["field_1"], "properties": props}),
        );
        let body =
            json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}});
        let ok = json!({"200": {"description": "OK", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"item": {"$ref": format!("#/components/schemas/{name}")}}}}}}});
        let list_ok = json!({"200": {"description": "OK", "content": {"application/json": {"schema": {
            "type": "array", "items": {"$ref": format!("#/components/schemas/{name}")}}}}}});
        let page = json!([{"name": "page", "in": "query", "schema": {"type": "integer"}}]);
        paths.insert(
            format!("/resources{i}"),
            json!({"get": {"parameters": page, "responses": list_ok}, "post": {"requestBody": body, "responses": ok}}),
        );
        let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]);
        paths.insert(
            format!("/resources{i}/{{id}}"),
            json!({"get": {"parameters": id, "responses": ok}}),
        );
    }
    json!({"openapi": "3.0.3", "info": {"title": "synthetic", "version": "1"},
           "paths": paths, "components": {"schemas": schemas}})
}

fn bench(c: &mut Criterion) {
    let (label, old_text, new_text) = inputs();
    let (old, new) = (parse_spec(&old_text).unwrap(), parse_spec(&new_text).unwrap());
    let report = diff_values(&old, &new).unwrap();
    eprintln!("{label}: {} changes", report.changes.len());

    let mut group = c.benchmark_group(label);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    group.bench_function("diff_values (parsed)", |b| {
        b.iter(|| diff_values(black_box(&old), black_box(&new)).unwrap())
    });
    group.bench_function("parse both + diff_values", |b| {
        b.iter(|| {
            let o = parse_spec(black_box(&old_text)).unwrap();
            let n = parse_spec(black_box(&new_text)).unwrap();
            diff_values(&o, &n).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
