//! The headers MX documents for every call, and removal of the one it does not.

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

/// MX's media type for every request and response body.
pub(crate) const NEXUS_MEDIA_TYPE: &str = "application/vnd.mx.nexus.v1+json";

/// The session header of every Nexus call.
pub(crate) const SESSION_TOKEN_HEADER: HeaderName = HeaderName::from_static("md-session-token");

/// progenitor sends `api-version: <info.version>`; MX does not document it,
/// so it never leaves this crate.
const API_VERSION_HEADER: &str = "api-version";

/// `mx-nexus/<version>`, so MX can tell this client's traffic apart.
pub(crate) const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Rewrites the headers of a request progenitor built into what MX documents:
/// the vendor `Accept`, the vendor `Content-Type` when there is a body, the
/// session token (marked sensitive so hyper and reqwest never print it), and
/// no `api-version`.
pub(crate) fn apply_nexus_headers(headers: &mut HeaderMap, has_body: bool, session: &HeaderValue) {
    headers.remove(API_VERSION_HEADER);
    headers.insert(ACCEPT, HeaderValue::from_static(NEXUS_MEDIA_TYPE));
    if has_body {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(NEXUS_MEDIA_TYPE));
    }
    headers.insert(SESSION_TOKEN_HEADER, session.clone());
}

/// A header value for a secret, marked sensitive. `None` when the text cannot
/// be a header value (the caller reports that without echoing the secret).
pub(crate) fn sensitive_value(secret: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(secret).ok()?;
    value.set_sensitive(true);
    Some(value)
}
