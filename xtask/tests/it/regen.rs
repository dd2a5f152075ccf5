//! `cargo xtask regen --check`: sync, diff against the vendored spec, change nothing.

use std::path::Path;
use std::process::Command;

use crate::support::{fixture_pages, workspace_root};

fn regen_check(pages: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--check", "--pages"])
        .arg(pages)
        .output()
        .expect("xtask runs")
}

#[test]
fn regen_check_on_the_seed_pages_finds_the_vendored_spec_up_to_date() {
    let output = regen_check(&fixture_pages());

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("openapi/nexus/v1.yaml is up to date"), "{stdout}");
}

#[test]
fn regen_check_reports_a_breaking_upstream_change_and_writes_nothing() {
    let pages = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture_pages()).unwrap() {
        let entry = entry.unwrap();
        let mut text = std::fs::read_to_string(entry.path()).unwrap();
        // Upstream makes `metadata` a required request property.
        text = text.replace(
            "      required:\n        - credential_guid\n",
            "      required:\n        - metadata\n        - credential_guid\n",
        );
        std::fs::write(pages.path().join(entry.file_name()), text).unwrap();
    }
    let vendored = workspace_root().join("openapi/nexus/v1.yaml");
    let before = std::fs::read(&vendored).unwrap();

    let output = regen_check(pages.path());

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The summary first (after the sync's line), then the details by tag.
    let mut lines = stdout.lines();
    assert!(lines.next().unwrap().starts_with("synced "), "{stdout}");
    assert!(
        lines.next().unwrap().starts_with("semver: major (Rust API, "),
        "{stdout}"
    );
    assert!(lines.next().unwrap().starts_with("wire: 1 breaking, "), "{stdout}");
    assert!(
        stdout.contains(
            "\n== member credentials: 1 operation: 1 changed (semver: major) ==\n\n\
             POST /members/{member_guid}/credentials (createMemberCredentials): changed\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n  breaking request-property-became-required: "),
        "{stdout}"
    );
    assert!(stdout.contains("crate version bump needed: major"), "{stdout}");
    // What users' code meets, from the Rust API generated with the overlay.
    assert!(
        stdout.contains("major  types::MemberCredentialRequest::metadata: Option<String> → String\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("spec: `MemberCredentialRequest.metadata` became required"),
        "{stdout}"
    );
    let markdown = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--check", "--format", "markdown", "--pages"])
        .arg(pages.path())
        .output()
        .unwrap();
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(
        markdown.contains(
            "\n#### member credentials\n\n1 operation: 1 changed; semver: major.\n\n\
             **Breaking changes (Rust)**\n\n- `types::MemberCredentialRequest::metadata: Option<String> → String`"
        ),
        "{markdown}"
    );
    assert_eq!(
        std::fs::read(&vendored).unwrap(),
        before,
        "--check wrote the vendored spec"
    );
}

#[test]
fn regen_with_a_page_that_does_not_parse_is_an_error_and_writes_nothing() {
    let pages = tempfile::tempdir().unwrap();
    std::fs::write(
        pages.path().join("broken.md"),
        "# Broken\n\n````yaml openapi/nexus/v1.yaml GET /x\nopenapi: [3.0.0\n````\n",
    )
    .unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--pages"])
        .arg(pages.path())
        .output()
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("broken.md"),
        "{stderr}"
    );
}
