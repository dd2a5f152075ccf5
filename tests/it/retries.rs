//! Which calls are tried again, how often, and after how long: hit counts on
//! the mock server are what MX would see.

// These tests call resume job and member credentials, which MX deprecated
// but still serves: their `#[deprecated]` warning is expected here.
#![allow(deprecated)]

use std::time::Duration;

use crate::support::*;
use mx_nexus::{Error, RetryPolicy};

#[tokio::test]
async fn a_get_is_retried_on_each_transient_status_until_it_succeeds() {
    for status in [429, 502, 503, 504] {
        let server = httpmock::MockServer::start_async().await;
        let failing = server
            .mock_async(|when, then| {
                nexus_get(when, "/jobs/JOB-1").is_true(first(2));
                nexus_answer(then, status, "{}");
            })
            .await;
        let ok = server
            .mock_async(|when, then| {
                nexus_get(when, "/jobs/JOB-1");
                nexus_answer(then, 200, &fixture("job_completed.json"));
            })
            .await;

        let job = read_job(&client(&server), "JOB-1")
            .await
            .expect("the third try succeeds");

        assert_eq!(job.job.unwrap().status, Some(6));
        failing.assert_calls_async(2).await;
        ok.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn retries_stop_at_the_budget_and_the_error_says_how_many_tries() {
    let server = httpmock::MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 503, r#"{"error": {"message": "down for maintenance"}}"#);
        })
        .await;

    let error = read_job(&client(&server), "JOB-1").await.unwrap_err();
    failing.assert_calls_async(3).await;
    assert!(matches!(error, Error::Api { attempts: 3, .. }), "{error:?}");
    assert!(error.is_retryable());
    assert!(error.to_string().contains("(after 3 attempts)"), "{error}");

    let patient = client(&server).with_retry_policy(fast_retries().max_attempts(5));
    read_job(&patient, "JOB-1").await.unwrap_err();
    failing.assert_calls_async(3 + 5).await;

    let once = client(&server).with_retry_policy(RetryPolicy::never());
    read_job(&once, "JOB-1").await.unwrap_err();
    failing.assert_calls_async(3 + 5 + 1).await;
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    for status in [400, 401, 404, 422, 500] {
        let server = httpmock::MockServer::start_async().await;
        let failing = server
            .mock_async(|when, then| {
                nexus_get(when, "/jobs/JOB-1");
                nexus_answer(then, status, "{}");
            })
            .await;

        let error = read_job(&client(&server), "JOB-1").await.unwrap_err();

        failing.assert_calls_async(1).await;
        assert!(!error.is_retryable(), "{status}");
    }
}

#[tokio::test]
async fn a_post_is_not_retried_unless_the_call_opts_in() {
    let server = httpmock::MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.path("/members/MBR-1/credentials");
            nexus_answer(then, 503, "{}");
        })
        .await;
    let client = client(&server);

    let error = create_credential(&client, "answer").await.unwrap_err();
    failing.assert_calls_async(1).await;
    assert_eq!(error.operation_id(), Some("create_member_credentials"));

    let opted_in = client.with_retry_policy(fast_retries().retry_non_idempotent(true));
    create_credential(&opted_in, "answer").await.unwrap_err();
    failing.assert_calls_async(1 + 3).await;

    // The opt-in was for that call only.
    create_credential(&client, "answer").await.unwrap_err();
    failing.assert_calls_async(1 + 3 + 1).await;
}

#[tokio::test]
async fn retry_after_is_waited_for_and_reported() {
    let server = httpmock::MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1").is_true(first(1));
            nexus_answer(then, 429, "{}").header("retry-after", "1");
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 200, &fixture("job_completed.json"));
        })
        .await;
    let trace = TraceCapture::start();

    read_job(&client(&server), "JOB-1")
        .await
        .expect("the second try succeeds");

    limited.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;
    // The wait came from the header (1 s), not from the 1 ms backoff.
    let log = trace.text();
    assert!(log.contains("Nexus asked to try again; retrying"), "{log}");
    assert!(log.contains("delay_ms=1000"), "{log}");
}

#[tokio::test]
async fn a_retry_after_longer_than_the_policy_allows_ends_the_retries() {
    let server = httpmock::MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 503, "{}").header("retry-after", "120");
        })
        .await;

    let error = read_job(&client(&server), "JOB-1").await.unwrap_err();

    limited.assert_calls_async(1).await;
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_timeout_set_for_one_call_is_retried_like_any_lost_answer() {
    let server = httpmock::MockServer::start_async().await;
    let slow = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 200, &fixture("job_completed.json")).delay(Duration::from_secs(5));
        })
        .await;

    let impatient = client(&server).with_timeout(Duration::from_millis(100));
    let error = read_job(&impatient, "JOB-1").await.unwrap_err();

    slow.assert_calls_async(3).await;
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with(
            "read_job: no answer from Nexus within the 0.1 s timeout after the request was sent, after 3 attempts"
        ),
        "{error}"
    );
    assert!(error.is_retryable());
}
