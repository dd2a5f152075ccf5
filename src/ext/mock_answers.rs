//! The answers behind the typed error helpers of `mx_nexus::mock` (feature
//! `mock`; `build/mock.rs` adds `mx_error`, `session_expired` and
//! `gateway_page` to every operation's `Then`).

use httpmock::Then;
use serde_json::json;

use super::headers::NEXUS_MEDIA_TYPE;

/// `status` with `{"error": {"code": code, "message": message}}`.
pub(crate) fn mx_error(then: Then, status: u16, code: u32, message: &str) -> Then {
    then.status(status)
        .header("content-type", NEXUS_MEDIA_TYPE)
        .body(json!({ "error": { "code": code, "message": message } }).to_string())
}

/// `401` with MX code `4011`.
pub(crate) fn session_expired(then: Then) -> Then {
    mx_error(then, 401, 4011, "Session expired")
}

/// `status` with a body that is not JSON.
pub(crate) fn gateway_page(then: Then, status: u16, html: &str) -> Then {
    then.status(status).header("content-type", NEXUS_MEDIA_TYPE).body(html)
}
