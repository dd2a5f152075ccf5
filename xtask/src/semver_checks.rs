//! `cargo xtask semver-checks OLD NEW`: the referee. Builds the crate from
//! each spec (two scratch copies of the package with the spec swapped in),
//! runs cargo-semver-checks on the pair, and prints its verdict next to the
//! Rust API diff's. cargo-semver-checks is not a dependency: when it is
//! missing the command says so and exits 0 (`cargo install --locked
//! cargo-semver-checks`, about 8 minutes on 2 cores).
//!
//! It has no lint for a changed field or argument type (measured: `Vec<Value>`
//! → `Vec<String>` passes it), so it can only catch the diff under-reporting
//! other breaks: a disagreement where it asks for a major bump and the diff
//! does not is the one that matters.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::diff::{self, Semver};
use crate::exit::{Done, Failure, Outcome};

/// Arguments of `cargo xtask semver-checks`.
#[derive(clap::Args, Debug)]
pub struct SemverChecksArgs {
    /// The older spec (YAML or JSON).
    pub old: PathBuf,
    /// The newer spec.
    pub new: PathBuf,
    #[command(flatten)]
    pub overlay: crate::OverlayArgs,
}

/// The two verdicts on one pair of specs.
#[derive(Clone, Debug)]
pub struct Judgement {
    /// The Rust API diff's verdict.
    pub diff: Semver,
    /// cargo-semver-checks': `Some(true)` when it asks for a major bump,
    /// `None` when it is not installed.
    pub referee_major: Option<bool>,
    /// What cargo-semver-checks printed on stdout (the failed lints).
    pub referee_report: String,
}

impl Judgement {
    /// The referee finds a break the diff rates below major: the diff
    /// under-reports (the one disagreement that matters, since
    /// cargo-semver-checks has no lint for changed field or argument types).
    pub fn disagrees(&self) -> bool {
        self.referee_major == Some(true) && self.diff < Semver::Major
    }
}

fn installed() -> bool {
    Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `Found` when cargo-semver-checks finds a break the Rust API diff rates
/// below major (the two disagree).
pub fn run(args: &SemverChecksArgs) -> Outcome {
    let overlay = args.overlay.load()?;
    let (old, new) = (diff::load_spec(&args.old)?, diff::load_spec(&args.new)?);
    let judgement = judge(&old, &new, overlay.as_ref())?;
    println!("cargo xtask diff: semver {}", judgement.diff.as_str());
    let Some(referee_major) = judgement.referee_major else {
        println!(
            "SKIPPED: cargo-semver-checks is not installed (`cargo install --locked cargo-semver-checks`); \
             only the Rust API diff's verdict is shown"
        );
        return Ok(Done::Clean);
    };
    crate::exit::print_out(&judgement.referee_report)?;
    println!(
        "cargo-semver-checks: {}",
        if referee_major {
            "major bump required"
        } else {
            "no major bump required"
        }
    );
    if judgement.disagrees() {
        println!(
            "DISAGREE: cargo-semver-checks finds a break the Rust API diff rates {}",
            judgement.diff.as_str()
        );
        return Ok(Done::Found);
    }
    if !referee_major && judgement.diff == Semver::Major {
        println!(
            "note: the Rust API diff says major where cargo-semver-checks has no lint \
             (changed field or argument types, required setters)"
        );
    }
    Ok(Done::Clean)
}

/// Diffs the two specs (with `overlay`, as `cargo xtask diff` does) and,
/// when cargo-semver-checks is installed, builds the crate from each and
/// asks it. Used by the subcommand and by the referee tests
/// (`tests/it/referee.rs`, `#[ignore]`d: minutes per pair).
pub fn judge(old_raw: &Value, new_raw: &Value, overlay: Option<&Value>) -> Result<Judgement, Failure> {
    let options = diff::Options {
        overlay: overlay.cloned(),
        rust: true,
    };
    let report = diff::diff_prepared(old_raw, new_raw, &options)?;
    let mut judgement = Judgement {
        diff: report.semver,
        referee_major: None,
        referee_report: String::new(),
    };
    if !installed() {
        return Ok(judgement);
    }
    let root = crate::sync::workspace_root();
    let scratch = tempfile::tempdir().map_err(|e| format!("cannot create a scratch directory: {e}"))?;
    // Each copy gets its spec with the overlay already applied the way the
    // diff applies it (an action that no longer matches is skipped, and the
    // diff names it), and an overlay that changes nothing: build.rs refuses
    // a stale overlay, which would make the referee judge a build failure.
    let prepare = |spec: &Value| -> Result<Value, String> { Ok(crate::api::prepare(spec, overlay)?.spec) };
    let old = package_copy(&root, &prepare(old_raw)?, &scratch.path().join("old"), false)?;
    let new = package_copy(&root, &prepare(new_raw)?, &scratch.path().join("new"), false)?;
    for copy in [&old, &new] {
        std::fs::write(copy.join(crate::codegen::pipeline::OVERLAY), NO_OP_OVERLAY).map_err(|e| e.to_string())?;
    }
    let output = Command::new("cargo")
        .args([
            "semver-checks",
            "check-release",
            "--features",
            "mock",
            "--manifest-path",
        ])
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&old)
        // One target dir kept between runs (under the workspace's own, which
        // CI never shares): the dependencies are built once, then each pair
        // costs two builds of the crate and its rustdoc JSON.
        .env("CARGO_TARGET_DIR", root.join("target/semver-checks"))
        .output()
        .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    match referee_verdict(&said) {
        Some(major) => {
            judgement.referee_major = Some(major);
            judgement.referee_report = String::from_utf8_lossy(&output.stdout).into_owned();
            Ok(judgement)
        }
        None => {
            // Its own backtrace (it panics on some failures) says less than
            // the lines before it.
            let frame = |line: &&str| {
                let line = line.trim_start();
                line.starts_with("at ") || line.split_once(": ").is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            };
            let tail: Vec<&str> = said.lines().rev().filter(|l| !frame(l)).take(15).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            // The error is one line; what cargo-semver-checks said goes
            // before it, as it said it.
            println!("cargo-semver-checks, its last lines:\n{}", tail.join("\n"));
            let message = format!("cargo semver-checks gave no verdict (exit {:?})", output.status.code());
            Err(Failure::new(message).with_hint("its last lines are printed above"))
        }
    }
}

/// An Overlay 1.0 document that changes nothing (the format wants one action).
const NO_OP_OVERLAY: &str = "overlay: 1.0.0\ninfo:\n  title: none (the spec is already overlaid)\n  version: 1.0.0\nactions:\n- target: $.info\n  update: {}\n";

/// Whether cargo-semver-checks' output asks for a major bump: `Some(true)`
/// for "semver requires new major version", `Some(false)` for any other
/// verdict line, `None` when it printed no verdict (it failed to build a
/// crate, for example), which must not be read as a break.
pub fn referee_verdict(output: &str) -> Option<bool> {
    let summary = output
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("Summary "))?;
    Some(summary.contains("requires new major version"))
}

/// A standalone copy of the mx-nexus package (what `cargo package` ships)
/// with `spec` as `openapi/nexus/v1.yaml`; no workspace, tests or benches,
/// and the `mx-nexus` binary only `with_bin`.
pub fn package_copy(root: &Path, spec: &serde_json::Value, dir: &Path, with_bin: bool) -> Result<PathBuf, String> {
    let copy = |from: &Path, to: &Path| -> Result<(), String> {
        let status = Command::new("cp")
            .arg("-r")
            .arg(from)
            .arg(to)
            .status()
            .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("cannot copy {}", from.display()))
        }
    };
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    for entry in ["build.rs", "build", "src", "openapi", "README.md", "Cargo.lock"] {
        copy(&root.join(entry), &dir.join(entry))?;
    }
    let yaml = serde_json::to_string_pretty(spec).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("openapi/nexus/v1.yaml"), yaml).map_err(|e| e.to_string())?;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let mut kept = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            skipping = matches!(line, "[workspace]" | "[dev-dependencies]" | "[[bench]]" | "[[test]]")
                || (line == "[[bin]]" && !with_bin);
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    // Its own workspace, wherever the copy is.
    kept.push_str("\n[workspace]\n");
    std::fs::write(dir.join("Cargo.toml"), kept).map_err(|e| e.to_string())?;
    Ok(dir.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::referee_verdict;

    #[test]
    fn only_a_summary_line_is_a_verdict() {
        let major = "     Checking mx-nexus v0.2.0 -> v0.2.0 (no change)\n     Summary semver requires new major version: 2 major and 0 minor checks failed\n";
        assert_eq!(referee_verdict(major), Some(true));
        assert_eq!(referee_verdict("     Summary no semver update required\n"), Some(false));
        assert_eq!(
            referee_verdict("     Summary semver requires new minor version: 0 major and 1 minor checks failed"),
            Some(false)
        );
        // A crate that did not build is no verdict at all, not a break.
        let failed = "error: running cargo-doc on crate 'mx-nexus' failed with output:\nerror: failed to build rustdoc for crate mx-nexus v0.2.0\n";
        assert_eq!(referee_verdict(failed), None);
    }
}
