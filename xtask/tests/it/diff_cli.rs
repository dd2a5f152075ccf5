//! `cargo xtask diff` as a command: exit codes, output formats, bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::support::{manifest_dir, stderr, stdout};

fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures/diff").join(name)
}

/// The fixtures are generic OpenAPI documents, not the Nexus spec: the
/// crate's overlay (which adds readJob) does not belong on them.
fn diff(old: &str, new: &str, flags: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .arg(fixture(old))
        .arg(fixture(new))
        .arg("--no-overlay")
        .args(flags)
        .output()
        .expect("runs xtask")
}

#[test]
fn identical_specs_exit_0_with_no_changes() {
    let o = diff("old.yaml", "old.yaml", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The item count is whatever the fixture generates; both sides agree.
    let out = stdout(&o);
    let (first, rest) = out.split_once('\n').unwrap();
    let count = first
        .strip_prefix("Rust API (")
        .and_then(|t| t.strip_suffix(" public items): 0 changes"))
        .unwrap_or_else(|| panic!("{out}"));
    let (old, new) = count.split_once(" → ").unwrap();
    assert_eq!(old, new, "{out}");
    assert_eq!(
        rest,
        "0 breaking, 0 warning, 0 info; semver: none (Rust API: 0 changes)\n"
    );
}

#[test]
fn yaml_and_json_of_the_same_spec_do_not_differ() {
    let o = diff("old.yaml", "old.json", &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["semver"], "none");
}

#[test]
fn breaking_change_exits_1_unless_fail_on_never() {
    let o = diff("old.yaml", "new_breaking.yaml", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("new-required-request-property POST /jobs"), "{text}");
    assert!(text.lines().last().unwrap().starts_with("3 breaking,"), "{text}");

    let o = diff("old.yaml", "new_breaking.yaml", &["--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0));
    let o = diff("old.yaml", "new_breaking.yaml", &["--fail-on", "warning"]);
    assert_eq!(o.status.code(), Some(1));
}

/// A removed request property is a warning on the wire, and a field users'
/// code sets that no longer exists in Rust: `breaking` (the default) fails
/// on it, `wire` only with `--fail-on warning`.
#[test]
fn warning_fails_with_fail_on_warning_and_by_default_through_the_rust_api() {
    let o = diff("old.yaml", "new_warning.yaml", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("request-property-removed"));
    assert!(stdout(&o).contains("semver: major"), "{}", stdout(&o));
    let o = diff("old.yaml", "new_warning.yaml", &["--fail-on", "wire"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = diff("old.yaml", "new_warning.yaml", &["--fail-on", "warning"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn json_output_has_the_documented_shape() {
    let o = diff(
        "old.yaml",
        "new_breaking.yaml",
        &["--format", "json", "--fail-on", "never"],
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["changes", "summary", "semver", "spec_semver", "rust"]);
    let rust = &v["rust"]["changes"];
    assert!(
        rust.as_array().unwrap().iter().any(|c| c["path"] == "types::Job::guid"
            && c["change"] == "retyped"
            && c["from"] == "String"
            && c["to"] == "i64"
            && c["semver"] == "major"),
        "{rust}"
    );
    assert_eq!(
        v["summary"],
        serde_json::json!({"breaking": 3, "warning": 0, "info": 0})
    );
    assert_eq!(v["semver"], "major");
    for c in v["changes"].as_array().unwrap() {
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "level", "operation", "location", "message"]);
        assert_eq!(c["level"], "breaking");
    }
    let first = &v["changes"][0];
    assert_eq!(first["id"], "response-property-type-changed");
    assert_eq!(first["operation"], "GET /jobs/{job_guid}");
    assert_eq!(
        first["location"],
        "/paths/~1jobs~1{job_guid}/get/responses/200/content/application~1json/schema/properties/job/properties/guid"
    );
}

#[test]
fn markdown_has_a_heading_per_level_and_a_bullet_per_change() {
    let o = diff("old.yaml", "new_minor.yaml", &["--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    let md = stdout(&o);
    assert!(md.starts_with("### API changes\n"), "{md}");
    assert!(md.contains("semver: minor"), "{md}");
    assert!(md.contains("#### Additions (Rust)\n\n- `Client::health: "), "{md}");
    assert!(
        md.contains("#### Other changes\n\n- `GET /health`: endpoint added (`endpoint-added`)\n"),
        "{md}"
    );
    assert!(!md.contains("#### Breaking"), "{md}");
    let o = diff("old.yaml", "new_breaking.yaml", &["--format", "markdown"]);
    let md = stdout(&o);
    assert!(md.contains("#### Breaking\n\n- `GET /jobs/{job_guid}`: "), "{md}");
    assert!(
        md.contains(
            "- `POST /jobs`: added the new required request property `owner` (`new-required-request-property`)\n"
        ),
        "{md}"
    );
}

/// Bad input exits 2 with one `error: ...` line naming the file, and no stdout.
fn assert_bad_input(old: &str, new: &str, bad_file: &str, words: &str) {
    let o = diff(old, new, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(stdout(&o).is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(bad_file), "{err}");
    assert!(err.contains(words), "{err}");
}

#[test]
fn missing_file_exits_2() {
    assert_bad_input("old.yaml", "does-not-exist.yaml", "does-not-exist.yaml", "cannot read");
}

#[test]
fn not_yaml_exits_2() {
    assert_bad_input("not_yaml.txt", "old.yaml", "not_yaml.txt", "not valid YAML or JSON");
}

#[test]
fn swagger_2_exits_2() {
    assert_bad_input(
        "swagger2.yaml",
        "old.yaml",
        "swagger2.yaml",
        "Swagger 2.0 is not supported",
    );
}

#[test]
fn openapi_3_1_exits_2() {
    assert_bad_input(
        "old.yaml",
        "openapi31.yaml",
        "openapi31.yaml",
        "OpenAPI 3.1.0 is not supported",
    );
}

#[test]
fn dangling_ref_exits_2() {
    assert_bad_input(
        "old.yaml",
        "dangling_ref.yaml",
        "dangling_ref.yaml",
        "dangling $ref `#/components/schemas/Jobb`",
    );
}

#[test]
fn a_directory_exits_2() {
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", env!("CARGO_MANIFEST_DIR")])
        .arg(fixture("old.yaml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1);
}
