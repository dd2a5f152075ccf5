//! How often a call is tried and how long the client waits between tries;
//! which failures are tried again is decided in `strategy.rs`.

use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How a call is retried after a transient failure.
///
/// A call is tried again when nothing was sent (connection refused, DNS,
/// connect timeout), and, for idempotent calls (`GET`, `PUT`, `DELETE`),
/// also when the answer was lost (connection reset, timeout, a body cut off)
/// or Nexus answered `429 Too Many Requests`, `502 Bad Gateway`,
/// `503 Service Unavailable` or `504 Gateway Timeout`. A `POST` that may
/// have reached MX is not repeated unless
/// [`retry_non_idempotent`](Self::retry_non_idempotent) is set: MX may have
/// done its work even if the answer was lost. Failures that repeat the same
/// way (a TLS or certificate failure, an answer head too large, a redirect)
/// are never retried. [`Error::is_retryable`](crate::Error::is_retryable)
/// reports the same rule to the caller.
///
/// The wait before try *n + 1* is exponential (`initial_backoff` × 2ⁿ⁻¹,
/// at most `max_backoff`) with jitter (a random point in its upper half), or
/// exactly what the server's `Retry-After` header asks for. A `Retry-After`
/// longer than `max_retry_after` ends the retries: the error then carries it
/// ([`Error::retry_after`](crate::Error::retry_after)).
///
/// | setting | default |
/// |---|---|
/// | `max_attempts` (first try included) | 3 |
/// | `initial_backoff` | 200 ms |
/// | `max_backoff` | 5 s |
/// | `max_retry_after` | 30 s |
/// | `retry_non_idempotent` | false |
///
/// ```
/// use std::time::Duration;
/// use mx_nexus::RetryPolicy;
///
/// let patient = RetryPolicy::default().max_attempts(5).max_backoff(Duration::from_secs(10));
/// let once = RetryPolicy::never();
/// # let _ = (patient, once);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that tries every call exactly once.
    ///
    /// See the example on [`RetryPolicy`](RetryPolicy).
    pub fn never() -> Self {
        Self::default().max_attempts(1)
    }

    /// Tries per call, the first included (default 3; at least 1).
    ///
    /// See the example on [`RetryPolicy`](RetryPolicy).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, doubled for each further one (default 200 ms).
    ///
    /// See the example on [`RetryPolicy`](RetryPolicy).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait computed by the backoff (default 5 s).
    ///
    /// See the example on [`RetryPolicy`](RetryPolicy).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one ends the
    /// retries (default 30 s).
    ///
    /// See the example on [`RetryPolicy`](RetryPolicy).
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Also retry calls that are not idempotent (`POST`). Off by default: set
    /// it per call, only where repeating the call is harmless.
    ///
    /// See the example on [`RetryPolicy`](RetryPolicy).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Whether calls that are not idempotent may be repeated when their
    /// outcome is unknown.
    pub(crate) fn repeats_non_idempotent(&self) -> bool {
        self.retry_non_idempotent
    }

    /// Whether this policy ever sends a call twice.
    pub(crate) fn may_resend(&self) -> bool {
        self.max_attempts > 1
    }

    /// Whether a call that has been tried `attempts` times may be tried again.
    pub(crate) fn has_budget(&self, attempts: u32) -> bool {
        attempts < self.max_attempts
    }

    /// The wait before the next try after `attempts` tries, or `None` when
    /// the server asked for a longer wait than this policy allows. `jitter`
    /// is a number in `[0, 1]` (random in a call, fixed in tests).
    pub(crate) fn delay(&self, attempts: u32, retry_after: Option<Duration>, jitter: f64) -> Option<Duration> {
        match retry_after {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempts, jitter)),
        }
    }

    /// Exponential backoff with "equal jitter": a point between half the
    /// computed wait and all of it, so many clients that failed together do
    /// not come back together, yet each still waits a while.
    fn backoff(&self, attempts: u32, jitter: f64) -> Duration {
        let doublings = attempts.saturating_sub(1).min(31);
        let full = self
            .initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff);
        let half = full / 2;
        half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

/// `GET`, `PUT`, `DELETE` (and the read-only methods) can be repeated safely.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// The `Retry-After` header: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
/// Anything else is ignored rather than trusted.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn defaults_are_the_documented_ones() {
        let policy = RetryPolicy::default();
        assert!(policy.has_budget(2) && !policy.has_budget(3));
        assert!(policy.may_resend() && !policy.repeats_non_idempotent());
        assert!(is_idempotent(&Method::GET) && is_idempotent(&Method::PUT) && is_idempotent(&Method::DELETE));
        assert!(!is_idempotent(&Method::POST));
        assert!(
            RetryPolicy::default()
                .retry_non_idempotent(true)
                .repeats_non_idempotent()
        );
        assert!(!RetryPolicy::never().may_resend());
        assert_eq!(RetryPolicy::default().max_attempts(0), RetryPolicy::never());
    }

    #[test]
    fn backoff_doubles_within_jitter_and_stops_at_the_cap() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for _ in 0..200 {
            let jitter = fastrand::f64();
            let first = policy.delay(1, None, jitter).unwrap();
            let second = policy.delay(2, None, jitter).unwrap();
            let tenth = policy.delay(10, None, jitter).unwrap();
            assert!(
                (Duration::from_millis(50)..=Duration::from_millis(100)).contains(&first),
                "{first:?}"
            );
            assert!(
                (Duration::from_millis(100)..=Duration::from_millis(200)).contains(&second),
                "{second:?}"
            );
            assert!(
                (Duration::from_millis(175)..=Duration::from_millis(350)).contains(&tenth),
                "{tenth:?}"
            );
        }
        assert!(policy.delay(u32::MAX, None, 1.0).is_some());
    }

    #[test]
    fn retry_after_is_obeyed_up_to_the_limit() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(10));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(7)), 0.5),
            Some(Duration::from_secs(7))
        );
        assert_eq!(policy.delay(1, Some(Duration::from_secs(11)), 0.5), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // Wed, 21 Oct 2015 07:28:00 GMT
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, now), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("120"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(120)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:28:30 GMT"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:00:00 GMT"));
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        for junk in ["soon", "-1", "1.5", ""] {
            headers.insert(RETRY_AFTER, HeaderValue::from_static(junk));
            assert_eq!(retry_after(&headers, now), None, "{junk}");
        }
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        const NOW: u64 = 1_700_000_000;

        fn at(value: &str) -> Option<Duration> {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_str(value).ok()?);
            retry_after(&headers, SystemTime::UNIX_EPOCH + Duration::from_secs(NOW))
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

            /// Whatever a server sends: no panic, and a wait only for the
            /// two forms RFC 9110 allows.
            #[test]
            fn any_value_is_a_documented_wait_or_none(value in "\\PC{0,40}") {
                if let Some(wait) = at(&value) {
                    let trimmed = value.trim();
                    let seconds = trimmed.parse::<u64>().ok();
                    let date = httpdate::parse_http_date(trimmed).ok();
                    prop_assert!(seconds.is_some() || date.is_some(), "{value:?} gave {wait:?}");
                    if let Some(seconds) = seconds {
                        prop_assert_eq!(wait, Duration::from_secs(seconds));
                    }
                }
            }

            /// delay-seconds: exactly that many seconds, spaces around ignored.
            #[test]
            fn delay_seconds_are_read_exactly(seconds in any::<u64>(), pad in " {0,3}") {
                prop_assert_eq!(at(&format!("{pad}{seconds}{pad}")), Some(Duration::from_secs(seconds)));
            }

            /// An HTTP date: the time until then, or zero once it is past.
            #[test]
            fn http_dates_count_from_now(offset in -100_000i64..100_000) {
                let then = SystemTime::UNIX_EPOCH + Duration::from_secs(NOW.saturating_add_signed(offset));
                let expected = Duration::from_secs(offset.max(0).unsigned_abs());
                prop_assert_eq!(at(&httpdate::fmt_http_date(then)), Some(expected));
            }

            /// Signs, fractions and words are not waits.
            #[test]
            fn other_numbers_are_ignored(n in 1u32..100_000, form in 0..3) {
                let value = match form {
                    0 => format!("-{n}"),
                    1 => format!("{n}.5"),
                    _ => format!("{n} seconds"),
                };
                prop_assert_eq!(at(&value), None);
            }
        }
    }
}
