//! Table-driven tests of `xtask::diff::diff_values`: one small spec pair per
//! check id, built by mutating a base document, asserting the exact changes
//! (id, level, operation) found.

use serde_json::{Value, json};
use xtask::diff::{Args, Level, RULES, Semver, diff_values, load_spec, rules_table};

use crate::support::{manifest_dir, platform};

/// A small spec with a shared component (`Job`, used by two operations), a
/// recursive schema (`Node`), parameters of every kind and a request body.
fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "security": [{"basicAuth": []}],
        "paths": {
            "/jobs/{job_guid}": {
                "parameters": [{"$ref": "#/components/parameters/JobGuid"}],
                "get": {
                    "operationId": "readJob",
                    "parameters": [
                        {"name": "page", "in": "query", "schema": {"type": "integer"}},
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string", "enum": ["on", "off"]}}
                    ],
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobResponse"}}}},
                        "404": {"description": "Not found"}
                    }
                }
            },
            "/jobs": {
                "post": {
                    "operationId": "createJob",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobRequest"}}}},
                    "responses": {
                        "200": {"$ref": "#/components/responses/Job"}
                    }
                }
            },
            "/tree": {
                "get": {
                    "operationId": "readTree",
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}}
                    }
                }
            }
        },
        "components": {
            "securitySchemes": {"basicAuth": {"type": "http", "scheme": "basic"}},
            "parameters": {
                "JobGuid": {"name": "job_guid", "in": "path", "required": true, "schema": {"type": "string"}}
            },
            "responses": {
                "Job": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobResponse"}}}}
            },
            "schemas": {
                "JobResponse": {"type": "object", "properties": {"job": {"$ref": "#/components/schemas/Job"}}},
                "Job": {
                    "type": "object",
                    "required": ["guid"],
                    "properties": {
                        "guid": {"type": "string"},
                        "status": {"type": "string", "enum": ["PENDING", "DONE"]},
                        "count": {"type": "integer"},
                        "note": {"type": "string"},
                        "tags": {"type": "array", "items": {"type": "string"}}
                    }
                },
                "JobRequest": {
                    "type": "object",
                    "properties": {
                        "job": {
                            "type": "object",
                            "required": ["name"],
                            "properties": {
                                "name": {"type": "string"},
                                "kind": {"type": "string", "enum": ["a", "b"]},
                                "count": {"type": "integer"},
                                "note": {"type": "string", "nullable": true}
                            }
                        }
                    }
                },
                "Node": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
                    }
                }
            }
        }
    })
}

/// Sets the value at a JSON pointer, creating the last key.
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    let target = doc.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
    match target {
        Value::Object(map) => {
            map.insert(key, value);
        }
        Value::Array(items) => items.push(value),
        _ => panic!("{parent} is not a container"),
    }
}

fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    let target = doc.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
    match target {
        Value::Object(map) => {
            map.shift_remove(&key).unwrap_or_else(|| panic!("no {pointer}"));
        }
        Value::Array(items) => {
            items.remove(key.parse().unwrap());
        }
        _ => panic!("{parent} is not a container"),
    }
}

const JOB: &str = "/components/schemas/Job";
const REQ: &str = "/components/schemas/JobRequest/properties/job";
const GET_JOB: &str = "GET /jobs/{job_guid}";
const POST_JOBS: &str = "POST /jobs";
const GET_TREE: &str = "GET /tree";

use Level::{Breaking as B, Info as I, Warning as W};

type Edit = fn(&mut Value, &mut Value);
/// An expected change: (id, level, operation).
type Expected = (&'static str, Level, &'static str);

/// (name, edit of (old, new), expected (id, level, operation) in report order).
fn cases() -> Vec<(&'static str, Edit, Vec<Expected>)> {
    vec![
        ("identical", |_, _| {}, vec![]),
        // Endpoints.
        (
            "endpoint-added",
            |_, n| {
                set(
                    n,
                    "/paths/~1health",
                    json!({"get": {"responses": {"200": {"description": "OK"}}}}),
                )
            },
            vec![("endpoint-added", I, "GET /health")],
        ),
        (
            "api-path-removed-without-deprecation",
            |_, n| remove(n, "/paths/~1tree"),
            vec![("api-path-removed-without-deprecation", B, GET_TREE)],
        ),
        (
            "api-path-removed-with-deprecation",
            |o, n| {
                set(o, "/paths/~1tree/get/deprecated", json!(true));
                remove(n, "/paths/~1tree");
            },
            vec![("api-path-removed-with-deprecation", I, GET_TREE)],
        ),
        (
            "api-removed-without-deprecation",
            |o, _| {
                set(
                    o,
                    "/paths/~1tree/delete",
                    json!({"responses": {"204": {"description": "gone"}}}),
                );
            },
            vec![("api-removed-without-deprecation", B, "DELETE /tree")],
        ),
        (
            "api-removed-with-deprecation",
            |o, _| {
                set(
                    o,
                    "/paths/~1tree/delete",
                    json!({"deprecated": true, "responses": {"204": {"description": "gone"}}}),
                );
            },
            vec![("api-removed-with-deprecation", I, "DELETE /tree")],
        ),
        (
            "endpoint-deprecated",
            |_, n| set(n, "/paths/~1tree/get/deprecated", json!(true)),
            vec![("endpoint-deprecated", I, GET_TREE)],
        ),
        (
            "endpoint-reactivated",
            |o, _| set(o, "/paths/~1tree/get/deprecated", json!(true)),
            vec![("endpoint-reactivated", I, GET_TREE)],
        ),
        (
            "api-operation-id-removed",
            |_, n| set(n, "/paths/~1tree/get/operationId", json!("getTree")),
            vec![("api-operation-id-removed", I, GET_TREE)],
        ),
        (
            "api-operation-id-removed (no new id)",
            |_, n| remove(n, "/paths/~1tree/get/operationId"),
            vec![("api-operation-id-removed", I, GET_TREE)],
        ),
        (
            "api-operation-id-added",
            |o, _| remove(o, "/paths/~1tree/get/operationId"),
            vec![("api-operation-id-added", I, GET_TREE)],
        ),
        (
            "path parameter renamed is the same endpoint",
            |_, n| {
                let item = n.pointer("/paths/~1jobs~1{job_guid}").unwrap().clone();
                remove(n, "/paths/~1jobs~1{job_guid}");
                set(n, "/paths/~1jobs~1{guid}", item);
                set(n, "/components/parameters/JobGuid/name", json!("guid"));
            },
            vec![],
        ),
        // Parameters.
        (
            "new-required-request-parameter",
            |_, n| {
                set(
                    n,
                    "/paths/~1jobs~1{job_guid}/get/parameters/-",
                    json!({"name": "filter", "in": "query", "required": true, "schema": {"type": "string"}}),
                );
            },
            vec![("new-required-request-parameter", B, GET_JOB)],
        ),
        (
            "new-optional-request-parameter",
            |_, n| {
                set(
                    n,
                    "/paths/~1jobs~1{job_guid}/get/parameters/-",
                    json!({"name": "filter", "in": "query", "schema": {"type": "string"}}),
                );
            },
            vec![("new-optional-request-parameter", I, GET_JOB)],
        ),
        (
            "request-parameter-removed",
            |_, n| remove(n, "/paths/~1jobs~1{job_guid}/get/parameters/0"),
            vec![("request-parameter-removed", W, GET_JOB)],
        ),
        (
            "request-parameter-became-required",
            |_, n| set(n, "/paths/~1jobs~1{job_guid}/get/parameters/0/required", json!(true)),
            vec![("request-parameter-became-required", B, GET_JOB)],
        ),
        (
            "request-parameter-type-changed",
            |_, n| {
                set(
                    n,
                    "/paths/~1jobs~1{job_guid}/get/parameters/0/schema/type",
                    json!("string"),
                )
            },
            vec![("request-parameter-type-changed", B, GET_JOB)],
        ),
        (
            "request-parameter-type-generalized",
            |_, n| {
                set(
                    n,
                    "/paths/~1jobs~1{job_guid}/get/parameters/0/schema/type",
                    json!("number"),
                )
            },
            vec![("request-parameter-type-generalized", I, GET_JOB)],
        ),
        (
            "request-parameter-enum-value-removed (header, case-insensitive name)",
            |_, n| {
                set(
                    n,
                    "/paths/~1jobs~1{job_guid}/get/parameters/1/schema/enum",
                    json!(["on"]),
                );
                set(n, "/paths/~1jobs~1{job_guid}/get/parameters/1/name", json!("x-trace"));
            },
            vec![("request-parameter-enum-value-removed", B, GET_JOB)],
        ),
        (
            "path parameter type changed via a component",
            |_, n| set(n, "/components/parameters/JobGuid/schema/type", json!("integer")),
            vec![("request-parameter-type-changed", B, GET_JOB)],
        ),
        // Request body.
        (
            "request-body-added-required",
            |_, n| {
                set(
                    n,
                    "/paths/~1tree/get/requestBody",
                    json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}}),
                );
            },
            vec![("request-body-added-required", B, GET_TREE)],
        ),
        (
            "request-body-added-optional",
            |_, n| {
                set(
                    n,
                    "/paths/~1tree/get/requestBody",
                    json!({"content": {"application/json": {"schema": {"type": "object"}}}}),
                );
            },
            vec![("request-body-added-optional", I, GET_TREE)],
        ),
        (
            "request-body-removed",
            |_, n| remove(n, "/paths/~1jobs/post/requestBody"),
            vec![("request-body-removed", B, POST_JOBS)],
        ),
        (
            "request-body-became-required",
            |o, _| set(o, "/paths/~1jobs/post/requestBody/required", json!(false)),
            vec![("request-body-became-required", B, POST_JOBS)],
        ),
        (
            "request-body-media-type-removed",
            |_, n| {
                let media = n
                    .pointer("/paths/~1jobs/post/requestBody/content/application~1json")
                    .unwrap()
                    .clone();
                remove(n, "/paths/~1jobs/post/requestBody/content/application~1json");
                set(n, "/paths/~1jobs/post/requestBody/content/application~1xml", media);
            },
            vec![
                ("request-body-media-type-removed", B, POST_JOBS),
                ("request-body-media-type-added", I, POST_JOBS),
            ],
        ),
        // Request properties.
        (
            "new-required-request-property",
            |_, n| {
                set(n, &format!("{REQ}/properties/owner"), json!({"type": "string"}));
                set(n, &format!("{REQ}/required/-"), json!("owner"));
            },
            vec![("new-required-request-property", B, POST_JOBS)],
        ),
        (
            "new-optional-request-property",
            |_, n| set(n, &format!("{REQ}/properties/owner"), json!({"type": "string"})),
            vec![("new-optional-request-property", I, POST_JOBS)],
        ),
        (
            "required read-only request property is optional for the client",
            |_, n| {
                set(
                    n,
                    &format!("{REQ}/properties/guid"),
                    json!({"type": "string", "readOnly": true}),
                );
                set(n, &format!("{REQ}/required/-"), json!("guid"));
            },
            vec![("new-optional-request-property", I, POST_JOBS)],
        ),
        (
            "request-property-removed",
            |_, n| remove(n, &format!("{REQ}/properties/count")),
            vec![("request-property-removed", W, POST_JOBS)],
        ),
        (
            "request-property-type-changed",
            |_, n| set(n, &format!("{REQ}/properties/count/type"), json!("string")),
            vec![("request-property-type-changed", B, POST_JOBS)],
        ),
        (
            "request-property-type-generalized",
            |_, n| set(n, &format!("{REQ}/properties/count/type"), json!("number")),
            vec![("request-property-type-generalized", I, POST_JOBS)],
        ),
        (
            "request-property-became-required",
            |_, n| set(n, &format!("{REQ}/required/-"), json!("kind")),
            vec![("request-property-became-required", B, POST_JOBS)],
        ),
        (
            "request-property-became-optional",
            |_, n| set(n, &format!("{REQ}/required"), json!([])),
            vec![("request-property-became-optional", I, POST_JOBS)],
        ),
        (
            "request-property-enum-value-removed",
            |_, n| set(n, &format!("{REQ}/properties/kind/enum"), json!(["a"])),
            vec![("request-property-enum-value-removed", B, POST_JOBS)],
        ),
        (
            "request-property-enum-value-added",
            |_, n| set(n, &format!("{REQ}/properties/kind/enum"), json!(["a", "b", "c"])),
            vec![("request-property-enum-value-added", I, POST_JOBS)],
        ),
        (
            "request-property-became-enum",
            |_, n| set(n, &format!("{REQ}/properties/name/enum"), json!(["x"])),
            vec![("request-property-became-enum", B, POST_JOBS)],
        ),
        (
            "request-property-became-not-nullable",
            |_, n| remove(n, &format!("{REQ}/properties/note/nullable")),
            vec![("request-property-became-not-nullable", B, POST_JOBS)],
        ),
        (
            "request-property-deprecated",
            |_, n| set(n, &format!("{REQ}/properties/note/deprecated"), json!(true)),
            vec![("request-property-deprecated", I, POST_JOBS)],
        ),
        (
            "allOf split of the same properties is no change",
            |_, n| {
                let job = n.pointer(REQ).unwrap().clone();
                let mut base = job.clone();
                remove(&mut base, "/properties/kind");
                remove(&mut base, "/properties/count");
                remove(&mut base, "/properties/note");
                set(n, "/components/schemas/JobBase", base);
                set(
                    n,
                    REQ,
                    json!({"allOf": [
                        {"$ref": "#/components/schemas/JobBase"},
                        {"type": "object", "properties": {"kind": job["properties"]["kind"], "count": job["properties"]["count"], "note": job["properties"]["note"]}}
                    ]}),
                );
            },
            vec![],
        ),
        // Responses: `Job` is shared by GET /jobs/{job_guid} and POST /jobs, so
        // every change to it is reported at both.
        (
            "response-optional-property-added (shared component)",
            |_, n| set(n, &format!("{JOB}/properties/owner"), json!({"type": "string"})),
            vec![
                ("response-optional-property-added", I, GET_JOB),
                ("response-optional-property-added", I, POST_JOBS),
            ],
        ),
        (
            "response-required-property-added",
            |_, n| {
                set(n, &format!("{JOB}/properties/owner"), json!({"type": "string"}));
                set(n, &format!("{JOB}/required/-"), json!("owner"));
            },
            vec![
                ("response-required-property-added", I, GET_JOB),
                ("response-required-property-added", I, POST_JOBS),
            ],
        ),
        (
            "response-optional-property-removed",
            |_, n| remove(n, &format!("{JOB}/properties/note")),
            vec![
                ("response-optional-property-removed", W, GET_JOB),
                ("response-optional-property-removed", W, POST_JOBS),
            ],
        ),
        (
            "response-required-property-removed",
            |_, n| {
                remove(n, &format!("{JOB}/properties/guid"));
                set(n, &format!("{JOB}/required"), json!([]));
            },
            vec![
                ("response-required-property-removed", B, GET_JOB),
                ("response-required-property-removed", B, POST_JOBS),
            ],
        ),
        (
            "response-property-type-changed",
            |_, n| set(n, &format!("{JOB}/properties/count/type"), json!("string")),
            vec![
                ("response-property-type-changed", B, GET_JOB),
                ("response-property-type-changed", B, POST_JOBS),
            ],
        ),
        (
            "response-property-type-changed (format)",
            |_, n| set(n, &format!("{JOB}/properties/note/format"), json!("date-time")),
            vec![
                ("response-property-type-changed", B, GET_JOB),
                ("response-property-type-changed", B, POST_JOBS),
            ],
        ),
        (
            "response-property-type-changed (array items)",
            |_, n| set(n, &format!("{JOB}/properties/tags/items/type"), json!("integer")),
            vec![
                ("response-property-type-changed", B, GET_JOB),
                ("response-property-type-changed", B, POST_JOBS),
            ],
        ),
        (
            "response-property-enum-value-added",
            |_, n| {
                set(
                    n,
                    &format!("{JOB}/properties/status/enum"),
                    json!(["PENDING", "DONE", "FAILED"]),
                )
            },
            vec![
                ("response-property-enum-value-added", W, GET_JOB),
                ("response-property-enum-value-added", W, POST_JOBS),
            ],
        ),
        (
            "response-property-enum-value-removed",
            |_, n| set(n, &format!("{JOB}/properties/status/enum"), json!(["DONE"])),
            vec![
                ("response-property-enum-value-removed", I, GET_JOB),
                ("response-property-enum-value-removed", I, POST_JOBS),
            ],
        ),
        (
            "response-property-became-optional",
            |_, n| set(n, &format!("{JOB}/required"), json!([])),
            vec![
                ("response-property-became-optional", B, GET_JOB),
                ("response-property-became-optional", B, POST_JOBS),
            ],
        ),
        (
            "response-property-became-nullable",
            |_, n| set(n, &format!("{JOB}/properties/note/nullable"), json!(true)),
            vec![
                ("response-property-became-nullable", B, GET_JOB),
                ("response-property-became-nullable", B, POST_JOBS),
            ],
        ),
        (
            "response-media-type-removed",
            |_, n| {
                remove(n, "/paths/~1tree/get/responses/200/content/application~1json");
                set(
                    n,
                    "/paths/~1tree/get/responses/200/content/text~1plain",
                    json!({"schema": {"type": "string"}}),
                );
            },
            vec![
                ("response-media-type-removed", B, GET_TREE),
                ("response-media-type-added", I, GET_TREE),
                // One media type renamed: the schemas behind it are still compared.
                ("response-body-type-changed", B, GET_TREE),
            ],
        ),
        (
            "response-success-status-removed",
            |_, n| {
                let ok = n.pointer("/paths/~1tree/get/responses/200").unwrap().clone();
                remove(n, "/paths/~1tree/get/responses/200");
                set(n, "/paths/~1tree/get/responses/201", ok);
            },
            vec![
                ("response-success-status-added", I, GET_TREE),
                ("response-success-status-removed", B, GET_TREE),
            ],
        ),
        (
            "response-non-success-status-removed",
            |_, n| remove(n, "/paths/~1jobs~1{job_guid}/get/responses/404"),
            vec![("response-non-success-status-removed", I, GET_JOB)],
        ),
        (
            "recursive schema: the walk stops and reports once",
            |_, n| {
                set(
                    n,
                    "/components/schemas/Node/properties/label",
                    json!({"type": "string"}),
                )
            },
            vec![("response-optional-property-added", I, GET_TREE)],
        ),
        // Security.
        (
            "api-security-component-added",
            |_, n| {
                set(
                    n,
                    "/components/securitySchemes/bearer",
                    json!({"type": "http", "scheme": "bearer"}),
                )
            },
            vec![("api-security-component-added", I, "")],
        ),
        (
            "api-security-component-removed",
            |_, n| {
                remove(n, "/components/securitySchemes/basicAuth");
                set(
                    n,
                    "/components/securitySchemes/key",
                    json!({"type": "apiKey", "in": "header", "name": "X-Key"}),
                );
                set(n, "/security", json!([{"key": []}]));
            },
            vec![
                ("api-global-security-added", I, ""),
                ("api-global-security-removed", I, ""),
                ("api-security-component-added", I, ""),
                ("api-security-component-removed", I, ""),
            ],
        ),
        (
            "api-security-component-type-changed",
            |_, n| set(n, "/components/securitySchemes/basicAuth/scheme", json!("bearer")),
            vec![("api-security-component-type-changed", I, "")],
        ),
        (
            "api-security-added (operation)",
            |_, n| set(n, "/paths/~1tree/get/security", json!([{"basicAuth": []}])),
            vec![("api-security-added", I, GET_TREE)],
        ),
    ]
}

#[test]
fn every_check_finds_exactly_its_changes() {
    let mut failures = Vec::new();
    for (name, edit, expected) in cases() {
        let (mut old, mut new) = (base(), base());
        edit(&mut old, &mut new);
        let report = diff_values(&old, &new).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<(&str, Level, &str)> = report
            .changes
            .iter()
            .map(|c| (c.id.as_str(), c.level, c.operation.as_str()))
            .collect();
        let mut want = expected.clone();
        let mut got_sorted = got.clone();
        want.sort();
        got_sorted.sort();
        if got_sorted != want {
            failures.push(format!("{name}:\n  expected {want:?}\n  got      {got:?}"));
        }
        for c in &report.changes {
            assert!(
                !c.message.is_empty() && !c.message.contains('\n'),
                "{name}: message {:?}",
                c.message
            );
            assert!(c.location.starts_with('/'), "{name}: location {:?}", c.location);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_id_used_is_in_the_rules_table() {
    for (name, _, expected) in cases() {
        for (id, level, _) in expected {
            let rule = RULES.iter().find(|rule| rule.id == id);
            let table_level = &rule.unwrap_or_else(|| panic!("{name}: {id} not in RULES")).level;
            assert_eq!(*table_level, level, "{id}");
        }
    }
}

#[test]
fn location_follows_refs_as_if_inlined() {
    let (old, mut new) = (base(), base());
    set(
        &mut new,
        &format!("{JOB}/properties/status/enum"),
        json!(["PENDING", "DONE", "FAILED"]),
    );
    let report = diff_values(&old, &new).unwrap();
    let c = report.changes.iter().find(|c| c.operation == GET_JOB).unwrap();
    assert_eq!(
        c.location,
        "/paths/~1jobs~1{job_guid}/get/responses/200/content/application~1json/schema/properties/job/properties/status"
    );
    assert!(
        c.message.contains("FAILED") && c.message.contains("job/status"),
        "{}",
        c.message
    );
}

#[test]
fn semver_follows_the_crate_rule() {
    let semver = |edit: Edit| {
        let (mut old, mut new) = (base(), base());
        edit(&mut old, &mut new);
        diff_values(&old, &new).unwrap().semver
    };
    assert_eq!(semver(|_, _| {}), Semver::None);
    assert_eq!(semver(|_, n| set(n, "/info/description", json!("docs"))), Semver::Patch);
    assert_eq!(
        semver(|_, n| set(n, "/paths/~1tree/get/description", json!("docs"))),
        Semver::Patch
    );
    assert_eq!(
        semver(|_, n| set(n, "/paths/~1h", json!({"get": {"responses": {}}}))),
        Semver::Minor
    );
    assert_eq!(
        semver(|_, n| set(n, "/paths/~1tree/get/deprecated", json!(true))),
        Semver::Minor
    );
    // Wire-compatible, but a new field breaks struct literals in Rust code.
    assert_eq!(
        semver(|_, n| set(n, &format!("{JOB}/properties/owner"), json!({"type": "string"}))),
        Semver::Major
    );
    assert_eq!(
        semver(|_, n| set(n, &format!("{REQ}/properties/owner"), json!({"type": "string"}))),
        Semver::Major
    );
    let report = diff_values(&base(), &base()).unwrap();
    assert!(report.changes.is_empty());
    assert_eq!(serde_json::to_value(&report).unwrap()["semver"], "none");
}

#[test]
fn changes_are_sorted_by_operation_location_id() {
    let (old, mut new) = (base(), base());
    remove(&mut new, "/paths/~1tree");
    set(&mut new, &format!("{JOB}/properties/owner"), json!({"type": "string"}));
    set(
        &mut new,
        "/components/securitySchemes/bearer",
        json!({"type": "http", "scheme": "bearer"}),
    );
    remove(&mut new, &format!("{REQ}/properties/count"));
    let report = diff_values(&old, &new).unwrap();
    let keys: Vec<_> = report
        .changes
        .iter()
        .map(|c| (&c.operation, &c.location, &c.id))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(report.changes[0].operation, "", "document-level changes come first");
    // Same input, same output.
    assert_eq!(
        format!("{:?}", diff_values(&old, &new).unwrap().changes),
        format!("{:?}", report.changes)
    );
}

#[test]
fn dangling_and_cyclic_refs_are_errors_not_panics() {
    let mut new = base();
    set(
        &mut new,
        &format!("{JOB}/properties/owner"),
        json!({"$ref": "#/components/schemas/Nope"}),
    );
    let err = diff_values(&base(), &new).unwrap_err();
    assert!(
        err.contains("new spec") && err.contains("#/components/schemas/Nope"),
        "{err}"
    );

    let mut new = base();
    set(
        &mut new,
        "/components/schemas/A",
        json!({"$ref": "#/components/schemas/B"}),
    );
    set(
        &mut new,
        "/components/schemas/B",
        json!({"$ref": "#/components/schemas/A"}),
    );
    set(
        &mut new,
        &format!("{JOB}/properties/note"),
        json!({"$ref": "#/components/schemas/A"}),
    );
    let err = diff_values(&base(), &new).unwrap_err();
    assert!(err.contains("cyclic"), "{err}");

    let mut swagger = base();
    remove(&mut swagger, "/openapi");
    set(&mut swagger, "/swagger", json!("2.0"));
    let err = diff_values(&swagger, &base()).unwrap_err();
    assert!(err.contains("old spec") && err.contains("Swagger 2.0"), "{err}");
}

#[test]
fn self_referencing_all_of_terminates() {
    let mut new = base();
    set(
        &mut new,
        "/components/schemas/Loop",
        json!({"allOf": [{"$ref": "#/components/schemas/Loop"}], "properties": {"x": {"type": "string"}}}),
    );
    set(
        &mut new,
        &format!("{JOB}/properties/loop"),
        json!({"$ref": "#/components/schemas/Loop"}),
    );
    let report = diff_values(&base(), &new).unwrap();
    assert_eq!(report.summary.info, 2);
}

/// A `{name}` placeholder of [`Args`] left in a message: the check did not
/// pass a value its rule's message names.
fn unfilled_placeholder(message: &str) -> Option<&'static str> {
    Args::NAMES
        .iter()
        .copied()
        .find(|name| message.contains(&format!("{{{name}}}")))
}

/// Every message of every case above, of the `diff` fixtures and (where the
/// machine has them) of MX's two Platform specs both ways fills every
/// placeholder of its rule's message.
#[test]
fn every_message_fills_its_placeholders() {
    let mut pairs: Vec<(String, Value, Value)> = cases()
        .into_iter()
        .map(|(name, edit, _)| {
            let (mut old, mut new) = (base(), base());
            edit(&mut old, &mut new);
            (name.to_owned(), old, new)
        })
        .collect();
    let fixture = |name: &str| load_spec(&manifest_dir().join("tests/fixtures/diff").join(name)).unwrap();
    for new in ["new_breaking.yaml", "new_minor.yaml", "new_warning.yaml"] {
        pairs.push((new.to_owned(), fixture("old.yaml"), fixture(new)));
        pairs.push((format!("{new} reversed"), fixture(new), fixture("old.yaml")));
    }
    if let (Some(old), Some(new)) = (platform("v20111101.yml"), platform("v20250224.yml")) {
        pairs.push(("Platform".to_owned(), old.clone(), new.clone()));
        pairs.push(("Platform reversed".to_owned(), new, old));
    }
    let mut unfilled = Vec::new();
    for (name, old, new) in &pairs {
        for c in diff_values(old, new).unwrap().changes {
            if let Some(placeholder) = unfilled_placeholder(&c.message) {
                unfilled.push(format!("{name}: {} left `{{{placeholder}}}` in {:?}", c.id, c.message));
            }
        }
    }
    assert!(unfilled.is_empty(), "{}", unfilled.join("\n"));
}

/// The README's table of rules is the table in the code, word for word.
#[test]
fn the_readme_lists_every_rule_with_its_message() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let table = rules_table();
    assert!(
        readme.contains(&table),
        "xtask/README.md does not have the rules table; paste it:\n{table}"
    );
}

/// One template per rule: an operationId removed with no new one reads
/// "replaced with none".
#[test]
fn an_operation_id_removed_without_a_new_one_says_so() {
    let (old, mut new) = (base(), base());
    remove(&mut new, "/paths/~1tree/get/operationId");
    let report = diff_values(&old, &new).unwrap();
    let messages: Vec<&str> = report.changes.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(messages, ["api operation id `readTree` removed and replaced with none"]);
}
