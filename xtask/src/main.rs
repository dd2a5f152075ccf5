//! Maintainer tasks for mx-nexus, in the rust-analyzer `cargo xtask` style.
//!
//! `cargo xtask sync` pulls MX's Nexus spec from the docs site (or saved pages),
//! `cargo xtask diff` compares two OpenAPI documents with breaking-change levels,
//! `cargo xtask regen` does both and regenerates the crate.

mod regen;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
// The diff types live in the library (src/lib.rs) so tests can reach them;
// importing them here keeps `crate::DiffArgs` / `crate::diff` valid in the bin.
#[allow(unused_imports)]
use xtask::{DiffArgs, FailOn, Format, diff};
use xtask::{SourceArgs, SyncArgs, exit, sync};

/// Maintainer tasks for mx-nexus.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about, after_help = EXIT_CODES)]
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
    /// Build the crate from each spec and compare with cargo-semver-checks (skipped when not installed).
    SemverChecks(xtask::semver_checks::SemverChecksArgs),
    /// Write a scratch copy of the crate built from the Nexus spec plus one of MX's Platform specs (~170 operations).
    Scale(xtask::scale::ScaleArgs),
}

/// Arguments of `cargo xtask regen`.
#[derive(clap::Args, Debug)]
pub struct RegenArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Print the report only; replace nothing.
    #[arg(long)]
    pub check: bool,
    /// How the report is printed (`markdown`: the CHANGELOG section).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Every subcommand ends the same way (`xtask::exit`).
const EXIT_CODES: &str = "Exit codes, for every command:
  0  done, nothing to report
  1  a check found a difference (sync --check, regen --check, semver-checks) or diff's --fail-on was met
  2  bad input or a failure: one `error: ...` line on stderr, sometimes followed by one `hint: ...` line";

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version print and exit 0 as clap does.
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => return exit::finish(Err(exit::usage_failure(&e))),
    };
    exit::finish(match cli.command {
        Command::Sync(args) => sync::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Regen(args) => regen::run(&args),
        Command::SemverChecks(args) => xtask::semver_checks::run(&args),
        Command::Scale(args) => xtask::scale::run(&args),
    })
}
