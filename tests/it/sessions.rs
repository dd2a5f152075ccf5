//! Sessions opened and renewed by the client from the caller's API token
//! source: `POST /sessions` as MX documents it, one replay after MX's
//! "session expired" (4011), one renewal shared by concurrent calls.

// These tests call resume job and member credentials, which MX deprecated
// but still serves: their `#[deprecated]` warning is expected here.
#![allow(deprecated)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::*;
use httpmock::{Method::POST, MockServer};
use mx_nexus::{BoxError, Error, types};
use serde_json::json;

const EXPIRED: &str = "expired-session-token";
const FRESH: &str = "fresh-session-token";

/// A client that gets API tokens `api-token-1`, `api-token-2`, ... and counts them.
fn client_with_source(server: &MockServer) -> (mx_nexus::Client, Arc<AtomicUsize>) {
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    let client = mx_nexus::ClientConfig::new(server.base_url())
        .retry_policy(fast_retries())
        .api_token_source(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok::<_, BoxError>(format!("api-token-{n}")) }
        })
        .build()
        .unwrap();
    (client, issued)
}

/// `POST /sessions` as MX documents it, answering with `token`.
async fn sessions_mock<'a>(server: &'a MockServer, token: &str) -> httpmock::Mock<'a> {
    let body = json!({"session": {"token": token}}).to_string();
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/sessions")
                .header_exists("md-api-token")
                .header("accept", NEXUS_MEDIA_TYPE)
                .header("user-agent", USER_AGENT)
                .header_missing("md-session-token");
            nexus_answer(then, 200, &body);
        })
        .await
}

/// `GET /jobs/JOB-1` with `token`: 200, or MX's expired-session error.
async fn job_mock<'a>(server: &'a MockServer, token: &str, expired: bool) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.path("/jobs/JOB-1").header("md-session-token", token);
            if expired {
                nexus_answer(then, 401, r#"{"error": {"code": 4011, "message": "Session expired"}}"#);
            } else {
                nexus_answer(then, 200, &fixture("job_completed.json"));
            }
        })
        .await
}

#[tokio::test]
async fn the_client_opens_a_session_before_its_first_call_and_keeps_it() {
    let server = MockServer::start_async().await;
    let sessions = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/sessions")
                .header("md-api-token", "api-token-1")
                .header("accept", NEXUS_MEDIA_TYPE)
                .header_missing("content-type")
                .body("");
            nexus_answer(then, 200, &json!({"session": {"token": FRESH}}).to_string());
        })
        .await;
    let job = job_mock(&server, FRESH, false).await;
    let (client, issued) = client_with_source(&server);
    assert!(!client.session().is_open());

    read_job(&client, "JOB-1").await.unwrap();
    read_job(&client, "JOB-1").await.unwrap();

    sessions.assert_calls_async(1).await;
    job.assert_calls_async(2).await;
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    assert_eq!(client.session().token().unwrap().expose_secret(), FRESH);
}

#[tokio::test]
async fn skip_aggregation_is_sent_when_configured() {
    let server = MockServer::start_async().await;
    let sessions = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/sessions")
                .header("content-type", NEXUS_MEDIA_TYPE)
                .json_body(json!({"session": {"skip_aggregation": true}}));
            nexus_answer(then, 200, &json!({"session": {"token": FRESH}}).to_string());
        })
        .await;
    job_mock(&server, FRESH, false).await;
    let client = mx_nexus::ClientConfig::new(server.base_url())
        .api_token_source(|| async { Ok::<_, BoxError>("api-token") })
        .skip_aggregation(true)
        .build()
        .unwrap();

    read_job(&client, "JOB-1").await.unwrap();

    sessions.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_expired_session_is_renewed_and_the_call_replayed_once() {
    let server = MockServer::start_async().await;
    let sessions = sessions_mock(&server, FRESH).await;
    let expired = job_mock(&server, EXPIRED, true).await;
    let fresh = job_mock(&server, FRESH, false).await;
    let (client, issued) = client_with_source(&server);
    client.session().replace(EXPIRED).unwrap();

    let job = read_job(&client, "JOB-1").await.expect("replayed with the new session");

    assert_eq!(job.job.unwrap().status, Some(6));
    expired.assert_calls_async(1).await;
    sessions.assert_calls_async(1).await;
    fresh.assert_calls_async(1).await;
    assert_eq!(issued.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_post_refused_for_an_expired_session_is_replayed_too() {
    // MX did not run a call it refused for the session, so replaying a POST
    // is safe even though POSTs are not retried.
    let server = MockServer::start_async().await;
    sessions_mock(&server, FRESH).await;
    let body = json!({"member": {"credential_guid": "CRD-1", "value": "blue"}});
    let expired = server
        .mock_async(|when, then| {
            when.path("/members/MBR-1/credentials")
                .header("md-session-token", EXPIRED);
            nexus_answer(then, 401, r#"{"code": 4011}"#);
        })
        .await;
    let created = server
        .mock_async(|when, then| {
            when.path("/members/MBR-1/credentials")
                .header("md-session-token", FRESH)
                .header("content-type", NEXUS_MEDIA_TYPE)
                .json_body(body.clone());
            nexus_answer(then, 200, &fixture("member_credential.json"));
        })
        .await;
    let (client, _) = client_with_source(&server);
    client.session().replace(EXPIRED).unwrap();

    client
        .create_member_credentials()
        .member_guid("MBR-1")
        .body(serde_json::from_value::<types::MemberCredentialRequestBody>(body.clone()).unwrap())
        .send()
        .await
        .expect("replayed with the new session");

    expired.assert_calls_async(1).await;
    created.assert_calls_async(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_on_an_expired_session_open_one_new_session() {
    let server = MockServer::start_async().await;
    let sessions = sessions_mock(&server, FRESH).await;
    // The expired answer comes late, so all 50 calls are sent on the old
    // session before the first one learns that it expired.
    let expired = server
        .mock_async(|when, then| {
            when.path("/jobs/JOB-1").header("md-session-token", EXPIRED);
            nexus_answer(then, 401, r#"{"error": {"code": 4011}}"#).delay(Duration::from_millis(300));
        })
        .await;
    let fresh = job_mock(&server, FRESH, false).await;
    let (client, issued) = client_with_source(&server);
    client.session().replace(EXPIRED).unwrap();

    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let client = client.clone();
        calls.spawn(async move { read_job(&client, "JOB-1").await });
    }
    let results = calls.join_all().await;

    assert!(results.iter().all(Result::is_ok), "{results:?}");
    sessions.assert_calls_async(1).await;
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    expired.assert_calls_async(50).await;
    fresh.assert_calls_async(50).await;
}

#[tokio::test]
async fn a_call_is_replayed_only_once() {
    let server = MockServer::start_async().await;
    let sessions = sessions_mock(&server, FRESH).await;
    let expired = job_mock(&server, EXPIRED, true).await;
    let also_expired = job_mock(&server, FRESH, true).await;
    let (client, _) = client_with_source(&server);
    client.session().replace(EXPIRED).unwrap();

    let error = read_job(&client, "JOB-1").await.unwrap_err();

    assert!(error.is_session_expired(), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("opening a new session failed: Nexus refused the new session too"),
        "{error}"
    );
    expired.assert_calls_async(1).await;
    sessions.assert_calls_async(1).await;
    also_expired.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_failing_token_source_fails_the_call_before_anything_is_sent() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let client = mx_nexus::ClientConfig::new(server.base_url())
        .api_token_source(|| async { Err::<String, _>(std::io::Error::other("SSO is down")) })
        .build()
        .unwrap();

    let error = read_job(&client, "JOB-1").await.unwrap_err();

    assert!(matches!(error, Error::Session { .. }), "{error:?}");
    assert_eq!(error.operation_id(), Some("read_job"));
    assert_eq!(
        error.to_string(),
        "read_job: cannot open a Nexus session: the API token source failed: SSO is down"
    );
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_refused_session_says_what_mx_answered_without_the_api_token() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/sessions");
            nexus_answer(
                then,
                401,
                r#"{"error": {"code": 4010, "message": "API token api-token-1 was already used"}}"#,
            );
        })
        .await;
    let (client, _) = client_with_source(&server);

    let error = read_job(&client, "JOB-1").await.unwrap_err();

    assert_eq!(
        error.to_string(),
        "read_job: cannot open a Nexus session: POST /sessions answered HTTP 401 Unauthorized, \
         MX code 4010: API token [REDACTED] was already used"
    );
}

#[tokio::test]
async fn a_session_answer_without_a_token_is_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/sessions");
            nexus_answer(then, 200, r#"{"user": {"guid": "USR-1"}}"#);
        })
        .await;
    let (client, _) = client_with_source(&server);

    let error = read_job(&client, "JOB-1").await.unwrap_err();

    assert!(
        error
            .to_string()
            .ends_with("POST /sessions answered HTTP 200 OK without a token at session.token"),
        "{error}"
    );
}

#[tokio::test]
async fn a_caller_can_end_replace_and_renew_the_session() {
    let server = MockServer::start_async().await;
    let sessions = sessions_mock(&server, FRESH).await;
    let old = job_mock(&server, EXPIRED, false).await;
    let fresh = job_mock(&server, FRESH, false).await;
    let (client, _) = client_with_source(&server);
    let session = client.session();

    session.replace(EXPIRED).unwrap();
    read_job(&client, "JOB-1").await.unwrap();
    old.assert_calls_async(1).await;

    session.renew().await.unwrap();
    sessions.assert_calls_async(1).await;
    read_job(&client, "JOB-1").await.unwrap();
    fresh.assert_calls_async(1).await;

    session.end();
    assert!(!session.is_open());
    read_job(&client, "JOB-1").await.unwrap();
    sessions.assert_calls_async(2).await;

    assert!(session.replace("line\nbreak").is_err());
}

#[tokio::test]
async fn with_a_fixed_token_an_ended_session_stays_ended_until_replaced() {
    let server = MockServer::start_async().await;
    job_mock(&server, SESSION_TOKEN, false).await;
    let fresh = job_mock(&server, FRESH, false).await;
    let client = client(&server);

    client.session().end();
    let error = read_job(&client, "JOB-1").await.unwrap_err();
    assert!(matches!(error, Error::Session { .. }), "{error:?}");
    assert!(error.to_string().contains("client.session().replace"), "{error}");
    assert!(client.session().renew().await.is_err());

    client.session().replace(FRESH).unwrap();
    read_job(&client, "JOB-1").await.unwrap();
    fresh.assert_calls_async(1).await;
}

#[tokio::test]
async fn no_answer_to_post_sessions_is_a_transport_error() {
    // Port 9 (discard) on loopback: nothing listens there in the test sandbox.
    let client = mx_nexus::ClientConfig::new("http://127.0.0.1:9")
        .retry_policy(fast_retries())
        .api_token_source(|| async { Ok::<_, BoxError>("api-token") })
        .build()
        .unwrap();

    let error = read_job(&client, "JOB-1").await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.delivery(), mx_nexus::Delivery::NotSent);
    assert!(
        error
            .to_string()
            .starts_with("read_job: opening a session (POST /sessions): could not connect to Nexus"),
        "{error}"
    );
    // Outside a call, the same failure is a session error that says it.
    let renewed = client.session().renew().await.unwrap_err();
    assert!(matches!(renewed, Error::Session { .. }), "{renewed:?}");
    assert!(
        renewed
            .to_string()
            .contains("POST /sessions: could not connect to Nexus"),
        "{renewed}"
    );
}
