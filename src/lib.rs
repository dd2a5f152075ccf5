#![doc = include_str!("lib.md")]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// The crate docs link to `mock`, which exists with feature `mock` only (as
// on docs.rs); without it those links cannot resolve.
#![cfg_attr(not(feature = "mock"), allow(rustdoc::broken_intra_doc_links))]

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

/// Typed [httpmock](https://docs.rs/httpmock) helpers for tests of code that
/// uses this client (feature `mock`): one [`MockServerExt`](mock::MockServerExt)
/// method per operation, whose `When` matches the operation's parameters
/// (literally) and whose `Then` answers `ok(&body)` with the typed body, or
/// with an error MX could send: `mx_error(status, code, message)`,
/// `session_expired()` (401, MX code 4011) or `gateway_page(status, html)`.
/// Every answer carries MX's media type, `application/vnd.mx.nexus.v1+json`.
///
/// In your `Cargo.toml`:
///
/// ```toml
/// [dev-dependencies]
/// mx-nexus = { version = "0.2", features = ["mock"] }
/// httpmock = "0.8"
/// tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
/// ```
///
/// A test of your own code's answer and error handling:
///
/// ```
/// use httpmock::MockServer;
/// use mx_nexus::mock::MockServerExt;
/// use mx_nexus::{Error, types};
///
/// /// Your code: the job's status name, or "unknown" when MX has no such job.
/// async fn status_of(client: &mx_nexus::Client, guid: &str) -> Result<String, Error> {
///     match client.read_job().job_guid(guid).send().await {
///         Ok(answer) => {
///             let job = answer.into_inner().job;
///             Ok(job.map(|j| j.job_status().to_string()).unwrap_or_default())
///         }
///         Err(e) if e.status().is_some_and(|s| s == 404) => Ok("unknown".into()),
///         Err(e) => Err(e),
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let server = MockServer::start_async().await;
/// let job = types::JobResponseBody::builder()
///     .job(types::JobResponse::builder().guid("JOB-1".to_owned()).status(6).build()?)
///     .build()?;
/// let found = server.read_job(|when, then| {
///     when.job_guid("JOB-1");
///     then.ok(&job);
/// });
/// server.read_job(|when, then| {
///     when.job_guid("JOB-404");
///     then.mx_error(404, 4040, "Job not found");
/// });
/// server.read_job(|when, then| {
///     when.job_guid("JOB-OLD");
///     then.session_expired();
/// });
///
/// let client = mx_nexus::ClientConfig::new(server.base_url()).session_token("test").build()?;
/// assert_eq!(status_of(&client, "JOB-1").await?, "COMPLETED");
/// assert_eq!(status_of(&client, "JOB-404").await?, "unknown");
/// assert!(status_of(&client, "JOB-OLD").await.unwrap_err().is_session_expired());
/// found.assert();
/// # Ok(())
/// # }
/// ```
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
#[allow(missing_docs, clippy::all)]
pub mod mock {
    include!(concat!(env!("OUT_DIR"), "/mock.rs"));
}

pub use ext::{
    BoxError, ClientConfig, ConfigError, Delivery, Error, ErrorResponse, JobStatus, MfaAnswers, RetryPolicy,
    SecretString, Session, Timestamp, TransportStage, WaitOptions,
};
pub use generated::{Client, ResponseValue, builder, types};

/// The `reqwest` this crate is built on, so callers name the same version.
pub use reqwest;

/// Media type of every Nexus request and response body, which the client
/// sends as `Accept` and `Content-Type`; for a server of your own in tests:
///
/// ```
/// assert_eq!(mx_nexus::MEDIA_TYPE, "application/vnd.mx.nexus.v1+json");
/// ```
pub const MEDIA_TYPE: &str = ext::headers::NEXUS_MEDIA_TYPE;

/// What a user of the crate cannot do, checked as `compile_fail` doctests
/// (rustdoc runs them; they are not part of the API).
///
/// A generated type cannot be built with a struct literal, so MX adding a
/// field is not a breaking change:
///
/// ```compile_fail
/// let job = mx_nexus::types::JobResponse { guid: None, ..Default::default() };
/// ```
///
/// (its builder works:)
///
/// ```
/// let job = mx_nexus::types::JobResponse::builder().guid("JOB-1".to_owned()).build().unwrap();
/// ```
///
/// A `Client` is built with `ClientConfig`, never from crate-internal state:
///
/// ```compile_fail
/// let client = mx_nexus::Client::new("https://int-data.moneydesktop.com", todo!());
/// ```
///
/// Calling an operation MX deprecated warns:
///
/// ```compile_fail
/// #![deny(deprecated)]
/// fn resume(client: &mx_nexus::Client) {
///     let _ = client.resume_job();
/// }
/// ```
///
/// (and an operation MX did not deprecate does not:)
///
/// ```
/// #![deny(deprecated)]
/// fn read(client: &mx_nexus::Client) {
///     let _ = client.read_job();
/// }
/// ```
#[cfg(doctest)]
pub struct CompileFailTests;
