//! The error answer: one JSON shape for every failure.
//!
//! MX does not document the shape of its error bodies (only that they carry a
//! code and a message, and that callers should rely on the HTTP status), so
//! the sandbox picks one and uses it for every error:
//!
//! ```json
//! {"error": {"code": 4011, "message": "the session token has expired"}}
//! ```

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::reply::vendor_json;

/// The body of every error answer: `{"error": {"code": …, "message": …}}`.
///
/// It derives `Deserialize` so tests can read the sandbox's answers with it.
///
/// See the examples in [the crate docs](crate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The `error` object of an [`ErrorBody`].
///
/// See the examples in [the crate docs](crate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A four-digit code (see [`codes`]); the first three digits are the HTTP status.
    pub code: u32,
    /// A human-readable explanation; its text is not part of the API.
    pub message: String,
}

/// The error codes the sandbox answers with.
///
/// `4001`, `4011` and `4220` are codes MX documents (for the same situations);
/// the others are the sandbox's own, built as HTTP status + one digit: the
/// first three digits of every code are the status of its answer.
pub mod codes {
    /// 400: the body is not valid JSON of the documented shape, or a path
    /// parameter cannot be read.
    ///
    /// See the examples in [the crate docs](crate).
    pub const BAD_REQUEST: u32 = 4001;
    /// 401 from `POST /sessions`: `MD-API-TOKEN` missing, not accepted, or
    /// already used (each API token opens one session).
    ///
    /// See the examples in [the crate docs](crate).
    pub const API_TOKEN_INVALID: u32 = 4010;
    /// 401: `MD-SESSION-TOKEN` missing, unknown or expired.
    ///
    /// See the examples in [the crate docs](crate).
    pub const SESSION_INVALID: u32 = 4011;
    /// 404: no such job, or a path that cannot be a Nexus path (see
    /// [`NOT_IMPLEMENTED`]).
    ///
    /// See the examples in [the crate docs](crate).
    pub const NOT_FOUND: u32 = 4040;
    /// 406: `Accept` is missing or does not accept `application/vnd.mx.nexus.v1+json`.
    ///
    /// See the examples in [the crate docs](crate).
    pub const NOT_ACCEPTABLE: u32 = 4060;
    /// 413: the body is larger than the sandbox reads.
    ///
    /// See the examples in [the crate docs](crate).
    pub const PAYLOAD_TOO_LARGE: u32 = 4130;
    /// 415: a body whose `Content-Type` is not `application/vnd.mx.nexus.v1+json`.
    ///
    /// See the examples in [the crate docs](crate).
    pub const UNSUPPORTED_MEDIA_TYPE: u32 = 4150;
    /// 422: the credential is not one of the member's MFA questions.
    ///
    /// See the examples in [the crate docs](crate).
    pub const UNPROCESSABLE: u32 = 4220;
    /// 500: the sandbox could not write its answer (not expected to happen).
    ///
    /// See the examples in [the crate docs](crate).
    pub const INTERNAL: u32 = 5000;
    /// 501: a method and path the sandbox has no route for, on a path shaped
    /// like a Nexus path (`/` and a lowercase resource name such as `users`,
    /// then any segments, none empty). MX documents about 50 Nexus
    /// operations and the sandbox serves four of them plus `POST /sessions`;
    /// it does not carry MX's spec, so it answers every other operation, and
    /// every other method on its own paths, this way rather than guess
    /// whether Nexus has it. Other paths are 404 ([`NOT_FOUND`]).
    ///
    /// See the examples in [the crate docs](crate).
    pub const NOT_IMPLEMENTED: u32 = 5010;
}

/// A failed request: the status, the code and the message of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: u32,
    pub(crate) message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: u32, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, message)
    }

    pub(crate) fn api_token(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, codes::API_TOKEN_INVALID, message)
    }

    pub(crate) fn session(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, codes::SESSION_INVALID, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, message)
    }

    /// 501 for `method` on `path`, which the sandbox does not serve;
    /// `served` says what it does serve.
    pub(crate) fn not_implemented(method: &str, path: &str, served: &str) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            codes::NOT_IMPLEMENTED,
            format!("the sandbox does not serve {method} {path}: it serves only {served}"),
        )
    }

    pub(crate) fn not_acceptable() -> Self {
        Self::new(
            StatusCode::NOT_ACCEPTABLE,
            codes::NOT_ACCEPTABLE,
            format!("the Accept header must accept {}", mx_nexus::MEDIA_TYPE),
        )
    }

    pub(crate) fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {limit} bytes"),
        )
    }

    pub(crate) fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            codes::UNSUPPORTED_MEDIA_TYPE,
            format!("a request body must be sent as Content-Type: {}", mx_nexus::MEDIA_TYPE),
        )
    }

    pub(crate) fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, codes::UNPROCESSABLE, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        vendor_json(self.status, &body)
    }
}
