//! `--fail-on`: the default, `breaking`, fails on what breaks users, on the
//! wire or in their Rust code; `wire` on the wire only (oasdiff's ERR).

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::json;

use crate::support::{manifest_dir, stderr, stdout, xtask};

/// `cargo xtask diff OLD NEW` on two texts (no overlay: they are not the
/// Nexus spec), with `flags`.
fn diff(old: &str, new: &str, flags: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let (o, n) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    fs::write(&o, old).unwrap();
    fs::write(&n, new).unwrap();
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    let mut args = vec!["diff".to_owned(), path(&o), path(&n), "--no-overlay".to_owned()];
    args.extend(flags.iter().map(|f| f.to_string()));
    xtask(args)
}

fn old_spec() -> String {
    fs::read_to_string(manifest_dir().join("tests/fixtures/diff/old.yaml")).unwrap()
}

/// The two changes of issue 14 that no wire check sees: the path parameter
/// renamed (`.job_guid(..)` becomes `.guid(..)`), and an array property
/// gaining `items` (`Vec<serde_json::Value>` becomes `Vec<String>`).
fn rust_only_changes() -> [(&'static str, String, String); 2] {
    let old = old_spec();
    let renamed = old
        .replace("/jobs/{job_guid}:", "/jobs/{guid}:")
        .replace("name: job_guid", "name: guid");
    let untyped = old.replace(
        "        guid:\n          type: string\n",
        "        guid:\n          type: string\n        tags:\n          type: array\n",
    );
    let typed = untyped.replace(
        "        tags:\n          type: array\n",
        "        tags:\n          type: array\n          items:\n            type: string\n",
    );
    assert_ne!(renamed, old);
    assert_ne!(typed, untyped);
    [
        ("path parameter renamed", old, renamed),
        ("array items added", untyped, typed),
    ]
}

#[test]
fn a_rust_only_major_change_fails_by_default_and_not_with_fail_on_wire() {
    for (name, old, new) in rust_only_changes() {
        let o = diff(&old, &new, &["--format", "json"]);
        let out = stdout(&o);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let wire = (&report["summary"]["breaking"], &report["summary"]["warning"]);
        assert_eq!(wire, (&json!(0), &json!(0)), "{name}: a wire-level finding:\n{out}");
        assert_eq!(report["semver"], "major", "{name}:\n{out}");
        assert_eq!(
            o.status.code(),
            Some(1),
            "{name}: default --fail-on\n{out}{}",
            stderr(&o)
        );

        let o = diff(&old, &new, &["--fail-on", "wire"]);
        assert_eq!(o.status.code(), Some(0), "{name}: --fail-on wire\n{}", stderr(&o));
        let o = diff(&old, &new, &["--fail-on", "warning"]);
        assert_eq!(o.status.code(), Some(1), "{name}: --fail-on warning");
        let o = diff(&old, &new, &["--fail-on", "never"]);
        assert_eq!(o.status.code(), Some(0), "{name}: --fail-on never");
    }
}

/// With `--spec-only` there is no Rust verdict: `breaking` is the wire only.
#[test]
fn without_the_rust_diff_breaking_is_the_wire() {
    let [(name, old, new), _] = rust_only_changes();
    let o = diff(&old, &new, &["--spec-only"]);
    assert_eq!(o.status.code(), Some(0), "{name}: {}{}", stdout(&o), stderr(&o));
}

#[test]
fn help_explains_every_fail_on_value() {
    let o = xtask(["diff", "--help"]);
    let help = stdout(&o);
    for value in ["breaking", "wire", "warning", "major", "never"] {
        assert!(help.contains(&format!("- {value}:")), "{value} not explained:\n{help}");
    }
}
