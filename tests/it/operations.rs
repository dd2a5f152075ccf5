//! Each Nexus operation against a mock server: the request MX would get
//! (method, path, headers, body) and the typed value a caller gets back.

// These tests call resume job and member credentials, which MX deprecated
// but still serves: their `#[deprecated]` warning is expected here.
#![allow(deprecated)]

use crate::support::*;
use mx_nexus::{JobStatus, types};
use serde_json::json;

#[tokio::test]
async fn read_job_sends_the_documented_request_and_parses_the_job() {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-123");
            nexus_answer(then, 200, &fixture("job_completed.json"));
        })
        .await;

    let response = client(&server)
        .read_job()
        .job_guid("JOB-123")
        .send()
        .await
        .expect("200");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let job = response.into_inner().job.expect("a job");
    assert_eq!(job.guid.as_deref(), Some("JOB-e386a323-e452-47f2-b2fd-1ac3c18533de"));
    assert_eq!(
        job.member_guid.as_deref(),
        Some("MBR-84ca0882-ad6c-4f10-817f-c8c0de7424fa")
    );
    assert_eq!(job.is_authenticated, Some(true));
    assert_eq!(job.error_message, None);
    assert_eq!(job.status, Some(6));
    assert_eq!(job.job_status(), JobStatus::Completed);
}

#[tokio::test]
async fn list_job_mfa_credentials_parses_mx_documented_example_into_typed_fields() {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-123/mfa_credentials");
            nexus_answer(then, 200, &fixture("mfa_credentials.json"));
        })
        .await;

    let body = client(&server)
        .list_job_mfa_credentials()
        .job_guid("JOB-123")
        .send()
        .await
        .expect("200")
        .into_inner();

    mock.assert_async().await;
    // Every documented field, as a user builds the type: with its builder.
    let expected = types::CredentialsResponse::builder()
        .created_at(mx_nexus::Timestamp::from("2016-09-21T22:08:59.000Z"))
        .display_order(1)
        .editable(true)
        .field_name("LOGIN".to_owned())
        .field_type(3)
        .field_type_name("LOGIN".to_owned())
        .guid("CRD-9f61fb4c-912c-bd1e-b175-ccc7f0275cc1".to_owned())
        .institution_guid("INS-1572a04c-912b-59bf-5841-332c7dfafaef".to_owned())
        .label("Username".to_owned())
        .mfa(false)
        .optional(false)
        .updated_at(mx_nexus::Timestamp::from("2016-09-21T22:08:59.000Z"))
        .build()
        .unwrap();
    assert_eq!(body.credentials, vec![expected]);
}

#[tokio::test]
async fn resume_job_sends_the_documented_request_and_parses_the_job() {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-e386a323/resume");
            nexus_answer(then, 200, &fixture("job_completed.json"));
        })
        .await;

    let body = client(&server)
        .resume_job()
        .job_guid("JOB-e386a323")
        .send()
        .await
        .expect("200")
        .into_inner();

    mock.assert_async().await;
    let job = body.job.expect("a job");
    assert_eq!(
        job.user_guid.as_deref(),
        Some("USR-11141024-90b3-1bce-cac9-c06ced52ab4c")
    );
    assert_eq!(job.job_status(), JobStatus::Completed);
}

#[tokio::test]
async fn create_member_credentials_posts_the_body_as_the_vendor_media_type() {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            nexus_post(
                when,
                "/members/MBR-7aa13bdb/credentials",
                json!({"member": {"credential_guid": "CRD-19d57512", "value": "my first car"}}),
            );
            nexus_answer(then, 200, &fixture("member_credential.json"));
        })
        .await;

    let body = client(&server)
        .create_member_credentials()
        .member_guid("MBR-7aa13bdb")
        .body(
            types::MemberCredentialRequestBody::builder().member(
                types::MemberCredentialRequest::builder()
                    .credential_guid("CRD-19d57512")
                    .value("my first car"),
            ),
        )
        .send()
        .await
        .expect("200")
        .into_inner();

    mock.assert_async().await;
    let created = body.member_credential.expect("a member credential");
    assert_eq!(
        created.guid.as_deref(),
        Some("MCR-1b2f1146-d54f-510f-84fc-b4cb61cfdcff")
    );
    assert_eq!(
        created.credential_guid.as_deref(),
        Some("CRD-19d57512-81e3-1136-b84e-0c46b62a5d7a")
    );
    assert_eq!(created.metadata.as_deref(), Some("Additional information"));
}

#[tokio::test]
async fn create_member_credentials_sends_metadata_when_given() {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            nexus_post(
                when,
                "/members/MBR-1/credentials",
                json!({"member": {"credential_guid": "CRD-1", "value": "v", "metadata": "note"}}),
            );
            nexus_answer(then, 200, &fixture("member_credential.json"));
        })
        .await;

    client(&server)
        .create_member_credentials()
        .member_guid("MBR-1")
        .body_map(|body| {
            body.member(
                types::MemberCredentialRequest::builder()
                    .credential_guid("CRD-1")
                    .value("v")
                    .metadata("note".to_owned()),
            )
        })
        .send()
        .await
        .expect("200");

    mock.assert_async().await;
}

#[tokio::test]
async fn a_path_parameter_is_percent_encoded() {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB%2F..%2Fx");
            nexus_answer(then, 200, &fixture("job_completed.json"));
        })
        .await;

    client(&server)
        .read_job()
        .job_guid("JOB/../x")
        .send()
        .await
        .expect("200");

    mock.assert_async().await;
}

#[tokio::test]
async fn a_call_without_its_required_body_is_refused_before_anything_is_sent() {
    let server = httpmock::MockServer::start_async().await;
    let any = server.mock_async(|_, then| {
        then.status(200);
    });
    let any = any.await;

    let error = client(&server)
        .create_member_credentials()
        .member_guid("MBR-1")
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, mx_nexus::Error::InvalidRequest { .. }), "{error:?}");
    assert_eq!(error.operation_id(), Some("create_member_credentials"));
    assert!(error.to_string().contains("member"), "{error}");
    assert_eq!(error.delivery(), mx_nexus::Delivery::NotSent);
    // A member without its required fields is refused the same way.
    let error = client(&server)
        .create_member_credentials()
        .member_guid("MBR-1")
        .body_map(|body| body.member(types::MemberCredentialRequest::builder().credential_guid("CRD-1")))
        .send()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("value"), "{error}");
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_timestamp_in_another_shape_keeps_the_rest_of_the_answer_readable() {
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(
                then,
                200,
                r#"{"job": {"guid": "JOB-1", "status": 6, "created_at": "last Tuesday",
                            "started_at": 1655404950, "finished_at": "2022-06-16T18:42:43.000Z"}}"#,
            );
        })
        .await;

    let job = client(&server)
        .read_job()
        .job_guid("JOB-1")
        .send()
        .await
        .expect("one odd timestamp does not fail the answer")
        .into_inner()
        .job
        .unwrap();

    assert_eq!(job.guid.as_deref(), Some("JOB-1"));
    assert_eq!(job.job_status(), mx_nexus::JobStatus::Completed);
    let created = job.created_at.unwrap();
    assert_eq!((created.as_str(), created.to_datetime()), ("last Tuesday", None));
    assert_eq!(job.started_at.unwrap().as_str(), "1655404950");
    let finished = job.finished_at.unwrap().to_datetime().unwrap();
    assert_eq!(finished.to_rfc3339(), "2022-06-16T18:42:43+00:00");
}

#[test]
fn generated_types_are_built_with_builders_that_name_a_missing_field() {
    let job = types::JobResponse::builder()
        .guid("JOB-1".to_owned())
        .status(2)
        .build()
        .unwrap();
    assert_eq!(job.job_status(), mx_nexus::JobStatus::Challenged);
    let error = types::MemberCredentialRequest::builder()
        .credential_guid("CRD-1")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("value"), "{error}");
}

#[cfg(feature = "schemars")]
#[test]
fn generated_types_describe_themselves_as_json_schema() {
    let schema = serde_json::to_value(schemars::schema_for!(types::JobResponseBody)).unwrap();
    let job = &schema["$defs"]["JobResponse"]["properties"];
    assert_eq!(job["guid"]["type"], serde_json::json!(["string", "null"]), "{schema:#}");
    assert_eq!(job["created_at"]["anyOf"][0]["$ref"], "#/$defs/Timestamp", "{schema:#}");
    assert_eq!(schema["$defs"]["Timestamp"]["format"], "date-time", "{schema:#}");
    let request = serde_json::to_value(schemars::schema_for!(types::MemberCredentialRequestBody)).unwrap();
    assert_eq!(request["required"], serde_json::json!(["member"]), "{request:#}");
}
