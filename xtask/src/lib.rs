//! Library side of the maintainer tool, so that integration tests (and other
//! subcommands) can call the modules directly; `main.rs` is only the CLI.

pub mod diff;
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

/// The level at which `cargo xtask diff` exits 1.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Breaking,
    Warning,
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
    #[arg(long = "fail-on", value_enum, default_value = "breaking")]
    pub fail_on: FailOn,
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
