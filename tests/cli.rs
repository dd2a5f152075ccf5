//! Runs the `mx-nexus` binary against the sandbox.
