//! Reading an answer once, with a size limit: its head and the bytes of its
//! body, or how far the read got when the body broke off.

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// How much of an error body is read: enough for any JSON error and an
/// excerpt, and a 10 MB HTML page costs no more than this.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// A body that broke off: the error and how many bytes came before it.
pub(crate) struct BrokenBody {
    pub error: reqwest::Error,
    pub bytes_read: usize,
}

/// Reads at most `limit` bytes of the body; `true` when there was more.
pub(crate) async fn read_bounded(response: &mut reqwest::Response, limit: usize) -> Result<(Bytes, bool), BrokenBody> {
    let mut body = Body::default();
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => return Ok((body.into_bytes(), false)),
            Err(error) => {
                return Err(BrokenBody {
                    error,
                    bytes_read: body.len(),
                });
            }
        };
        let room = limit - body.len();
        if chunk.len() > room {
            body.push(chunk.slice(..room));
            return Ok((body.into_bytes(), true));
        }
        body.push(chunk);
    }
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

/// An HTTP answer as read: its head and (up to a limit) its body.
pub(crate) struct HttpAnswer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The body was longer than the limit and is cut there (or, for a
    /// success announced too large, not read at all).
    pub truncated: bool,
}

/// Reads the answer: a success body up to `max_success_body` bytes (one
/// announced larger is not read at all), any other up to [`ERROR_BODY_LIMIT`].
pub(crate) async fn read_answer(
    mut response: reqwest::Response,
    max_success_body: usize,
) -> Result<HttpAnswer, (BrokenBody, StatusCode)> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let limit = if status.is_success() {
        max_success_body
    } else {
        ERROR_BODY_LIMIT
    };
    if status.is_success() && response.content_length().is_some_and(|n| n > limit as u64) {
        return Ok(HttpAnswer {
            status,
            headers,
            body: Bytes::new(),
            truncated: true,
        });
    }
    let (body, truncated) = read_bounded(&mut response, limit)
        .await
        .map_err(|broken| (broken, status))?;
    Ok(HttpAnswer {
        status,
        headers,
        body,
        truncated,
    })
}
