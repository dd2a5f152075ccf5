//! The media-type rules: `Accept` must name the vendor type (406), a body
//! must be sent as the vendor type (415), every answer is labelled with it,
//! and these checks come before the session check.

use crate::support::*;
use mx_nexus_sandbox::{Sandbox, codes};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_missing_accept_is_406() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = open_session(&sandbox).await;
    let response = reqwest::Client::new()
        .get(format!("{}/jobs/JOB-1", sandbox.base_url()))
        .header("md-session-token", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(response).await,
        (StatusCode::NOT_ACCEPTABLE, codes::NOT_ACCEPTABLE)
    );
}

#[tokio::test]
async fn an_accept_without_the_vendor_type_is_406_even_a_wildcard() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = open_session(&sandbox).await;
    for accept in [
        "*/*",
        "application/*",
        "application/json",
        "application/vnd.mx.nexus.v1+json;q=0",
    ] {
        let response = reqwest::Client::new()
            .get(format!("{}/jobs/JOB-1", sandbox.base_url()))
            .header("accept", accept)
            .header("md-session-token", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(
            error(response).await,
            (StatusCode::NOT_ACCEPTABLE, codes::NOT_ACCEPTABLE),
            "{accept}"
        );
    }
}

#[tokio::test]
async fn an_accept_listing_the_vendor_type_among_others_is_fine() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = open_session(&sandbox).await;
    let response = reqwest::Client::new()
        .get(format!("{}/jobs/JOB-1", sandbox.base_url()))
        .header("accept", "application/json, application/vnd.mx.nexus.v1+json; q=0.9")
        .header("md-session-token", &session)
        .send()
        .await
        .unwrap();
    let body: mx_nexus::types::JobResponseBody = ok_json(response).await;
    assert_eq!(body.job.unwrap().guid.as_deref(), Some("JOB-1"));
}

#[tokio::test]
async fn a_body_sent_as_plain_json_is_415() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = open_session(&sandbox).await;
    let body = json!({"member": {"credential_guid": "CRD-1", "value": "Paris"}});
    for content_type in [Some("application/json"), Some("text/plain"), None] {
        let request = post(&sandbox, "/members/MBR-1/credentials", None)
            .header("md-session-token", &session)
            .body(body.to_string());
        let request = match content_type {
            Some(content_type) => request.header("content-type", content_type),
            None => request,
        };
        let response = request.send().await.unwrap();
        assert_eq!(
            error(response).await,
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, codes::UNSUPPORTED_MEDIA_TYPE),
            "{content_type:?}"
        );
    }
}

#[tokio::test]
async fn a_session_body_sent_as_plain_json_is_415_and_opens_nothing() {
    let sandbox = Sandbox::start().await.unwrap();
    let response = post(&sandbox, "/sessions", None)
        .header("md-api-token", api_token())
        .header("content-type", "application/json")
        .body(json!({"session": {"skip_aggregation": true}}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(response).await,
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, codes::UNSUPPORTED_MEDIA_TYPE)
    );
    assert_eq!(sandbox.sessions_opened(), 0);
}

#[tokio::test]
async fn a_vendor_content_type_with_a_charset_is_accepted() {
    let sandbox = Sandbox::start().await.unwrap();
    let response = post(&sandbox, "/sessions", None)
        .header("md-api-token", api_token())
        .header("content-type", "application/vnd.mx.nexus.v1+json; charset=utf-8")
        .body(json!({"session": {"skip_aggregation": true}}).to_string())
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = ok_json(response).await;
    assert_eq!(body["session"]["token"], "SANDBOX-SESSION-1");
}

#[tokio::test]
async fn accept_is_checked_before_content_type_and_both_before_the_session() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = format!("{}/members/MBR-1/credentials", sandbox.base_url());
    // Wrong Accept, wrong Content-Type, no session: the Accept is reported.
    let response = reqwest::Client::new()
        .post(&url)
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(response).await,
        (StatusCode::NOT_ACCEPTABLE, codes::NOT_ACCEPTABLE)
    );
    // Right Accept, wrong Content-Type, no session: the Content-Type is reported.
    let response = reqwest::Client::new()
        .post(&url)
        .header("accept", VENDOR)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(response).await,
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, codes::UNSUPPORTED_MEDIA_TYPE)
    );
    // Both right, no session: now the session is reported.
    let response = post(&sandbox, "/members/MBR-1/credentials", Some(&json!({})))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(response).await,
        (StatusCode::UNAUTHORIZED, codes::SESSION_INVALID)
    );
}

#[tokio::test]
async fn a_get_without_a_body_needs_no_content_type() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = open_session(&sandbox).await;
    let response = get(&sandbox, "/jobs/JOB-1/mfa_credentials")
        .header("md-session-token", &session)
        .send()
        .await
        .unwrap();
    let _: mx_nexus::types::CredentialsResponseBody = ok_json(response).await;
}
