//! Contract tests: every operation of the client, through the public API,
//! against two servers that hold it to the spec.
//!
//! - Stoplight Prism (`prism mock --errors`) on the spec the client is
//!   generated from (`v1.yaml` + `overlay.yaml`, MX's vendor media type kept):
//!   Prism checks each request's path, parameters, `MD-SESSION-TOKEN`
//!   security header, `Accept`, `Content-Type` and body against the spec, and
//!   answers with the spec's examples. Prism is installed on first use (see
//!   `tests/prism/mod.rs`); without npm the Prism tests skip, saying so.
//! - `mx-nexus-sandbox`, which walks a job through the MFA flow, with the
//!   client opening its own session.
//!
//! One flow drives both. Prism accepts `application/json` request bodies
//! where the spec says `application/vnd.mx.nexus.v1+json`, so the exact
//! headers stay asserted by the httpmock tests (`tests/operations.rs`).

// These tests call resume job and member credentials, which MX deprecated
// but still serves: their `#[deprecated]` warning is expected here.
#![allow(deprecated)]

use crate::support::prism::Prism;
use mx_nexus::{JobStatus, RetryPolicy, types};
use mx_nexus_sandbox::{Sandbox, defaults};

/// What one server is expected to answer along [`run_every_operation`].
struct Expected {
    /// The job the flow starts from.
    job_guid: &'static str,
    /// The job's member, as readJob answers it.
    member_guid: &'static str,
    /// The job's status once reads no longer find it INITIATED or REQUESTED.
    settled: JobStatus,
    /// The labels listJobMfaCredentials lists, in order.
    questions: &'static [&'static str],
    /// The answer the flow gives to the question with this label.
    answer: fn(&str) -> &'static str,
    /// The guid createMemberCredentials answers for each answer, in order.
    created: &'static [&'static str],
    /// The job's status as resumeJob answers it.
    resumed: JobStatus,
}

/// The legacy MFA flow, calling every operation of the client: read the job
/// until it settles, list its MFA questions, answer each one, resume the job,
/// read it until it settles again. Every answer is a typed body the client
/// parsed; the assertions check what a caller would read from it.
async fn run_every_operation(client: &mx_nexus::Client, expected: &Expected) -> Result<(), mx_nexus::Error> {
    let job = read_until_settled(client, expected.job_guid).await?;
    assert_eq!(job.guid.as_deref(), Some(expected.job_guid), "readJob: {job:?}");
    assert_eq!(
        job.member_guid.as_deref(),
        Some(expected.member_guid),
        "readJob: {job:?}"
    );
    assert_eq!(job.job_status(), expected.settled, "readJob: {job:?}");

    let credentials = client
        .list_job_mfa_credentials()
        .job_guid(expected.job_guid)
        .send()
        .await?
        .into_inner()
        .credentials;
    let labels: Vec<&str> = credentials.iter().filter_map(|c| c.label.as_deref()).collect();
    assert_eq!(labels, expected.questions, "listJobMfaCredentials: {credentials:?}");
    assert!(
        credentials
            .iter()
            .all(|c| c.guid.is_some() && c.display_order.is_some()),
        "listJobMfaCredentials: {credentials:?}"
    );

    let mut created = Vec::new();
    for question in &credentials {
        let label = question.label.as_deref().unwrap_or_default();
        let body = types::MemberCredentialRequestBody::builder()
            .member(
                types::MemberCredentialRequest::builder()
                    .credential_guid(question.guid.clone().unwrap_or_default())
                    .value((expected.answer)(label)),
            )
            .build()
            .unwrap();
        let answer = client
            .create_member_credentials()
            .member_guid(expected.member_guid)
            .body(body)
            .send()
            .await?
            .into_inner();
        let credential = answer
            .member_credential
            .expect("createMemberCredentials answers a member_credential");
        assert!(
            credential.credential_guid.is_some(),
            "createMemberCredentials: {credential:?}"
        );
        created.push(credential.guid.unwrap_or_default());
    }
    assert_eq!(created, expected.created, "createMemberCredentials guids");

    let resumed = client
        .resume_job()
        .job_guid(expected.job_guid)
        .send()
        .await?
        .into_inner();
    let resumed = resumed.job.expect("resumeJob answers a job");
    assert_eq!(resumed.job_status(), expected.resumed, "resumeJob: {resumed:?}");

    let finished = read_until_settled(client, expected.job_guid).await?;
    assert_eq!(
        finished.job_status(),
        JobStatus::Completed,
        "readJob after resume: {finished:?}"
    );
    assert_eq!(
        finished.is_authenticated,
        Some(true),
        "readJob after resume: {finished:?}"
    );
    assert!(finished.finished_at.is_some(), "readJob after resume: {finished:?}");
    Ok(())
}

/// Reads the job while it is INITIATED or REQUESTED (at most a few times).
async fn read_until_settled(client: &mx_nexus::Client, job_guid: &str) -> Result<types::JobResponse, mx_nexus::Error> {
    for _ in 0..5 {
        let job = client.read_job().job_guid(job_guid).send().await?.into_inner();
        let job = job.job.expect("readJob answers a job");
        if !matches!(job.job_status(), JobStatus::Initiated | JobStatus::Requested) {
            return Ok(job);
        }
    }
    panic!("job {job_guid} still running after 5 reads");
}

/// Prism answers every call with the spec's examples: a COMPLETED job, the
/// one `Username` credential of MX's documented example, the example member
/// credential. It does not track state, so the job stays COMPLETED.
const PRISM: Expected = Expected {
    job_guid: "JOB-e386a323-e452-47f2-b2fd-1ac3c18533de",
    member_guid: "MBR-84ca0882-ad6c-4f10-817f-c8c0de7424fa",
    settled: JobStatus::Completed,
    questions: &["Username"],
    answer: |_| "any answer",
    created: &["MCR-1b2f1146-d54f-510f-84fc-b4cb61cfdcff"],
    resumed: JobStatus::Completed,
};

/// The sandbox's default job: two MFA questions, then REQUESTED after a
/// resume with the right answers, then COMPLETED.
const SANDBOX: Expected = Expected {
    job_guid: defaults::JOB_GUID,
    member_guid: defaults::MEMBER_GUID,
    settled: JobStatus::Challenged,
    questions: &[defaults::QUESTION_1_LABEL, defaults::QUESTION_2_LABEL],
    answer: |label| match label {
        defaults::QUESTION_1_LABEL => defaults::QUESTION_1_ANSWER,
        defaults::QUESTION_2_LABEL => defaults::QUESTION_2_ANSWER,
        other => panic!("the sandbox asked an unknown question: {other}"),
    },
    created: &["MCR-1", "MCR-2"],
    resumed: JobStatus::Requested,
};

#[tokio::test]
async fn every_operation_passes_prism_validation_against_the_spec() {
    let Some(prism) = Prism::start("every_operation_passes_prism_validation_against_the_spec") else {
        return; // npm is missing: skip_banner said so
    };
    let client = mx_nexus::ClientConfig::new(prism.base_url())
        .session_token("any")
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("valid config");

    if let Err(error) = run_every_operation(&client, &PRISM).await {
        panic!("{error}\nPrism's output:\n{}", prism.output());
    }

    // With --errors a request that breaks the spec already failed above;
    // this also catches anything Prism only warned about.
    let violations = prism.violations();
    assert!(
        violations.is_empty(),
        "Prism reported violations of the spec:\n{}\nPrism's output:\n{}",
        violations.join("\n"),
        prism.output()
    );
}

/// The Prism test above can fail: Prism refuses what breaks the spec.
#[tokio::test]
async fn prism_refuses_requests_that_break_the_spec() {
    let Some(prism) = Prism::start("prism_refuses_requests_that_break_the_spec") else {
        return; // npm is missing: skip_banner said so
    };
    let http = mx_nexus::reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", prism.base_url());

    // No MD-SESSION-TOKEN: the spec's security requirement is not met.
    let response = http
        .get(url("/jobs/JOB-1"))
        .header("Accept", mx_nexus::MEDIA_TYPE)
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(response.status(), 401, "{}", prism.output());

    // A member credential without its required `value`.
    let response = http
        .post(url("/members/MBR-1/credentials"))
        .header("Accept", mx_nexus::MEDIA_TYPE)
        .header("Content-Type", mx_nexus::MEDIA_TYPE)
        .header("MD-SESSION-TOKEN", "any")
        .body(r#"{"member": {"credential_guid": "CRD-1"}}"#)
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(response.status(), 422, "{}", prism.output());
    let problem = response.text().await.expect("a body");
    assert!(problem.contains("must have required property 'value'"), "{problem}");

    // A body that is not the spec's media type at all.
    let response = http
        .post(url("/members/MBR-1/credentials"))
        .header("Accept", mx_nexus::MEDIA_TYPE)
        .header("Content-Type", "text/plain")
        .header("MD-SESSION-TOKEN", "any")
        .body("Paris")
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(response.status(), 415, "{}", prism.output());

    assert!(
        !prism.violations().is_empty(),
        "Prism logged no violation:\n{}",
        prism.output()
    );
}

#[tokio::test]
async fn every_operation_runs_the_mfa_flow_against_the_sandbox() {
    let sandbox = Sandbox::start().await.expect("the sandbox starts");
    let client = mx_nexus::ClientConfig::new(sandbox.base_url())
        .api_token_source(|| async { Ok::<_, mx_nexus::BoxError>("api-token") })
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("valid config");

    if let Err(error) = run_every_operation(&client, &SANDBOX).await {
        panic!("{error}");
    }
    // The client opened its one session itself.
    assert_eq!(sandbox.sessions_opened(), 1);
    sandbox.shutdown().await.expect("the sandbox stops");
}
