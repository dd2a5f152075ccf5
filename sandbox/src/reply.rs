//! Writing an answer: every body the sandbox sends, success or error, is
//! JSON labelled with MX's media type. Its own module so that `errors.rs`
//! (which writes error answers) and `media.rs` (which refuses requests with
//! those errors) do not depend on each other.

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Written when serialising an answer fails. The sandbox's bodies are plain
/// structs that always serialise, so this is a guard, not a path tests take.
const INTERNAL_ERROR_BODY: &str = r#"{"error":{"code":5000,"message":"the sandbox could not write its answer"}}"#;

/// An answer with `body` as JSON, labelled with the vendor media type (MX
/// labels every body that way, errors included).
pub(crate) fn vendor_json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let content_type = [(CONTENT_TYPE, HeaderValue::from_static(mx_nexus::MEDIA_TYPE))];
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, content_type, bytes).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, content_type, INTERNAL_ERROR_BODY).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_error_body_has_the_error_shape() {
        let body: crate::ErrorBody = serde_json::from_str(INTERNAL_ERROR_BODY).unwrap();
        assert_eq!(body.error.code, crate::codes::INTERNAL);
    }
}
