#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

// The generated code is named `::mx_nexus::...` by schema extensions in the
// overlay; this makes that path resolve inside the crate too.
extern crate self as mx_nexus;

/// The client, builders and types progenitor generates from
/// `openapi/nexus/v1.yaml` + `openapi/nexus/overlay.yaml` (see `build.rs`).
#[allow(missing_docs, clippy::all, unused_imports)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/nexus.rs"));
}

mod ext;

pub use ext::{
    BoxError, ClientConfig, ConfigError, Error, ErrorResponse, JobStatus, MfaAnswers, RetryPolicy, SecretString,
    Session, WaitOptions,
};
pub use generated::{Client, ClientInfo, ResponseValue, builder, types};

/// The error the generated `send()` returns; convert it into [`Error`] with
/// `?` or `Error::from` to get the operation, status, MX code and message.
pub use progenitor_client::Error as SendError;

/// The `reqwest` this crate is built on, so callers name the same version.
pub use reqwest;

/// Media type of every Nexus request and response body.
pub const MEDIA_TYPE: &str = ext::headers::NEXUS_MEDIA_TYPE;
