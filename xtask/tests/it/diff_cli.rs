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
    assert_eq!(
        stdout(&o),
        "semver: none (Rust API: 0 changes)\n\
         wire: 0 breaking, 0 warning, 0 info (nothing breaks on the wire)\n\
         operations: 2 → 2: 0 added, 0 removed, 0 changed\n"
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
    assert!(text.starts_with("semver: major (Rust API, "), "{text}");
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("wire: 3 breaking, 0 warning, 0 info"),
        "{text}"
    );
    assert!(
        text.contains("\nPOST /jobs (createJob): changed\n")
            && text.contains(
                "\n  breaking new-required-request-property: added the new required request property `owner` ["
            ),
        "{text}"
    );

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
    assert_eq!(keys, ["changes", "summary", "by_tag", "semver", "spec_semver", "rust"]);
    let rust = &v["rust"]["changes"];
    // Reached by both jobs operations: listed under their tag, not one operation.
    assert!(
        rust.as_array().unwrap().iter().any(|c| c["path"] == "types::Job::guid"
            && c["change"] == "retyped"
            && c["from"] == "String"
            && c["to"] == "i64"
            && c["semver"] == "major"
            && c["builder"] == "types::builder::Job::guid"
            && c["tag"] == "jobs"
            && c.get("operation").is_none()),
        "{rust}"
    );
    assert!(
        rust.as_array()
            .unwrap()
            .iter()
            .any(|c| c["path"] == "types::JobRequest::owner" && c["tag"] == "jobs" && c["operation"] == "POST /jobs"),
        "{rust}"
    );
    assert_eq!(
        v["by_tag"],
        serde_json::json!({"jobs": {
            "operations": 2,
            "added": [],
            "removed": [],
            "changed": ["GET /jobs/{job_guid}", "POST /jobs"],
            "semver": "major",
            "wire": {"breaking": 3, "warning": 0, "info": 0},
            "rust_changes": 3
        }})
    );
    assert_eq!(
        v["summary"],
        serde_json::json!({"breaking": 3, "warning": 0, "info": 0})
    );
    assert_eq!(v["semver"], "major");
    for c in v["changes"].as_array().unwrap() {
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "level", "operation", "location", "message", "tag"]);
        assert_eq!(c["level"], "breaking");
        assert_eq!(c["tag"], "jobs");
    }
    let first = &v["changes"][0];
    assert_eq!(first["id"], "response-property-type-changed");
    assert_eq!(first["operation"], "GET /jobs/{job_guid}");
    assert_eq!(
        first["location"],
        "/paths/~1jobs~1{job_guid}/get/responses/200/content/application~1json/schema/properties/job/properties/guid"
    );
}

/// The text report: the verdict, what breaks on the wire and the
/// operations first, a line per tag with a change, then the details by tag
/// and, under it, by operation (the types several of them use last).
#[test]
fn text_gives_the_summary_first_then_the_changes_by_tag() {
    let o = diff("old.yaml", "new_breaking.yaml", &[]);
    let text = stdout(&o);
    let (summary, details) = text.split_once("\n\n== ").unwrap_or_else(|| panic!("{text}"));
    let summary: Vec<&str> = summary.lines().collect();
    assert!(summary[0].starts_with("semver: major (Rust API, ") && summary[0].ends_with(": 3 changes, 3 major)"));
    assert_eq!(
        summary[1..],
        [
            "wire: 3 breaking, 0 warning, 0 info (a client written for OLD can fail against NEW)",
            "operations: 2 → 2: 0 added, 0 removed, 2 changed",
            "",
            "tag   ops  added  removed  changed  Rust  spec  semver",
            "jobs    2      0        0        2     3     3  major",
        ]
    );
    let at = |needle: &str| {
        details
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in {details}"))
    };
    assert!(
        details.starts_with("jobs: 2 operations: 2 changed (semver: major) ==\n"),
        "{details}"
    );
    assert!(at("\nGET /jobs/{job_guid} (readJob): changed\n") < at("\nPOST /jobs (createJob): changed\n"));
    assert!(
        at("\nPOST /jobs (createJob): changed\n")
            < at("\ntypes several of these operations use:\n  major  types::Job::guid: String → i64\n")
    );
    // Within an operation: its Rust changes, then its spec changes, the worst first.
    assert!(
        at("  major  types::JobRequest::owner: String added (required)\n")
            < at("  breaking new-required-request-property: ")
    );

    // Operations without a tag are "untagged"; tags without a change are not listed.
    let o = diff("old.yaml", "new_minor.yaml", &[]);
    let text = stdout(&o);
    assert!(
        text.contains("\nuntagged    1      1        0        0     2     1  minor\n"),
        "{text}"
    );
    assert!(!text.contains("jobs"), "{text}");
    assert!(
        text.contains("operations: 2 → 3: 1 added, 0 removed, 0 changed\n  + GET /health (health)\n\n"),
        "{text}"
    );
    assert!(text.contains("\n== untagged: 1 operation: 1 added (semver: minor) ==\n\nGET /health (health): added\n  minor  Client::health: "), "{text}");
}

#[test]
fn markdown_groups_the_changes_by_tag_like_the_text() {
    let o = diff("old.yaml", "new_minor.yaml", &["--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    let md = stdout(&o);
    assert!(
        md.starts_with("### API changes\n\n**semver: minor** (Rust API, "),
        "{md}"
    );
    assert!(md.contains(".\n\n- Added `GET /health` (`health`)\n\n| tag |"), "{md}");
    assert!(
        md.contains(
            "| tag | operations | added | removed | changed | Rust changes | spec changes | semver |\n\
             | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n\
             | untagged | 1 | 1 | 0 | 0 | 2 | 1 | minor |\n"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "\n#### untagged\n\n1 operation: 1 added; semver: minor.\n\n**Additions (Rust)**\n\n- `Client::health: "
        ),
        "{md}"
    );
    assert!(
        md.contains("**Other changes**\n\n- `GET /health`: endpoint added (`endpoint-added`)\n"),
        "{md}"
    );
    assert!(!md.contains("Breaking"), "{md}");
    let o = diff("old.yaml", "new_breaking.yaml", &["--format", "markdown"]);
    let md = stdout(&o);
    assert!(
        md.contains("\n#### jobs\n\n2 operations: 2 changed; semver: major.\n"),
        "{md}"
    );
    assert!(
        md.contains("**Breaking on the wire**\n\n- `GET /jobs/{job_guid}`: "),
        "{md}"
    );
    assert!(
        md.contains(
            "- `POST /jobs`: added the new required request property `owner` (`new-required-request-property`)\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("**Breaking changes (Rust)**\n\n- `types::JobRequest: Default removed`"),
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

/// `cargo xtask diff A B | head`: the reader goes away after a few bytes of
/// a report far larger than a pipe's buffer (MX's Platform pair, as JSON);
/// the command ends quietly (0, no panic on stderr), as Unix tools do.
#[test]
fn a_reader_that_stops_early_is_no_panic() {
    use std::io::Read as _;
    use std::process::Stdio;

    let (Some(old), Some(new)) = (
        xtask::scale::platform_spec("v20111101.yml"),
        xtask::scale::platform_spec("v20250224.yml"),
    ) else {
        eprintln!("SKIPPED: ../shared/specs/mx-platform is missing");
        return;
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "diff",
            "--no-overlay",
            "--spec-only",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .arg(old)
        .arg(new)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, with most of the report unwritten.
    let output = child.wait_with_output().unwrap();
    assert_eq!(first[0], b'{');
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}
