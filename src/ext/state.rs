//! The state every generated call carries to the hooks (progenitor's "inner type").

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use super::RetryPolicy;
use super::session::SessionState;
use crate::generated::Client;

/// What `call.rs` needs to turn a generated request into a Nexus call: the
/// server and session (shared by all clones), and this client's retry policy
/// and timeout. Cheap to clone: the generated `Client` is cloned per builder.
#[derive(Clone)]
pub(crate) struct ClientState {
    shared: Arc<Shared>,
    retry: RetryPolicy,
    timeout: Duration,
}

struct Shared {
    /// The configured base URL: the only origin that gets a token.
    base_url: Url,
    session: SessionState,
    max_response_bytes: usize,
}

impl ClientState {
    pub(crate) fn new(
        base_url: Url,
        session: SessionState,
        retry: RetryPolicy,
        timeout: Duration,
        max_response_bytes: usize,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                base_url,
                session,
                max_response_bytes,
            }),
            retry,
            timeout,
        }
    }

    pub(crate) fn base_url(&self) -> &Url {
        &self.shared.base_url
    }

    /// Whether `url` is on the configured server (same scheme, host and port).
    pub(crate) fn is_nexus_origin(&self, url: &Url) -> bool {
        let base = &self.shared.base_url;
        url.scheme() == base.scheme()
            && url.host() == base.host()
            && url.port_or_known_default() == base.port_or_known_default()
    }

    pub(crate) fn session(&self) -> &SessionState {
        &self.shared.session
    }

    pub(crate) fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The time each try of a call is allowed.
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    pub(crate) fn max_response_bytes(&self) -> usize {
        self.shared.max_response_bytes
    }
}

/// progenitor's generated client requires its hooks trait, but no generated
/// code calls it any more: build.rs makes every `send()` end in `call.rs`,
/// which does what hooks would. Not part of the API.
#[doc(hidden)]
impl progenitor_client::ClientHooks<ClientState> for Client {}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("session", &self.shared.session)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.shared.max_response_bytes)
            .finish()
    }
}

/// Per-call settings: a client made by these methods shares the session and
/// connections of the original and differs only in what was overridden.
impl Client {
    /// A client whose calls use `policy` instead of the configured one, for
    /// example to let one `POST` be retried:
    ///
    /// ```no_run
    /// # async fn run(client: mx_nexus::Client) -> Result<(), mx_nexus::Error> {
    /// use mx_nexus::RetryPolicy;
    ///
    /// let job = client
    ///     .with_retry_policy(RetryPolicy::default().max_attempts(5))
    ///     .read_job()
    ///     .job_guid("JOB-1")
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Client {
        let mut state = self.inner.clone();
        state.retry = policy;
        Client::new_with_client(&self.baseurl, self.client.clone(), state)
    }

    /// A client whose calls each time out after `timeout` (every try of a
    /// call gets the whole `timeout`), instead of the configured one.
    ///
    /// ```no_run
    /// # async fn run(client: mx_nexus::Client) -> Result<(), mx_nexus::Error> {
    /// use std::time::Duration;
    ///
    /// let quick = client.with_timeout(Duration::from_secs(2));
    /// let job = quick.read_job().job_guid("JOB-1").send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        let mut state = self.inner.clone();
        state.timeout = timeout;
        Client::new_with_client(&self.baseurl, self.client.clone(), state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(base: &str) -> ClientState {
        ClientState::new(
            Url::parse(base).unwrap(),
            SessionState::new(None, None),
            RetryPolicy::default(),
            Duration::from_secs(1),
            1,
        )
    }

    #[test]
    fn only_the_configured_origin_is_nexus() {
        let nexus = state("https://int-data.moneydesktop.com/nexus");
        for same in [
            "https://int-data.moneydesktop.com/jobs/JOB-1",
            "https://INT-DATA.moneydesktop.com:443/sessions",
        ] {
            assert!(nexus.is_nexus_origin(&Url::parse(same).unwrap()), "{same}");
        }
        for other in [
            "http://int-data.moneydesktop.com/jobs/JOB-1",
            "https://int-data.moneydesktop.com:8443/jobs/JOB-1",
            "https://data.moneydesktop.com/jobs/JOB-1",
            "https://int-data.moneydesktop.com.evil.example/jobs",
            "https://evil.example/@int-data.moneydesktop.com",
        ] {
            assert!(!nexus.is_nexus_origin(&Url::parse(other).unwrap()), "{other}");
        }
    }
}
