//! Time as the sandbox sees it: session idle expiry and the timestamps in
//! jobs and credentials all read one [`Clock`], so a test can move time
//! forward instead of sleeping.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the sandbox reads the current time.
///
/// [`SystemClock`] (the default) is the real time; [`ManualClock`] only moves
/// when told to, for tests.
///
/// See the examples in [the crate docs](crate).
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The real time of the machine (the default clock).
///
/// See the examples in [the crate docs](crate).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that stands still until [`ManualClock::advance`] or
/// [`ManualClock::set`] moves it.
///
/// Clones share one time: keep a clone in the test, give the other to
/// [`SandboxBuilder::clock`](crate::SandboxBuilder::clock).
///
/// ```
/// use std::time::Duration;
/// use mx_nexus_sandbox::{Clock, ManualClock};
///
/// let clock = ManualClock::new();
/// let before = clock.now();
/// clock.advance(Duration::from_secs(60));
/// assert_eq!(clock.now().duration_since(before).unwrap(), Duration::from_secs(60));
/// ```
#[derive(Clone)]
pub struct ManualClock {
    now: Arc<Mutex<SystemTime>>,
}

impl ManualClock {
    /// Where [`ManualClock::new`] starts: 2022-06-16T18:42:30Z, the
    /// `created_at` of MX's documented job example.
    pub const DEFAULT_START: Duration = Duration::from_secs(1_655_404_950);

    /// A clock standing at [`ManualClock::DEFAULT_START`] after the Unix epoch.
    ///
    /// See the example on [`ManualClock`](ManualClock).
    pub fn new() -> Self {
        Self::starting_at(UNIX_EPOCH + Self::DEFAULT_START)
    }

    /// A clock standing at `start`.
    ///
    /// See the example on [`ManualClock`](ManualClock).
    pub fn starting_at(start: SystemTime) -> Self {
        Self {
            now: Arc::new(Mutex::new(start)),
        }
    }

    /// Moves the time forward by `by` (for every clone).
    ///
    /// See the example on [`ManualClock`](ManualClock).
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        // A duration too large to add leaves the time where it is rather
        // than panicking.
        if let Some(later) = now.checked_add(by) {
            *now = later;
        }
    }

    /// Sets the time (for every clone); it may go backwards.
    ///
    /// See the example on [`ManualClock`](ManualClock).
    pub fn set(&self, to: SystemTime) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = to;
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManualClock")
            .field("now", &iso8601(self.now()))
            .finish()
    }
}

/// `time` as MX writes timestamps: ISO 8601 in UTC with milliseconds,
/// `2022-06-16T18:42:30.000Z`. Times before 1970 are written as the epoch
/// (the sandbox never makes such times unless a test sets them).
pub(crate) fn iso8601(time: SystemTime) -> String {
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since_epoch.as_secs();
    let (year, month, day) = civil_from_days(secs / 86_400);
    let rem = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since_epoch.subsec_millis()
    )
}

/// Days since 1970-01-01 to a (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`), so no date crate is needed
/// for one format.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_mx() {
        assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(ManualClock::new().now()), "2022-06-16T18:42:30.000Z");
        let leap = UNIX_EPOCH + Duration::from_millis(951_782_400_123); // 2000-02-29
        assert_eq!(iso8601(leap), "2000-02-29T00:00:00.123Z");
        assert_eq!(
            iso8601(UNIX_EPOCH + Duration::from_secs(1_735_689_599)),
            "2024-12-31T23:59:59.000Z"
        );
    }

    #[test]
    fn times_before_the_epoch_do_not_panic() {
        let before = UNIX_EPOCH - Duration::from_secs(10);
        assert_eq!(iso8601(before), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn clones_share_the_time() {
        let clock = ManualClock::new();
        let other = clock.clone();
        clock.advance(Duration::from_millis(1500));
        assert_eq!(iso8601(other.now()), "2022-06-16T18:42:31.500Z");
        other.advance(Duration::MAX);
        assert_eq!(iso8601(clock.now()), "2022-06-16T18:42:31.500Z");
    }
}
