//! [`Error`]: the one error type every call returns. It is built in
//! `call.rs`, where the operation, the answer and how far the call got are
//! all known.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::strategy::{Happened, may_repeat};
use super::transport::{Described, TransportStage};

/// What the client read from an answer that is an error. Secrets (session
/// token, credential values, anything under a key such as `token`,
/// `password` or `value`) are replaced with `[REDACTED]`. From
/// [`Error::response`].
///
/// ```no_run
/// # async fn run(client: mx_nexus::Client) {
/// if let Err(e) = client.read_job().job_guid("JOB-1").send().await
///     && let Some(answer) = e.response()
/// {
///     eprintln!("HTTP {}, MX code {:?}: {:?}", answer.status(), answer.code(), answer.message());
///     eprintln!("the body began: {}", answer.excerpt());
/// }
/// # }
/// ```
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
    ///
    /// See the example on [`ErrorResponse`](ErrorResponse).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// MX's error code (for example `4011`), when the body has one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// MX's error message, when the body has one.
    ///
    /// See the example on [`ErrorResponse`](ErrorResponse).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The start of the body (at most 300 characters, whitespace collapsed).
    ///
    /// See the example on [`ErrorResponse`](ErrorResponse).
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }

    /// The `Content-Type` the answer came with.
    ///
    /// See the example on [`ErrorResponse`](ErrorResponse).
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// How long the server asked the client to wait (`Retry-After`).
    ///
    /// See the example on [`ErrorResponse`](ErrorResponse).
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

/// Why a call failed: what every `send()` of the client returns, and the
/// workflow helpers too. Every variant of a call names its operation (the
/// progenitor operation id, such as `read_job`), and its `Display` is one
/// line that says what happened and what to do, so `?` into `anyhow` or
/// `Box<dyn Error>` shows it all.
///
/// ```no_run
/// # async fn run(client: mx_nexus::Client) -> Result<(), mx_nexus::Error> {
/// match client.read_job().job_guid("JOB-1").send().await {
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
        /// Whether sending the call again is harmless: its method is
        /// idempotent, or its retry policy says so.
        repeatable: bool,
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
    /// larger than [`ClientConfig::max_response_bytes`](crate::ClientConfig::max_response_bytes)),
    /// or with a success status the spec does not document.
    #[error("{operation}: Nexus answered {response}, which this client cannot read: {reason}")]
    InvalidResponse {
        /// The operation id.
        operation: &'static str,
        /// What the answer looked like.
        response: Box<ErrorResponse>,
        /// What is wrong with it.
        reason: String,
    },

    /// Nexus answered with a redirect. Nexus documents none, and a redirect
    /// would carry the session token elsewhere, so the client follows none:
    /// nothing was sent to the target.
    #[error(
        "{operation}: Nexus answered HTTP {status} redirecting to {}; nothing was sent there, because Nexus \
         documents no redirects: check the base URL",
        target.as_deref().map_or_else(|| "no valid location".to_owned(), |t| if *same_origin { format!("{t} (the same server)") } else { format!("{t}, another server") })
    )]
    Redirect {
        /// The operation id.
        operation: &'static str,
        /// The redirect status (`301`, `302`, `307`, ...).
        status: StatusCode,
        /// The origin (scheme, host, port) of the `Location`, never its
        /// path or query, which can carry data; `None` without a valid one.
        target: Option<String>,
        /// Whether the target is the configured server.
        same_origin: bool,
    },

    /// No (whole) answer: the connection could not be made or broke, the
    /// call timed out, or the answer was cut off or unreadable, after the
    /// retries the policy allows. [`TransportStage`] says how far it got.
    #[error("{operation}: {}{}{}{}{}",
        if *opening_session { "opening a session (POST /sessions): " } else { "" },
        Described { stage: *stage, cause: source },
        if *attempts > 1 { format!(", after {attempts} attempts") } else { String::new() },
        stage.advice(),
        lost_call_hint(*stage, *opening_session, *repeatable),
    )]
    Transport {
        /// The operation id.
        operation: &'static str,
        /// How far the call got.
        stage: TransportStage,
        /// How many times the call was sent.
        attempts: u32,
        /// Whether sending the call again is harmless: its method is
        /// idempotent, or its retry policy says so.
        repeatable: bool,
        /// `true` when it was `POST /sessions`, opening a session for the
        /// call, that failed; the call itself was not sent.
        opening_session: bool,
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
    #[error("{}invalid request: {message}; nothing was sent", operation.map(|o| format!("{o}: ")).unwrap_or_default())]
    InvalidRequest {
        /// The operation id, when a call was being built.
        operation: Option<&'static str>,
        /// What is wrong with it.
        message: String,
    },
}

/// How far a failed call got, which says whether sending it again could
/// make MX do something twice. From [`Error::delivery`], whose doc has an
/// example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delivery {
    /// Nothing reached Nexus (connection refused, TLS handshake failed, the
    /// call could not be built, no session): sending it again is safe.
    NotSent,
    /// The request was sent, or may have been, and no whole answer came
    /// back: MX may have done the work. Check (for example, read the member's
    /// jobs) before sending a call that is not idempotent again.
    OutcomeUnknown,
    /// Nexus answered.
    Answered,
}

fn quoted(labels: &[String]) -> String {
    labels.iter().map(|l| format!("{l:?}")).collect::<Vec<_>>().join(", ")
}

fn tries(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

/// For a call that may have reached MX: why it was not repeated.
fn lost_call_hint(stage: TransportStage, opening_session: bool, repeatable: bool) -> &'static str {
    match stage.happened() {
        Happened::OutcomeUnknown { permanent: false } if !opening_session && !repeatable => {
            "; MX may have done the work, so the call was not repeated: check its effect before sending it again"
        }
        _ => "",
    }
}

fn hint(status: StatusCode, attempts: u32) -> String {
    let tries = tries(attempts);
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

impl Error {
    /// A 200 answer that parsed but lacks what a workflow needs from it.
    pub(crate) fn incomplete_answer(operation: &'static str, reason: &str) -> Self {
        Error::InvalidResponse {
            operation,
            response: Box::new(ErrorResponse::new(StatusCode::OK, Default::default())),
            reason: reason.to_owned(),
        }
    }

    /// The operation id of the call (`read_job`, ...); `None` only for the
    /// workflow helpers' own errors and a session managed outside a call.
    ///
    /// See the example on [`Error`](Error).
    pub fn operation_id(&self) -> Option<&'static str> {
        match self {
            Error::Api { operation, .. }
            | Error::SessionExpired { operation, .. }
            | Error::InvalidResponse { operation, .. }
            | Error::Redirect { operation, .. }
            | Error::Transport { operation, .. } => Some(operation),
            Error::Session { operation, .. } | Error::InvalidRequest { operation, .. } => *operation,
            Error::WaitTimedOut { .. } | Error::UnansweredMfa { .. } => None,
        }
    }

    /// What the answer said, when there was one.
    ///
    /// See the example on [`Error`](Error).
    pub fn response(&self) -> Option<&ErrorResponse> {
        match self {
            Error::Api { response, .. }
            | Error::SessionExpired { response, .. }
            | Error::InvalidResponse { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The HTTP status, when an answer started.
    ///
    /// See the example on [`Error`](Error).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Transport {
                stage: TransportStage::Body { status, .. },
                ..
            }
            | Error::Redirect { status, .. } => Some(*status),
            _ => self.response().map(ErrorResponse::status),
        }
    }

    /// MX's error code, when the body has one.
    ///
    /// See the example on [`Error`](Error).
    pub fn code(&self) -> Option<&str> {
        self.response().and_then(ErrorResponse::code)
    }

    /// MX's error message, when the body has one.
    ///
    /// See the example on [`Error`](Error).
    pub fn message(&self) -> Option<&str> {
        self.response().and_then(ErrorResponse::message)
    }

    /// The start of the answer's body, secrets redacted.
    ///
    /// See the example on [`Error`](Error).
    pub fn body_excerpt(&self) -> Option<&str> {
        self.response().map(ErrorResponse::excerpt)
    }

    /// How long the server asked the client to wait before trying again.
    ///
    /// See the example on [`Error`](Error).
    pub fn retry_after(&self) -> Option<Duration> {
        self.response().and_then(ErrorResponse::retry_after)
    }

    /// Whether sending the same call again is safe and may succeed:
    ///
    /// - nothing was sent and the cause may pass (connection refused, DNS,
    ///   connect timeout, `POST /sessions` got no answer);
    /// - for calls that may be repeated (idempotent methods, or a policy with
    ///   [`retry_non_idempotent`](crate::RetryPolicy::retry_non_idempotent)):
    ///   also a lost or cut-off answer, and `429`, `502`, `503`, `504`.
    ///
    /// Never for a failure that repeats the same way (TLS or certificate,
    /// an answer head too large, a redirect) nor for a `POST` that may have
    /// reached MX ([`Delivery::OutcomeUnknown`]). The client has already
    /// retried as its [`RetryPolicy`](crate::RetryPolicy) allows, by the
    /// same rule.
    ///
    /// See the example on [`Error`](Error).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api {
                response, repeatable, ..
            } => may_repeat(
                Happened::Answered {
                    status: response.status(),
                    retry_after: None,
                    session_expired: false,
                },
                *repeatable,
            ),
            Error::Transport {
                stage,
                repeatable,
                opening_session,
                ..
            } => may_repeat(stage.happened(), *repeatable || *opening_session),
            _ => false,
        }
    }

    /// How far the call got: whether it may have reached MX. A call that is
    /// not idempotent and failed with [`Delivery::OutcomeUnknown`] may have
    /// been carried out; check before sending it again.
    ///
    /// ```no_run
    /// # async fn run(client: mx_nexus::Client, body: mx_nexus::types::MemberCredentialRequestBody) -> Result<(), mx_nexus::Error> {
    /// use mx_nexus::Delivery;
    ///
    /// match client.create_member_credentials().member_guid("MBR-1").body(body).send().await {
    ///     Ok(_) => {}
    ///     Err(e) if e.delivery() == Delivery::OutcomeUnknown => {
    ///         // MX may have the credentials: read the member's jobs before trying again.
    ///         return Err(e);
    ///     }
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn delivery(&self) -> Delivery {
        match self {
            Error::Transport {
                opening_session: true, ..
            } => Delivery::NotSent,
            Error::Transport { stage, .. } => match stage.happened() {
                Happened::NotSent { .. } => Delivery::NotSent,
                _ => Delivery::OutcomeUnknown,
            },
            Error::Api { .. }
            | Error::SessionExpired { .. }
            | Error::InvalidResponse { .. }
            | Error::Redirect { .. }
            | Error::WaitTimedOut { .. } => Delivery::Answered,
            Error::Session { .. } | Error::UnansweredMfa { .. } | Error::InvalidRequest { .. } => Delivery::NotSent,
        }
    }

    /// How far a call without a usable answer got, for [`Error::Transport`].
    ///
    /// See the example on [`Error`](Error).
    pub fn transport_stage(&self) -> Option<TransportStage> {
        match self {
            Error::Transport { stage, .. } => Some(*stage),
            _ => None,
        }
    }

    /// Whether the call failed because the session expired (MX code 4011).
    ///
    /// See the example on [`Error`](Error).
    pub fn is_session_expired(&self) -> bool {
        matches!(self, Error::SessionExpired { .. })
    }
}
