//! `wait_for_job` and `answer_mfa`: the requests MX gets (httpmock) and the
//! whole flow against the sandbox.

use std::time::Duration;

use crate::support::*;
use httpmock::Method::{GET, POST};
use mx_nexus::{Error, JobStatus, MfaAnswers, WaitOptions};
use serde_json::json;

fn quick() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .deadline(Duration::from_secs(10))
}

fn job(status: i64, name: &str) -> String {
    json!({"job": {"guid": "JOB-1", "member_guid": "MBR-1", "status": status, "status_name": name}}).to_string()
}

fn questions() -> String {
    json!({"credentials": [
        {"guid": "CRD-1", "label": "What city were you born in?", "field_name": "city"},
        {"guid": "CRD-2", "label": "What was the name of your first pet?", "field_name": "pet"},
        {"guid": "CRD-3", "label": "Favourite colour?"}
    ]})
    .to_string()
}

#[tokio::test]
async fn wait_for_job_reads_until_the_job_stops_running() {
    let server = httpmock::MockServer::start_async().await;
    let running = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1").is_true(first(3));
            nexus_answer(then, 200, &job(1, "REQUESTED"));
        })
        .await;
    let challenged = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 200, &job(2, "CHALLENGED"));
        })
        .await;

    let job = client(&server).wait_for_job("JOB-1", &quick()).await.unwrap();

    assert_eq!(job.job_status(), JobStatus::Challenged);
    running.assert_calls_async(3).await;
    challenged.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_unknown_state_ends_the_wait_and_comes_back_as_data() {
    let server = httpmock::MockServer::start_async().await;
    let read = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 200, &job(4, "FAILED"));
        })
        .await;

    let job = client(&server).wait_for_job("JOB-1", &quick()).await.unwrap();

    assert_eq!(
        job.job_status(),
        JobStatus::Other {
            code: Some(4),
            name: Some("FAILED".into())
        }
    );
    read.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_job_still_running_at_the_deadline_is_an_error_with_its_last_status() {
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 200, &job(0, "INITIATED"));
        })
        .await;
    let options = WaitOptions::default()
        .interval(Duration::from_millis(5))
        .deadline(Duration::from_millis(50));

    let error = client(&server).wait_for_job("JOB-1", &options).await.unwrap_err();

    assert!(
        matches!(error, Error::WaitTimedOut { ref job_guid, last_status: Some(JobStatus::Initiated), .. } if job_guid == "JOB-1"),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with("job JOB-1 was still INITIATED after"),
        "{error}"
    );
}

#[tokio::test]
async fn answer_mfa_sends_one_credential_per_question_then_resumes_and_waits() {
    let server = httpmock::MockServer::start_async().await;
    let read = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1").is_true(first(1));
            nexus_answer(then, 200, &job(2, "CHALLENGED"));
        })
        .await;
    server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1/mfa_credentials");
            nexus_answer(then, 200, &questions());
        })
        .await;
    let mut posts = Vec::new();
    for (guid, answer) in [("CRD-1", "Paris"), ("CRD-2", "Rex"), ("CRD-3", "green")] {
        let body = json!({"member": {"credential_guid": guid, "value": answer}});
        posts.push(
            server
                .mock_async(|when, then| {
                    nexus_post(when, "/members/MBR-1/credentials", body);
                    nexus_answer(then, 200, &fixture("member_credential.json"));
                })
                .await,
        );
    }
    let resume = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1/resume");
            nexus_answer(then, 200, &job(1, "REQUESTED"));
        })
        .await;
    let done = server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 200, &job(6, "COMPLETED"));
        })
        .await;
    let answers = MfaAnswers::new()
        .answer("CRD-1", "Paris")
        .answer("what was the name of your first pet?", "Rex")
        .answer("Favourite colour?", "green");

    let job = client(&server)
        .answer_mfa_with("JOB-1", &answers, &quick())
        .await
        .unwrap();

    assert_eq!(job.job_status(), JobStatus::Completed);
    read.assert_calls_async(1).await;
    for post in &posts {
        post.assert_calls_async(1).await;
    }
    resume.assert_calls_async(1).await;
    done.assert_calls_async(1).await;
}

#[tokio::test]
async fn unanswered_questions_are_listed_and_nothing_is_sent() {
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1");
            nexus_answer(then, 200, &job(2, "CHALLENGED"));
        })
        .await;
    server
        .mock_async(|when, then| {
            nexus_get(when, "/jobs/JOB-1/mfa_credentials");
            nexus_answer(then, 200, &questions());
        })
        .await;
    let post = server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(200);
        })
        .await;
    let resume = server
        .mock_async(|when, then| {
            when.method(GET).path("/jobs/JOB-1/resume");
            then.status(200);
        })
        .await;
    let answers = MfaAnswers::new().answer("CRD-2", "Rex");

    let error = client(&server)
        .answer_mfa_with("JOB-1", &answers, &quick())
        .await
        .unwrap_err();

    assert!(
        matches!(error, Error::UnansweredMfa { ref unanswered, .. } if unanswered.len() == 2),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        r#"job JOB-1: no answer for the MFA question(s) "What city were you born in?", "Favourite colour?"; nothing was sent"#
    );
    post.assert_calls_async(0).await;
    resume.assert_calls_async(0).await;
}

#[tokio::test]
async fn the_whole_flow_against_the_sandbox() {
    use mx_nexus_sandbox::defaults;

    let sandbox = mx_nexus_sandbox::Sandbox::start().await.unwrap();
    let client = mx_nexus::ClientConfig::new(sandbox.base_url())
        .api_token_source(|| async { Ok::<_, mx_nexus::BoxError>("api-token") })
        .build()
        .unwrap();

    let job = client.wait_for_job(defaults::JOB_GUID, &quick()).await.unwrap();
    assert_eq!(job.job_status(), JobStatus::Challenged);

    let wrong = MfaAnswers::new()
        .answer(defaults::QUESTION_1_GUID, defaults::QUESTION_1_ANSWER)
        .answer(defaults::QUESTION_2_GUID, "not the pet");
    let job = client
        .answer_mfa_with(defaults::JOB_GUID, &wrong, &quick())
        .await
        .unwrap();
    assert_eq!(
        job.job_status(),
        JobStatus::Challenged,
        "a wrong answer leaves the job challenged"
    );

    let right = MfaAnswers::new()
        .answer(defaults::QUESTION_1_LABEL, defaults::QUESTION_1_ANSWER)
        .answer(defaults::QUESTION_2_LABEL, defaults::QUESTION_2_ANSWER);
    let job = client
        .answer_mfa_with(defaults::JOB_GUID, &right, &quick())
        .await
        .unwrap();
    assert_eq!(job.job_status(), JobStatus::Completed);
    assert!(job.finished_at.is_some());
    assert_eq!(sandbox.sessions_opened(), 1);
}
