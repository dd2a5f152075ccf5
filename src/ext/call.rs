//! One call, from the request a generated `send()` built to the value or
//! [`Error`] it returns: the headers and session MX documents, each try with
//! a bounded read of the answer, the decision after it (`strategy.rs`), and
//! the error, built here where the operation is known. A `tracing` span
//! carries the operation, method, path template, status, attempts and
//! latency; nothing here logs a header, a URL query or a body.

use std::ops::RangeInclusive;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderValue, LOCATION};
use serde::de::DeserializeOwned;
use tracing::{Instrument, Span, field};

use super::error::{Error, ErrorResponse};
use super::error_body::{is_session_expired_code, secrets_of, summarize};
use super::headers::{SESSION_TOKEN_HEADER, apply_nexus_headers};
use super::operations::Operation;
use super::response::{BrokenBody, HttpAnswer, read_answer};
use super::retry::{is_idempotent, retry_after};
use super::session::OpenError;
use super::strategy::{Happened, Next, Situation, next_step};
use super::transport::TransportStage;
use crate::generated::{Client, ResponseValue};

/// A call whose success statuses carry JSON: the body parsed as `T`.
pub(crate) async fn send_json<T: DeserializeOwned>(
    client: &Client,
    request: reqwest::Request,
    operation: &'static Operation,
    success: &[RangeInclusive<u16>],
) -> Result<ResponseValue<T>, Error> {
    let (answer, secrets) = execute(client, request, operation).await?;
    let invalid = |reason: String| invalid_response(operation, &answer, &secrets, reason);
    if let Some(reason) = unusable(client, &answer, success, true) {
        return Err(invalid(reason));
    }
    if answer.body.is_empty() {
        return Err(invalid("the body is empty where the spec documents JSON".to_owned()));
    }
    match serde_json::from_slice::<T>(&answer.body) {
        Ok(value) => Ok(ResponseValue::new(value, answer.status, answer.headers)),
        Err(e) => {
            let mut error = invalid(String::new());
            if let Error::InvalidResponse { response, reason, .. } = &mut error {
                let message = without_secret_values(&e.to_string(), response.excerpt());
                *reason = format!("it is not the JSON the spec documents: {message}");
            }
            Err(error)
        }
    }
}

/// A call whose success statuses carry no body.
#[allow(dead_code)] // for operations answered without a body; the vendored Nexus spec has none yet
pub(crate) async fn send_empty(
    client: &Client,
    request: reqwest::Request,
    operation: &'static Operation,
    success: &[RangeInclusive<u16>],
) -> Result<ResponseValue<()>, Error> {
    let (answer, secrets) = execute(client, request, operation).await?;
    if let Some(reason) = unusable(client, &answer, success, false) {
        return Err(invalid_response(operation, &answer, &secrets, reason));
    }
    Ok(ResponseValue::new((), answer.status, answer.headers))
}

/// A call whose success statuses carry a body that is not JSON (a PDF
/// statement, a CSV export): its bytes as progenitor's
/// [`ByteStream`](progenitor_client::ByteStream), so the generated
/// signature is progenitor's own.
///
/// The stream is over bytes this call has already read, through the same
/// tries, retries and errors as every other call: the answer is bounded by
/// [`ClientConfig::max_response_bytes`](crate::ClientConfig::max_response_bytes)
/// (32 MiB by default), and a larger one is an [`Error::InvalidResponse`],
/// never a silently cut file. It yields one chunk.
#[allow(dead_code)] // for operations answered with other media types; the vendored Nexus spec has none yet
pub(crate) async fn send_stream(
    client: &Client,
    request: reqwest::Request,
    operation: &'static Operation,
    success: &[RangeInclusive<u16>],
) -> Result<ResponseValue<progenitor_client::ByteStream>, Error> {
    let (answer, secrets) = execute(client, request, operation).await?;
    if let Some(reason) = unusable(client, &answer, success, true) {
        return Err(invalid_response(operation, &answer, &secrets, reason));
    }
    let stream = progenitor_client::ByteStream::new(Box::pin(ReadBody(Some(answer.body.clone()))));
    Ok(ResponseValue::new(stream, answer.status, answer.headers.clone()))
}

/// A body already read, as a stream of one chunk (none when empty).
struct ReadBody(Option<Bytes>);

impl futures_core::Stream for ReadBody {
    type Item = reqwest::Result<Bytes>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.take().filter(|b| !b.is_empty()).map(Ok))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::from(self.0.as_ref().is_some_and(|b| !b.is_empty()));
        (n, Some(n))
    }
}

/// A request the generated code could not build (a missing parameter, a
/// body that does not convert): nothing was sent.
pub(crate) fn not_built(operation: &'static Operation, error: progenitor_client::Error<()>) -> Error {
    let message = match error {
        progenitor_client::Error::InvalidRequest(message) => message,
        other => format!("cannot build the request: {other}"),
    };
    Error::InvalidRequest {
        operation: Some(operation.id),
        message,
    }
}

/// Why a success answer cannot be used: a status the spec does not document
/// for the call, or (when the body is `used`) a body over the size limit.
fn unusable(client: &Client, answer: &HttpAnswer, success: &[RangeInclusive<u16>], used: bool) -> Option<String> {
    if !success.iter().any(|r| r.contains(&answer.status.as_u16())) {
        Some(format!(
            "HTTP {} is not a success status the spec documents for this call",
            answer.status
        ))
    } else if used && answer.truncated {
        Some(format!(
            "the body is larger than the {} bytes allowed (ClientConfig::max_response_bytes)",
            client.inner.max_response_bytes()
        ))
    } else {
        None
    }
}

fn invalid_response(operation: &'static Operation, answer: &HttpAnswer, secrets: &Secrets, reason: String) -> Error {
    Error::InvalidResponse {
        operation: operation.id,
        response: Box::new(error_response(answer, secrets)),
        reason,
    }
}

/// serde's messages quote the values they reject (`invalid type: string
/// "six"`). A value is kept only where the error's excerpt, from which every
/// secret is already taken out, shows it too; any other becomes `"…"`.
fn without_secret_values(message: &str, excerpt: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find('"') {
        out.push_str(&rest[..=start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else {
            out.push('…');
            return out;
        };
        let value = &after[..end];
        out.push_str(if excerpt.contains(value) { value } else { "…" });
        out.push('"');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// What an error excerpt of this call must not echo: its request body's
/// secrets and the session token of the try that got the answer. The body is
/// read from the copy kept for a retry when there is one, so a call copies
/// its body at most once.
struct Secrets {
    spare: Option<reqwest::Request>,
    kept_body: Option<Bytes>,
    session: Option<HeaderValue>,
}

impl Secrets {
    fn body(&self) -> Option<&[u8]> {
        match &self.spare {
            Some(spare) => spare.body().and_then(|b| b.as_bytes()),
            None => self.kept_body.as_deref(),
        }
    }
}

/// Runs the call until a final answer: a success (returned with what its
/// errors must not echo), or the [`Error`] for anything else.
async fn execute(
    client: &Client,
    request: reqwest::Request,
    operation: &'static Operation,
) -> Result<(HttpAnswer, Secrets), Error> {
    let span = tracing::info_span!(
        "nexus_call",
        operation_id = operation.id,
        method = %operation.method,
        path = operation.path,
        status = field::Empty,
        attempts = field::Empty,
        latency_ms = field::Empty,
    );
    run(client, request, operation).instrument(span).await
}

async fn run(
    client: &Client,
    mut request: reqwest::Request,
    operation: &'static Operation,
) -> Result<(HttpAnswer, Secrets), Error> {
    let state = &client.inner;
    let call_span = Span::current();
    let started = Instant::now();
    let finish = |attempts: u32, status: Option<StatusCode>| {
        call_span.record("attempts", attempts);
        call_span.record("latency_ms", millis(started.elapsed()));
        if let Some(status) = status {
            call_span.record("status", status.as_u16());
        }
    };
    // Tokens go nowhere but the configured server.
    if !state.is_nexus_origin(request.url()) {
        return Err(Error::InvalidRequest {
            operation: Some(operation.id),
            message: "the request's URL is not on the configured server".to_owned(),
        });
    }
    let idempotent = is_idempotent(request.method());
    let policy = state.retry();
    let repeatable = idempotent || policy.repeats_non_idempotent();
    let session = state
        .session()
        .header()
        .await
        .map_err(|why| session_error(operation, why, repeatable))?;
    let has_body = request.body().is_some();
    apply_nexus_headers(request.headers_mut(), has_body, &session);
    let timeout = state.timeout();
    *request.timeout_mut() = Some(timeout);

    // A copy of the request is kept for a retry or a replay, when either can happen.
    let may_resend = policy.may_resend() || state.session().can_renew();
    let mut attempt = 0; // every send, for tracing
    let mut tries = 0; // sends that count against the retry budget
    let mut replayed = false;
    let mut renewal_error = None;
    loop {
        attempt += 1;
        tries += 1;
        // Bodies here are bytes, so the copy always succeeds.
        let spare = if may_resend { request.try_clone() } else { None };
        let mut secrets = Secrets {
            // Without a copy for a retry, the body is kept for the secrets.
            kept_body: match spare {
                Some(_) => None,
                None => request.body().and_then(|b| b.as_bytes()).map(Bytes::copy_from_slice),
            },
            spare,
            session: request.headers().get(SESSION_TOKEN_HEADER).cloned(),
        };
        let attempt_span = tracing::debug_span!("nexus_attempt", attempt, status = field::Empty);
        let outcome = try_once(client, request, timeout, &secrets)
            .instrument(attempt_span)
            .await;
        let happened = match &outcome {
            Ok(tried) => Happened::Answered {
                status: tried.answer.status,
                retry_after: tried.error.as_ref().and_then(ErrorResponse::retry_after),
                session_expired: tried.session_expired(),
            },
            Err((stage, _)) => stage.happened(),
        };
        let situation = Situation {
            policy,
            idempotent,
            tries,
            can_renew: state.session().can_renew(),
            replayed,
            jitter: fastrand::f64(),
        };
        let step = next_step(happened, situation);
        match (step, secrets.spare.take_if(|_| step != Next::Stop)) {
            (Next::RetryAfter(delay), Some(next)) => {
                let delay_ms = millis(delay);
                match happened {
                    Happened::Answered { status, .. } => tracing::debug!(
                        attempt,
                        status = status.as_u16(),
                        delay_ms,
                        "Nexus asked to try again; retrying"
                    ),
                    _ => tracing::debug!(attempt, delay_ms, "no usable answer from Nexus; retrying"),
                }
                tokio::time::sleep(delay).await;
                request = next;
                continue;
            }
            (Next::RenewAndReplay, Some(mut next)) => {
                replayed = true;
                tries -= 1; // MX refused the call without doing it: not a retry
                tracing::debug!(
                    attempt,
                    "the Nexus session expired; opening a new one and replaying the call"
                );
                match state.session().renew(secrets.session.as_ref()).await {
                    Ok(header) => {
                        next.headers_mut().insert(SESSION_TOKEN_HEADER, header);
                        request = next;
                        continue;
                    }
                    Err(why) => {
                        tracing::debug!(attempt, "opening a new Nexus session failed");
                        renewal_error = Some(why.to_string());
                    }
                }
            }
            _ => {}
        }
        let (tried, status) = match outcome {
            Ok(tried) => {
                let status = tried.answer.status;
                (tried, status)
            }
            Err((stage, source)) => {
                finish(attempt, stage_status(stage));
                tracing::debug!(attempt, ?stage, "no usable answer from Nexus");
                return Err(Error::Transport {
                    operation: operation.id,
                    stage,
                    attempts: attempt,
                    repeatable,
                    opening_session: false,
                    source,
                });
            }
        };
        finish(attempt, Some(status));
        tracing::debug!(attempt, status = status.as_u16(), "Nexus answered");
        if replayed && tried.session_expired() && renewal_error.is_none() {
            renewal_error = Some("Nexus refused the new session too".to_owned());
        }
        return match tried.error {
            None if status.is_redirection() => Err(redirect(client, operation, &tried.answer)),
            None => Ok((tried.answer, secrets)),
            Some(response) if is_session_expired_code(response.code()) => Err(Error::SessionExpired {
                operation: operation.id,
                response: Box::new(response),
                renewal_error,
            }),
            Some(response) => Err(Error::Api {
                operation: operation.id,
                response: Box::new(response),
                attempts: attempt,
                repeatable,
            }),
        };
    }
}

/// One try's answer, with its error summary when the status is an error.
struct Tried {
    answer: HttpAnswer,
    error: Option<ErrorResponse>,
}

impl Tried {
    fn session_expired(&self) -> bool {
        self.error.as_ref().is_some_and(|e| is_session_expired_code(e.code()))
    }
}

/// Sends `request` once and reads the answer.
async fn try_once(
    client: &Client,
    request: reqwest::Request,
    timeout: Duration,
    secrets: &Secrets,
) -> Result<Tried, (TransportStage, reqwest::Error)> {
    let response = match client.client.execute(request).await {
        Ok(response) => response,
        Err(e) => return Err((TransportStage::of_send_error(&e, Some(timeout)), e)),
    };
    Span::current().record("status", response.status().as_u16());
    let answer = read_answer(response, client.inner.max_response_bytes()).await.map_err(
        |(BrokenBody { error, bytes_read }, status)| {
            (
                TransportStage::of_body_error(&error, status, bytes_read, Some(timeout)),
                error,
            )
        },
    )?;
    let error =
        (answer.status.is_client_error() || answer.status.is_server_error()).then(|| error_response(&answer, secrets));
    Ok(Tried { answer, error })
}

/// The summary of an answer for an error: status, MX code and message, an
/// excerpt without the call's secrets, content type and `Retry-After`.
fn error_response(answer: &HttpAnswer, secrets: &Secrets) -> ErrorResponse {
    let secrets = secrets_of(secrets.body(), secrets.session.as_ref());
    ErrorResponse::new(answer.status, summarize(&answer.body, &secrets))
        .with_headers(&answer.headers, retry_after(&answer.headers, SystemTime::now()))
}

/// A redirect is never followed: the error names its target's origin only.
fn redirect(client: &Client, operation: &'static Operation, answer: &HttpAnswer) -> Error {
    let target = answer
        .headers
        .get(LOCATION)
        .and_then(|l| l.to_str().ok())
        .and_then(|l| client.inner.base_url().join(l).ok());
    Error::Redirect {
        operation: operation.id,
        status: answer.status,
        same_origin: target.as_ref().is_some_and(|t| client.inner.is_nexus_origin(t)),
        target: target.map(|t| t.origin().ascii_serialization()),
    }
}

/// The error of a call that could not get a session.
fn session_error(operation: &'static Operation, why: OpenError, repeatable: bool) -> Error {
    match why {
        OpenError::Transport(stage, source) => Error::Transport {
            operation: operation.id,
            stage,
            attempts: 1,
            repeatable,
            opening_session: true,
            source,
        },
        OpenError::Refused(message) => Error::Session {
            operation: Some(operation.id),
            message,
        },
    }
}

fn stage_status(stage: TransportStage) -> Option<StatusCode> {
    match stage {
        TransportStage::Body { status, .. } => Some(status),
        _ => None,
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_body_is_one_chunk_and_an_empty_one_none() {
        use futures_core::Stream;
        use std::task::{Context, Poll, Waker};

        let mut context = Context::from_waker(Waker::noop());
        let mut body = ReadBody(Some(Bytes::from_static(b"%PDF-1.7")));
        assert_eq!(body.size_hint(), (1, Some(1)));
        let mut pinned = std::pin::Pin::new(&mut body);
        match pinned.as_mut().poll_next(&mut context) {
            Poll::Ready(Some(Ok(bytes))) => assert_eq!(&bytes[..], b"%PDF-1.7"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(pinned.as_mut().poll_next(&mut context), Poll::Ready(None)));
        let mut empty = ReadBody(Some(Bytes::new()));
        assert!(matches!(
            std::pin::Pin::new(&mut empty).poll_next(&mut context),
            Poll::Ready(None)
        ));
    }

    #[test]
    fn serde_messages_keep_only_values_the_redacted_excerpt_shows() {
        let message = "invalid type: string \"hunter2\", expected i64 at line 1 column 9";
        assert_eq!(
            without_secret_values(message, r#"{"value":"[REDACTED]"}"#),
            "invalid type: string \"…\", expected i64 at line 1 column 9"
        );
        assert_eq!(without_secret_values(message, r#"{"status":"hunter2"}"#), message);
        assert_eq!(without_secret_values("missing field `job`", ""), "missing field `job`");
        assert_eq!(without_secret_values("unterminated \"secr", ""), "unterminated \"…");
    }
}
