//! The integration tests of `mx-nexus-sandbox`, as one test binary: one
//! module per subject, sharing `support`. One binary links once, however
//! many modules it grows (each file directly under `tests/` would be its own
//! binary).

mod support;

mod binary;
mod client;
mod jobs;
mod lifecycle;
mod media_types;
mod properties;
mod sessions;
