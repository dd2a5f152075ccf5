//! Maintainer tasks for mx-nexus, in the rust-analyzer `cargo xtask` style.
//!
//! `cargo xtask sync` pulls MX's Nexus spec from the docs site (or saved pages),
//! `cargo xtask diff` compares two OpenAPI documents with breaking-change levels,
//! `cargo xtask regen` does both and regenerates the crate.

mod diff;
mod regen;
mod sync;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Maintainer tasks for mx-nexus.
#[derive(Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Re-sync `openapi/nexus/v1.yaml` from MX's docs site or from saved pages.
    Sync(SyncArgs),
    /// Semantic diff of two OpenAPI 3.0 documents, with breaking-change levels.
    Diff(DiffArgs),
    /// Sync into a temporary file, diff it against the vendored spec, then replace it and rebuild.
    Regen(RegenArgs),
}

/// Where the documentation pages come from.
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

/// Arguments of `cargo xtask regen`.
#[derive(clap::Args, Debug)]
pub struct RegenArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Print the report only; replace nothing.
    #[arg(long)]
    pub check: bool,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Sync(args) => sync::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Regen(args) => regen::run(&args),
    }
}
