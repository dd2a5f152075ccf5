//! What a caller gets when MX answers with an error or with something that is
//! not the documented JSON: an error value, never a panic.

mod common;

use common::*;

#[tokio::test]
async fn client_error_status_is_an_error_carrying_the_status() {
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-404");
            nexus_answer(then, 404, r#"{"error":{"message":"Job not found","status":404}}"#);
        })
        .await;

    let error = client(&server).read_job().job_guid("JOB-404").send().await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn expired_session_status_is_an_error_carrying_the_status() {
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1/mfa_credentials");
            nexus_answer(then, 401, r#"{"error":{"code":4011,"message":"Session expired"}}"#);
        })
        .await;

    let error = client(&server)
        .list_job_mfa_credentials()
        .job_guid("JOB-1")
        .send()
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn server_error_status_is_an_error_carrying_the_status() {
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/jobs/JOB-1/resume");
            then.status(503)
                .header("content-type", "text/html")
                .body("<html>Service Unavailable</html>");
        })
        .await;

    let error = client(&server).resume_job().job_guid("JOB-1").send().await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn ok_status_with_a_body_that_is_not_json_is_an_error() {
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/jobs/JOB-1");
            then.status(200)
                .header("content-type", "text/html")
                .body("<html>maintenance</html>");
        })
        .await;

    let error = client(&server).read_job().job_guid("JOB-1").send().await.unwrap_err();

    assert!(
        matches!(error, mx_nexus::Error::InvalidResponsePayload(ref body, _) if body.starts_with(b"<html>")),
        "{error:?}"
    );
}

#[tokio::test]
async fn ok_status_with_truncated_or_wrongly_shaped_json_is_an_error() {
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/jobs/TRUNCATED");
            nexus_answer(then, 200, r#"{"job": {"guid": "JOB-1", "stat"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/jobs/WRONG");
            nexus_answer(then, 200, r#"{"job": {"status": "six"}}"#);
        })
        .await;

    for guid in ["TRUNCATED", "WRONG"] {
        let error = client(&server).read_job().job_guid(guid).send().await.unwrap_err();
        assert!(
            matches!(error, mx_nexus::Error::InvalidResponsePayload(..)),
            "{guid}: {error:?}"
        );
    }
}

#[tokio::test]
async fn unreachable_server_is_a_communication_error() {
    // Port 9 (discard) on loopback: nothing listens there in the test sandbox.
    let client = mx_nexus::ClientConfig::new("http://127.0.0.1:9")
        .session_token(SESSION_TOKEN)
        .connect_timeout(std::time::Duration::from_secs(2))
        .build()
        .unwrap();

    let error = client.read_job().job_guid("JOB-1").send().await.unwrap_err();

    assert!(matches!(error, mx_nexus::Error::CommunicationError(_)), "{error:?}");
    assert!(!format!("{error:?}{error}").contains(SESSION_TOKEN));
}
