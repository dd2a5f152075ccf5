//! The mx-nexus client against the sandbox: the legacy MFA flow end to end,
//! with the client's own builders and typed answers.

// These tests call resume job and member credentials, which MX deprecated
// but still serves: their `#[deprecated]` warning is expected here.
#![allow(deprecated)]

use crate::support::open_session;
use mx_nexus::types::{MemberCredentialRequest, MemberCredentialRequestBody};
use mx_nexus::{JobStatus, types};
use mx_nexus_sandbox::{Sandbox, defaults};

async fn client(sandbox: &Sandbox) -> mx_nexus::Client {
    let token = open_session(sandbox).await;
    mx_nexus::ClientConfig::new(sandbox.base_url())
        .session_token(token)
        .build()
        .expect("a valid config")
}

async fn read_status(client: &mx_nexus::Client) -> JobStatus {
    let body = client
        .read_job()
        .job_guid(defaults::JOB_GUID)
        .send()
        .await
        .expect("readJob answers 200")
        .into_inner();
    body.job.expect("a job").job_status()
}

async fn answer(client: &mx_nexus::Client, credential_guid: &str, value: &str) -> types::MemberCredentialResponse {
    client
        .create_member_credentials()
        .member_guid(defaults::MEMBER_GUID)
        .body(
            MemberCredentialRequestBody::builder().member(
                MemberCredentialRequest::builder()
                    .credential_guid(credential_guid)
                    .metadata("from the client test".to_owned())
                    .value(value),
            ),
        )
        .send()
        .await
        .expect("createMemberCredentials answers 200")
        .into_inner()
        .member_credential
        .expect("a member credential")
}

#[tokio::test]
async fn the_client_answers_the_mfa_questions_and_the_job_completes() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox).await;

    let mut status = read_status(&client).await;
    while status != JobStatus::Challenged {
        assert_eq!(status, JobStatus::Requested);
        status = read_status(&client).await;
    }

    let questions = client
        .list_job_mfa_credentials()
        .job_guid(defaults::JOB_GUID)
        .send()
        .await
        .expect("listJobMfaCredentials answers 200")
        .into_inner()
        .credentials;
    assert_eq!(questions.len(), 2);
    for question in &questions {
        let guid = question.guid.as_deref().expect("a credential guid");
        let right_answer = match question.label.as_deref() {
            Some(defaults::QUESTION_1_LABEL) => defaults::QUESTION_1_ANSWER,
            Some(defaults::QUESTION_2_LABEL) => defaults::QUESTION_2_ANSWER,
            other => panic!("unexpected question {other:?}"),
        };
        assert_eq!(question.mfa, Some(true));
        let created = answer(&client, guid, right_answer).await;
        assert_eq!(created.credential_guid.as_deref(), Some(guid));
        assert_eq!(created.metadata.as_deref(), Some("from the client test"));
        assert!(created.guid.as_deref().is_some_and(|g| g.starts_with("MCR-")));
    }

    let resumed = client
        .resume_job()
        .job_guid(defaults::JOB_GUID)
        .send()
        .await
        .expect("resumeJob answers 200")
        .into_inner()
        .job
        .expect("a job");
    assert_eq!(resumed.job_status(), JobStatus::Requested);

    let done = client
        .read_job()
        .job_guid(defaults::JOB_GUID)
        .send()
        .await
        .expect("readJob answers 200")
        .into_inner()
        .job
        .expect("a job");
    assert_eq!(done.job_status(), JobStatus::Completed);
    assert!(done.finished_at.is_some());
}

#[tokio::test]
async fn the_client_sees_a_wrong_answer_keep_the_job_challenged() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox).await;
    read_status(&client).await;
    assert_eq!(read_status(&client).await, JobStatus::Challenged);

    answer(&client, defaults::QUESTION_1_GUID, defaults::QUESTION_1_ANSWER).await;
    answer(&client, defaults::QUESTION_2_GUID, "not the pet's name").await;
    let resumed = client
        .resume_job()
        .job_guid(defaults::JOB_GUID)
        .send()
        .await
        .expect("resumeJob answers 200")
        .into_inner()
        .job
        .expect("a job");
    assert_eq!(resumed.job_status(), JobStatus::Challenged);
    assert_eq!(read_status(&client).await, JobStatus::Challenged);
}

#[tokio::test]
async fn the_client_gets_a_404_status_for_an_unknown_job() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox).await;
    let error = client
        .read_job()
        .job_guid("JOB-404")
        .send()
        .await
        .expect_err("an unknown job is an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn the_client_opens_its_own_session_and_renews_it_when_the_sandbox_expires_it() {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    let clock = mx_nexus_sandbox::ManualClock::new();
    let sandbox = Sandbox::builder()
        .clock(clock.clone())
        .session_idle_timeout(Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    // A fresh one-time API token per session, as MX's SSO API would give.
    let issued = std::sync::Arc::new(AtomicU64::new(0));
    let source = issued.clone();
    let client = mx_nexus::ClientConfig::new(sandbox.base_url())
        .api_token_source(move || {
            let n = source.fetch_add(1, Ordering::Relaxed) + 1;
            async move { Ok::<_, mx_nexus::BoxError>(format!("sso-token-{n}")) }
        })
        .skip_aggregation(true)
        .build()
        .expect("a valid config");

    assert_eq!(read_status(&client).await, JobStatus::Requested);
    assert_eq!(sandbox.sessions_opened(), 1);

    // The sandbox now answers 4011; the client opens a new session with a
    // new API token and replays the read.
    clock.advance(Duration::from_secs(60));
    assert_eq!(read_status(&client).await, JobStatus::Challenged);
    assert_eq!(sandbox.sessions_opened(), 2);
    assert_eq!(issued.load(Ordering::Relaxed), 2);
}
