//! The integration tests of `xtask`, as one test binary: one module per
//! subject, sharing `support`. One binary links once, however many modules
//! it grows (each file directly under `tests/` would be its own binary).

mod support;

mod diff_checks;
mod diff_cli;
mod errors;
mod fail_on;
mod naming;
mod props;
mod referee;
mod regen;
mod rust_api;
mod scale;
mod sync;
mod sync_network;
