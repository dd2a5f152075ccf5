//! One error style across the subcommands (`xtask::exit`): bad input exits 2
//! with one `error: …` line on stderr, at most one `hint: …` line after it,
//! and nothing on stdout.

use std::process::Output;

use crate::support::{manifest_dir, stderr, stdout, xtask};

/// Asserts the shape every failure has and returns the error line's text.
fn failure(args: &[&str]) -> (String, Option<String>) {
    let o: Output = xtask(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(stdout(&o), "", "{args:?}: nothing on stdout");
    let mut lines = err.lines();
    let error = lines.next().and_then(|l| l.strip_prefix("error: "));
    let error = error.unwrap_or_else(|| panic!("{args:?}: no `error: ` line first: {err}"));
    let hint = lines.next().map(|l| {
        l.strip_prefix("hint: ")
            .unwrap_or_else(|| panic!("{args:?}: a second line that is not `hint: `: {err}"))
            .to_owned()
    });
    assert_eq!(lines.next(), None, "{args:?}: more than error + hint: {err}");
    (error.to_owned(), hint)
}

#[test]
fn every_subcommand_fails_on_bad_input_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.yaml");
    let missing = missing.to_str().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let old = manifest_dir().join("tests/fixtures/diff/old.yaml");
    let old = old.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["sync", "--pages", missing, "--out", out],
            "cannot read pages directory",
        ),
        (&["diff", missing, old, "--no-overlay"], "missing.yaml"),
        (&["regen", "--check", "--pages", missing], "cannot read pages directory"),
        (&["semver-checks", missing, old], "missing.yaml"),
        (&["scale", "--platform", missing, "--out", out], "missing.yaml"),
    ];
    for (args, says) in cases {
        let (error, _) = failure(args);
        assert!(error.contains(says), "{args:?}: {error:?} does not say {says:?}");
    }
}

#[test]
fn a_usage_error_is_one_error_line_and_a_usage_hint() {
    let old = manifest_dir().join("tests/fixtures/diff/old.yaml");
    let old = old.to_str().unwrap();
    let (error, hint) = failure(&["diff", old, old, "--fail-on", "sometimes"]);
    assert!(
        error.starts_with("invalid value 'sometimes' for '--fail-on <FAIL_ON>'") && error.contains("possible values"),
        "{error}"
    );
    assert_eq!(
        hint.as_deref(),
        Some("`--help` lists the options and the values they take")
    );
    let (error, hint) = failure(&["diff", old]);
    assert_eq!(error, "the following required arguments were not provided: <NEW>");
    assert_eq!(
        hint.as_deref(),
        Some("usage: cargo xtask diff <OLD> <NEW>; `--help` says more")
    );
    let (error, _) = failure(&["frobnicate"]);
    assert!(error.contains("frobnicate"), "{error}");
}

#[test]
fn help_documents_the_exit_codes() {
    let o = xtask(["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    for line in ["0  done", "1  a check found a difference", "2  bad input or a failure"] {
        assert!(help.contains(line), "{line:?} not in --help:\n{help}");
    }
}
