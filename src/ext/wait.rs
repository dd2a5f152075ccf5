//! `Client::wait_for_job`: read a job until it stops running.

use std::time::Duration;

use tokio::time::Instant;

use super::{Error, JobStatus};
use crate::generated::{Client, types};

/// How [`Client::wait_for_job`] polls: the first wait between reads, how it
/// grows, and when to give up.
///
/// | setting | default |
/// |---|---|
/// | `interval` (first wait) | 1 s |
/// | `backoff` (growth per read) | × 1.5 |
/// | `max_interval` | 10 s |
/// | `deadline` (whole wait) | 5 min |
///
/// ```
/// use std::time::Duration;
///
/// let patient = mx_nexus::WaitOptions::default()
///     .interval(Duration::from_secs(2))
///     .max_interval(Duration::from_secs(30))
///     .deadline(Duration::from_secs(15 * 60));
/// # let _ = patient;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WaitOptions {
    interval: Duration,
    backoff: f64,
    max_interval: Duration,
    deadline: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(1),
            backoff: 1.5,
            max_interval: Duration::from_secs(10),
            deadline: Duration::from_secs(300),
        }
    }
}

impl WaitOptions {
    /// The wait before the second read (default 1 s).
    ///
    /// See the example on [`WaitOptions`](WaitOptions).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// How much each wait grows over the one before (default 1.5; values
    /// below 1 are taken as 1).
    ///
    /// See the example on [`WaitOptions`](WaitOptions).
    pub fn backoff(mut self, factor: f64) -> Self {
        self.backoff = if factor.is_finite() { factor.max(1.0) } else { 1.0 };
        self
    }

    /// The longest wait between two reads (default 10 s).
    ///
    /// See the example on [`WaitOptions`](WaitOptions).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// How long to wait in all before giving up (default 5 minutes).
    ///
    /// See the example on [`WaitOptions`](WaitOptions).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    fn next_interval(&self, current: Duration) -> Duration {
        current.mul_f64(self.backoff).min(self.max_interval)
    }
}

/// Whether MX is still working on a job: the two documented running states.
/// Every other state, including ones this crate does not know, ends a wait,
/// so a failure state MX adds is reported, not polled until the deadline.
fn is_running(job: &types::JobResponse) -> bool {
    matches!(job.job_status(), JobStatus::Initiated | JobStatus::Requested) && job.finished_at.is_none()
}

impl Client {
    /// Reads the job until it is no longer running (`INITIATED` or
    /// `REQUESTED`): `COMPLETED`, `CHALLENGED` (it needs MFA answers, see
    /// [`Client::answer_mfa`]), or any other state, which comes back as data
    /// ([`JobStatus::Other`]) rather than an error. The waits between reads
    /// grow as `options` say; past the deadline the result is
    /// [`Error::WaitTimedOut`] with the last status seen. Drop the future to
    /// cancel. Each read is retried as the client's retry policy allows.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use mx_nexus::{JobStatus, WaitOptions};
    ///
    /// // A local Nexus; its job JOB-1 asks two MFA questions.
    /// let sandbox = mx_nexus_sandbox::Sandbox::start().await?;
    /// let client = mx_nexus::ClientConfig::new(sandbox.base_url())
    ///     .api_token_source(|| async { Ok::<_, mx_nexus::BoxError>("one-time-api-token") })
    ///     .build()?;
    ///
    /// let options = WaitOptions::default().interval(Duration::from_millis(20)).deadline(Duration::from_secs(10));
    /// let job = client.wait_for_job("JOB-1", &options).await?;
    /// assert_eq!(job.job_status(), JobStatus::Challenged);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn wait_for_job(&self, job_guid: &str, options: &WaitOptions) -> Result<types::JobResponse, Error> {
        let started = Instant::now();
        let deadline = started + options.deadline;
        let mut interval = options.interval;
        loop {
            let job = self.read_job().job_guid(job_guid).send().await?.into_inner().job;
            let Some(job) = job else {
                return Err(Error::incomplete_answer("read_job", "the answer has no `job`"));
            };
            if !is_running(&job) {
                return Ok(job);
            }
            tracing::debug!(job_guid, status = %job.job_status(), "the job is still running");
            let now = Instant::now();
            if now >= deadline {
                return Err(Error::WaitTimedOut {
                    job_guid: job_guid.to_owned(),
                    waited: now - started,
                    last_status: Some(job.job_status()),
                });
            }
            tokio::time::sleep(interval.min(deadline - now)).await;
            interval = options.next_interval(interval);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_to_the_cap() {
        let options = WaitOptions::default();
        let mut interval = Duration::from_secs(1);
        let mut seen = vec![];
        for _ in 0..8 {
            seen.push(interval.as_millis());
            interval = options.next_interval(interval);
        }
        assert_eq!(seen, [1000, 1500, 2250, 3375, 5062, 7593, 10000, 10000]);
        assert_eq!(
            options.clone().backoff(0.5).next_interval(Duration::from_secs(2)),
            Duration::from_secs(2)
        );
        assert_eq!(
            options.backoff(f64::NAN).next_interval(Duration::from_secs(2)),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn only_the_documented_running_states_keep_a_wait_going() {
        let job = |status: i64, finished: bool| types::JobResponse {
            status: Some(status),
            finished_at: finished.then(|| "2026-01-01T00:00:00Z".into()),
            ..Default::default()
        };
        assert!(is_running(&job(0, false)) && is_running(&job(1, false)));
        assert!(!is_running(&job(1, true)));
        for status in [2, 3, 4, 5, 6, 7, 99] {
            assert!(!is_running(&job(status, false)), "{status}");
        }
    }
}
