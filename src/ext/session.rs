//! The Nexus session: the `MD-SESSION-TOKEN` every call carries, where it
//! comes from (a fixed token, or `POST /sessions` with a one-time API token
//! from the caller's source), and its renewal, shared by every clone of a
//! client so that concurrent calls on an expired session open one new session.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock};

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue, LOCATION};
use serde_json::{Value, json};
use tracing::Instrument;

use super::SecretString;
use super::error_body::summarize;
use super::headers::{NEXUS_MEDIA_TYPE, sensitive_value};
use super::response::{ERROR_BODY_LIMIT, read_bounded};
use super::transport::{Described, TransportStage};
use crate::generated::Client;

/// The error type an API token source may return: any error, boxed (see the
/// example on [`ClientConfig`](crate::ClientConfig)).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The header `POST /sessions` takes the API token in.
const API_TOKEN_HEADER: HeaderName = HeaderName::from_static("md-api-token");

type TokenFuture = Pin<Box<dyn Future<Output = Result<SecretString, BoxError>> + Send>>;

/// Why no session could be had.
#[derive(Debug)]
pub(crate) enum OpenError {
    /// `POST /sessions` got no (whole) answer: the network, as for any call.
    Transport(TransportStage, reqwest::Error),
    /// Anything else, said in a sentence (source failed, MX refused, ...).
    Refused(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Transport(stage, e) => write!(
                f,
                "POST /sessions: {}{}",
                Described {
                    stage: *stage,
                    cause: e
                },
                stage.advice()
            ),
            OpenError::Refused(why) => f.write_str(why),
        }
    }
}

impl From<String> for OpenError {
    fn from(why: String) -> Self {
        OpenError::Refused(why)
    }
}

impl From<&str> for OpenError {
    fn from(why: &str) -> Self {
        OpenError::Refused(why.to_owned())
    }
}

impl OpenError {
    /// The error of [`Session::renew`], outside any call.
    fn into_error(self) -> crate::Error {
        crate::Error::Session {
            operation: None,
            message: self.to_string(),
        }
    }
}

/// The caller's way to get a fresh one-time API token.
pub(crate) type TokenSource = Arc<dyn Fn() -> TokenFuture + Send + Sync>;

/// Turns a plain async closure into a [`TokenSource`].
pub(crate) fn token_source<F, Fut, T, E>(source: F) -> TokenSource
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, E>> + Send + 'static,
    T: Into<SecretString>,
    E: Into<BoxError>,
{
    Arc::new(move || {
        let future = source();
        Box::pin(async move { future.await.map(Into::into).map_err(Into::into) })
    })
}

/// How to open a session: the caller's API token source and `POST /sessions`.
pub(crate) struct Opener {
    pub source: TokenSource,
    pub skip_aggregation: Option<bool>,
    pub url: String,
    pub http: reqwest::Client,
    /// The client's timeout, to say which one passed.
    pub timeout: Duration,
}

/// The session of a client and all its clones.
pub(crate) struct SessionState {
    /// The current `MD-SESSION-TOKEN` value (marked sensitive), if any.
    current: RwLock<Option<HeaderValue>>,
    /// Held while a session is being opened, so that only one is.
    opening: tokio::sync::Mutex<()>,
    opener: Option<Opener>,
}

impl SessionState {
    pub(crate) fn new(initial: Option<HeaderValue>, opener: Option<Opener>) -> Self {
        Self {
            current: RwLock::new(initial),
            opening: tokio::sync::Mutex::new(()),
            opener,
        }
    }

    fn current(&self) -> Option<HeaderValue> {
        self.current.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn set(&self, value: Option<HeaderValue>) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = value;
    }

    /// Whether an expired session can be replaced by a new one.
    pub(crate) fn can_renew(&self) -> bool {
        self.opener.is_some()
    }

    /// The header for the next call, opening a session first if there is none.
    pub(crate) async fn header(&self) -> Result<HeaderValue, OpenError> {
        match self.current() {
            Some(header) => Ok(header),
            None => self.renew(None).await,
        }
    }

    /// A session other than `stale`: the one another call already opened in
    /// the meantime, or a new one. Concurrent callers wait for a single
    /// `POST /sessions`.
    pub(crate) async fn renew(&self, stale: Option<&HeaderValue>) -> Result<HeaderValue, OpenError> {
        let _only_one = self.opening.lock().await;
        if let Some(current) = self.current()
            && stale != Some(&current)
        {
            return Ok(current);
        }
        let Some(opener) = &self.opener else {
            return Err(
                "the client has no session: give it a token with client.session().replace(..) \
                        or build it with ClientConfig::api_token_source"
                    .into(),
            );
        };
        let header = opener
            .open()
            .instrument(tracing::debug_span!("nexus_open_session"))
            .await?;
        self.set(Some(header.clone()));
        Ok(header)
    }
}

impl Opener {
    /// `POST /sessions` with a fresh API token; the new session's header.
    async fn open(&self) -> Result<HeaderValue, OpenError> {
        let api_token = (self.source)()
            .await
            .map_err(|e| format!("the API token source failed: {e}"))?;
        let api_header = sensitive_value(api_token.expose_secret())
            .ok_or("the API token contains characters that cannot be sent in the MD-API-TOKEN header")?;
        let mut request = self
            .http
            .post(&self.url)
            .header(API_TOKEN_HEADER, api_header)
            .header(ACCEPT, NEXUS_MEDIA_TYPE);
        if let Some(skip) = self.skip_aggregation {
            request = request
                .header(CONTENT_TYPE, NEXUS_MEDIA_TYPE)
                .body(json!({ "session": { "skip_aggregation": skip } }).to_string());
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| OpenError::Transport(TransportStage::of_send_error(&e, Some(self.timeout)), e))?;
        let status = response.status();
        if status.is_redirection() {
            // Never followed (see `ClientConfig::build`): the API token went nowhere else.
            let target = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| response.url().join(l).ok())
                .map_or_else(|| "no valid location".to_owned(), |t| t.origin().ascii_serialization());
            return Err(format!(
                "POST /sessions answered HTTP {status} redirecting to {target}; the API token was not sent there, \
                 because Nexus documents no redirects: check the base URL"
            )
            .into());
        }
        // The body holds the new token: it goes nowhere but the parser.
        let (body, _) = read_bounded(&mut response, ERROR_BODY_LIMIT).await.map_err(|broken| {
            let stage = TransportStage::of_body_error(&broken.error, status, broken.bytes_read, Some(self.timeout));
            OpenError::Transport(stage, broken.error)
        })?;
        if !status.is_success() {
            let summary = summarize(&body, &[api_token]);
            let mut why = format!("POST /sessions answered HTTP {status}");
            if let Some(code) = summary.code {
                why.push_str(&format!(", MX code {code}"));
            }
            if let Some(message) = summary.message {
                why.push_str(&format!(": {message}"));
            }
            return Err(why.into());
        }
        let token = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|json| json["session"]["token"].as_str().map(SecretString::from))
            .ok_or_else(|| format!("POST /sessions answered HTTP {status} without a token at session.token"))?;
        let header = sensitive_value(token.expose_secret())
            .ok_or("POST /sessions returned a token that cannot be sent in the MD-SESSION-TOKEN header")?;
        tracing::debug!("opened a new Nexus session");
        Ok(header)
    }
}

/// The session of a [`Client`] (and of every client made from it with
/// [`Client::with_retry_policy`] or [`Client::with_timeout`]), from
/// [`Client::session`].
///
/// ```no_run
/// # async fn run(client: mx_nexus::Client) -> Result<(), mx_nexus::Error> {
/// let session = client.session();
/// session.renew().await?;              // a new session now (needs an API token source)
/// session.replace("token-from-elsewhere")?;
/// session.end();                       // the next call opens a new one, or fails without a source
/// # Ok(())
/// # }
/// ```
pub struct Session<'a> {
    client: &'a Client,
}

impl Client {
    /// This client's session: end it, replace it, or open a new one.
    ///
    /// See the example on [`Client`](Client).
    pub fn session(&self) -> Session<'_> {
        Session { client: self }
    }
}

impl Session<'_> {
    fn state(&self) -> &SessionState {
        self.client.inner.session()
    }

    /// Whether the client holds a session token (it may still have expired).
    ///
    /// See the example on [`Session`](Session).
    pub fn is_open(&self) -> bool {
        self.state().current().is_some()
    }

    /// The current session token, if any.
    ///
    /// See the example on [`Session`](Session).
    pub fn token(&self) -> Option<SecretString> {
        self.state()
            .current()
            .and_then(|header| header.to_str().ok().map(SecretString::from))
    }

    /// Uses `token` for the calls from now on.
    ///
    /// See the example on [`Session`](Session).
    pub fn replace(&self, token: impl Into<SecretString>) -> Result<(), crate::Error> {
        let token = token.into();
        let header = sensitive_value(token.expose_secret()).ok_or_else(|| crate::Error::Session {
            operation: None,
            message: "the session token contains characters that cannot be sent in the MD-SESSION-TOKEN header"
                .to_owned(),
        })?;
        self.state().set(Some(header));
        Ok(())
    }

    /// Forgets the session. With an API token source the next call opens a
    /// new one; without, calls fail until [`replace`](Self::replace).
    /// (Nexus documents no call to end a session on the server: it expires
    /// 30 minutes after its last use.)
    ///
    /// See the example on [`Session`](Session).
    pub fn end(&self) {
        self.state().set(None);
    }

    /// Opens a new session now through the API token source.
    ///
    /// See the example on [`Session`](Session).
    pub async fn renew(&self) -> Result<(), crate::Error> {
        let state = self.state();
        let current = state.current();
        if !state.can_renew() {
            return Err(crate::Error::Session {
                operation: None,
                message: "the client has no API token source (ClientConfig::api_token_source)".to_owned(),
            });
        }
        // Renewing "from" the current token makes this open a new session
        // even when one is held.
        let stale = current.unwrap_or_else(|| HeaderValue::from_static(""));
        state.renew(Some(&stale)).await.map(drop).map_err(OpenError::into_error)
    }
}

impl fmt::Debug for Session<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("open", &self.is_open())
            .field("renewable", &self.state().can_renew())
            .finish()
    }
}

impl fmt::Debug for SessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionState")
            .field("token", &self.current().map(|_| "[REDACTED]"))
            .field("renewable", &self.can_renew())
            .finish()
    }
}
