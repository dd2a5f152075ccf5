//! The `mock` feature: progenitor's typed httpmock helpers, answering the way
//! MX does (its vendor media type), so a downstream test sees what production
//! sends.

use httpmock::MockServer;
use mx_nexus::mock::MockServerExt;
use mx_nexus::{JobStatus, types};
use serde_json::json;

fn job() -> types::JobResponseBody {
    serde_json::from_value(json!({"job": {"guid": "JOB-1", "status": 2, "status_name": "CHALLENGED"}})).unwrap()
}

#[tokio::test]
async fn typed_mocks_match_parameters_and_serve_the_vendor_media_type() {
    let server = MockServer::start_async().await;
    let read = server.read_job(|when, then| {
        when.job_guid("JOB-1");
        then.ok(&job());
    });

    let raw = mx_nexus::reqwest::get(format!("{}/jobs/JOB-1", server.base_url()))
        .await
        .unwrap();
    assert_eq!(raw.headers()["content-type"], mx_nexus::MEDIA_TYPE);

    let client = mx_nexus::ClientConfig::new(server.base_url())
        .session_token("test-session")
        .build()
        .unwrap();
    let answer = client.read_job().job_guid("JOB-1").send().await.unwrap();
    assert_eq!(answer.headers()["content-type"], mx_nexus::MEDIA_TYPE);
    assert_eq!(answer.into_inner().job.unwrap().job_status(), JobStatus::Challenged);
    read.assert_calls(2);
}

#[tokio::test]
async fn a_typed_mock_only_answers_its_own_parameters() {
    let server = MockServer::start_async().await;
    let question = types::CredentialsResponse::builder()
        .guid("CRD-1".to_owned())
        .label("What city were you born in?".to_owned())
        .build()
        .unwrap();
    let credentials = types::CredentialsResponseBody::builder()
        .credentials(vec![question])
        .build()
        .unwrap();
    let listed = server.list_job_mfa_credentials(|when, then| {
        when.job_guid("JOB-1");
        then.ok(&credentials);
    });
    let client = mx_nexus::ClientConfig::new(server.base_url())
        .session_token("test-session")
        .build()
        .unwrap();

    let answer = client
        .list_job_mfa_credentials()
        .job_guid("JOB-1")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.into_inner(), credentials);

    let other: mx_nexus::Error = client
        .list_job_mfa_credentials()
        .job_guid("JOB-2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404));
    listed.assert_calls(1);
}

#[tokio::test]
async fn path_parameters_match_their_value_literally() {
    let server = MockServer::start_async().await;
    // As a regular expression, "JOB.1" would also match "JOB-1".
    let dotted = server.read_job(|when, then| {
        when.job_guid("JOB.1");
        then.ok(&job());
    });
    let client = mx_nexus::ClientConfig::new(server.base_url())
        .session_token("test")
        .retry_policy(mx_nexus::RetryPolicy::never())
        .build()
        .unwrap();

    let other = client.read_job().job_guid("JOB-1").send().await.unwrap_err();
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404), "{other}");
    client.read_job().job_guid("JOB.1").send().await.unwrap();
    // A value the client percent-encodes matches too.
    let spaced = server.read_job(|when, then| {
        when.job_guid("JOB 2+(x)");
        then.ok(&job());
    });
    client.read_job().job_guid("JOB 2+(x)").send().await.unwrap();
    dotted.assert_calls(1);
    spaced.assert_calls(1);
}

#[tokio::test]
async fn typed_error_answers_reach_the_caller_as_mx_would_send_them() {
    let server = MockServer::start_async().await;
    server.read_job(|when, then| {
        when.job_guid("JOB-404");
        then.mx_error(404, 4040, "Job not found");
    });
    server.read_job(|when, then| {
        when.job_guid("JOB-OLD");
        then.session_expired();
    });
    server.read_job(|when, then| {
        when.job_guid("JOB-GW");
        then.gateway_page(502, "<html><h1>502 Bad Gateway</h1></html>");
    });
    let client = mx_nexus::ClientConfig::new(server.base_url())
        .session_token("test")
        .retry_policy(mx_nexus::RetryPolicy::never())
        .build()
        .unwrap();
    let read = |guid: &'static str| {
        let client = client.clone();
        async move { client.read_job().job_guid(guid).send().await.unwrap_err() }
    };

    let missing = read("JOB-404").await;
    assert_eq!(
        (missing.code(), missing.message()),
        (Some("4040"), Some("Job not found"))
    );
    assert_eq!(missing.response().unwrap().content_type(), Some(mx_nexus::MEDIA_TYPE));
    assert!(read("JOB-OLD").await.is_session_expired());
    let gateway = read("JOB-GW").await;
    assert_eq!(gateway.status().map(|s| s.as_u16()), Some(502));
    assert!(gateway.body_excerpt().unwrap().contains("502 Bad Gateway"), "{gateway}");
    assert!(gateway.is_retryable());
}
