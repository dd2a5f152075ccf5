//! `ClientConfig`: the one way to build a [`Client`].

use std::fmt;
use std::future::Future;
use std::time::Duration;

use reqwest::Url;

use super::headers::{USER_AGENT, sensitive_value};
use super::secret::SecretString;
use super::session::{BoxError, Opener, SessionState, TokenSource, token_source};
use super::{ClientState, RetryPolicy};
use crate::generated::Client;

/// MX's integration (test) server.
const INTEGRATION_URL: &str = "https://int-data.moneydesktop.com";
/// MX's production server.
const PRODUCTION_URL: &str = "https://data.moneydesktop.com";

/// Default time to establish a connection (TCP + TLS).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole call, from sending to the last byte of the answer.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit on a success body: a 10,000-question credentials list is
/// about 5 MB; anything much larger is not a Nexus answer.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// Builder for a [`Client`]: server, session, retries and timeouts.
///
/// With a fixed session token (from `POST /sessions`, done elsewhere):
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
///
/// let client = mx_nexus::ClientConfig::integration()
///     .session_token("session-token-from-POST-/sessions")
///     .timeout(Duration::from_secs(20))
///     .build()?;
/// let job = client.read_job().job_guid("JOB-123").send().await?.into_inner();
/// println!("{:?}", job.job.and_then(|j| j.guid));
/// # Ok(())
/// # }
/// ```
///
/// With a source of one-time API tokens, the client opens sessions itself
/// and opens a new one when MX says the session expired:
///
/// ```no_run
/// # async fn fetch_api_token_from_sso() -> Result<String, std::io::Error> { Ok(String::new()) }
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = mx_nexus::ClientConfig::integration()
///     .api_token_source(|| async { Ok::<_, mx_nexus::BoxError>(fetch_api_token_from_sso().await?) })
///     .build()?;
/// # Ok(())
/// # }
/// ```
///
/// Defaults: connect timeout 10 s, timeout 30 s per try (whole call,
/// including reading the body), [`RetryPolicy::default`] (3 tries of
/// idempotent calls), success bodies up to 32 MiB, user agent
/// `mx-nexus/<crate version>`.
#[derive(Clone)]
pub struct ClientConfig {
    base_url: String,
    session_token: Option<SecretString>,
    token_source: Option<TokenSource>,
    skip_aggregation: Option<bool>,
    retry: RetryPolicy,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
    allow_insecure_http: bool,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("session_token", &self.session_token)
            .field("api_token_source", &self.token_source.as_ref().map(|_| "<fn>"))
            .field("skip_aggregation", &self.skip_aggregation)
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

/// Why [`ClientConfig::build`] could not build a client. Its message says
/// what to change.
///
/// ```
/// use mx_nexus::{ClientConfig, ConfigError};
///
/// let refused = ClientConfig::new("http://nexus.example.internal").session_token("t").build();
/// assert!(matches!(refused, Err(ConfigError::InsecureBaseUrl { .. })));
/// assert!(matches!(ClientConfig::integration().build(), Err(ConfigError::MissingSessionToken)));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The base URL is not an absolute `http` or `https` URL.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A plain `http://` base URL for a host that is not this machine: the
    /// session and API tokens would cross the network in clear text.
    #[error(
        "refusing http://{host}: plain HTTP to a host other than this machine sends the Nexus tokens in clear \
         text; use https://, or, for a gateway on a private network you trust, opt in with \
         ClientConfig::allow_insecure_http(true)"
    )]
    InsecureBaseUrl {
        /// The host the URL names.
        host: String,
    },
    /// Neither a session token nor an API token source was configured.
    #[error(
        "no session: call ClientConfig::session_token with a token from POST /sessions, \
         or ClientConfig::api_token_source so the client opens sessions itself"
    )]
    MissingSessionToken,
    /// The session token cannot be sent as an HTTP header value.
    #[error("the session token contains characters that cannot be sent in the MD-SESSION-TOKEN header")]
    InvalidSessionToken,
    /// The HTTP client could not be built (for example, no TLS backend).
    #[error("cannot build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

impl ClientConfig {
    /// A configuration for the Nexus server at `base_url`, for example
    /// `https://int-data.moneydesktop.com` or a local sandbox. A trailing `/`
    /// is ignored.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            session_token: None,
            token_source: None,
            skip_aggregation: None,
            retry: RetryPolicy::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
        }
    }

    /// MX's integration server, `https://int-data.moneydesktop.com`.
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn integration() -> Self {
        Self::new(INTEGRATION_URL)
    }

    /// MX's production server, `https://data.moneydesktop.com`.
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn production() -> Self {
        Self::new(PRODUCTION_URL)
    }

    /// The session token (from `POST /sessions`) sent as `MD-SESSION-TOKEN`
    /// on every call. It is never printed by `Debug` or in errors. Without
    /// an [API token source](Self::api_token_source), a call on an expired
    /// session fails with [`Error::SessionExpired`](crate::Error::SessionExpired).
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn session_token(mut self, token: impl Into<SecretString>) -> Self {
        self.session_token = Some(token.into());
        self
    }

    /// How to get a fresh one-time API token (from MX's SSO API). The client
    /// then opens a session itself (`POST /sessions` with `MD-API-TOKEN`)
    /// before its first call, and again whenever MX answers that the session
    /// expired (code 4011), replaying that call once. Calls that find the
    /// session expired at the same time share one new session.
    ///
    /// Any async closure returning `Result<T, E>` works, where `T` is a
    /// `String` (or anything [`SecretString`] is made from) and `E` any error.
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn api_token_source<F, Fut, T, E>(mut self, source: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
        T: Into<SecretString>,
        E: Into<BoxError>,
    {
        self.token_source = Some(token_source(source));
        self
    }

    /// Sends `{"session": {"skip_aggregation": <skip>}}` when opening a
    /// session: `true` stops MX from aggregating the user's members as the
    /// session opens. Not set by default (no body is sent).
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn skip_aggregation(mut self, skip: bool) -> Self {
        self.skip_aggregation = Some(skip);
        self
    }

    /// How calls are retried (default [`RetryPolicy::default`]); a single
    /// call can use another with [`Client::with_retry_policy`].
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest success body read (default 32 MiB); a larger one fails
    /// the call with [`Error::InvalidResponse`](crate::Error::InvalidResponse)
    /// instead of filling memory.
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for each try of a call, including reading the answer
    /// (default 30 s); a single call can use another with [`Client::with_timeout`].
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Allows a plain `http://` base URL for a host other than this machine,
    /// for example a TLS-terminating gateway on a private network you trust.
    /// Off by default: [`build`](Self::build) refuses such a URL, because the
    /// tokens and credentials would cross the network in clear text.
    /// `http://` to a loopback address or `localhost` (a local sandbox,
    /// tests) is always allowed.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Builds the client; fails on a malformed base URL, a plain `http://`
    /// one for another machine (see [`allow_insecure_http`](Self::allow_insecure_http)),
    /// or when there is neither a session token nor an API token source.
    ///
    /// Redirects are never followed: Nexus documents none, and one would
    /// carry the session token to wherever it points. A call answered with a
    /// redirect fails with [`Error::Redirect`](crate::Error::Redirect).
    ///
    /// See the example on [`ClientConfig`](ClientConfig).
    pub fn build(self) -> Result<Client, ConfigError> {
        let base_url = validate_base_url(&self.base_url, self.allow_insecure_http)?;
        let session_header = match &self.session_token {
            Some(token) => Some(sensitive_value(token.expose_secret()).ok_or(ConfigError::InvalidSessionToken)?),
            None if self.token_source.is_none() => return Err(ConfigError::MissingSessionToken),
            None => None,
        };
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            // A redirect would carry MX's token headers, which reqwest does
            // not know to strip, to wherever it points: none is followed.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(ConfigError::Http)?;
        let opener = self.token_source.map(|source| Opener {
            source,
            skip_aggregation: self.skip_aggregation,
            url: format!("{base_url}/sessions"),
            http: http.clone(),
            timeout: self.timeout,
        });
        let base = Url::parse(&base_url).map_err(|e| ConfigError::InvalidBaseUrl {
            url: self.base_url.clone(),
            reason: e.to_string(),
        })?;
        let state = ClientState::new(
            base,
            SessionState::new(session_header, opener),
            self.retry,
            self.timeout,
            self.max_response_bytes,
        );
        Ok(Client::new_with_client(&base_url, http, state))
    }
}

/// The generated code appends `/jobs/...` to the base URL, so it must be an
/// absolute http(s) URL without a trailing slash, query or fragment; plain
/// `http` only to this machine unless `allow_insecure_http`.
fn validate_base_url(raw: &str, allow_insecure_http: bool) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
        url: raw.to_owned(),
        reason: reason.to_owned(),
    };
    let url = Url::parse(raw.trim()).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base URL has no query or fragment"));
    }
    if url.scheme() == "http" && !allow_insecure_http && !is_this_machine(&url) {
        return Err(ConfigError::InsecureBaseUrl {
            host: url.host_str().unwrap_or_default().to_owned(),
        });
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A loopback address (`127.0.0.0/8`, `[::1]`) or `localhost`.
fn is_this_machine(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_loses_its_trailing_slash() {
        assert_eq!(
            validate_base_url("https://int-data.moneydesktop.com/", false).unwrap(),
            INTEGRATION_URL
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8080/nexus/", false).unwrap(),
            "http://127.0.0.1:8080/nexus"
        );
    }

    #[test]
    fn base_url_must_be_absolute_http() {
        for bad in ["int-data.moneydesktop.com", "ftp://host", "https://host/?a=1", ""] {
            let err = validate_base_url(bad, false).unwrap_err();
            assert!(err.to_string().starts_with("invalid base URL"), "{bad}: {err}");
        }
    }

    #[test]
    fn plain_http_is_refused_for_other_machines_unless_opted_in() {
        for local in [
            "http://127.0.0.1:4010",
            "http://127.0.0.2",
            "http://[::1]:8080",
            "http://LOCALHOST:1",
        ] {
            assert!(validate_base_url(local, false).is_ok(), "{local}");
        }
        for remote in [
            "http://int-data.moneydesktop.com",
            "http://10.0.0.5:8080",
            "http://localhost.example.com",
            "http://[::2]",
        ] {
            let err = validate_base_url(remote, false).unwrap_err();
            assert!(matches!(err, ConfigError::InsecureBaseUrl { .. }), "{remote}: {err:?}");
            let text = err.to_string();
            assert!(
                text.contains("clear text") && text.contains("allow_insecure_http(true)"),
                "{text}"
            );
            assert!(validate_base_url(remote, true).is_ok(), "{remote}");
        }
        let err = ClientConfig::new("http://gateway.internal")
            .session_token("t")
            .build()
            .unwrap_err();
        assert!(matches!(err, ConfigError::InsecureBaseUrl { ref host } if host == "gateway.internal"));
        assert!(
            ClientConfig::new("http://gateway.internal")
                .session_token("t")
                .allow_insecure_http(true)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn debug_does_not_show_the_session_token() {
        let config = ClientConfig::integration().session_token("very-secret-token");
        assert!(!format!("{config:?}").contains("very-secret-token"));
        let client = config.build().unwrap();
        assert!(!format!("{client:?}").contains("very-secret-token"));
    }

    #[test]
    fn missing_or_unsendable_token_is_a_config_error() {
        assert!(matches!(
            ClientConfig::integration().build(),
            Err(ConfigError::MissingSessionToken)
        ));
        let err = ClientConfig::integration()
            .session_token("line\nbreak")
            .build()
            .unwrap_err();
        assert!(matches!(err, ConfigError::InvalidSessionToken));
        assert!(!err.to_string().contains("line"));
    }
}
