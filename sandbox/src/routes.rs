//! The HTTP face of the sandbox: routes, the session check, and turning
//! request bodies into the client crate's generated types.
//!
//! Checks run in the documented order: `Accept` (406) and `Content-Type`
//! (415) in `media.rs` for every request, then the session (401) for the
//! Nexus operations, then the route's own work. A request no route takes
//! answers 501 (or 404 off Nexus's paths) in [`not_served`].

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, HeaderName, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use mx_nexus::types::{
    CredentialsResponse, JobResponse, JobResponseBody, MemberCredentialRequestBody, MemberCredentialResponseBody,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::defaults::BODY_LIMIT_BYTES;
use crate::errors::ApiError;
use crate::media::check_media_types;
use crate::reply::vendor_json;
use crate::state::SandboxState;

/// The session header of every Nexus operation.
const SESSION_TOKEN_HEADER: HeaderName = HeaderName::from_static("md-session-token");
/// The header `POST /sessions` exchanges for a session.
const API_TOKEN_HEADER: HeaderName = HeaderName::from_static("md-api-token");

type AppState = Arc<SandboxState>;

/// What [`router`] serves, for the answer to what it does not. Its tests
/// check that each is served and that nothing else is.
const SERVED: [(&str, &str, &str); 5] = [
    ("POST", "/sessions", ""),
    ("GET", "/jobs/{job_guid}", "readJob"),
    ("GET", "/jobs/{job_guid}/mfa_credentials", "listJobMfaCredentials"),
    ("GET", "/jobs/{job_guid}/resume", "resumeJob"),
    ("POST", "/members/{member_guid}/credentials", "createMemberCredentials"),
];

/// At most this much of a path is repeated in the answer to a request no
/// route takes.
const PATH_ECHO_CHARS: usize = 120;

/// The whole sandbox as one router.
pub(crate) fn router(state: AppState) -> Router {
    let nexus = Router::new()
        .route("/jobs/{job_guid}", get(read_job))
        .route("/jobs/{job_guid}/mfa_credentials", get(list_job_mfa_credentials))
        .route("/jobs/{job_guid}/resume", get(resume_job))
        .route("/members/{member_guid}/credentials", post(create_member_credentials))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_session));
    Router::new()
        .route("/sessions", post(open_session))
        .merge(nexus)
        // Another method on a served path, or a path no route has: the
        // same answer, as neither says whether Nexus has that operation.
        .method_not_allowed_fallback(not_served)
        .fallback(not_served)
        .layer(middleware::from_fn(check_media_types))
        // Bodies are read through `Bytes`, which honours this limit and is
        // refused with 413 (mapped to the error JSON in `read_body`).
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(state)
}

/// The session check of the Nexus operations: `MD-SESSION-TOKEN` must name a
/// live session (401, code 4011, otherwise). A call answered 2xx restarts the
/// session's idle time; a failed one does not.
async fn require_session(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let token = header_text(request.headers(), &SESSION_TOKEN_HEADER);
    if let Err(error) = state.check_session(token.as_deref()) {
        return error.into_response();
    }
    let response = next.run(request).await;
    if response.status().is_success()
        && let Some(token) = token
    {
        state.touch_session(&token);
    }
    response
}

/// A header as text. A value that is not visible ASCII cannot name a token,
/// so it reads as an empty one (refused as unknown) rather than a missing one.
fn header_text(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    headers
        .get(name)
        .map(|value| value.to_str().unwrap_or_default().to_owned())
}

/// The optional body of `POST /sessions`. Sessions are not in the Nexus spec,
/// so there is no generated type; this is the shape MX documents. It is
/// parsed only to refuse a malformed body (400): the sandbox has no
/// aggregation for `skip_aggregation` to skip, so nothing reads the fields.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct SessionRequestBody {
    #[serde(default)]
    session: Option<SessionRequest>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct SessionRequest {
    #[serde(default)]
    skip_aggregation: Option<bool>,
}

/// The answer of `POST /sessions`, as a known client reads it.
#[derive(Debug, Serialize)]
struct SessionResponseBody {
    session: SessionResponse,
}

#[derive(Debug, Serialize)]
struct SessionResponse {
    token: String,
}

/// The answer of listJobMfaCredentials. Not the generated
/// `CredentialsResponseBody`: that one leaves an empty list out (`{}`),
/// and an unchallenged job lists an empty list, `{"credentials": []}`.
#[derive(Debug, Serialize)]
struct CredentialsList {
    credentials: Vec<CredentialsResponse>,
}

/// `POST /sessions`: exchanges a one-time `MD-API-TOKEN` for a session. The
/// token is checked before the body, and used up only when a session opens.
async fn open_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let api_token = header_text(&headers, &API_TOKEN_HEADER);
    state.check_api_token(api_token.as_deref())?;
    let body = read_body(body)?;
    if !body.iter().all(u8::is_ascii_whitespace) {
        let _: SessionRequestBody = parse_json(&body)?;
    }
    let token = state.open_session(api_token.as_deref())?;
    Ok(vendor_json(
        StatusCode::OK,
        &SessionResponseBody {
            session: SessionResponse { token },
        },
    ))
}

/// readJob, `GET /jobs/{job_guid}`.
async fn read_job(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let job = state.read_job(&path_param(path)?)?;
    Ok(vendor_json(StatusCode::OK, &job_body(job)))
}

/// listJobMfaCredentials, `GET /jobs/{job_guid}/mfa_credentials`.
async fn list_job_mfa_credentials(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let credentials = state.list_job_mfa_credentials(&path_param(path)?)?;
    Ok(vendor_json(StatusCode::OK, &CredentialsList { credentials }))
}

/// resumeJob, `GET /jobs/{job_guid}/resume`.
async fn resume_job(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let job = state.resume_job(&path_param(path)?)?;
    Ok(vendor_json(StatusCode::OK, &job_body(job)))
}

/// createMemberCredentials, `POST /members/{member_guid}/credentials`.
async fn create_member_credentials(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let member_guid = path_param(path)?;
    let body: MemberCredentialRequestBody = parse_json(&read_body(body)?)?;
    let created = state.create_member_credential(&member_guid, body.member)?;
    // The generated types are `#[non_exhaustive]`: filled field by field.
    let mut answer = MemberCredentialResponseBody::default();
    answer.member_credential = Some(created);
    Ok(vendor_json(StatusCode::OK, &answer))
}

/// The answer of readJob and resumeJob.
fn job_body(job: JobResponse) -> JobResponseBody {
    let mut body = JobResponseBody::default();
    body.job = Some(job);
    body
}

/// A request no route takes: 501 (code 5010) naming the method and the path
/// (never the query) and what the sandbox serves, when the path could be a
/// Nexus path; 404 (code 4040) when it cannot.
async fn not_served(method: Method, uri: Uri) -> ApiError {
    let path = uri.path();
    if !is_nexus_shaped(path) {
        return ApiError::not_found(
            "no such path: not a Nexus path (Nexus paths are / and a lowercase resource name, \
             then segments, none empty)",
        );
    }
    let shown = match path.char_indices().nth(PATH_ECHO_CHARS) {
        Some((end, _)) => format!("{}...", &path[..end]),
        None => path.to_owned(),
    };
    let served = SERVED
        .iter()
        .map(|(method, path, operation)| match operation {
            &"" => format!("{method} {path}"),
            _ => format!("{operation} ({method} {path})"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    ApiError::not_implemented(method.as_str(), &shown, &served)
}

/// Whether `path` is shaped like a path of MX's APIs (`/users/{user_guid}`,
/// `/jobs/{job_guid}/resume`, `/vc/users/...`): `/`, a first segment that is
/// a lowercase resource name (`a-z`, then `a-z`, `0-9`, `_`), and no empty
/// segment (no `//`, no trailing `/`). The sandbox does not carry MX's spec,
/// so this is its whole notion of "a Nexus path".
fn is_nexus_shaped(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    let resource = rest.split('/').next().unwrap_or_default();
    let is_name = resource.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && resource
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    is_name && rest.split('/').all(|segment| !segment.is_empty())
}

fn path_param(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(value)| value)
        .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
}

/// The body, or 413 past the limit and 400 for any other read failure.
fn read_body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::payload_too_large(BODY_LIMIT_BYTES),
        _ => ApiError::bad_request(rejection.body_text()),
    })
}

/// JSON of the expected shape, or 400 saying what is wrong (never the
/// body's text: it may hold an MFA answer).
fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.is_empty() {
        return Err(ApiError::bad_request("a JSON body is required"));
    }
    let parsed = serde_json::from_slice(body).map_err(|error| {
        ApiError::bad_request(format!(
            "the body is not the documented JSON ({:?} at line {}, column {})",
            error.classify(),
            error.line(),
            error.column()
        ))
    })?;
    // serde's derived types also take an object as the array of its fields
    // in order (`{"member": ["CRD-1", null, "Paris"]}`), a shape nobody
    // documents. Neither documented request body holds an array, so a body
    // that does is refused.
    if serde_json::from_slice::<Value>(body).is_ok_and(|json| holds_array(&json)) {
        return Err(ApiError::bad_request(
            "the body is not the documented JSON (an array where an object belongs)",
        ));
    }
    Ok(parsed)
}

fn holds_array(json: &Value) -> bool {
    match json {
        Value::Array(_) => true,
        Value::Object(map) => map.values().any(holds_array),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nexus_shaped_paths_are_those_of_mx_apis() {
        for path in [
            "/jobs",
            "/jobs/JOB-1/credentials",
            "/users/USR-1/members/MBR-1/accounts",
            "/vc/users/USR-1/accounts/ACT-1/transactions",
            "/institutions/chase/credentials",
            "/statements/STA-1.pdf",
            "/mfa_credentials",
            "/jobs/%FF",
        ] {
            assert!(is_nexus_shaped(path), "{path}");
        }
        for path in [
            "",
            "/",
            "*",
            "/favicon.ico",
            "/Jobs/JOB-1",
            "/1jobs",
            "/_jobs",
            "/%6Aobs",
            "/jobs/",
            "/jobs//resume",
            "//jobs",
            "/.well-known/openid-configuration",
        ] {
            assert!(!is_nexus_shaped(path), "{path}");
        }
    }

    #[test]
    fn every_served_route_is_nexus_shaped() {
        for (_, path, _) in SERVED {
            assert!(is_nexus_shaped(path), "{path}");
        }
    }

    /// [`SERVED`] against the router: each route answers with its method
    /// (no session: 401, or 400/401 for `POST /sessions`), and every other
    /// method on its path is 501.
    #[tokio::test]
    async fn the_served_list_is_what_the_router_serves() {
        use tower::ServiceExt;
        let app = crate::Sandbox::builder().into_router();
        for (served_method, template, _) in SERVED {
            let path = template
                .replace("{job_guid}", "JOB-1")
                .replace("{member_guid}", "MBR-1");
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
                let request = axum::http::Request::builder()
                    .method(method)
                    .uri(&path)
                    .header("accept", mx_nexus::MEDIA_TYPE)
                    .body(axum::body::Body::empty())
                    .unwrap();
                let status = app.clone().oneshot(request).await.unwrap().status();
                if method == served_method {
                    assert!(
                        status.is_client_error() || status.is_success(),
                        "{method} {path}: {status}"
                    );
                } else {
                    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{method} {path}");
                }
            }
        }
    }
}
