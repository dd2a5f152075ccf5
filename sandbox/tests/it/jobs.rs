//! Jobs and the legacy MFA flow over plain HTTP: read (one step per read),
//! list the MFA questions, answer them, resume, read until COMPLETED; and the
//! errors a user can meet on the way.

use crate::support::*;
use mx_nexus::types::{
    CredentialsResponse, CredentialsResponseBody, JobResponse, JobResponseBody, MemberCredentialResponseBody,
};
use mx_nexus_sandbox::{ErrorBody, JobConfig, ManualClock, Question, Sandbox, codes, defaults};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A sandbox and a session on it.
async fn started(sandbox: Sandbox) -> (Sandbox, String) {
    let session = open_session(&sandbox).await;
    (sandbox, session)
}

async fn job_call(sandbox: &Sandbox, session: &str, path: &str) -> JobResponse {
    let response = get(sandbox, path)
        .header("md-session-token", session)
        .send()
        .await
        .unwrap();
    let body: JobResponseBody = ok_json(response).await;
    body.job.expect("a job")
}

async fn read(sandbox: &Sandbox, session: &str, job: &str) -> JobResponse {
    job_call(sandbox, session, &format!("/jobs/{job}")).await
}

async fn resume(sandbox: &Sandbox, session: &str, job: &str) -> JobResponse {
    job_call(sandbox, session, &format!("/jobs/{job}/resume")).await
}

async fn questions(sandbox: &Sandbox, session: &str, job: &str) -> Vec<CredentialsResponse> {
    let response = get(sandbox, &format!("/jobs/{job}/mfa_credentials"))
        .header("md-session-token", session)
        .send()
        .await
        .unwrap();
    // The list is there even when empty, as a client in any language reads it.
    let body: Value = ok_json(response).await;
    assert!(body["credentials"].is_array(), "{body}");
    serde_json::from_value::<CredentialsResponseBody>(body)
        .unwrap()
        .credentials
}

async fn answer(sandbox: &Sandbox, session: &str, member: &str, body: Value) -> reqwest::Response {
    post(sandbox, &format!("/members/{member}/credentials"), Some(&body))
        .header("md-session-token", session)
        .send()
        .await
        .unwrap()
}

fn member_answer(credential_guid: &str, value: &str) -> Value {
    json!({"member": {"credential_guid": credential_guid, "value": value}})
}

fn status(job: &JobResponse) -> (Option<i64>, Option<&str>) {
    (job.status, job.status_name.as_deref())
}

/// Reads the default job until it is CHALLENGED (two reads).
async fn challenge(sandbox: &Sandbox, session: &str) {
    assert_eq!(
        status(&read(sandbox, session, "JOB-1").await),
        (Some(1), Some("REQUESTED"))
    );
    assert_eq!(
        status(&read(sandbox, session, "JOB-1").await),
        (Some(2), Some("CHALLENGED"))
    );
}

#[tokio::test]
async fn the_default_job_goes_to_completed_with_the_right_answers() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    assert_eq!(status(&sandbox.job("JOB-1").unwrap()), (Some(0), Some("INITIATED")));
    challenge(&sandbox, &session).await;
    // Still challenged while nobody answers.
    assert_eq!(
        status(&read(&sandbox, &session, "JOB-1").await),
        (Some(2), Some("CHALLENGED"))
    );

    let listed = questions(&sandbox, &session, "JOB-1").await;
    let labels: Vec<_> = listed.iter().map(|q| (q.guid.as_deref(), q.label.as_deref())).collect();
    assert_eq!(
        labels,
        [
            (Some(defaults::QUESTION_1_GUID), Some(defaults::QUESTION_1_LABEL)),
            (Some(defaults::QUESTION_2_GUID), Some(defaults::QUESTION_2_LABEL)),
        ]
    );

    for (guid, value) in [
        (defaults::QUESTION_1_GUID, defaults::QUESTION_1_ANSWER),
        (defaults::QUESTION_2_GUID, defaults::QUESTION_2_ANSWER),
    ] {
        let body: MemberCredentialResponseBody =
            ok_json(answer(&sandbox, &session, "MBR-1", member_answer(guid, value)).await).await;
        let created = body.member_credential.unwrap();
        assert_eq!(created.credential_guid.as_deref(), Some(guid));
        assert_eq!(created.member_guid.as_deref(), Some("MBR-1"));
    }

    let resumed = resume(&sandbox, &session, "JOB-1").await;
    assert_eq!(status(&resumed), (Some(1), Some("REQUESTED")));
    assert_eq!(resumed.finished_at, None);
    let done = read(&sandbox, &session, "JOB-1").await;
    assert_eq!(status(&done), (Some(6), Some("COMPLETED")));
    assert!(done.finished_at.is_some());
    assert_eq!(done.is_authenticated, Some(true));
    assert_eq!(done.member_guid.as_deref(), Some(defaults::MEMBER_GUID));
    assert_eq!(done.user_guid.as_deref(), Some(defaults::USER_GUID));
    assert_eq!(done.institution_guid.as_deref(), Some(defaults::INSTITUTION_GUID));
    // A completed job stays completed and has no questions.
    assert_eq!(
        status(&read(&sandbox, &session, "JOB-1").await),
        (Some(6), Some("COMPLETED"))
    );
    assert!(questions(&sandbox, &session, "JOB-1").await.is_empty());
}

#[tokio::test]
async fn a_wrong_answer_leaves_the_job_challenged_and_clears_the_answers() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    challenge(&sandbox, &session).await;
    let _: Value = ok_json(answer(&sandbox, &session, "MBR-1", member_answer("CRD-1", "Paris")).await).await;
    let _: Value = ok_json(answer(&sandbox, &session, "MBR-1", member_answer("CRD-2", "rex")).await).await;
    assert_eq!(
        status(&resume(&sandbox, &session, "JOB-1").await),
        (Some(2), Some("CHALLENGED"))
    );
    assert_eq!(
        status(&read(&sandbox, &session, "JOB-1").await),
        (Some(2), Some("CHALLENGED"))
    );
    assert_eq!(questions(&sandbox, &session, "JOB-1").await.len(), 2);

    // The right answer to CRD-2 alone does not do: CRD-1's answer was cleared.
    let _: Value = ok_json(answer(&sandbox, &session, "MBR-1", member_answer("CRD-2", "Rex")).await).await;
    assert_eq!(
        status(&resume(&sandbox, &session, "JOB-1").await),
        (Some(2), Some("CHALLENGED"))
    );
}

#[tokio::test]
async fn a_resume_without_answers_leaves_the_job_challenged() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    challenge(&sandbox, &session).await;
    assert_eq!(
        status(&resume(&sandbox, &session, "JOB-1").await),
        (Some(2), Some("CHALLENGED"))
    );
}

#[tokio::test]
async fn a_job_without_questions_completes_after_requested() {
    let sandbox = Sandbox::builder()
        .job(JobConfig::new("JOB-2", "MBR-2"))
        .start()
        .await
        .unwrap();
    let (sandbox, session) = started(sandbox).await;
    assert_eq!(
        status(&read(&sandbox, &session, "JOB-2").await),
        (Some(1), Some("REQUESTED"))
    );
    assert!(questions(&sandbox, &session, "JOB-2").await.is_empty());
    assert_eq!(
        status(&read(&sandbox, &session, "JOB-2").await),
        (Some(6), Some("COMPLETED"))
    );
    // The default job is still there, untouched.
    assert_eq!(status(&sandbox.job("JOB-1").unwrap()), (Some(0), Some("INITIATED")));
}

#[tokio::test]
async fn questions_are_listed_the_way_mx_documents_credentials() {
    let clock = ManualClock::new();
    let sandbox = Sandbox::builder()
        .clock(clock)
        .clear_jobs()
        .job(
            JobConfig::new("JOB-9", "MBR-9")
                .institution_guid("INS-9")
                .question(Question::new("CRD-9", "Mother's maiden name?", "Smith").field_type(3, "LOGIN")),
        )
        .start()
        .await
        .unwrap();
    let (sandbox, session) = started(sandbox).await;
    read(&sandbox, &session, "JOB-9").await;
    read(&sandbox, &session, "JOB-9").await;
    let expected = CredentialsResponse::builder()
        .created_at(mx_nexus::Timestamp::from("2022-06-16T18:42:30.000Z"))
        .display_order(1)
        .editable(true)
        .field_name("LOGIN".to_owned())
        .field_type(3)
        .field_type_name("LOGIN".to_owned())
        .guid("CRD-9".to_owned())
        .institution_guid("INS-9".to_owned())
        .label("Mother's maiden name?".to_owned())
        .mfa(true)
        .optional(false)
        .updated_at(mx_nexus::Timestamp::from("2022-06-16T18:42:30.000Z"))
        .build()
        .unwrap();
    assert_eq!(questions(&sandbox, &session, "JOB-9").await, vec![expected]);
    assert!(sandbox.job("JOB-1").is_none(), "clear_jobs removed the default job");
}

#[tokio::test]
async fn an_unknown_job_is_404() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    for path in ["/jobs/JOB-404", "/jobs/JOB-404/mfa_credentials", "/jobs/JOB-404/resume"] {
        let response = get(&sandbox, path)
            .header("md-session-token", &session)
            .send()
            .await
            .unwrap();
        assert_eq!(
            error(response).await,
            (StatusCode::NOT_FOUND, codes::NOT_FOUND),
            "{path}"
        );
    }
}

/// What `error` checks, and the message.
async fn error_message(response: reqwest::Response) -> (StatusCode, u32, String) {
    assert_vendor_type(&response);
    let status = response.status();
    let body: ErrorBody = response.json().await.expect("the error JSON shape");
    (status, body.error.code, body.error.message)
}

/// Nexus operations the sandbox does not serve (MX documents about 50), and
/// other methods on the paths it serves: 501, code 5010, naming the method
/// and path and what it serves; with a session or without (no session check).
#[tokio::test]
async fn an_operation_the_sandbox_does_not_serve_is_501_with_the_error_json() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    let requests = [
        get(&sandbox, "/accounts").header("md-session-token", &session),
        get(&sandbox, "/users/USR-1/members/MBR-1/accounts").header("md-session-token", &session),
        get(&sandbox, "/users/USR-1/budgets"),
        post(&sandbox, "/jobs/JOB-1", None).header("md-session-token", &session),
        post(&sandbox, "/users", Some(&json!({"user": {"id": "me"}}))),
        get(&sandbox, "/sessions"),
        reqwest::Client::new()
            .delete(format!("{}/members/MBR-1/credentials", sandbox.base_url()))
            .header("accept", VENDOR),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        let path = response.url().path().to_owned();
        let (status, code, message) = error_message(response).await;
        assert_eq!(
            (status, code),
            (StatusCode::NOT_IMPLEMENTED, codes::NOT_IMPLEMENTED),
            "{path}"
        );
        assert!(message.contains(&format!(" {path}: ")), "{message}");
        assert!(message.starts_with("the sandbox does not serve "), "{message}");
        assert!(
            message.contains("readJob (GET /jobs/{job_guid})") && message.contains("POST /sessions"),
            "{message}"
        );
    }
    // The query is not repeated (it may hold anything), a long path is cut.
    let response = get(&sandbox, &format!("/accounts/{}?token=sent-secret", "a".repeat(5_000)))
        .send()
        .await
        .unwrap();
    let (status, code, message) = error_message(response).await;
    assert_eq!((status, code), (StatusCode::NOT_IMPLEMENTED, codes::NOT_IMPLEMENTED));
    assert!(!message.contains("sent-secret") && message.len() < 1_000, "{message}");
    assert!(
        message.contains("/accounts/aaa") && message.contains("...:"),
        "{message}"
    );
}

/// A path no Nexus operation can have: 404, code 4040.
#[tokio::test]
async fn a_path_that_is_not_a_nexus_path_is_404_with_the_error_json() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    for path in [
        "/",
        "/favicon.ico",
        "/Jobs/JOB-1",
        "/jobs/JOB-1/",
        "//jobs",
        "/users//members",
        "/.well-known/x",
    ] {
        let response = get(&sandbox, path)
            .header("md-session-token", &session)
            .send()
            .await
            .unwrap();
        let (status, code, message) = error_message(response).await;
        assert_eq!((status, code), (StatusCode::NOT_FOUND, codes::NOT_FOUND), "{path}");
        assert!(message.contains("not a Nexus path"), "{path}: {message}");
    }
}

#[tokio::test]
async fn a_credential_that_is_not_a_question_of_the_member_is_422() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    let unknown = answer(&sandbox, &session, "MBR-1", member_answer("CRD-404", "x")).await;
    assert_eq!(
        error(unknown).await,
        (StatusCode::UNPROCESSABLE_ENTITY, codes::UNPROCESSABLE)
    );
    let other_member = answer(&sandbox, &session, "MBR-2", member_answer("CRD-1", "Paris")).await;
    assert_eq!(
        error(other_member).await,
        (StatusCode::UNPROCESSABLE_ENTITY, codes::UNPROCESSABLE)
    );
}

#[tokio::test]
async fn a_bad_credential_body_is_400() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    let bad_bodies = [
        json!({}),
        json!({"member": {"credential_guid": "CRD-1"}}),
        json!({"member": {"credential_guid": "CRD-1", "value": 42}}),
        json!({"member": "CRD-1"}),
        json!(null),
        json!([]),
        // A struct's fields as an array, which serde would take.
        json!({"member": ["CRD-1", null, "Paris"]}),
        json!([{"credential_guid": "CRD-1", "value": "Paris"}]),
    ];
    for body in bad_bodies {
        let response = answer(&sandbox, &session, "MBR-1", body.clone()).await;
        assert_eq!(
            error(response).await,
            (StatusCode::BAD_REQUEST, codes::BAD_REQUEST),
            "{body}"
        );
    }
    for raw in ["{", "not json", "\u{0}"] {
        let response = post(&sandbox, "/members/MBR-1/credentials", None)
            .header("md-session-token", &session)
            .header("content-type", VENDOR)
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(
            error(response).await,
            (StatusCode::BAD_REQUEST, codes::BAD_REQUEST),
            "{raw:?}"
        );
    }
    let empty = post(&sandbox, "/members/MBR-1/credentials", None)
        .header("md-session-token", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(error(empty).await, (StatusCode::BAD_REQUEST, codes::BAD_REQUEST));
}

#[tokio::test]
async fn an_error_never_repeats_the_answer_sent() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    let body = json!({"member": {"credential_guid": "CRD-1", "value": ["my-secret-answer"]}});
    let response = answer(&sandbox, &session, "MBR-1", body).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(!response.text().await.unwrap().contains("my-secret-answer"));
}

#[tokio::test]
async fn a_huge_body_is_413_and_the_sandbox_keeps_serving() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    let huge = "x".repeat(defaults::BODY_LIMIT_BYTES + 1);
    let response = answer(&sandbox, &session, "MBR-1", member_answer("CRD-1", &huge)).await;
    assert_eq!(
        error(response).await,
        (StatusCode::PAYLOAD_TOO_LARGE, codes::PAYLOAD_TOO_LARGE)
    );
    assert_eq!(
        status(&read(&sandbox, &session, "JOB-1").await),
        (Some(1), Some("REQUESTED"))
    );
}

#[tokio::test]
async fn odd_path_parameters_are_answered_not_panicked_on() {
    let (sandbox, session) = started(Sandbox::start().await.unwrap()).await;
    for path in [
        "/jobs/%FF",
        "/jobs/JOB%2F1",
        "/jobs/%20",
        "/jobs/",
        "/members//credentials",
    ] {
        let response = get(&sandbox, path)
            .header("md-session-token", &session)
            .send()
            .await
            .unwrap();
        let (status, _) = error(response).await;
        assert!(status.is_client_error(), "{path}: {status}");
    }
}
