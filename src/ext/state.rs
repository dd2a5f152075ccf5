//! The state every generated call carries to the hooks (progenitor's "inner type").

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::RetryPolicy;
use super::session::SessionState;
use crate::generated::Client;

/// What the hooks need to turn a generated request into a Nexus call: the
/// session (shared by all clones), and this client's retry policy and timeout.
/// Cheap to clone: the generated `Client` is cloned per builder.
#[derive(Clone)]
pub struct ClientState {
    shared: Arc<Shared>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
}

struct Shared {
    session: SessionState,
    max_response_bytes: usize,
}

impl ClientState {
    pub(crate) fn new(session: SessionState, retry: RetryPolicy, max_response_bytes: usize) -> Self {
        Self {
            shared: Arc::new(Shared {
                session,
                max_response_bytes,
            }),
            retry,
            timeout: None,
        }
    }

    pub(crate) fn session(&self) -> &SessionState {
        &self.shared.session
    }

    pub(crate) fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The per-call timeout, when one overrides the client's.
    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    pub(crate) fn max_response_bytes(&self) -> usize {
        self.shared.max_response_bytes
    }
}

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
        state.timeout = Some(timeout);
        Client::new_with_client(&self.baseurl, self.client.clone(), state)
    }
}
