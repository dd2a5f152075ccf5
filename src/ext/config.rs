//! `ClientConfig`: the one way to build a [`Client`].

use std::time::Duration;

use reqwest::Url;

use super::ClientState;
use super::headers::{USER_AGENT, sensitive_value};
use super::secret::SecretString;
use crate::generated::Client;

/// MX's integration (test) server.
const INTEGRATION_URL: &str = "https://int-data.moneydesktop.com";
/// MX's production server.
const PRODUCTION_URL: &str = "https://data.moneydesktop.com";

/// Default time to establish a connection (TCP + TLS).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole call, from sending to the last byte of the answer.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Builder for a [`Client`]: server, session and timeouts.
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
/// Defaults: connect timeout 10 s, request timeout 30 s (whole call,
/// including reading the body), user agent `mx-nexus/<crate version>`.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    base_url: String,
    session_token: Option<SecretString>,
    connect_timeout: Duration,
    timeout: Duration,
}

/// Why [`ClientConfig::build`] could not build a client.
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
    /// No session token was configured.
    #[error("no session token: call ClientConfig::session_token with the token from POST /sessions")]
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
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// MX's integration server, `https://int-data.moneydesktop.com`.
    pub fn integration() -> Self {
        Self::new(INTEGRATION_URL)
    }

    /// MX's production server, `https://data.moneydesktop.com`.
    pub fn production() -> Self {
        Self::new(PRODUCTION_URL)
    }

    /// The session token (from `POST /sessions`) sent as `MD-SESSION-TOKEN`
    /// on every call. It is never printed by `Debug` or in errors.
    pub fn session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(SecretString::new(token));
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole call, including reading the answer (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Builds the client; fails on a malformed base URL or a missing session.
    pub fn build(self) -> Result<Client, ConfigError> {
        let base_url = validate_base_url(&self.base_url)?;
        let token = self.session_token.ok_or(ConfigError::MissingSessionToken)?;
        let session_header = sensitive_value(token.expose_secret()).ok_or(ConfigError::InvalidSessionToken)?;
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .build()
            .map_err(ConfigError::Http)?;
        Ok(Client::new_with_client(
            &base_url,
            http,
            ClientState::new(session_header),
        ))
    }
}

/// The generated code appends `/jobs/...` to the base URL, so it must be an
/// absolute http(s) URL without a trailing slash, query or fragment.
fn validate_base_url(raw: &str) -> Result<String, ConfigError> {
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
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_loses_its_trailing_slash() {
        assert_eq!(
            validate_base_url("https://int-data.moneydesktop.com/").unwrap(),
            INTEGRATION_URL
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8080/nexus/").unwrap(),
            "http://127.0.0.1:8080/nexus"
        );
    }

    #[test]
    fn base_url_must_be_absolute_http() {
        for bad in ["int-data.moneydesktop.com", "ftp://host", "https://host/?a=1", ""] {
            let err = validate_base_url(bad).unwrap_err();
            assert!(err.to_string().starts_with("invalid base URL"), "{bad}: {err}");
        }
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
