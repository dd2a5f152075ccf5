//! `cargo xtask regen` (not written yet).

use std::process::ExitCode;

pub fn run(_args: &crate::RegenArgs) -> ExitCode {
    eprintln!("cargo xtask regen: not implemented yet");
    ExitCode::from(2)
}
