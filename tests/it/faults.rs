//! A server that misbehaves on purpose: redirects to another host, answers
//! cut off or stalled mid-body, heads too large or not HTTP, connections
//! dropped after the request, a TLS handshake that cannot succeed. Each case
//! checks what the caller sees (the error's stage, message, delivery and
//! retryability), how often the request was sent, and that no token ever
//! reaches another origin.

// These tests call resume job and member credentials, which MX deprecated
// but still serves: their `#[deprecated]` warning is expected here.
#![allow(deprecated)]

use std::time::Duration;

use crate::support::fault_server::{FaultServer, Reply, answer_head};
use crate::support::*;
use mx_nexus::{BoxError, Delivery, Error, TransportStage};

const API_TOKEN: &str = "api-token-for-faults";

fn client_for(server: &FaultServer) -> mx_nexus::Client {
    mx_nexus::ClientConfig::new(&server.base_url)
        .session_token(SESSION_TOKEN)
        .retry_policy(fast_retries())
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap()
}

fn assert_no_secret(error: &Error) {
    let printed = format!("{error} {error:?} {error:#}");
    for secret in [SESSION_TOKEN, API_TOKEN, "the-secret-answer"] {
        assert!(!printed.contains(secret), "{printed}");
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_is_an_error_and_nothing_reaches_that_host() {
    let elsewhere = FaultServer::start("127.0.0.2", vec![Reply::http("200 OK", &[], "{}")]);
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let location = format!("location: http://127.0.0.2:{}/steal?job=JOB-1", elsewhere.port);
        let nexus = FaultServer::start("127.0.0.1", vec![Reply::http(status, &[&location], "")]);

        for error in [
            read_job(&client_for(&nexus), "JOB-1").await.unwrap_err(),
            create_credential(&client_for(&nexus), "the-secret-answer")
                .await
                .unwrap_err(),
        ] {
            assert!(matches!(error, Error::Redirect { same_origin: false, .. }), "{error:?}");
            let text = error.to_string();
            let code = &status[..3];
            assert!(text.contains(&format!("HTTP {code}")), "{text}");
            assert!(
                text.contains(&format!("http://127.0.0.2:{}, another server", elsewhere.port)),
                "{text}"
            );
            assert!(!text.contains("steal") && !text.contains("job=JOB-1"), "{text}");
            assert!(!error.is_retryable(), "{text}");
            assert_eq!(error.delivery(), Delivery::Answered);
            assert_no_secret(&error);
        }
        assert_eq!(nexus.requests().len(), 2, "each call sent once, not retried");
    }
    assert!(elsewhere.requests().is_empty(), "{:?}", elsewhere.requests());
}

#[tokio::test]
async fn a_redirect_on_the_same_server_is_not_followed_either() {
    let nexus = FaultServer::start(
        "127.0.0.1",
        vec![Reply::http("302 Found", &["location: /jobs/JOB-2"], "")],
    );

    let error = read_job(&client_for(&nexus), "JOB-1").await.unwrap_err();

    assert!(matches!(error, Error::Redirect { same_origin: true, .. }), "{error:?}");
    assert!(error.to_string().contains("(the same server)"), "{error}");
    assert_eq!(nexus.requests().len(), 1);
}

#[tokio::test]
async fn a_redirected_post_sessions_sends_the_api_token_nowhere_else() {
    let elsewhere = FaultServer::start(
        "127.0.0.2",
        vec![Reply::http(
            "200 OK",
            &[],
            r#"{"session":{"token":"attacker-session"}}"#,
        )],
    );
    let location = format!("location: http://127.0.0.2:{}/sessions", elsewhere.port);
    let nexus = FaultServer::start(
        "127.0.0.1",
        vec![Reply::http("307 Temporary Redirect", &[&location], "")],
    );
    let client = mx_nexus::ClientConfig::new(&nexus.base_url)
        .api_token_source(|| async { Ok::<_, BoxError>(API_TOKEN) })
        .build()
        .unwrap();

    let error = read_job(&client, "JOB-1").await.unwrap_err();

    assert!(matches!(error, Error::Session { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains(&format!(
            "HTTP 307 Temporary Redirect redirecting to http://127.0.0.2:{}",
            elsewhere.port
        )),
        "{text}"
    );
    assert!(text.contains("the API token was not sent there"), "{text}");
    assert_no_secret(&error);
    assert!(elsewhere.requests().is_empty(), "{:?}", elsewhere.requests());
    assert!(client.session().token().is_none(), "no session from the other host");
    // Only POST /sessions reached Nexus; the call itself was never sent.
    let requests = nexus.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].starts_with("POST /sessions "), "{requests:?}");
}

#[tokio::test]
async fn a_body_cut_off_mid_stream_is_retried_for_a_get_and_says_how_far_it_got() {
    let mut cut = answer_head("200 OK", &["content-type: application/vnd.mx.nexus.v1+json"], 1000);
    cut.extend_from_slice(br#"{"job": {"g"#);
    let nexus = FaultServer::start("127.0.0.1", vec![Reply::Bytes(cut)]);

    let error = read_job(&client_for(&nexus), "JOB-1").await.unwrap_err();

    assert_eq!(nexus.requests().len(), 3, "a GET is retried");
    assert_eq!(error.operation_id(), Some("read_job"));
    assert!(
        matches!(
            error.transport_stage(),
            Some(TransportStage::Body {
                bytes_read: 11,
                timeout: None,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    let text = error.to_string();
    assert!(
        text.starts_with("read_job: the answer (HTTP 200 OK) started but was cut off after 11 bytes of body"),
        "{text}"
    );
    assert!(text.contains("after 3 attempts"), "{text}");
    assert!(error.is_retryable());
    assert_eq!(error.delivery(), Delivery::OutcomeUnknown);
}

#[tokio::test]
async fn a_post_whose_answer_is_lost_is_sent_once_and_not_retryable() {
    let mut cut = answer_head("200 OK", &[], 500);
    cut.extend_from_slice(b"{\"member\":");
    for (name, reply) in [("closed", Reply::Close), ("cut off", Reply::Bytes(cut))] {
        let nexus = FaultServer::start("127.0.0.1", vec![reply]);

        let error = create_credential(&client_for(&nexus), "the-secret-answer")
            .await
            .unwrap_err();

        assert_eq!(
            nexus.requests().len(),
            1,
            "{name}: a POST that may have reached MX is not repeated"
        );
        assert!(
            nexus.requests()[0].contains("the-secret-answer"),
            "{name}: the value reached Nexus"
        );
        assert!(!error.is_retryable(), "{name}: {error}");
        assert_eq!(error.delivery(), Delivery::OutcomeUnknown, "{name}");
        assert_eq!(error.operation_id(), Some("create_member_credentials"));
        let text = error.to_string();
        assert!(
            text.contains("MX may have done the work, so the call was not repeated"),
            "{name}: {text}"
        );
        assert_no_secret(&error);
    }
}

#[tokio::test]
async fn a_post_the_caller_lets_be_repeated_is_retried_after_a_lost_answer() {
    let nexus = FaultServer::start("127.0.0.1", vec![Reply::Close]);
    let client = client_for(&nexus).with_retry_policy(fast_retries().retry_non_idempotent(true));

    let error = create_credential(&client, "the-secret-answer").await.unwrap_err();

    assert_eq!(nexus.requests().len(), 3);
    assert!(error.is_retryable(), "{error}");
    assert!(!error.to_string().contains("was not repeated"), "{error}");
}

#[tokio::test]
async fn a_body_that_stalls_times_out_per_try_and_says_it_stalled() {
    let mut head = answer_head("200 OK", &[], 1000);
    head.extend_from_slice(b"{\"job\":");
    let nexus = FaultServer::start("127.0.0.1", vec![Reply::Stall(head, Duration::from_secs(3))]);
    let client = client_for(&nexus).with_retry_policy(mx_nexus::RetryPolicy::never());

    let error = read_job(&client.with_timeout(Duration::from_millis(300)), "JOB-1")
        .await
        .unwrap_err();

    assert!(
        matches!(
            error.transport_stage(),
            Some(TransportStage::Body { bytes_read: 7, timeout: Some(t), .. }) if t == Duration::from_millis(300)
        ),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(
        text.starts_with(
            "read_job: the answer (HTTP 200 OK) started but stalled after 7 bytes of body until the 0.3 s timeout"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn a_head_too_large_or_not_http_fails_at_once_and_is_not_retryable() {
    let mut huge = b"HTTP/1.1 200 OK\r\n".to_vec();
    for i in 0..20_000 {
        huge.extend_from_slice(format!("x-filler-{i}: {}\r\n", "y".repeat(40)).as_bytes());
    }
    huge.extend_from_slice(b"\r\n");
    for (name, reply, too_large) in [
        ("too large", Reply::Bytes(huge), true),
        ("not HTTP", Reply::Bytes(b"SSH-2.0-OpenSSH_9.2\r\n\r\n".to_vec()), false),
    ] {
        let nexus = FaultServer::start("127.0.0.1", vec![reply]);

        let error = read_job(&client_for(&nexus), "JOB-1").await.unwrap_err();

        assert_eq!(
            error.transport_stage(),
            Some(TransportStage::Head { too_large }),
            "{name}: {error:?}"
        );
        assert_eq!(
            nexus.requests().len(),
            1,
            "{name}: the same answer every time is not retried"
        );
        assert!(!error.is_retryable(), "{name}");
        assert!(
            error.to_string().contains("trying again gets the same"),
            "{name}: {error}"
        );
    }
}

#[tokio::test]
async fn a_tls_handshake_that_fails_is_not_sent_and_not_retried() {
    // An https URL to a server that answers in plain HTTP.
    let plain = FaultServer::start("127.0.0.1", vec![Reply::http("400 Bad Request", &[], "")]);
    let client = mx_nexus::ClientConfig::new(format!("https://127.0.0.1:{}", plain.port))
        .session_token(SESSION_TOKEN)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let error = read_job(&client, "JOB-1").await.unwrap_err();

    assert_eq!(error.transport_stage(), Some(TransportStage::Tls), "{error:?}");
    assert_eq!(plain.requests().len(), 1, "not retried");
    assert!(!plain.requests()[0].contains(SESSION_TOKEN));
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(!error.is_retryable());
    assert!(
        error
            .to_string()
            .starts_with("read_job: the TLS handshake with Nexus failed"),
        "{error}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    // Bind, then free a port: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = mx_nexus::ClientConfig::new(format!("http://127.0.0.1:{port}"))
        .session_token(SESSION_TOKEN)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let error = create_credential(&client, "the-secret-answer").await.unwrap_err();

    assert_eq!(error.transport_stage(), Some(TransportStage::Connect), "{error:?}");
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(error.is_retryable());
    let text = error.to_string();
    assert!(
        text.starts_with("create_member_credentials: could not connect to Nexus"),
        "{text}"
    );
    assert!(text.contains("after 3 attempts; nothing was sent"), "{text}");
}
