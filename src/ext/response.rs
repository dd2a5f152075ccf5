//! Reading an answer once, with a size limit, before progenitor sees it:
//! error bodies are summarised (status, MX code and message, excerpt) and
//! success bodies are checked against the spec's type, and the response is
//! rebuilt around the bytes read with an [`Answer`] attached.

use std::time::SystemTime;

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, HeaderMap, TRANSFER_ENCODING};

use super::SecretString;
use super::error::{Answer, ErrorResponse};
use super::error_body::{BodySummary, is_session_expired_code, summarize};
use super::operations::Operation;
use super::retry;

/// How much of an error body is read: enough for any JSON error and an
/// excerpt, and a 10 MB HTML page costs no more than this.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Reads at most `limit` bytes of the body; `true` when there was more.
pub(crate) async fn read_bounded(response: &mut reqwest::Response, limit: usize) -> reqwest::Result<(Bytes, bool)> {
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body.freeze(), true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body.freeze(), false))
}

/// A response read by the hooks: its head, the bytes read, and what the
/// hooks found (`None` for a readable success).
pub(crate) struct ReadAnswer {
    status: StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
    body: Bytes,
    answer: Option<Answer>,
}

impl ReadAnswer {
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// The error summary, for failures.
    pub(crate) fn answer_mut(&mut self) -> Option<&mut Answer> {
        self.answer.as_mut()
    }

    pub(crate) fn is_session_expired(&self) -> bool {
        self.answer
            .as_ref()
            .is_some_and(|a| a.unreadable.is_none() && is_session_expired_code(a.response.code()))
    }

    pub(crate) fn retry_after(&self) -> Option<std::time::Duration> {
        self.answer.as_ref().and_then(|a| a.response.retry_after())
    }

    /// The response handed to progenitor: same head, the bytes read, and the
    /// [`Answer`] as an extension.
    pub(crate) fn into_response(self, attempts: u32) -> reqwest::Response {
        let mut response = http::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.version_mut() = self.version;
        *response.headers_mut() = self.headers;
        if let Some(mut answer) = self.answer {
            answer.attempts = attempts;
            response.extensions_mut().insert(answer);
        }
        reqwest::Response::from(response)
    }
}

/// Everything the reading needs to know about the call.
pub(crate) struct ReadContext {
    pub operation_id: &'static str,
    pub operation: Option<&'static Operation>,
    pub max_body: usize,
    /// Secrets that must not reach an excerpt (session token, credential values).
    pub secrets: Vec<SecretString>,
}

/// Reads the body of `response` (bounded) and judges it.
pub(crate) async fn read_answer(mut response: reqwest::Response, context: &ReadContext) -> reqwest::Result<ReadAnswer> {
    let status = response.status();
    let version = response.version();
    let mut headers = std::mem::take(response.headers_mut());
    let limit = if status.is_success() {
        context.max_body
    } else {
        ERROR_BODY_LIMIT
    };
    // A success body over the limit is refused unread; an error body is
    // read up to its limit for the excerpt.
    let announced_too_large = status.is_success() && response.content_length().is_some_and(|n| n > limit as u64);
    let (body, truncated) = if announced_too_large {
        (Bytes::new(), true)
    } else {
        read_bounded(&mut response, limit).await?
    };
    if truncated {
        // The head must describe the body progenitor gets.
        headers.remove(CONTENT_LENGTH);
        headers.remove(TRANSFER_ENCODING);
    }

    let failure = |summary: BodySummary, unreadable: Option<String>| Answer {
        operation: context.operation_id,
        response: ErrorResponse::new(status, summary)
            .with_headers(&headers, retry::retry_after(&headers, SystemTime::now())),
        attempts: 1,
        unreadable,
        renewal_error: None,
        body: body.clone(),
    };
    let answer = if !status.is_success() {
        Some(failure(summarize(&body, &context.secrets), None))
    } else if truncated {
        let why = format!("the body is larger than the {} bytes allowed", context.max_body);
        Some(failure(summarize(&body, &context.secrets), Some(why)))
    } else {
        let check = context.operation.and_then(|o| o.body_check(status.as_u16()));
        match check.map(|check| check(&body)) {
            Some(Err(e)) => Some(failure(summarize(&body, &context.secrets), Some(e.to_string()))),
            _ => None,
        }
    };
    Ok(ReadAnswer {
        status,
        version,
        headers,
        body,
        answer,
    })
}

/// For a success status whose body the hooks could not read: the response
/// progenitor reports as `UnexpectedResponse` instead of parsing it, so
/// the [`Answer`] (operation, status, reason) survives.
pub(crate) fn unreadable_success(response: &reqwest::Response) -> Option<reqwest::Response> {
    let answer = response.extensions().get::<Answer>()?;
    answer.unreadable.as_ref()?;
    let mut copy = http::Response::new(answer.body.clone());
    *copy.status_mut() = response.status();
    *copy.version_mut() = response.version();
    *copy.headers_mut() = response.headers().clone();
    copy.extensions_mut().insert(answer.clone());
    Some(reqwest::Response::from(copy))
}
