//! The HTTP face of the sandbox: routes, the session check, and turning
//! request bodies into the client crate's generated types.
//!
//! Checks run in the documented order: `Accept` (406) and `Content-Type`
//! (415) in `media.rs` for every request, then the session (401) for the
//! Nexus operations, then the route's own work.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode};
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
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
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

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such path")
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
