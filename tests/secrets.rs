//! Secrets reach MX and nothing else: not `Debug` of the config, the client or
//! a request body.

mod common;

use common::*;
use mx_nexus::types;
use serde_json::json;

const ANSWER: &str = "the-name-of-my-first-pet";

fn credential_body() -> types::MemberCredentialRequestBody {
    types::MemberCredentialRequestBody {
        member: Some(types::MemberCredentialRequest {
            credential_guid: "CRD-1".into(),
            value: ANSWER.into(),
            metadata: None,
        }),
    }
}

#[test]
fn debug_of_a_member_credential_request_hides_the_value() {
    let body = credential_body();

    let debug = format!("{body:?} {body:#?}");

    assert!(!debug.contains(ANSWER), "{debug}");
    assert!(debug.contains("[REDACTED]"), "{debug}");
}

#[tokio::test]
async fn the_value_still_reaches_mx_unchanged() {
    let server = httpmock::MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            nexus_post(
                when,
                "/members/MBR-1/credentials",
                json!({"member": {"credential_guid": "CRD-1", "value": ANSWER}}),
            );
            nexus_answer(then, 200, &fixture("member_credential.json"));
        })
        .await;
    let client = client(&server);

    let request = client
        .create_member_credentials()
        .member_guid("MBR-1")
        .body(credential_body());
    let printed = format!("{client:?} {request:?}");
    request.send().await.expect("200");

    mock.assert_async().await;
    assert!(
        !printed.contains(ANSWER) && !printed.contains(SESSION_TOKEN),
        "{printed}"
    );
}
