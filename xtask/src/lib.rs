//! Library side of the maintainer tool, so that integration tests (and other
//! subcommands) can call the modules directly; `main.rs` is only the CLI.

pub mod api;
/// build.rs's own pipeline and generation (`build/`), compiled into xtask
/// too, so both run one implementation.
#[path = "../../build/mod.rs"]
pub mod codegen;
pub mod corpus;
pub mod diff;
pub mod exit;
pub mod scale;
pub mod semver_checks;
pub mod sync;

use std::path::PathBuf;

use clap::ValueEnum;

/// Output format of `cargo xtask diff`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// What makes `cargo xtask diff` exit 1. The default, `breaking`, is what
/// breaks users: their clients on the wire or their Rust code, since an
/// upgrade that stops users' code compiling is as breaking as one that makes
/// MX reject a request.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// A change that breaks users: wire-level breaking (oasdiff's ERR) or a
    /// major verdict of the Rust API diff.
    Breaking,
    /// Wire-level breaking only (oasdiff's ERR), whatever the Rust API does.
    Wire,
    /// What `breaking` fails on, or any warning (oasdiff's WARN).
    Warning,
    /// The crate's verdict is a major bump (the Rust API diff's, or the
    /// spec-level estimate with `--spec-only`).
    Major,
    /// Never; the exit code is 0 unless the input is bad.
    Never,
}

/// Arguments of `cargo xtask diff`.
#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The older spec (YAML or JSON).
    pub old: PathBuf,
    /// The newer spec (YAML or JSON).
    pub new: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// When to exit 1.
    #[arg(long = "fail-on", value_enum, default_value = "breaking")]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub overlay: OverlayArgs,
    /// Compare the specs only, not the Rust API generated from them.
    #[arg(long)]
    pub spec_only: bool,
}

/// Which overlay `diff` and `semver-checks` apply to both specs.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct OverlayArgs {
    /// Overlay applied to both specs (default: the crate's `openapi/nexus/overlay.yaml`).
    #[arg(long, value_name = "FILE", conflicts_with = "no_overlay")]
    pub overlay: Option<PathBuf>,
    /// Compare the specs as given, without the crate's overlay (specs that
    /// are not Nexus's, such as MX's Platform specs).
    #[arg(long)]
    pub no_overlay: bool,
}

impl OverlayArgs {
    /// The overlay these arguments name, read and parsed; `None` with `--no-overlay`.
    pub fn load(&self) -> Result<Option<serde_json::Value>, String> {
        if self.no_overlay {
            return Ok(None);
        }
        let path = match &self.overlay {
            Some(path) => path.clone(),
            None => sync::workspace_root().join(codegen::pipeline::OVERLAY),
        };
        let shown = path.display();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
        Ok(Some(
            codegen::pipeline::parse_yaml(&text).map_err(|e| format!("{shown}: not valid YAML: {e}"))?,
        ))
    }
}

impl DiffArgs {
    /// The diff options these arguments ask for (reads the overlay).
    pub fn options(&self) -> Result<diff::Options, String> {
        Ok(diff::Options {
            overlay: self.overlay.load()?,
            rust: !self.spec_only,
        })
    }
}

/// Where the documentation pages come from (`sync` and `regen`).
#[derive(clap::Args, Clone, Debug)]
#[group(multiple = false)]
pub struct SourceArgs {
    /// The docs index (llms.txt) listing every page.
    #[arg(long, value_name = "URL")]
    pub index: Option<String>,
    /// Read saved pages (every file in DIR) instead of the network.
    #[arg(long, value_name = "DIR")]
    pub pages: Option<PathBuf>,
}

/// Arguments of `cargo xtask sync`.
#[derive(clap::Args, Debug)]
pub struct SyncArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Where the merged spec is written.
    #[arg(long, value_name = "PATH", default_value = "openapi/nexus/v1.yaml")]
    pub out: PathBuf,
    /// Write nothing; exit 1 and print the diff summary when the synced spec differs from `--out`.
    #[arg(long)]
    pub check: bool,
}
