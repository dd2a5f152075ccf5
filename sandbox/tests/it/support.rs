//! What the test modules share: plain-HTTP requests sent the way MX
//! documents them, and readers for what a user of the sandbox sees (status,
//! media type, error code).

use std::sync::atomic::{AtomicU64, Ordering};

use mx_nexus_sandbox::{ErrorBody, Sandbox};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub const VENDOR: &str = "application/vnd.mx.nexus.v1+json";

/// A request with the vendor `Accept` (and nothing else).
pub fn get(sandbox: &Sandbox, path: &str) -> RequestBuilder {
    reqwest::Client::new()
        .get(format!("{}{path}", sandbox.base_url()))
        .header("accept", VENDOR)
}

/// A POST with the vendor `Accept` and, for `Some(body)`, the body as the
/// vendor media type.
pub fn post(sandbox: &Sandbox, path: &str, body: Option<&Value>) -> RequestBuilder {
    let request = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .header("accept", VENDOR);
    match body {
        Some(body) => request.header("content-type", VENDOR).body(body.to_string()),
        None => request,
    }
}

/// A fresh API token: each opens one session.
pub fn api_token() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("api-token-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Opens a session (no body) and returns its token.
pub async fn open_session(sandbox: &Sandbox) -> String {
    let response = post(sandbox, "/sessions", None)
        .header("md-api-token", api_token())
        .send()
        .await
        .expect("sandbox answers");
    let body: Value = ok_json(response).await;
    body["session"]["token"].as_str().expect("a session token").to_owned()
}

/// The body of a 200 answer labelled with the vendor media type.
pub async fn ok_json<T: DeserializeOwned>(response: Response) -> T {
    assert_eq!(response.status(), StatusCode::OK, "{:?}", response.url().path());
    assert_vendor_type(&response);
    response.json().await.expect("JSON of the expected shape")
}

/// The status and error code of an error answer, checking its media type
/// and its `{"error": {"code", "message"}}` shape.
pub async fn error(response: Response) -> (StatusCode, u32) {
    let status = response.status();
    assert_vendor_type(&response);
    let body: ErrorBody = response.json().await.expect("the error JSON shape");
    assert!(!body.error.message.is_empty());
    (status, body.error.code)
}

pub fn assert_vendor_type(response: &Response) {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(content_type, VENDOR);
}
