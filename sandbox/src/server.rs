//! Starting and stopping a sandbox: [`SandboxBuilder`] and [`Sandbox`].

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use mx_nexus::types::JobResponse;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::clock::{Clock, SystemClock};
use crate::config::{JobConfig, defaults};
use crate::routes::router;
use crate::state::SandboxState;

/// Configures a sandbox before it starts; made by [`Sandbox::builder`].
///
/// ```
/// # async fn run() -> std::io::Result<()> {
/// use std::time::Duration;
/// use mx_nexus_sandbox::{JobConfig, ManualClock, Question, Sandbox};
///
/// let clock = ManualClock::new();
/// let sandbox = Sandbox::builder()
///     .session_idle_timeout(Duration::from_secs(60))
///     .clock(clock.clone())
///     .job(JobConfig::new("JOB-2", "MBR-2").question(Question::new("CRD-9", "Favourite colour?", "blue")))
///     .start()
///     .await?;
/// clock.advance(Duration::from_secs(61)); // every session is now expired
/// # drop(sandbox);
/// # Ok(())
/// # }
/// ```
pub struct SandboxBuilder {
    addr: SocketAddr,
    idle_timeout: Duration,
    clock: Arc<dyn Clock>,
    jobs: Vec<JobConfig>,
    accepted_api_tokens: Option<HashSet<String>>,
}

impl SandboxBuilder {
    fn new() -> Self {
        Self {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            idle_timeout: defaults::SESSION_IDLE_TIMEOUT,
            clock: Arc::new(SystemClock),
            jobs: vec![JobConfig::default_job()],
            accepted_api_tokens: None,
        }
    }

    /// How long a session lives without a successful call
    /// (default [`defaults::SESSION_IDLE_TIMEOUT`], 30 minutes).
    ///
    /// See the example on [`SandboxBuilder`](SandboxBuilder).
    pub fn session_idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Adds a job, replacing any job with the same guid (the default job
    /// [`defaults::JOB_GUID`] included).
    ///
    /// See the example on [`SandboxBuilder`](SandboxBuilder).
    pub fn job(mut self, job: JobConfig) -> Self {
        self.jobs.retain(|existing| existing.guid != job.guid);
        self.jobs.push(job);
        self
    }

    /// Removes every job configured so far, the default job included.
    ///
    /// See the example on [`SandboxBuilder`](SandboxBuilder).
    pub fn clear_jobs(mut self) -> Self {
        self.jobs.clear();
        self
    }

    /// The clock for session expiry and timestamps (default [`SystemClock`]).
    /// Give a [`ManualClock`](crate::ManualClock) clone to move time in tests.
    ///
    /// See the example on [`SandboxBuilder`](SandboxBuilder).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Accepts only these API tokens at `POST /sessions` (each still once).
    /// By default any non-empty token is accepted, once.
    ///
    /// See the example on [`SandboxBuilder`](SandboxBuilder).
    pub fn api_tokens<I, T>(mut self, tokens: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.accepted_api_tokens = Some(tokens.into_iter().map(Into::into).collect());
        self
    }

    /// The address to listen on (default `127.0.0.1:0`: a free port).
    ///
    /// See the example on [`SandboxBuilder`](SandboxBuilder).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// The sandbox as an [`axum::Router`], to serve inside another server or
    /// call with `tower::ServiceExt::oneshot`. [`SandboxBuilder::bind`] does
    /// not apply.
    ///
    /// See the example on [`SandboxBuilder`](SandboxBuilder).
    pub fn into_router(self) -> axum::Router {
        router(Arc::new(self.state()))
    }

    /// Starts listening and serving in a background task; fails only when
    /// the address cannot be bound.
    ///
    /// See the example on [`SandboxBuilder`](SandboxBuilder).
    pub async fn start(self) -> io::Result<Sandbox> {
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(self.state());
        let app = router(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender stops the server just like a sent ().
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Sandbox {
            base_url: format!("http://{addr}"),
            addr,
            state,
            stop: Some(stop),
            task: Some(task),
        })
    }

    fn state(self) -> SandboxState {
        SandboxState::new(self.clock, self.idle_timeout, self.jobs, self.accepted_api_tokens)
    }
}

impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxBuilder")
            .field("addr", &self.addr)
            .field("idle_timeout", &self.idle_timeout)
            .field("jobs", &self.jobs)
            .field(
                "accepted_api_tokens",
                &self.accepted_api_tokens.as_ref().map(HashSet::len),
            )
            .finish_non_exhaustive()
    }
}

/// A running sandbox. It stops when [`Sandbox::shutdown`] is awaited or when
/// it is dropped (then in-flight requests still finish in the background).
///
/// See the examples in [the crate docs](crate).
pub struct Sandbox {
    base_url: String,
    addr: SocketAddr,
    state: Arc<SandboxState>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Sandbox {
    /// Starts a sandbox on `127.0.0.1` and a free port with the defaults:
    /// the job [`defaults::JOB_GUID`], a 30-minute session idle time, the
    /// system clock, any API token accepted once.
    ///
    /// ```
    /// # async fn run() -> std::io::Result<()> {
    /// let sandbox = mx_nexus_sandbox::Sandbox::start().await?;
    /// println!("Nexus sandbox at {}", sandbox.base_url());
    /// sandbox.shutdown().await
    /// # }
    /// ```
    pub async fn start() -> io::Result<Self> {
        Self::builder().start().await
    }

    /// A builder with the defaults of [`Sandbox::start`].
    ///
    /// See the example on [`Sandbox`](Sandbox).
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::new()
    }

    /// `http://<ip>:<port>`, without a trailing slash: what
    /// `mx_nexus::ClientConfig::new` takes.
    ///
    /// See the example on [`Sandbox`](Sandbox).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the sandbox listens on.
    ///
    /// See the example on [`Sandbox`](Sandbox).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many sessions `POST /sessions` has opened.
    ///
    /// See the example on [`Sandbox`](Sandbox).
    pub fn sessions_opened(&self) -> u64 {
        self.state.sessions_opened()
    }

    /// The job as a read would answer it, without moving it a step; `None`
    /// for an unknown guid.
    ///
    /// See the example on [`Sandbox`](Sandbox).
    pub fn job(&self, job_guid: &str) -> Option<JobResponse> {
        self.state.job(job_guid)
    }

    /// Stops accepting connections, lets in-flight requests finish, and
    /// waits for the server to end.
    ///
    /// See the example on [`Sandbox`](Sandbox).
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}
