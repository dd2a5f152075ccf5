//! Maintainer tasks for mx-nexus (`cargo xtask --help`).

use clap::Parser;

/// Maintainer tasks for mx-nexus.
#[derive(Parser)]
#[command(name = "cargo xtask")]
enum Cmd {}

fn main() {
    let _ = Cmd::parse();
}
