//! What a caller gets when a call fails: one `mx_nexus::Error` that names the
//! operation and carries the status, MX's code and message and a short body
//! excerpt, whatever the server sent; never a panic.

// These tests call resume job and member credentials, which MX deprecated
// but still serves: their `#[deprecated]` warning is expected here.
#![allow(deprecated)]

use crate::support::*;
use mx_nexus::Error;

async fn server_answering(
    path: &str,
    status: u16,
    content_type: &str,
    body: impl Into<Vec<u8>>,
) -> httpmock::MockServer {
    let server = httpmock::MockServer::start_async().await;
    let body = body.into();
    server
        .mock_async(|when, then| {
            when.path(path);
            then.status(status).header("content-type", content_type).body(body);
        })
        .await;
    server
}

#[tokio::test]
async fn an_error_status_carries_operation_status_code_message_and_excerpt() {
    let body = r#"{"error": {"code": 4040, "message": "Job not found"}}"#;
    let server = server_answering("/jobs/JOB-404", 404, NEXUS_MEDIA_TYPE, body).await;

    let error = read_job(&client(&server), "JOB-404").await.unwrap_err();

    assert!(matches!(error, Error::Api { attempts: 1, .. }), "{error:?}");
    assert_eq!(error.operation_id(), Some("read_job"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(error.code(), Some("4040"));
    assert_eq!(error.message(), Some("Job not found"));
    assert_eq!(
        error.body_excerpt(),
        Some(r#"{"error":{"code":4040,"message":"Job not found"}}"#)
    );
    assert_eq!(error.response().unwrap().content_type(), Some(NEXUS_MEDIA_TYPE));
    assert!(!error.is_retryable() && !error.is_session_expired());
    assert_eq!(
        error.to_string(),
        r#"read_job: Nexus answered HTTP 404 Not Found, MX code 4040: Job not found, body: {"error":{"code":4040,"message":"Job not found"}}; check the guid"#
    );
}

#[tokio::test]
async fn an_expired_session_with_a_fixed_token_is_a_typed_error_that_says_so() {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1/mfa_credentials");
            nexus_answer(then, 401, r#"{"error":{"code":4011,"message":"Session expired"}}"#);
        })
        .await;

    let error: Error = client(&server)
        .list_job_mfa_credentials()
        .job_guid("JOB-1")
        .send()
        .await
        .unwrap_err();

    mock.assert_calls_async(1).await;
    assert!(error.is_session_expired(), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.operation_id(), Some("list_job_mfa_credentials"));
    let text = error.to_string();
    assert!(
        text.starts_with("list_job_mfa_credentials: the Nexus session has expired (HTTP 401 Unauthorized, MX code 4011: Session expired"),
        "{text}"
    );
    assert!(
        text.contains("client.session().replace") && text.contains("api_token_source"),
        "{text}"
    );
}

/// A caller's program, as a new user writes it: `?` into `anyhow` and
/// `Box<dyn Error>`. What it prints is the crate's one line, with the
/// operation, status, MX code and message, and what to do.
#[tokio::test]
async fn send_errors_print_the_whole_story_through_anyhow_and_box_dyn_error() {
    async fn with_anyhow(client: &mx_nexus::Client) -> anyhow::Result<()> {
        client.read_job().job_guid("JOB-1").send().await?;
        Ok(())
    }
    async fn with_box(client: &mx_nexus::Client) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        client.read_job().job_guid("JOB-1").send().await?;
        Ok(())
    }
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 401, r#"{"error":{"code":4011,"message":"Session expired"}}"#);
        })
        .await;
    let client = client(&server);

    let printed = [
        format!("{}", with_anyhow(&client).await.unwrap_err()),
        format!("{}", with_box(&client).await.unwrap_err()),
    ];

    for text in printed {
        assert!(
            text.starts_with(
                "read_job: the Nexus session has expired (HTTP 401 Unauthorized, MX code 4011: Session expired"
            ),
            "{text}"
        );
        assert!(text.contains("client.session().replace"), "{text}");
        assert!(!text.contains("Unexpected Response"), "{text}");
    }
    let error = with_anyhow(&client).await.unwrap_err();
    assert!(error.downcast_ref::<Error>().is_some_and(Error::is_session_expired));
}

#[tokio::test]
async fn code_4011_means_expired_whatever_the_status_and_shape() {
    for (status, body) in [
        (401, r#"{"code": "4011", "message": "expired"}"#),
        (403, r#"{"errors": [{"error_code": 4011}]}"#),
        (400, r#"{"status": {"code": 4011}}"#),
    ] {
        let server = server_answering("/jobs/JOB-1", status, "application/json", body).await;
        let error = read_job(&client(&server), "JOB-1").await.unwrap_err();
        assert!(error.is_session_expired(), "{status} {body}: {error:?}");
    }
}

#[tokio::test]
async fn an_html_error_page_keeps_its_status_and_an_excerpt() {
    let page = format!(
        "<html>\n<body>\n<h1>503 Service Unavailable</h1>{}</body></html>",
        " ".repeat(500)
    );
    let server = server_answering("/jobs/JOB-1/resume", 503, "text/html", page).await;

    let error: Error = client(&server).resume_job().job_guid("JOB-1").send().await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.operation_id(), Some("resume_job"));
    assert_eq!(error.code(), None);
    assert_eq!(
        error.body_excerpt(),
        Some("<html> <body> <h1>503 Service Unavailable</h1> </body></html>")
    );
    assert!(error.is_retryable());
    assert!(
        error
            .to_string()
            .ends_with("(after 3 attempts); Nexus is having trouble: try again later"),
        "{error}"
    );
}

#[tokio::test]
async fn an_empty_error_body_is_reported_as_empty() {
    let server = server_answering("/jobs/JOB-1", 500, NEXUS_MEDIA_TYPE, "").await;

    let error = read_job(&client(&server), "JOB-1").await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(error.body_excerpt(), Some(""));
    assert!(
        error.to_string().contains("HTTP 500 Internal Server Error, empty body"),
        "{error}"
    );
}

#[tokio::test]
async fn a_ten_megabyte_error_body_is_read_only_in_part() {
    let huge = format!(
        r#"{{"error": {{"code": 5000, "message": "{}"}}}}"#,
        "x".repeat(10 * 1024 * 1024)
    );
    let server = server_answering("/jobs/JOB-1", 500, NEXUS_MEDIA_TYPE, huge).await;

    let error = read_job(&client(&server), "JOB-1").await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    // The JSON is cut short by the 64 KiB read limit, so no code is found,
    // and the excerpt stays short.
    assert_eq!(error.code(), None);
    let excerpt = error.body_excerpt().unwrap();
    assert!(
        excerpt.starts_with(r#"{"error": {"code": 5000, "message": "xxx"#),
        "{excerpt}"
    );
    assert_eq!(excerpt.chars().count(), 301);
    assert!(error.to_string().len() < 1_000);
}

#[tokio::test]
async fn a_success_status_with_a_body_that_is_not_the_documented_json_is_an_invalid_response() {
    for (name, content_type, body, reason) in [
        (
            "html",
            "text/html",
            "<html>maintenance</html>",
            "expected value at line 1 column 1",
        ),
        (
            "empty",
            NEXUS_MEDIA_TYPE,
            "",
            "the body is empty where the spec documents JSON",
        ),
        (
            "truncated",
            NEXUS_MEDIA_TYPE,
            r#"{"job": {"guid": "JOB-1", "stat"#,
            "EOF while parsing",
        ),
        (
            "wrong shape",
            NEXUS_MEDIA_TYPE,
            r#"{"job":{"status":"six"}}"#,
            "invalid type: string \"six\", expected i64",
        ),
    ] {
        let server = server_answering("/jobs/JOB-1", 200, content_type, body).await;

        let error = read_job(&client(&server), "JOB-1").await.unwrap_err();

        assert!(
            matches!(error, Error::InvalidResponse { reason: ref why, .. } if why.contains(reason)),
            "{name}: {error:?}"
        );
        assert!(error.to_string().contains(reason), "{name}: {error}");
        assert_eq!(error.operation_id(), Some("read_job"), "{name}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "{name}");
        assert_eq!(error.response().unwrap().content_type(), Some(content_type), "{name}");
        assert_eq!(error.body_excerpt(), Some(body), "{name}");
        assert!(!error.is_retryable(), "{name}");
    }
}

#[tokio::test]
async fn a_success_body_over_the_limit_is_refused() {
    let body = format!(r#"{{"job": {{"guid": "{}"}}}}"#, "J".repeat(2_000));
    let server = server_answering("/jobs/JOB-1", 200, NEXUS_MEDIA_TYPE, body).await;
    let client = config(&server).max_response_bytes(1_000).build().unwrap();

    let error = read_job(&client, "JOB-1").await.unwrap_err();

    assert!(matches!(error, Error::InvalidResponse { .. }), "{error:?}");
    assert!(
        error.to_string().contains("larger than the 1000 bytes allowed"),
        "{error}"
    );
    assert_eq!(error.operation_id(), Some("read_job"));
}

#[tokio::test]
async fn documented_json_under_another_content_type_is_accepted() {
    let server = server_answering("/jobs/JOB-1", 200, "text/plain", fixture("job_completed.json")).await;

    let job = read_job(&client(&server), "JOB-1")
        .await
        .expect("the JSON is what the spec says");

    assert_eq!(job.job.unwrap().status, Some(6));
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error_naming_the_operation() {
    // Port 9 (discard) on loopback: nothing listens there in the test sandbox.
    let client = mx_nexus::ClientConfig::new("http://127.0.0.1:9")
        .session_token(SESSION_TOKEN)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let error = read_job(&client, "JOB-1").await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(error.operation_id(), Some("read_job"));
    assert_eq!(error.status(), None);
    assert!(error.is_retryable());
    assert!(
        error.to_string().starts_with("read_job: could not connect to Nexus"),
        "{error}"
    );
    assert!(!format!("{error:?}{error}").contains(SESSION_TOKEN));
}

#[tokio::test]
async fn a_missing_parameter_is_an_invalid_request_and_sends_nothing() {
    let server = httpmock::MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;

    let error: Error = client(&server).read_job().send().await.unwrap_err();

    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert!(error.to_string().contains("job_guid"), "{error}");
    any.assert_calls_async(0).await;
}
