//! MX's media type, `application/vnd.mx.nexus.v1+json`, on the way in: the
//! `Accept` and `Content-Type` checks in front of every route. (On the way
//! out, `reply.rs` labels every answer with it.)

use axum::extract::Request;
use axum::http::HeaderMap;
use axum::http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::errors::ApiError;

/// The vendor media type, taken from the client crate so the two agree.
const MEDIA_TYPE: &str = mx_nexus::MEDIA_TYPE;

/// Middleware in front of every route (unknown paths included): the first
/// two checks of the documented order, `Accept` (406) then `Content-Type`
/// (415). The session (401) and the route's own work come after.
pub(crate) async fn check_media_types(request: Request, next: Next) -> Response {
    let headers = request.headers();
    if !accepts_vendor_type(headers) {
        return ApiError::not_acceptable().into_response();
    }
    if declares_body(headers) && !is_vendor_content_type(headers) {
        return ApiError::unsupported_media_type().into_response();
    }
    next.run(request).await
}

/// Whether `Accept` names the vendor type (parameters and case ignored,
/// `q=0` excluded). Deliberately strict: `*/*`, `application/*` and
/// `application/json` are refused, because MX documents the vendor type and a
/// client that sends anything else would not be talking Nexus the documented
/// way.
fn accepts_vendor_type(headers: &HeaderMap) -> bool {
    headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|range| {
            let mut parts = range.split(';');
            let essence = parts.next().unwrap_or_default().trim();
            essence.eq_ignore_ascii_case(MEDIA_TYPE) && !parts.any(is_q_zero)
        })
}

/// `q=0` means "not acceptable" (RFC 9110 §12.4.2).
fn is_q_zero(parameter: &str) -> bool {
    parameter.split_once('=').is_some_and(|(name, value)| {
        name.trim().eq_ignore_ascii_case("q") && value.trim().parse::<f32>().is_ok_and(|q| q == 0.0)
    })
}

/// Whether the request says it carries a body: a non-zero `Content-Length`
/// or any `Transfer-Encoding` (HTTP/1.1's two ways of framing one). A
/// request without either has no body, so it needs no `Content-Type`.
fn declares_body(headers: &HeaderMap) -> bool {
    let length = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    match length {
        Some(length) => length > 0,
        // An unreadable Content-Length is treated as a body, so it is checked.
        None => headers.contains_key(CONTENT_LENGTH) || headers.contains_key(TRANSFER_ENCODING),
    }
}

/// Whether `Content-Type` is the vendor type (parameters such as `charset`
/// and case ignored).
fn is_vendor_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(MEDIA_TYPE))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn accept_must_name_the_vendor_type() {
        let ok = [
            "application/vnd.mx.nexus.v1+json",
            "Application/VND.MX.Nexus.v1+JSON",
            "application/json, application/vnd.mx.nexus.v1+json;q=0.5",
        ];
        for accept in ok {
            assert!(accepts_vendor_type(&headers(&[("accept", accept)])), "{accept}");
        }
        let refused = [
            "*/*",
            "application/*",
            "application/json",
            "application/vnd.mx.nexus.v1+json;q=0",
            "application/vnd.mx.nexus.v1+json; q=0.0",
        ];
        for accept in refused {
            assert!(!accepts_vendor_type(&headers(&[("accept", accept)])), "{accept}");
        }
        assert!(!accepts_vendor_type(&HeaderMap::new()));
    }

    #[test]
    fn only_a_declared_body_needs_a_content_type() {
        assert!(!declares_body(&HeaderMap::new()));
        assert!(!declares_body(&headers(&[("content-length", "0")])));
        assert!(declares_body(&headers(&[("content-length", "12")])));
        assert!(declares_body(&headers(&[("content-length", "x")])));
        assert!(declares_body(&headers(&[("transfer-encoding", "chunked")])));
    }

    #[test]
    fn content_type_parameters_are_ignored() {
        let vendor = headers(&[("content-type", "application/vnd.mx.nexus.v1+json; charset=utf-8")]);
        assert!(is_vendor_content_type(&vendor));
        assert!(!is_vendor_content_type(&headers(&[(
            "content-type",
            "application/json"
        )])));
        assert!(!is_vendor_content_type(&HeaderMap::new()));
    }
}
