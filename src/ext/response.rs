//! Reading an answer once, with a size limit, before progenitor sees it:
//! error bodies are summarised (status, MX code and message, excerpt), and
//! the response is rebuilt around the bytes read, with an [`Answer`] attached
//! to a failure and a [`SuccessBody`] to a success (progenitor parses that
//! body; if it cannot, the conversion into `Error` finds out which call it was).

use std::time::SystemTime;

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_LENGTH, HeaderMap, HeaderValue, TRANSFER_ENCODING};
use reqwest::{ResponseBuilderExt, StatusCode, Url};

use super::error::{Answer, ErrorResponse, SuccessBody};
use super::error_body::{is_session_expired_code, secrets_of, summarize};
use super::operations::Operation;
use super::retry;

/// How much of an error body is read: enough for any JSON error and an
/// excerpt, and a 10 MB HTML page costs no more than this.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Reads at most `limit` bytes of the body; `true` when there was more.
pub(crate) async fn read_bounded(response: &mut reqwest::Response, limit: usize) -> reqwest::Result<(Bytes, bool)> {
    let mut body = Body::default();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.push(chunk.slice(..room));
            return Ok((body.into_bytes(), true));
        }
        body.push(chunk);
    }
    Ok((body.into_bytes(), false))
}

/// A body being read: one chunk (the usual case) is kept as it came, without
/// a copy; only a second chunk makes a buffer.
#[derive(Default)]
struct Body {
    first: Bytes,
    joined: Option<BytesMut>,
}

impl Body {
    fn len(&self) -> usize {
        self.joined.as_ref().map_or(self.first.len(), BytesMut::len)
    }

    fn push(&mut self, chunk: Bytes) {
        match &mut self.joined {
            Some(joined) => joined.extend_from_slice(&chunk),
            None if self.first.is_empty() => self.first = chunk,
            None => {
                let mut joined = BytesMut::from(&self.first[..]);
                joined.extend_from_slice(&chunk);
                self.joined = Some(joined);
            }
        }
    }

    fn into_bytes(self) -> Bytes {
        self.joined.map_or(self.first, BytesMut::freeze)
    }
}

/// A response read by the hooks: its head, the bytes read, and what the
/// hooks found (`None` for a readable success).
pub(crate) struct ReadAnswer {
    status: StatusCode,
    version: reqwest::Version,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
    answer: Option<Answer>,
    operation_id: &'static str,
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
        let success = SuccessBody::new(self.operation_id, self.status, &self.headers, &self.body);
        let mut response = http::Response::builder()
            .status(self.status)
            .version(self.version)
            .url(self.url)
            .body(self.body)
            .unwrap_or_default();
        *response.headers_mut() = self.headers;
        match self.answer {
            Some(mut answer) => {
                answer.attempts = attempts;
                response.extensions_mut().insert(answer);
            }
            None => {
                response.extensions_mut().insert(success);
            }
        }
        reqwest::Response::from(response)
    }
}

/// Everything the reading needs to know about one try of a call.
pub(crate) struct ReadContext<'a> {
    pub operation_id: &'static str,
    pub operation: Option<&'static Operation>,
    pub max_body: usize,
    /// The request's body and session token: the secrets an error excerpt
    /// must not echo, worked out only when there is an error to describe.
    pub request_body: Option<&'a [u8]>,
    pub session: Option<&'a HeaderValue>,
}

/// Reads the body of `response` (bounded) and judges it.
pub(crate) async fn read_answer(
    mut response: reqwest::Response,
    context: &ReadContext<'_>,
) -> reqwest::Result<ReadAnswer> {
    let status = response.status();
    let version = response.version();
    let url = response.url().clone();
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

    let failure = |unreadable: Option<String>| Answer {
        operation: context.operation_id,
        response: ErrorResponse::new(
            status,
            summarize(&body, &secrets_of(context.request_body, context.session)),
        )
        .with_headers(&headers, retry::retry_after(&headers, SystemTime::now())),
        attempts: 1,
        unreadable,
        renewal_error: None,
        body: body.clone(),
    };
    let documented_json = context.operation.is_some_and(|o| o.has_json_body(status.as_u16()));
    let answer = if !status.is_success() {
        Some(failure(None))
    } else if truncated {
        Some(failure(Some(format!(
            "the body is larger than the {} bytes allowed",
            context.max_body
        ))))
    } else if body.is_empty() && documented_json {
        Some(failure(Some(
            "the body is empty where the spec documents JSON".to_owned(),
        )))
    } else {
        None
    };
    Ok(ReadAnswer {
        status,
        version,
        url,
        headers,
        body,
        answer,
        operation_id: context.operation_id,
    })
}

/// Remembers, for this thread, which call a success body belongs to; see
/// [`SuccessBody`].
pub(crate) fn remember_success(response: &reqwest::Response) {
    if let Some(success) = response.extensions().get::<SuccessBody>() {
        success.remember();
    }
}

/// For a success status whose body the hooks could not read: the response
/// progenitor reports as `UnexpectedResponse` instead of parsing it, so
/// the [`Answer`] (operation, status, reason) survives.
pub(crate) fn unreadable_success(response: &reqwest::Response) -> Option<reqwest::Response> {
    let answer = response.extensions().get::<Answer>()?;
    answer.unreadable.as_ref()?;
    let mut copy = http::Response::builder()
        .status(response.status())
        .version(response.version())
        .url(response.url().clone())
        .body(answer.body.clone())
        .unwrap_or_default();
    *copy.headers_mut() = response.headers().clone();
    copy.extensions_mut().insert(answer.clone());
    Some(reqwest::Response::from(copy))
}
