//! build.rs failures must say which spec file and which operation caused
//! them. Each case copies build.rs and the spec into a scratch crate that has
//! only the build dependencies, breaks the spec or the overlay, and runs
//! `cargo check` on it.

use std::path::{Path, PathBuf};
use std::process::Command;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// A scratch crate named `mx-nexus-<name>` (one name per case: cargo keys
/// build-script output by package name, not path) with this crate's build.rs, spec and overlay, and the same
/// build dependencies (pinned by a copy of Cargo.lock).
fn scratch_crate(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("openapi/nexus")).unwrap();
    std::fs::create_dir_all(dir.join("build")).unwrap();
    let manifest = std::fs::read_to_string(Path::new(MANIFEST_DIR).join("Cargo.toml")).unwrap();
    let build_deps = manifest
        .split("\n[build-dependencies]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("Cargo.toml has [build-dependencies]");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"mx-nexus-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [build-dependencies]\n{build_deps}\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), "").unwrap();
    for entry in std::fs::read_dir(Path::new(MANIFEST_DIR).join("build")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("build").join(path.file_name().unwrap())).unwrap();
    }
    for file in [
        "build.rs",
        "Cargo.lock",
        "openapi/nexus/v1.yaml",
        "openapi/nexus/overlay.yaml",
    ] {
        std::fs::copy(Path::new(MANIFEST_DIR).join(file), dir.join(file)).unwrap();
    }
    dir
}

/// Replaces the first `from` in a file of the scratch crate.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Runs `cargo check` on the scratch crate and returns its stderr; it must fail.
fn failing_check(dir: &Path) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--offline"])
        .current_dir(dir)
        // One target dir for every case, so the build dependencies compile once.
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script-target"),
        )
        .output()
        .expect("cargo runs");
    assert!(!output.status.success(), "the broken spec built");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn generation_errors_name_the_spec_file_and_the_operation() {
    let dir = scratch_crate("unsupported-media-type");
    // progenitor cannot generate an XML request body.
    let from = "requestBody:\n        content:\n          application/vnd.mx.nexus.v1+json:";
    edit(
        &dir,
        "openapi/nexus/v1.yaml",
        from,
        "requestBody:\n        content:\n          application/xml:",
    );

    let stderr = failing_check(&dir);

    assert!(stderr.contains("openapi/nexus/v1.yaml"), "{stderr}");
    assert!(
        stderr.contains("operation createMemberCredentials (POST /members/{member_guid}/credentials)"),
        "{stderr}"
    );
    assert!(stderr.contains("application/xml"), "{stderr}");
}

#[test]
fn a_stale_overlay_action_fails_the_build_and_names_the_action() {
    let dir = scratch_crate("stale-overlay");
    // Upstream renames a schema the overlay corrects.
    edit(
        &dir,
        "openapi/nexus/v1.yaml",
        "    CredentialsResponse:\n",
        "    CredentialResponse:\n",
    );

    let stderr = failing_check(&dir);

    assert!(
        stderr.contains("openapi/nexus/overlay.yaml no longer applies"),
        "{stderr}"
    );
    assert!(
        stderr.contains("CredentialsResponse.properties.answer_field_type"),
        "{stderr}"
    );
}

#[test]
fn a_spec_that_is_not_openapi_names_the_place_and_the_operation() {
    let dir = scratch_crate("bad-parameter");
    edit(&dir, "openapi/nexus/v1.yaml", "in: path", "in: nowhere");

    let stderr = failing_check(&dir);

    assert!(
        stderr.contains("v1.yaml + openapi/nexus/overlay.yaml is not an OpenAPI 3.0 document"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "operation listJobMfaCredentials (GET /jobs/{job_guid}/mfa_credentials): unknown variant `nowhere`"
        ),
        "{stderr}"
    );
}

#[test]
fn build_script_reruns_only_when_the_spec_the_overlay_or_itself_change() {
    let dir = scratch_crate("rerun-lines");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--offline", "--message-format=json"])
        .current_dir(&dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script-target"),
        )
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    // cargo reports where the build script wrote; its printed directives sit
    // in `output` beside that directory.
    let out_dir = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|message| {
            message["reason"] == "build-script-executed"
                && message["package_id"]
                    .as_str()
                    .is_some_and(|id| id.contains("mx-nexus-rerun-lines"))
        })
        .and_then(|message| message["out_dir"].as_str().map(PathBuf::from))
        .expect("the build script ran");
    let directives = std::fs::read_to_string(out_dir.parent().unwrap().join("output")).unwrap();
    let reruns: Vec<&str> = directives.lines().filter(|l| l.contains("rerun-if")).collect();

    assert_eq!(
        reruns,
        [
            "cargo:rerun-if-changed=build.rs",
            "cargo:rerun-if-changed=build",
            "cargo:rerun-if-changed=openapi/nexus/v1.yaml",
            "cargo:rerun-if-changed=openapi/nexus/overlay.yaml",
        ]
    );
    assert!(out_dir.join("nexus.rs").exists());
}
