//! One call, from the first try to the answer progenitor gets: retries with
//! backoff, one replay with a new session after MX's "session expired", a
//! bounded read of every body, and a `tracing` span with the operation,
//! method, path template, status, attempt and latency. Nothing here logs a
//! header, a URL query or a body.

use std::time::Instant;

use bytes::Bytes;
use tracing::{Instrument, Span, field};

use super::headers::SESSION_TOKEN_HEADER;
use super::response::{ReadContext, read_answer};
use super::retry::{is_retryable_status, is_retryable_transport};
use super::{ClientState, operations};

/// Runs `request` for the operation `operation_id`.
pub(crate) async fn execute(
    http: &reqwest::Client,
    state: &ClientState,
    request: reqwest::Request,
    operation_id: &'static str,
) -> reqwest::Result<reqwest::Response> {
    let operation = operations::find(operation_id);
    let span = tracing::info_span!(
        "nexus_call",
        operation_id,
        method = %request.method(),
        path = operation.map_or("?", |o| o.path),
        status = field::Empty,
        attempts = field::Empty,
        latency_ms = field::Empty,
    );
    run(http, state, request, operation_id, operation)
        .instrument(span)
        .await
}

async fn run(
    http: &reqwest::Client,
    state: &ClientState,
    mut request: reqwest::Request,
    operation_id: &'static str,
    operation: Option<&'static operations::Operation>,
) -> reqwest::Result<reqwest::Response> {
    let call_span = Span::current();
    let started = Instant::now();
    let finish = |attempts: u32, status: Option<u16>| {
        call_span.record("attempts", attempts);
        call_span.record("latency_ms", millis(started.elapsed()));
        if let Some(status) = status {
            call_span.record("status", status);
        }
    };
    let policy = state.retry();
    let may_retry = policy.allows(request.method());
    // A copy of the request is kept for a retry or a replay, when either can happen.
    let may_resend = may_retry || state.session().can_renew();
    let mut attempt = 0; // every send, for tracing
    let mut tries = 0; // sends that count against the retry budget
    let mut replayed = false;
    loop {
        attempt += 1;
        tries += 1;
        // Bodies here are bytes, so the copy always succeeds.
        let spare = if may_resend { request.try_clone() } else { None };
        // Without a copy, the body is kept for the secrets an error must hide.
        let body = match spare {
            Some(_) => None,
            None => request.body().and_then(|b| b.as_bytes()).map(Bytes::copy_from_slice),
        };
        let session_used = request.headers().get(SESSION_TOKEN_HEADER).cloned();
        let attempt_span = tracing::debug_span!("nexus_attempt", attempt, status = field::Empty);
        let result = async {
            let context = ReadContext {
                operation_id,
                operation,
                max_body: state.max_response_bytes(),
                request_body: spare
                    .as_ref()
                    .and_then(|r| r.body())
                    .and_then(|b| b.as_bytes())
                    .or(body.as_deref()),
                session: session_used.as_ref(),
            };
            let answer = read_answer(http.execute(request).await?, &context).await?;
            Span::current().record("status", answer.status().as_u16());
            Ok(answer)
        }
        .instrument(attempt_span)
        .await;
        let retry_allowed = may_retry && policy.has_budget(tries);
        let mut answer = match result {
            Err(e) => match spare.filter(|_| retry_allowed && is_retryable_transport(&e)) {
                Some(next) => {
                    let delay = policy.delay(tries, None).unwrap_or_default();
                    tracing::debug!(attempt, delay_ms = millis(delay), error = %e, "no answer from Nexus; retrying");
                    tokio::time::sleep(delay).await;
                    request = next;
                    continue;
                }
                None => {
                    finish(attempt, None);
                    tracing::debug!(attempt, error = %e, "no answer from Nexus");
                    return Err(e);
                }
            },
            Ok(answer) => answer,
        };
        let status = answer.status();

        if answer.is_session_expired() && replayed {
            if let Some(answer) = answer.answer_mut() {
                answer.renewal_error = Some("Nexus refused the new session too".to_owned());
            }
        } else if answer.is_session_expired() && state.session().can_renew() {
            if let Some(mut next) = spare {
                replayed = true;
                tries -= 1; // the replay is not a retry
                tracing::debug!(
                    attempt,
                    "the Nexus session expired; opening a new one and replaying the call"
                );
                match state.session().renew(session_used.as_ref()).await {
                    Ok(header) => {
                        next.headers_mut().insert(SESSION_TOKEN_HEADER, header);
                        request = next;
                        continue;
                    }
                    Err(why) => {
                        tracing::debug!(attempt, "opening a new Nexus session failed");
                        if let Some(answer) = answer.answer_mut() {
                            answer.renewal_error = Some(why.to_string());
                        }
                    }
                }
            }
        } else if is_retryable_status(status)
            && retry_allowed
            && let Some(next) = spare
        {
            match policy.delay(tries, answer.retry_after()) {
                Some(delay) => {
                    tracing::debug!(
                        attempt,
                        status = status.as_u16(),
                        delay_ms = millis(delay),
                        "Nexus asked to try again; retrying"
                    );
                    tokio::time::sleep(delay).await;
                    request = next;
                    continue;
                }
                None => tracing::debug!(
                    attempt,
                    status = status.as_u16(),
                    "Retry-After is longer than the policy waits; giving up"
                ),
            }
        }
        finish(attempt, Some(status.as_u16()));
        tracing::debug!(attempt, status = status.as_u16(), "Nexus answered");
        return Ok(answer.into_response(attempt));
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
