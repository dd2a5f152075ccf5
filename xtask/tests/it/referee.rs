//! cargo-semver-checks as the referee of the Rust API diff (issue 14): for
//! spec pairs where it has a lint, the two verdicts must agree; where it has
//! none (a changed field type), the diff's `major` stands and the referee
//! must not call it a break either way it cannot see.
//!
//! `#[ignore]`d: each pair builds the crate twice and its rustdoc JSON (1–3
//! minutes on 2 cores once `target/semver-checks` has the dependencies, 4
//! minutes more the first time), and it needs `cargo install --locked
//! cargo-semver-checks`. A maintainer runs it with
//! `cargo test -p xtask --test it -- --ignored referee::`; without the tool
//! each test says SKIPPED and passes.

use serde_json::{Value, json};
use xtask::diff::Semver;
use xtask::semver_checks::judge;

use crate::support::{nexus, nexus_overlay, platform};

/// Judges the Nexus spec against an edit of it and checks both verdicts.
fn expect(edit: impl FnOnce(&mut Value), diff: Semver, referee_major: bool) {
    let old = nexus();
    let mut new = old.clone();
    edit(&mut new);
    check(&old, &new, Some(&nexus_overlay()), diff, referee_major);
}

/// One pair at a time: every pair builds a crate named `mx-nexus` into the
/// same `target/semver-checks`.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn check(old: &Value, new: &Value, overlay: Option<&Value>, diff: Semver, referee_major: bool) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let judgement = judge(old, new, overlay).unwrap();
    assert_eq!(judgement.diff, diff, "the Rust API diff's verdict");
    match judgement.referee_major {
        None => eprintln!("SKIPPED: cargo-semver-checks is not installed; only the diff's verdict was checked"),
        Some(major) => {
            assert_eq!(
                major, referee_major,
                "cargo-semver-checks said:\n{}",
                judgement.referee_report
            );
            assert!(!judgement.disagrees());
        }
    }
}

const RESUME: &str = "/paths/~1jobs~1{job_guid}~1resume";
const JOB: &str = "/components/schemas/JobResponse";

#[test]
#[ignore = "minutes per pair; needs cargo-semver-checks"]
fn description_only_is_patch_for_both() {
    expect(
        |spec| {
            spec.pointer_mut(&format!("{RESUME}/get/summary"))
                .map(|s| *s = json!("Resume a job"))
                .unwrap()
        },
        Semver::Patch,
        false,
    );
}

#[test]
#[ignore = "minutes per pair; needs cargo-semver-checks"]
fn operation_added_is_minor_for_both() {
    expect(
        |spec| {
            let mut operation = spec.pointer(&format!("{RESUME}/get")).unwrap().clone();
            operation["operationId"] = json!("copyJob");
            spec["paths"]["/jobs/{job_guid}/copy"] = json!({ "get": operation });
        },
        Semver::Minor,
        false,
    );
}

#[test]
#[ignore = "minutes per pair; needs cargo-semver-checks"]
fn optional_response_property_added_is_minor_for_both() {
    expect(
        |spec| spec.pointer_mut(&format!("{JOB}/properties")).unwrap()["note"] = json!({"type": "string"}),
        Semver::Minor,
        false,
    );
}

#[test]
#[ignore = "minutes per pair; needs cargo-semver-checks"]
fn operation_removed_is_major_for_both() {
    expect(
        |spec| {
            spec["paths"].as_object_mut().unwrap().remove("/jobs/{job_guid}/resume");
        },
        Semver::Major,
        true,
    );
}

#[test]
#[ignore = "minutes per pair; needs cargo-semver-checks"]
fn path_parameter_renamed_is_major_for_both() {
    expect(
        |spec| {
            let paths = spec["paths"].as_object_mut().unwrap();
            let mut item = paths.remove("/jobs/{job_guid}/resume").unwrap();
            for parameter in item["get"]["parameters"].as_array_mut().unwrap() {
                if parameter["name"] == "job_guid" {
                    parameter["name"] = json!("guid");
                }
            }
            paths.insert("/jobs/{guid}/resume".to_owned(), item);
        },
        Semver::Major,
        true,
    );
}

#[test]
#[ignore = "minutes per pair; needs cargo-semver-checks"]
fn response_property_removed_is_major_for_both() {
    expect(
        |spec| {
            spec.pointer_mut(&format!("{JOB}/properties"))
                .unwrap()
                .as_object_mut()
                .unwrap()
                .remove("error_message");
        },
        Semver::Major,
        true,
    );
}

/// No lint: cargo-semver-checks passes a field whose type changes
/// (`Vec<serde_json::Value>` → `Vec<String>`); the diff's major stands.
#[test]
#[ignore = "minutes per pair; needs cargo-semver-checks"]
fn array_items_added_is_major_where_the_referee_has_no_lint() {
    expect(
        |spec| {
            spec.pointer_mut(&format!("{JOB}/properties")).unwrap()["labels"] = json!({"type": "array"});
        },
        Semver::Minor,
        false,
    );
    let mut old = nexus();
    old.pointer_mut(&format!("{JOB}/properties")).unwrap()["labels"] = json!({"type": "array"});
    let mut new = old.clone();
    new.pointer_mut(&format!("{JOB}/properties/labels")).unwrap()["items"] = json!({"type": "string"});
    check(&old, &new, Some(&nexus_overlay()), Semver::Major, false);
}

/// MX's two Platform specs, each with the Nexus spec as `cargo xtask scale`
/// merges them (the hand-written layer needs the Nexus types to build).
#[test]
#[ignore = "minutes per pair; needs cargo-semver-checks"]
fn the_platform_pair_is_major_for_both() {
    let (Some(old), Some(new)) = (platform("v20111101.yml"), platform("v20250224.yml")) else {
        return;
    };
    let (old, new) = (
        xtask::scale::scale_spec(&nexus(), &old, 0),
        xtask::scale::scale_spec(&nexus(), &new, 0),
    );
    check(&old, &new, Some(&nexus_overlay()), Semver::Major, true);
}
