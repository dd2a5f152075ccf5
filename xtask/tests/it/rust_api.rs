//! Ground truth for the Rust API diff: edits of the vendored Nexus spec (with
//! the crate's overlay, as build.rs generates it) and MX's two Platform specs,
//! each with the verdict written here and the report line a maintainer reads.
//!
//! Where a verdict depends on whether the generated types are
//! `#[non_exhaustive]` (issue 11), the test reads that from the generated
//! API of the old spec and expects the rule's answer for it.

use serde_json::{Value, json};
use xtask::Format;
use xtask::api::{self, Kind};
use xtask::diff::{Options, Report, Semver, diff_prepared};

use crate::support::{nexus, nexus_overlay, platform};

fn options() -> Options {
    Options {
        overlay: Some(nexus_overlay()),
        rust: true,
    }
}

/// Whether `types::<name>` of the vendored spec is `#[non_exhaustive]`.
fn non_exhaustive(name: &str) -> bool {
    let mut prepared = api::prepare(&nexus(), options().overlay.as_ref()).unwrap();
    let api = api::generate_api(&mut prepared).unwrap();
    let item = api
        .get(&format!("types::{name}"))
        .unwrap_or_else(|| panic!("types::{name}"));
    assert!(matches!(item.kind, Kind::Struct | Kind::Enum));
    item.non_exhaustive
}

/// Under the crate's rule an addition to a type is minor when the type is
/// `#[non_exhaustive]`, major when struct literals or exhaustive matches
/// outside the crate can name every member.
fn addition_to(name: &str) -> Semver {
    if non_exhaustive(name) {
        Semver::Minor
    } else {
        Semver::Major
    }
}

fn run(edit: impl FnOnce(&mut Value, &mut Value)) -> Report {
    run_with(&options(), edit)
}

fn run_with(options: &Options, edit: impl FnOnce(&mut Value, &mut Value)) -> Report {
    let (mut old, mut new) = (nexus(), nexus());
    edit(&mut old, &mut new);
    diff_prepared(&old, &new, options).unwrap()
}

fn lines(report: &Report) -> Vec<String> {
    let rust = report.rust.as_ref().expect("the Rust API was compared");
    assert_eq!(rust.error, None);
    rust.changes
        .iter()
        .map(|c| format!("{} {}", c.semver.as_str(), c.message))
        .collect()
}

fn has(report: &Report, line: &str) {
    let all = lines(report);
    assert!(all.iter().any(|l| l == line), "no `{line}` in {all:#?}");
}

fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}"))
}

const JOB: &str = "/components/schemas/JobResponse";
const CREDENTIAL: &str = "/components/schemas/MemberCredentialRequest";
const RESUME: &str = "/paths/~1jobs~1{job_guid}~1resume";

#[test]
fn identical_specs_are_none_and_documentation_is_patch() {
    let report = run(|_, _| {});
    assert_eq!(report.semver, Semver::None);
    assert!(lines(&report).is_empty());

    let report = run(|_, n| {
        *at(n, &format!("{JOB}/properties/status/description")) = json!("The job's status code.");
        *at(n, &format!("{RESUME}/get/summary")) = json!("Resume a job");
    });
    assert_eq!(report.semver, Semver::Patch);
    assert!(lines(&report).is_empty());
}

#[test]
fn optional_response_property_added() {
    let report = run(|_, n| {
        at(n, &format!("{JOB}/properties"))
            .as_object_mut()
            .unwrap()
            .insert("tags".into(), json!({"type": "array", "items": {"type": "string"}}));
    });
    assert_eq!(report.semver, addition_to("JobResponse"));
    let line = lines(&report)
        .into_iter()
        .find(|l| l.contains("types::JobResponse::tags"))
        .unwrap();
    assert!(line.ends_with("added"), "{line}");
    let cause = report.rust.as_ref().unwrap().changes[0]
        .cause
        .clone()
        .unwrap_or_default();
    assert!(cause.contains("JobResponse.tags"), "{cause}");
}

#[test]
fn required_response_property_added() {
    let report = run(|_, n| {
        at(n, &format!("{JOB}/properties"))
            .as_object_mut()
            .unwrap()
            .insert("region".into(), json!({"type": "string"}));
        at(n, JOB)
            .as_object_mut()
            .unwrap()
            .insert("required".into(), json!(["region"]));
    });
    // A response type: users read it, and `#[non_exhaustive]` keeps them from
    // building it with a literal; but a required field takes away its
    // `Default`, which users' code may call: major.
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major types::JobResponse: Default removed");
    has(
        &report,
        &format!(
            "{} types::JobResponse::region: String added (required)",
            addition_to("JobResponse").as_str()
        ),
    );
}

#[test]
fn optional_request_property_added() {
    let report = run(|_, n| {
        at(n, &format!("{CREDENTIAL}/properties"))
            .as_object_mut()
            .unwrap()
            .insert("note".into(), json!({"type": "string"}));
    });
    assert_eq!(report.semver, addition_to("MemberCredentialRequest"));
    has(
        &report,
        &format!(
            "{} types::MemberCredentialRequest::note: Option<String> added",
            addition_to("MemberCredentialRequest").as_str()
        ),
    );
}

#[test]
fn required_request_property_added_is_major() {
    let report = run(|_, n| {
        at(n, &format!("{CREDENTIAL}/properties"))
            .as_object_mut()
            .unwrap()
            .insert("question".into(), json!({"type": "string"}));
        at(n, &format!("{CREDENTIAL}/required"))
            .as_array_mut()
            .unwrap()
            .push(json!("question"));
    });
    assert_eq!(report.semver, Semver::Major);
    has(
        &report,
        "major types::MemberCredentialRequest::question: String added (required)",
    );
}

#[test]
fn property_removed_is_major() {
    let report = run(|_, n| {
        at(n, &format!("{JOB}/properties"))
            .as_object_mut()
            .unwrap()
            .remove("user_guid");
    });
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major types::JobResponse::user_guid: Option<String> removed");
}

#[test]
fn property_retyped_is_major() {
    let report = run(|_, n| *at(n, &format!("{JOB}/properties/status/type")) = json!("string"));
    assert_eq!(report.semver, Semver::Major);
    has(
        &report,
        "major types::JobResponse::status: Option<i64> → Option<String>",
    );
}

/// progenitor's `types::builder::X` mirrors `types::X` field by field: the
/// change is reported once, at the field, naming the builder's setter.
#[test]
fn a_field_change_is_reported_once_with_its_builder_setter() {
    let report = run(|_, n| *at(n, &format!("{JOB}/properties/status/type")) = json!("string"));
    let rust = report.rust.as_ref().unwrap();
    assert!(
        lines(&report)
            .iter()
            .all(|l| !l.contains("types::builder::JobResponse")),
        "{:#?}",
        lines(&report)
    );
    let change = rust
        .changes
        .iter()
        .find(|c| c.path == "types::JobResponse::status")
        .unwrap();
    assert_eq!(change.builder.as_deref(), Some("types::builder::JobResponse::status"));
    let text = report.render(Format::Text);
    assert_eq!(
        text.matches("JobResponse::status: Option<i64> → Option<String>")
            .count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("the same goes for its builder's setter, `types::builder::JobResponse::status`"),
        "{text}"
    );
    let json: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    let changes = json["rust"]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .all(|c| !c["path"].as_str().unwrap().starts_with("types::builder::"))
    );
    assert!(
        changes
            .iter()
            .any(|c| c["path"] == "types::JobResponse::status" && c["builder"] == "types::builder::JobResponse::status"),
        "{changes:#?}"
    );
    // A builder change without a twin at the type stays: an operation
    // builder's setter renamed with its path parameter.
    let report = run(|_, n| {
        let paths = at(n, "/paths").as_object_mut().unwrap();
        let mut item = paths.remove("/jobs/{job_guid}/resume").unwrap();
        item["get"]["parameters"][0]["name"] = json!("guid");
        paths.insert("/jobs/{guid}/resume".into(), item);
    });
    has(&report, "major builder::ResumeJob::job_guid → guid");
}

#[test]
fn array_items_added_or_changed_is_major() {
    // The change `cargo xtask diff` used to call documentation-only.
    let tags = |items: Option<Value>| {
        move |v: &mut Value| {
            let mut schema = json!({"type": "array"});
            if let Some(items) = &items {
                schema["items"] = items.clone();
            }
            at(v, &format!("{JOB}/properties"))
                .as_object_mut()
                .unwrap()
                .insert("tags".into(), schema);
        }
    };
    let report = run(|o, n| {
        tags(None)(o);
        tags(Some(json!({"type": "string"})))(n);
    });
    assert_eq!(report.semver, Semver::Major);
    has(
        &report,
        "major types::JobResponse::tags: Vec<serde_json::Value> → Vec<String>",
    );
    let change = &report.rust.as_ref().unwrap().changes[0];
    assert_eq!(
        change.cause.as_deref(),
        Some(r#"`JobResponse.tags`: {"type":"array"} → {"type":"array","items":{"type":"string"}}"#)
    );

    let report = run(|o, n| {
        tags(Some(json!({"type": "string"})))(o);
        tags(Some(json!({"type": "integer"})))(n);
    });
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major types::JobResponse::tags: Vec<String> → Vec<i64>");
}

#[test]
fn enum_value_added_or_removed() {
    let status = |values: Value| {
        move |v: &mut Value| {
            *at(v, &format!("{JOB}/properties/status_name")) = json!({"type": "string", "enum": values});
        }
    };
    let report = run(|o, n| {
        status(json!(["INITIATED", "COMPLETED"]))(o);
        status(json!(["INITIATED", "COMPLETED", "CHALLENGED"]))(n);
    });
    assert_eq!(
        report.semver,
        addition_to_enum("JobResponseStatusName", status(json!(["A"])))
    );
    has(
        &report,
        &format!(
            "{} types::JobResponseStatusName::Challenged: () added",
            report.semver.as_str()
        ),
    );

    let report = run(|o, n| {
        status(json!(["INITIATED", "COMPLETED"]))(o);
        status(json!(["INITIATED"]))(n);
    });
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major types::JobResponseStatusName::Completed: () removed");
}

/// An enum that exists only in an edited spec: read its attribute there.
fn addition_to_enum(name: &str, edit: impl FnOnce(&mut Value)) -> Semver {
    let mut spec = nexus();
    edit(&mut spec);
    let mut prepared = api::prepare(&spec, options().overlay.as_ref()).unwrap();
    let api = api::generate_api(&mut prepared).unwrap();
    if api.get(&format!("types::{name}")).unwrap().non_exhaustive {
        Semver::Minor
    } else {
        Semver::Major
    }
}

#[test]
fn nullable_changed() {
    // An optional property is an `Option` already: nullable changes nothing in Rust.
    let report = run(|_, n| *at(n, &format!("{JOB}/properties/error_message/nullable")) = json!(false));
    assert_eq!(report.semver, Semver::Patch);
    assert!(lines(&report).is_empty());
    // A required one goes from `String` to `Option<String>`.
    let report = run(|o, n| {
        for v in [o, n] {
            at(v, JOB)
                .as_object_mut()
                .unwrap()
                .insert("required".into(), json!(["guid"]));
        }
        at(n, &format!("{JOB}/properties/guid"))
            .as_object_mut()
            .unwrap()
            .insert("nullable".into(), json!(true));
    });
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major types::JobResponse::guid: String → Option<String>");
}

#[test]
fn format_added_is_major() {
    let report = run(|_, n| {
        at(n, &format!("{JOB}/properties/guid"))
            .as_object_mut()
            .unwrap()
            .insert("format".into(), json!("uuid"));
    });
    assert_eq!(report.semver, Semver::Major);
    has(
        &report,
        "major types::JobResponse::guid: Option<String> → Option<uuid::Uuid>",
    );
}

#[test]
fn operation_added_is_minor_removed_and_renamed_major() {
    let report = run(|_, n| {
        let mut op = n.pointer(&format!("{RESUME}/get")).unwrap().clone();
        op["operationId"] = json!("restartJob");
        at(n, "/paths")
            .as_object_mut()
            .unwrap()
            .insert("/jobs/{job_guid}/restart".into(), json!({"post": op}));
    });
    assert_eq!(report.semver, Semver::Minor);
    has(
        &report,
        "minor Client::restart_job: (&self) -> builder::RestartJob<'_> added",
    );

    let report = run(|_, n| {
        at(n, "/paths")
            .as_object_mut()
            .unwrap()
            .remove("/jobs/{job_guid}/resume");
    });
    assert_eq!(report.semver, Semver::Major);
    has(
        &report,
        "major Client::resume_job: (&self) -> builder::ResumeJob<'_> removed",
    );

    let report = run(|_, n| *at(n, &format!("{RESUME}/get/operationId")) = json!("restartJob"));
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major builder::ResumeJob → RestartJob");
    has(&report, "major Client::resume_job → restart_job");
}

/// An operation MX published without an id has the name build.rs gives it
/// (`readJobResume`); when MX later adds its own (`resumeJob`), the diff
/// reports the renamed method and builder with their semver impact.
#[test]
fn mx_adding_its_own_id_renames_the_derived_name() {
    let report = run(|o, _| {
        at(o, &format!("{RESUME}/get"))
            .as_object_mut()
            .unwrap()
            .remove("operationId");
    });
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major Client::read_job_resume → resume_job");
    has(&report, "major builder::ReadJobResume → ResumeJob");

    // The other way (MX drops its id): reported too, and the name is listed.
    let report = run(|_, n| {
        at(n, &format!("{RESUME}/get"))
            .as_object_mut()
            .unwrap()
            .remove("operationId");
    });
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major Client::resume_job → read_job_resume");
    let rust = report.rust.as_ref().unwrap();
    assert_eq!(rust.named_operations, ["GET /jobs/{job_guid}/resume → readJobResume"]);
}

#[test]
fn path_parameter_renamed_is_major() {
    let report = run(|_, n| {
        let paths = at(n, "/paths").as_object_mut().unwrap();
        let mut item = paths.remove("/jobs/{job_guid}/resume").unwrap();
        item["get"]["parameters"][0]["name"] = json!("guid");
        paths.insert("/jobs/{guid}/resume".into(), item);
    });
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major builder::ResumeJob::job_guid → guid");
    let change = report
        .rust
        .as_ref()
        .unwrap()
        .changes
        .iter()
        .find(|c| c.path == "builder::ResumeJob::guid")
        .unwrap();
    assert_eq!(
        change.cause.as_deref(),
        Some("path `GET /jobs/{job_guid}/resume` → `GET /jobs/{guid}/resume`")
    );
}

#[test]
fn query_parameter_added_removed_renamed() {
    let parameter = |name: &str, required: bool| json!({"name": name, "in": "query", "required": required, "schema": {"type": "string"}});
    let push = |v: &mut Value, p: Value| {
        at(v, &format!("{RESUME}/get/parameters"))
            .as_array_mut()
            .unwrap()
            .push(p)
    };
    let report = run(|_, n| push(n, parameter("reason", false)));
    assert_eq!(report.semver, Semver::Minor);
    // The setter takes the value; leaving it out sends no `reason`.
    has(&report, "minor builder::ResumeJob::reason: String added");

    let report = run(|_, n| push(n, parameter("reason", true)));
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major builder::ResumeJob::reason: String added (required)");

    let report = run(|o, _| push(o, parameter("reason", false)));
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major builder::ResumeJob::reason: String removed");

    let report = run(|o, n| {
        push(o, parameter("reason", false));
        push(n, parameter("cause", false));
    });
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major builder::ResumeJob::reason → cause");
}

#[test]
fn schema_renamed_is_major() {
    let report = run(|_, n| {
        // The schema's key and every `$ref` to it.
        let text = serde_json::to_string(n).unwrap().replace("JobResponse\"", "Job\"");
        *n = serde_json::from_str(&text).unwrap();
    });
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major types::JobResponse → Job");
}

/// The request body of createMemberCredentials, inline instead of the
/// `MemberCredentialRequestBody` component (which is removed).
fn inline_credential_body(spec: &mut Value) {
    let schemas = at(spec, "/components/schemas").as_object_mut().unwrap();
    let body = schemas.remove("MemberCredentialRequestBody").unwrap();
    let content = at(spec, &format!("{CREDENTIALS}/post/requestBody/content"));
    for media in content.as_object_mut().unwrap().values_mut() {
        media["schema"] = body.clone();
    }
}

const CREDENTIALS: &str = "/paths/~1members~1{member_guid}~1credentials";

/// progenitor names an inline body after its operation, so a body that
/// becomes inline (or whose operation is renamed) gives its type a new name:
/// reported as the rename it is, with the spec change behind it, even when
/// the body's fields change at the same time. (No overlay: it edits the
/// body component.)
#[test]
fn a_body_type_renamed_by_the_spec_is_explained() {
    let plain = Options {
        overlay: None,
        rust: true,
    };
    let report = run_with(&plain, |_, n| {
        inline_credential_body(n);
        at(n, &format!("{CREDENTIALS}/post/requestBody/content"))
            .as_object_mut()
            .unwrap()
            .values_mut()
            .for_each(|media| {
                media["schema"]["properties"]["note"] = json!({"type": "string"});
            });
    });
    has(
        &report,
        "major types::MemberCredentialRequestBody → CreateMemberCredentialsBody",
    );
    // Its members are compared under the new name, not reported as a
    // whole type removed and another added.
    let all = lines(&report);
    assert!(
        all.iter()
            .any(|l| l.ends_with(" types::CreateMemberCredentialsBody::note: Option<String> added")),
        "{all:#?}"
    );
    assert!(
        !all.iter()
            .any(|l| l.contains("removed") && l.contains("MemberCredentialRequestBody")),
        "{all:#?}"
    );
    let text = report.render(Format::Text);
    assert!(
        text.contains(
            "  major  types::MemberCredentialRequestBody → CreateMemberCredentialsBody\n\
             \x20        code naming `types::MemberCredentialRequestBody` no longer compiles; the same goes for its builder, `types::builder::MemberCredentialRequestBody → CreateMemberCredentialsBody`\n\
             \x20        spec: the request body of `POST /members/{member_guid}/credentials` is an inline schema, no longer `MemberCredentialRequestBody`: progenitor names an inline body after its operation\n"
        ),
        "{text}"
    );

    // An inline body whose operation is renamed.
    let report = run_with(&plain, |o, n| {
        inline_credential_body(o);
        inline_credential_body(n);
        *at(n, &format!("{CREDENTIALS}/post/operationId")) = json!("addMemberCredentials");
    });
    has(&report, "major builder::CreateMemberCredentials → AddMemberCredentials");
    let change = report
        .rust
        .as_ref()
        .unwrap()
        .changes
        .iter()
        .find(|c| c.path == "types::AddMemberCredentialsBody")
        .unwrap_or_else(|| panic!("{:#?}", lines(&report)));
    assert_eq!(
        change.message,
        "types::CreateMemberCredentialsBody → AddMemberCredentialsBody"
    );
    assert_eq!(
        change.cause.as_deref(),
        Some(
            "operationId `createMemberCredentials` → `addMemberCredentials`, and progenitor names an inline body after its operation"
        )
    );
}

/// Two parameters with one Rust name (`job_guid` in the path, `job-guid`
/// in the query): progenitor binds both to one identifier, so build.rs
/// leaves the operation out of the crate (and so of the CLI), and the
/// report says so; the method goes away, which is major.
#[test]
fn an_operation_whose_parameters_share_a_name_is_left_out_and_reported() {
    let report = run(|_, n| {
        at(n, &format!("{RESUME}/get/parameters"))
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "job-guid", "in": "query", "schema": {"type": "string"}}));
    });
    let rust = report.rust.as_ref().unwrap();
    let why = "GET /jobs/{job_guid}/resume (resumeJob): two parameters are both `job_guid`";
    assert_eq!(rust.unsupported, [why]);
    assert!(rust.cli_left_out.is_empty(), "{:?}", rust.cli_left_out);
    assert_eq!(report.semver, Semver::Major);
    has(
        &report,
        "major Client::resume_job: (&self) -> builder::ResumeJob<'_> removed",
    );
    let text = report.render(Format::Text);
    assert!(text.contains(why), "{text}");
    let json: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(json["rust"]["unsupported"], json!([why]));
}

#[test]
fn an_overlay_action_that_no_longer_applies_is_named() {
    let report = run(|_, n| {
        let properties = at(n, "/components/schemas/CredentialsResponse/properties")
            .as_object_mut()
            .unwrap();
        let label = properties.remove("label").unwrap();
        properties.insert("caption".into(), label);
    });
    let rust = report.rust.as_ref().unwrap();
    assert_eq!(rust.stale_overlay.len(), 1, "{:?}", rust.stale_overlay);
    assert!(rust.stale_overlay[0].contains("$.components.schemas.CredentialsResponse.properties.label"));
    // Without the overlay's type, `caption` is untyped JSON.
    has(
        &report,
        "major types::CredentialsResponse::label: Option<String> removed",
    );
}

#[test]
fn platform_specs() {
    let (Some(old), Some(new)) = (platform("v20111101.yml"), platform("v20250224.yml")) else {
        return;
    };
    let start = std::time::Instant::now();
    let report = diff_prepared(
        &old,
        &new,
        &Options {
            overlay: None,
            rust: true,
        },
    )
    .unwrap();
    eprintln!("Platform pair, spec + Rust diff: {:?}", start.elapsed());
    assert_eq!(report.semver, Semver::Major);
    has(&report, "major builder::AggregateMember::user_guid → user_identifier");
    has(
        &report,
        "major builder::AggregateMember::accept_version: String added (required)",
    );
    has(
        &report,
        "major types::InstitutionResponse::iso_country_code: Option<String> → Option<InstitutionResponseIsoCountryCode>",
    );
    has(
        &report,
        "minor Client::merge_accounts: (&self) -> builder::MergeAccounts<'_> added",
    );
    let rust = report.rust.as_ref().unwrap();
    // The statement PDF is a call (`send_stream`), not left out.
    assert!(rust.unsupported.is_empty(), "{:?}", rust.unsupported);
    // The widget request body, inline in NEW, is the same type renamed.
    has(&report, "major types::WidgetRequestBody → RequestWidgetUrlBody");

    // What a reviewer reads first, at 170 operations: the verdict, the wire,
    // the operations, then one line per tag.
    let text = report.render(Format::Text);
    let (summary, details) = text.split_once("\n\n== ").unwrap();
    let summary: Vec<&str> = summary.lines().collect();
    assert!(summary[0].starts_with("semver: major (Rust API, "), "{}", summary[0]);
    assert!(
        summary[1].starts_with("wire: ") && summary[1].ends_with("(a client written for OLD can fail against NEW)"),
        "{}",
        summary[1]
    );
    let count = |spec: &Value| xtask::codegen::pipeline::each_operation(spec).count();
    assert!(
        summary[2].starts_with(&format!("operations: {} → {}: ", count(&old), count(&new))),
        "{}",
        summary[2]
    );
    // The operations added and removed, by name.
    assert!(
        summary.contains(&"  + POST /users/{user_guid}/accounts/merge (mergeAccounts)"),
        "{summary:#?}"
    );
    assert!(
        summary.contains(&"  - POST /users/{user_guid}/connect_widget_url (requestConnectWidgetURL)"),
        "{summary:#?}"
    );
    assert!(summary.len() < 45, "{}", summary.join("\n"));
    let row = |tag: &str| {
        let line = summary
            .iter()
            .find(|l| l.starts_with(&format!("{tag}  ")))
            .unwrap_or_else(|| panic!("no {tag} row in {summary:#?}"));
        line[tag.len()..]
            .split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    // ops, added, removed, changed, Rust, spec, semver
    assert_eq!(row("widgets")[2], "1", "{:?}", row("widgets"));
    assert_eq!(row("accounts")[1], "1", "{:?}", row("accounts"));
    assert_eq!(row("shared")[2], "major", "{:?}", row("shared"));
    // The details follow, tag by tag, "shared" last.
    let headings: Vec<&str> = std::iter::once(details)
        .chain(details.split("\n== ").skip(1))
        .map(|d| d.split([':', ' ']).next().unwrap())
        .collect();
    assert_eq!(headings.last(), Some(&"shared"), "{headings:?}");
    let json: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(
        json["by_tag"]["widgets"]["removed"],
        json!(["POST /users/{user_guid}/connect_widget_url"])
    );
    assert_eq!(
        json["by_tag"]["accounts"]["added"],
        json!(["POST /users/{user_guid}/accounts/merge"])
    );
}
