//! `cargo xtask diff` (not written yet).

use std::process::ExitCode;

pub fn run(_args: &crate::DiffArgs) -> ExitCode {
    eprintln!("cargo xtask diff: not implemented yet");
    ExitCode::from(2)
}
