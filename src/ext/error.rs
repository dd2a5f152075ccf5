//! [`Error`]: the one error type users handle.
//!
//! progenitor's `send()` returns its own `progenitor_client::Error`, which
//! knows neither the operation nor (for a body that does not parse) the
//! status. The hooks read every answer first and attach an [`Answer`] to the
//! response they hand back, so `From<progenitor_client::Error>` can build an
//! [`Error`] with everything, and `?` does the conversion.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::error_body::is_session_expired_code;
use super::operations;

/// What the client read from an answer that is an error. Secrets (session
/// token, credential values, anything under a key such as `token`,
/// `password` or `value`) are replaced with `[REDACTED]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse {
    status: StatusCode,
    code: Option<String>,
    message: Option<String>,
    excerpt: String,
    content_type: Option<String>,
    retry_after: Option<Duration>,
}

impl ErrorResponse {
    pub(crate) fn new(status: StatusCode, summary: super::error_body::BodySummary) -> Self {
        Self {
            status,
            code: summary.code,
            message: summary.message,
            excerpt: summary.excerpt,
            content_type: None,
            retry_after: None,
        }
    }

    pub(crate) fn with_headers(mut self, headers: &HeaderMap, retry_after: Option<Duration>) -> Self {
        self.content_type = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        self.retry_after = retry_after;
        self
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// MX's error code (for example `4011`), when the body has one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// MX's error message, when the body has one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The start of the body (at most 300 characters, whitespace collapsed).
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }

    /// The `Content-Type` the answer came with.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// How long the server asked the client to wait (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
}

/// "HTTP 404 Not Found, MX code 4040: Job not found, body: {...}"
impl fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, ", MX code {code}: {message}")?,
            (Some(code), None) => write!(f, ", MX code {code}")?,
            (None, Some(message)) => write!(f, ": {message}")?,
            (None, None) => {}
        }
        if self.excerpt.is_empty() {
            f.write_str(", empty body")
        } else {
            write!(f, ", body: {}", self.excerpt)
        }
    }
}

/// Why a call failed. Every variant says which operation it was (the
/// progenitor operation id, such as `read_job`) where that is known.
///
/// Build it from what the generated `send()` returns with `?` or
/// `Error::from`:
///
/// ```no_run
/// # async fn run(client: mx_nexus::Client) -> Result<(), mx_nexus::Error> {
/// match client.read_job().job_guid("JOB-1").send().await.map_err(mx_nexus::Error::from) {
///     Ok(job) => println!("{:?}", job.into_inner().job.map(|j| j.job_status())),
///     Err(e) if e.is_session_expired() => eprintln!("log in again: {e}"),
///     Err(e) if e.is_retryable() => eprintln!("try later: {e}"),
///     Err(e) => return Err(e),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Nexus answered with an error status.
    #[error("{operation}: Nexus answered {response}{}", hint(response.status(), *attempts))]
    Api {
        /// The operation id.
        operation: &'static str,
        /// What the answer said.
        response: Box<ErrorResponse>,
        /// How many times the call was sent.
        attempts: u32,
    },

    /// The session expired (MX code 4011) and the client could not open a
    /// new one: it has a fixed session token, or renewing failed.
    #[error("{operation}: the Nexus session has expired ({response}); {}", renew_hint(renewal_error.as_deref()))]
    SessionExpired {
        /// The operation id.
        operation: &'static str,
        /// What the answer said.
        response: Box<ErrorResponse>,
        /// Why opening a new session failed, when the client tried.
        renewal_error: Option<String>,
    },

    /// Nexus answered with a success status but a body this client cannot
    /// read as the spec's type (not JSON, cut short, the wrong shape, or
    /// larger than [`ClientConfig::max_response_bytes`](crate::ClientConfig::max_response_bytes)).
    #[error("{operation}: Nexus answered {response}, which this client cannot read: {reason}")]
    InvalidResponse {
        /// The operation id.
        operation: &'static str,
        /// What the answer looked like.
        response: Box<ErrorResponse>,
        /// What is wrong with it.
        reason: String,
    },

    /// No answer: the connection could not be made or broke, or the call
    /// timed out (after the retries the policy allows).
    #[error("{}no answer from Nexus: {}", operation.map(|o| format!("{o}: ")).unwrap_or_default(), transport_summary(source))]
    Transport {
        /// The operation id, when the URL tells it.
        operation: Option<&'static str>,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },

    /// No session could be opened for the call (the API token source
    /// failed, `POST /sessions` was refused, or the session was ended).
    #[error("{}cannot open a Nexus session: {message}", operation.map(|o| format!("{o}: ")).unwrap_or_default())]
    Session {
        /// The operation id, when a call needed the session.
        operation: Option<&'static str>,
        /// What went wrong.
        message: String,
    },

    /// [`Client::wait_for_job`](crate::Client::wait_for_job) passed its
    /// deadline while the job was still running.
    #[error(
        "job {job_guid} was still {} after {:.1} s of waiting; wait longer (WaitOptions::deadline) or read it later",
        last_status.as_ref().map_or_else(|| "running".to_owned(), ToString::to_string),
        waited.as_secs_f64()
    )]
    WaitTimedOut {
        /// The job waited for.
        job_guid: String,
        /// How long the wait lasted.
        waited: Duration,
        /// The job's last status.
        last_status: Option<crate::JobStatus>,
    },

    /// [`Client::answer_mfa`](crate::Client::answer_mfa) found questions with
    /// no answer; nothing was sent.
    #[error(
        "job {job_guid}: no answer for the MFA question(s) {}; nothing was sent",
        quoted(unanswered)
    )]
    UnansweredMfa {
        /// The job whose questions these are.
        job_guid: String,
        /// The questions, by label (else guid).
        unanswered: Vec<String>,
    },

    /// The call was not sent: a required parameter is missing or invalid.
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What is wrong with it.
        message: String,
    },
}

fn quoted(labels: &[String]) -> String {
    labels.iter().map(|l| format!("{l:?}")).collect::<Vec<_>>().join(", ")
}

fn hint(status: StatusCode, attempts: u32) -> String {
    let tries = if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    };
    let advice = match status.as_u16() {
        400 | 422 => "; check the request's parameters and body",
        401 | 403 => "; check the session token",
        404 => "; check the guid",
        429 => "; too many calls: slow down and try again later",
        500..=599 => "; Nexus is having trouble: try again later",
        _ => "",
    };
    format!("{tries}{advice}")
}

fn renew_hint(renewal_error: Option<&str>) -> String {
    match renewal_error {
        Some(why) => format!("opening a new session failed: {why}"),
        None => "open a new session and pass its token to client.session().replace(..), or build the client \
                 with ClientConfig::api_token_source so it renews sessions itself"
            .to_owned(),
    }
}

/// reqwest's own text ("error sending request for url (...)") says little;
/// the kind is what a person acts on.
fn transport_summary(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "the answer broke off"
    } else {
        "the request failed"
    };
    format!("{kind} ({error})")
}

impl Error {
    /// A 200 answer that parsed but lacks what a workflow needs from it.
    pub(crate) fn incomplete_answer(operation: &'static str, reason: &str) -> Self {
        Error::InvalidResponse {
            operation,
            response: Box::new(ErrorResponse::new(StatusCode::OK, Default::default())),
            reason: reason.to_owned(),
        }
    }

    /// The operation id of the call (`read_job`, ...), when known.
    pub fn operation_id(&self) -> Option<&'static str> {
        match self {
            Error::Api { operation, .. }
            | Error::SessionExpired { operation, .. }
            | Error::InvalidResponse { operation, .. } => Some(operation),
            Error::Transport { operation, .. } | Error::Session { operation, .. } => *operation,
            Error::InvalidRequest { .. } | Error::WaitTimedOut { .. } | Error::UnansweredMfa { .. } => None,
        }
    }

    /// What the answer said, when there was one.
    pub fn response(&self) -> Option<&ErrorResponse> {
        match self {
            Error::Api { response, .. }
            | Error::SessionExpired { response, .. }
            | Error::InvalidResponse { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Transport { source, .. } => source.status(),
            _ => self.response().map(ErrorResponse::status),
        }
    }

    /// MX's error code, when the body has one.
    pub fn code(&self) -> Option<&str> {
        self.response().and_then(ErrorResponse::code)
    }

    /// MX's error message, when the body has one.
    pub fn message(&self) -> Option<&str> {
        self.response().and_then(ErrorResponse::message)
    }

    /// The start of the answer's body, secrets redacted.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.response().map(ErrorResponse::excerpt)
    }

    /// How long the server asked the client to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        self.response().and_then(ErrorResponse::retry_after)
    }

    /// Whether the same call may succeed later: no answer at all, or
    /// `429`, `502`, `503`, `504`. The client has already retried
    /// idempotent calls as its [`RetryPolicy`](crate::RetryPolicy) allows.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api { response, .. } => super::retry::is_retryable_status(response.status()),
            Error::Transport { source, .. } => super::retry::is_retryable_transport(source),
            _ => false,
        }
    }

    /// Whether the call failed because the session expired (MX code 4011).
    pub fn is_session_expired(&self) -> bool {
        matches!(self, Error::SessionExpired { .. })
    }
}

/// What the hooks learnt about an answer, attached to the response progenitor
/// gets (an `http` extension), so the conversion below does not need to read
/// a body that is already consumed.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub operation: &'static str,
    pub response: ErrorResponse,
    pub attempts: u32,
    /// Set when a success status came with a body that cannot be read.
    pub unreadable: Option<String>,
    /// Why renewing an expired session failed.
    pub renewal_error: Option<String>,
    /// The body as read (bounded), to hand back to progenitor.
    pub body: Bytes,
}

impl Answer {
    fn into_error(self) -> Error {
        let operation = self.operation;
        let response = Box::new(self.response);
        if let Some(reason) = self.unreadable {
            Error::InvalidResponse {
                operation,
                response,
                reason,
            }
        } else if is_session_expired_code(response.code()) {
            Error::SessionExpired {
                operation,
                response,
                renewal_error: self.renewal_error,
            }
        } else {
            Error::Api {
                operation,
                response,
                attempts: self.attempts,
            }
        }
    }
}

/// Which call a success body came from. progenitor parses a success body
/// itself and, when that fails, returns only the bytes and serde's error. The
/// `post` hook runs in the same poll as that parse and the `?` after `send()`,
/// so it leaves this note in a thread-local; the conversion below uses it
/// only if the failed bytes are the very allocation the note describes
/// (progenitor gets the hooks' `Bytes` without a copy), so a note can never
/// be attributed to another call. Parsing once keeps the client's cost per
/// call close to plain reqwest + serde (README, "Speed").
#[derive(Debug, Clone)]
pub(crate) struct SuccessBody {
    operation: &'static str,
    status: StatusCode,
    content_type: Option<reqwest::header::HeaderValue>,
    address: usize,
    len: usize,
}

thread_local! {
    static LAST_SUCCESS_BODY: std::cell::RefCell<Option<SuccessBody>> = const { std::cell::RefCell::new(None) };
}

impl SuccessBody {
    pub(crate) fn new(operation: &'static str, status: StatusCode, headers: &HeaderMap, body: &Bytes) -> Self {
        Self {
            operation,
            status,
            content_type: headers.get(reqwest::header::CONTENT_TYPE).cloned(),
            address: body.as_ptr() as usize,
            len: body.len(),
        }
    }

    pub(crate) fn remember(&self) {
        LAST_SUCCESS_BODY.with(|last| *last.borrow_mut() = Some(self.clone()));
    }

    /// The note for `body`, if this thread's last one is about it. Empty
    /// bodies are never matched (they all share one address); the hooks
    /// report those themselves.
    fn recall(body: &Bytes) -> Option<Self> {
        let last = LAST_SUCCESS_BODY.with(|last| last.borrow().clone())?;
        (!body.is_empty() && last.address == body.as_ptr() as usize && last.len == body.len()).then_some(last)
    }
}

/// How a session failure crosses progenitor's `Error::Custom(String)` (the
/// only error a `pre` hook can return): `"<operation>: cannot open a Nexus session: <why>"`.
pub(crate) fn session_failure_text(operation: &str, why: &str) -> String {
    format!("{operation}: {SESSION_FAILURE}{why}")
}

const SESSION_FAILURE: &str = "cannot open a Nexus session: ";

impl From<progenitor_client::Error> for Error {
    fn from(error: progenitor_client::Error) -> Self {
        use progenitor_client::Error as P;
        match error {
            P::UnexpectedResponse(response) => match response.extensions().get::<Answer>() {
                Some(answer) => answer.clone().into_error(),
                // Only a response that bypassed the hooks gets here.
                None => Error::Api {
                    operation: "call",
                    response: Box::new(ErrorResponse::new(response.status(), Default::default())),
                    attempts: 1,
                },
            },
            P::CommunicationError(source) | P::ResponseBodyError(source) | P::InvalidUpgrade(source) => {
                let operation = source
                    .url()
                    .and_then(|url| operations::from_url_path(url.path()))
                    .map(|o| o.id);
                Error::Transport { operation, source }
            }
            P::InvalidResponsePayload(body, e) => {
                let success = SuccessBody::recall(&body);
                let mut headers = HeaderMap::new();
                if let Some(content_type) = success.as_ref().and_then(|s| s.content_type.clone()) {
                    headers.insert(reqwest::header::CONTENT_TYPE, content_type);
                }
                Error::InvalidResponse {
                    operation: success.as_ref().map_or("call", |s| s.operation),
                    response: Box::new(
                        ErrorResponse::new(
                            success.as_ref().map_or(StatusCode::OK, |s| s.status),
                            super::error_body::summarize(&body, &[]),
                        )
                        .with_headers(&headers, None),
                    ),
                    reason: e.to_string(),
                }
            }
            P::ErrorResponse(value) => Error::Api {
                operation: "call",
                response: Box::new(ErrorResponse::new(value.status(), Default::default())),
                attempts: 1,
            },
            P::Custom(text) => match text.split_once(SESSION_FAILURE) {
                Some((prefix, why)) => Error::Session {
                    operation: operations::find(prefix.trim_end_matches(": ")).map(|o| o.id),
                    message: why.to_owned(),
                },
                None => Error::Session {
                    operation: None,
                    message: text,
                },
            },
            P::InvalidRequest(message) => Error::InvalidRequest { message },
        }
    }
}
