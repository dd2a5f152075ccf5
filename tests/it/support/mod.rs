//! What the test modules share: httpmock helpers that describe a Nexus
//! exchange the way MX documents it, the calls most tests make, a trace
//! capture, the misbehaving server of `faults` and Prism for `contract`.

// Modules gated on a feature (`cli`, `mock`) use some helpers only.
#![allow(dead_code)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use httpmock::{Then, When};
use mx_nexus::{Error, types};

pub mod fault_server;
/// Stoplight Prism for the contract tests; its Rust code stays next to the
/// npm manifest and lock it installs from (`tests/prism/`).
#[path = "../../prism/mod.rs"]
pub mod prism;

pub const NEXUS_MEDIA_TYPE: &str = "application/vnd.mx.nexus.v1+json";
pub const SESSION_TOKEN: &str = "CWforZl1Vn2vC_test-session-token";
pub const USER_AGENT: &str = concat!("mx-nexus/", env!("CARGO_PKG_VERSION"));

/// A client for the mock server with the test session token.
pub fn client(server: &httpmock::MockServer) -> mx_nexus::Client {
    config(server).build().expect("valid config")
}

/// The configuration of [`client`]: the default retry policy, but with
/// millisecond backoff so retried tests stay fast.
pub fn config(server: &httpmock::MockServer) -> mx_nexus::ClientConfig {
    mx_nexus::ClientConfig::new(server.base_url())
        .session_token(SESSION_TOKEN)
        .retry_policy(fast_retries())
}

/// [`mx_nexus::RetryPolicy::default`] with 1 ms backoff.
pub fn fast_retries() -> mx_nexus::RetryPolicy {
    mx_nexus::RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

/// readJob the way callers use the client: `?` turns the generated error
/// into `mx_nexus::Error`.
pub async fn read_job(client: &mx_nexus::Client, guid: &str) -> Result<types::JobResponseBody, Error> {
    Ok(client.read_job().job_guid(guid).send().await?.into_inner())
}

/// createMemberCredentials for member `MBR-1`, question `CRD-1`, with `value`.
#[allow(deprecated)] // MX deprecated the operation but still serves it.
pub async fn create_credential(
    client: &mx_nexus::Client,
    value: &str,
) -> Result<types::MemberCredentialResponseBody, Error> {
    let body = types::MemberCredentialRequestBody::builder()
        .member(
            types::MemberCredentialRequest::builder()
                .credential_guid("CRD-1")
                .value(value),
        )
        .build()
        .expect("a complete body");
    Ok(client
        .create_member_credentials()
        .member_guid("MBR-1")
        .body(body)
        .send()
        .await?
        .into_inner())
}

/// Whether the request is among the first `n` this matcher sees: lets one
/// mock answer the first tries of a call and another the rest.
pub fn first(n: usize) -> impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static {
    let seen = AtomicUsize::new(0);
    move |_| seen.fetch_add(1, Ordering::SeqCst) < n
}

/// The headers MX documents for every call: vendor Accept, the session token,
/// our User-Agent, and no progenitor `api-version`.
pub fn nexus_headers(when: When) -> When {
    when.header("accept", NEXUS_MEDIA_TYPE)
        .header("md-session-token", SESSION_TOKEN)
        .header("user-agent", USER_AGENT)
        .header_missing("api-version")
}

/// A call without a body: the common headers and no Content-Type.
pub fn nexus_get(when: When, path: &str) -> When {
    nexus_headers(when)
        .method(httpmock::Method::GET)
        .path(path)
        .header_missing("content-type")
}

/// A call with a JSON body sent as MX's vendor media type.
pub fn nexus_post(when: When, path: &str, body: serde_json::Value) -> When {
    nexus_headers(when)
        .method(httpmock::Method::POST)
        .path(path)
        .header("content-type", NEXUS_MEDIA_TYPE)
        .json_body(body)
}

/// An answer the way MX sends it: the vendor media type, not `application/json`.
pub fn nexus_answer(then: Then, status: u16, body: &str) -> Then {
    then.status(status).header("content-type", NEXUS_MEDIA_TYPE).body(body)
}

/// A fixture from `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Everything `tracing` (and the `log` crate, through `tracing-log`)
/// records at every level, TRACE included, as text, while the capture lives.
///
/// The subscriber is the global default of the test binary: tracing caches
/// per call site whether anyone listens, and a thread-scoped subscriber
/// misses call sites another test thread hit first. Captures are serialised;
/// other tests of the same binary may add lines, never remove them.
pub struct TraceCapture {
    _only_one: std::sync::MutexGuard<'static, ()>,
}

static TRACE_BUFFER: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static TRACE_USERS: Mutex<()> = Mutex::new(());

impl TraceCapture {
    pub fn start() -> Self {
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            let _ = tracing_log::LogTracer::init();
            use tracing_subscriber::layer::SubscriberExt;
            use tracing_subscriber::{Layer, filter::LevelFilter, filter::Targets, fmt};
            // httpmock logs each request it receives, headers included: that
            // is the server's side of the wire (MX's), not this client's.
            let client_side = Targets::new()
                .with_default(LevelFilter::TRACE)
                .with_target("httpmock", LevelFilter::OFF);
            let layer = fmt::layer()
                .with_span_events(fmt::format::FmtSpan::FULL)
                .with_ansi(false)
                .with_writer(|| BufferWriter)
                .with_filter(client_side);
            let subscriber = tracing_subscriber::registry().with(layer);
            tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
        });
        let only_one = TRACE_USERS.lock().unwrap_or_else(|e| e.into_inner());
        TRACE_BUFFER.lock().unwrap().clear();
        Self { _only_one: only_one }
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&TRACE_BUFFER.lock().unwrap()).into_owned()
    }
}

struct BufferWriter;

impl std::io::Write for BufferWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        TRACE_BUFFER.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
