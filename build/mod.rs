//! The code generation of build.rs, in modules `cargo xtask` includes too
//! (`#[path = "../../build/mod.rs"]`), so both run one implementation.

pub mod api;
pub mod generate;
pub mod groups;
pub mod mock;
pub mod pipeline;
pub mod schemars;
pub mod send;
pub mod timestamps;
