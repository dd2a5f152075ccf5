//! `cargo xtask sync` (not written yet).

use std::process::ExitCode;

pub fn run(_args: &crate::SyncArgs) -> ExitCode {
    eprintln!("cargo xtask sync: not implemented yet");
    ExitCode::from(2)
}
