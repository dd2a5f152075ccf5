//! The integration tests of `mx-nexus`, as one test binary: one module per
//! subject, sharing `support`. One binary links once, however many modules
//! it grows (each file directly under `tests/` would be its own binary).
//!
//! `cli` needs feature `cli` (it runs the `mx-nexus` binary) and `mock`
//! feature `mock`: without them `cargo test` runs the rest, and
//! `cargo test --workspace --features cli,mock,schemars` runs everything.
//! `tests/build_script.rs` stays a binary of its own: it runs `cargo check`
//! on scratch crates, minutes of compiling that must not share the machine
//! with the timing tests here.

mod support;

#[cfg(feature = "cli")]
mod cli;
mod contract;
mod errors;
mod faults;
#[cfg(feature = "mock")]
mod mock;
mod operations;
mod retries;
mod rust_version;
mod secrets;
mod sessions;
mod workflow;
