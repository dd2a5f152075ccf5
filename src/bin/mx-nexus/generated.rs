//! progenitor's clap CLI for the Nexus operations (`Generator::cli`), written
//! by `build.rs` to `$OUT_DIR/cli.rs` when the `cli` feature is on: one
//! subcommand per operation (`Cli::get_command`), run through the generated
//! client (`Cli::execute`), with a [`CliConfig`] hook to print answers and to
//! adjust each request before it is sent. Never edited by hand; what the
//! binary adds lives in the sibling modules.

/// progenitor bounds what its CLI prints on `schemars::JsonSchema`, for
/// front-ends that draw output from the schema. This one prints JSON and
/// tables from `serde`, and mx-nexus's types do not derive `JsonSchema`, so
/// the bound is met by every type.
pub mod schemars {
    /// Implemented for every type: see the module docs.
    pub trait JsonSchema {}
    impl<T: ?Sized> JsonSchema for T {}
}

// `deprecated`: the CLI offers every operation, the deprecated ones too.
#[allow(unused_variables, dead_code, deprecated, clippy::all)]
mod cli {
    use super::schemars;
    include!(concat!(env!("OUT_DIR"), "/cli.rs"));
}

pub use cli::{COMMAND_GROUPS, Cli, CliCommand, CliConfig};
