//! Sessions: `POST /sessions` exchanges a one-time `MD-API-TOKEN` for a
//! session token; every Nexus call needs a live `MD-SESSION-TOKEN`; a session
//! expires after its idle time, which each successful call restarts.

use std::time::Duration;

use crate::support::*;
use mx_nexus_sandbox::{ManualClock, Sandbox, codes};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A sandbox on a manual clock with a one-minute idle time.
async fn sandbox_with_clock() -> (Sandbox, ManualClock) {
    let clock = ManualClock::new();
    let sandbox = Sandbox::builder()
        .clock(clock.clone())
        .session_idle_timeout(Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    (sandbox, clock)
}

async fn read_job(sandbox: &Sandbox, session: Option<&str>) -> reqwest::Response {
    let request = get(sandbox, "/jobs/JOB-1");
    let request = match session {
        Some(session) => request.header("md-session-token", session),
        None => request,
    };
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_session_opens_without_a_body_with_deterministic_tokens() {
    let sandbox = Sandbox::start().await.unwrap();
    assert_eq!(open_session(&sandbox).await, "SANDBOX-SESSION-1");
    assert_eq!(open_session(&sandbox).await, "SANDBOX-SESSION-2");
    assert_eq!(sandbox.sessions_opened(), 2);
}

#[tokio::test]
async fn a_session_opens_with_skip_aggregation() {
    let sandbox = Sandbox::start().await.unwrap();
    let response = post(
        &sandbox,
        "/sessions",
        Some(&json!({"session": {"skip_aggregation": true}})),
    )
    .header("md-api-token", api_token())
    .send()
    .await
    .unwrap();
    let body: Value = ok_json(response).await;
    assert_eq!(body, json!({"session": {"token": "SANDBOX-SESSION-1"}}));
}

#[tokio::test]
async fn a_session_needs_an_api_token() {
    let sandbox = Sandbox::start().await.unwrap();
    let response = post(&sandbox, "/sessions", None).send().await.unwrap();
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::API_TOKEN_INVALID)
    );
    let response = post(&sandbox, "/sessions", None)
        .header("md-api-token", "")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::API_TOKEN_INVALID)
    );
    assert_eq!(sandbox.sessions_opened(), 0);
}

#[tokio::test]
async fn an_api_token_opens_one_session_only() {
    let sandbox = Sandbox::start().await.unwrap();
    let token = api_token();
    let first = post(&sandbox, "/sessions", None)
        .header("md-api-token", &token)
        .send()
        .await
        .unwrap();
    let _: Value = ok_json(first).await;
    let again = post(&sandbox, "/sessions", None)
        .header("md-api-token", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(error(again).await, (StatusCode::UNAUTHORIZED, codes::API_TOKEN_INVALID));
    assert_eq!(sandbox.sessions_opened(), 1);
}

#[tokio::test]
async fn the_builder_can_restrict_the_api_tokens() {
    let sandbox = Sandbox::builder().api_tokens(["sso-token-1"]).start().await.unwrap();
    let refused = post(&sandbox, "/sessions", None)
        .header("md-api-token", "sso-token-2")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(refused).await,
        (StatusCode::UNAUTHORIZED, codes::API_TOKEN_INVALID)
    );
    let accepted = post(&sandbox, "/sessions", None)
        .header("md-api-token", "sso-token-1")
        .send()
        .await
        .unwrap();
    let body: Value = ok_json(accepted).await;
    assert_eq!(body["session"]["token"], "SANDBOX-SESSION-1");
}

#[tokio::test]
async fn a_malformed_session_body_is_400_and_keeps_the_api_token() {
    let sandbox = Sandbox::start().await.unwrap();
    let token = api_token();
    for body in [json!({"session": {"skip_aggregation": "yes"}}), json!([1, 2])] {
        let response = post(&sandbox, "/sessions", Some(&body))
            .header("md-api-token", &token)
            .send()
            .await
            .unwrap();
        assert_eq!(
            error(response).await,
            (StatusCode::BAD_REQUEST, codes::BAD_REQUEST),
            "{body}"
        );
    }
    let retry = post(&sandbox, "/sessions", None)
        .header("md-api-token", &token)
        .send()
        .await
        .unwrap();
    let _: Value = ok_json(retry).await;
}

#[tokio::test]
async fn a_missing_session_token_is_4011() {
    let sandbox = Sandbox::start().await.unwrap();
    let response = read_job(&sandbox, None).await;
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::SESSION_INVALID)
    );
}

#[tokio::test]
async fn an_unknown_session_token_is_4011() {
    let sandbox = Sandbox::start().await.unwrap();
    let response = read_job(&sandbox, Some("SANDBOX-SESSION-99")).await;
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::SESSION_INVALID)
    );
}

#[tokio::test]
async fn an_expired_session_token_is_4011() {
    let (sandbox, clock) = sandbox_with_clock().await;
    let session = open_session(&sandbox).await;
    clock.advance(Duration::from_secs(60));
    let response = read_job(&sandbox, Some(&session)).await;
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::SESSION_INVALID)
    );
    // Expired for good: later calls are refused too.
    let response = get(&sandbox, "/jobs/JOB-1/mfa_credentials")
        .header("md-session-token", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::SESSION_INVALID)
    );
}

#[tokio::test]
async fn a_successful_call_restarts_the_idle_time() {
    let (sandbox, clock) = sandbox_with_clock().await;
    let session = open_session(&sandbox).await;
    // Three idle periods of 59 s, each ended by a call: 177 s in all, the
    // session still lives because each call restarted its idle time.
    for _ in 0..3 {
        clock.advance(Duration::from_secs(59));
        let _: Value = ok_json(read_job(&sandbox, Some(&session)).await).await;
    }
    clock.advance(Duration::from_secs(60));
    let response = read_job(&sandbox, Some(&session)).await;
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::SESSION_INVALID)
    );
}

#[tokio::test]
async fn a_failed_call_does_not_restart_the_idle_time() {
    let (sandbox, clock) = sandbox_with_clock().await;
    let session = open_session(&sandbox).await;
    clock.advance(Duration::from_secs(59));
    let response = get(&sandbox, "/jobs/JOB-404")
        .header("md-session-token", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(error(response).await, (StatusCode::NOT_FOUND, codes::NOT_FOUND));
    clock.advance(Duration::from_secs(1));
    let response = read_job(&sandbox, Some(&session)).await;
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::SESSION_INVALID)
    );
}

#[tokio::test]
async fn sessions_expire_independently() {
    let (sandbox, clock) = sandbox_with_clock().await;
    let old = open_session(&sandbox).await;
    clock.advance(Duration::from_secs(30));
    let new = open_session(&sandbox).await;
    clock.advance(Duration::from_secs(30));
    let response = read_job(&sandbox, Some(&old)).await;
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::SESSION_INVALID)
    );
    let _: Value = ok_json(read_job(&sandbox, Some(&new)).await).await;
}
