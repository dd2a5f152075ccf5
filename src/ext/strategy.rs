//! The one decision after each try of a call: retry, renew the session and
//! replay, or stop. A pure function of what happened, so every rule is a row
//! of a table test, without a server (like async-stripe's
//! `RequestStrategy::test` and smithy-rs's `should_attempt_retry`).
//!
//! | what happened | idempotent call (or `retry_non_idempotent`) | other calls (`POST`) |
//! |---|---|---|
//! | not sent: connection refused, DNS, connect timeout | retry | retry |
//! | not sent: TLS handshake or certificate | stop | stop |
//! | sent, no (whole) answer: reset, timeout, body cut off or stalled | retry | stop: MX may have done the work |
//! | an answer that fails the same way every time: head too large or not HTTP | stop | stop |
//! | `429` | retry, after `Retry-After` | stop: it reached MX |
//! | `502`, `503`, `504` | retry, after `Retry-After` | stop: a gateway may have passed it on |
//! | MX code 4011 (session expired), the client can renew, not yet replayed | renew and replay | renew and replay |
//! | anything else (other statuses, redirects) | stop | stop |
//!
//! Retries stop when the policy's tries are used up or the server asks for a
//! longer wait than the policy allows. A replay after renewing the session
//! does not count as a try: MX refused the call without doing it.

use std::time::Duration;

use reqwest::StatusCode;

use super::RetryPolicy;

/// What one try of a call came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Happened {
    /// Nothing reached the server. `permanent` when another try fails the
    /// same way (a TLS or certificate failure).
    NotSent { permanent: bool },
    /// The request went out, or may have, and no whole answer came back: the
    /// server may have done the work. `permanent` when another try gets the
    /// same answer (a head too large, or not HTTP at all).
    OutcomeUnknown { permanent: bool },
    /// Nexus answered with `status`.
    Answered {
        status: StatusCode,
        retry_after: Option<Duration>,
        session_expired: bool,
    },
}

/// What the call does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// Send the same request again after waiting this long.
    RetryAfter(Duration),
    /// Open a new session and send the request again with it.
    RenewAndReplay,
    /// Return what happened to the caller.
    Stop,
}

/// Everything the decision depends on besides what happened.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Situation<'a> {
    pub policy: &'a RetryPolicy,
    /// Whether the method may be repeated (`GET`, `PUT`, `DELETE`, ...).
    pub idempotent: bool,
    /// Tries so far that count against the policy (replays do not).
    pub tries: u32,
    /// Whether the client can open a new session.
    pub can_renew: bool,
    /// Whether this call was already replayed with a new session.
    pub replayed: bool,
    /// A random number in `[0, 1)` for the backoff's jitter.
    pub jitter: f64,
}

/// The next step after `happened`.
pub(crate) fn next_step(happened: Happened, situation: Situation<'_>) -> Next {
    if let Happened::Answered {
        session_expired: true, ..
    } = happened
    {
        return if situation.can_renew && !situation.replayed {
            Next::RenewAndReplay
        } else {
            Next::Stop
        };
    }
    let repeatable = situation.idempotent || situation.policy.repeats_non_idempotent();
    if !may_repeat(happened, repeatable) || !situation.policy.has_budget(situation.tries) {
        return Next::Stop;
    }
    let retry_after = match happened {
        Happened::Answered { retry_after, .. } => retry_after,
        _ => None,
    };
    match situation.policy.delay(situation.tries, retry_after, situation.jitter) {
        Some(delay) => Next::RetryAfter(delay),
        None => Next::Stop,
    }
}

/// Whether sending the call again is safe and may succeed. `repeatable`:
/// the method is idempotent, or the caller said repeating it is harmless.
/// [`crate::Error::is_retryable`] reports the same rule, so what the client
/// does and what it tells the caller agree.
pub(crate) fn may_repeat(happened: Happened, repeatable: bool) -> bool {
    match happened {
        Happened::NotSent { permanent } => !permanent,
        Happened::OutcomeUnknown { permanent } => !permanent && repeatable,
        Happened::Answered {
            status,
            session_expired,
            ..
        } => !session_expired && is_transient_status(status) && repeatable,
    }
}

/// The statuses that say "try again later".
pub(crate) fn is_transient_status(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOT_SENT: Happened = Happened::NotSent { permanent: false };
    const TLS: Happened = Happened::NotSent { permanent: true };
    const LOST: Happened = Happened::OutcomeUnknown { permanent: false };
    const HEAD_TOO_LARGE: Happened = Happened::OutcomeUnknown { permanent: true };

    fn answered(status: u16) -> Happened {
        Happened::Answered {
            status: StatusCode::from_u16(status).unwrap(),
            retry_after: None,
            session_expired: false,
        }
    }

    fn expired(status: u16) -> Happened {
        Happened::Answered {
            status: StatusCode::from_u16(status).unwrap(),
            retry_after: None,
            session_expired: true,
        }
    }

    fn situation(policy: &RetryPolicy, idempotent: bool, tries: u32) -> Situation<'_> {
        Situation {
            policy,
            idempotent,
            tries,
            can_renew: true,
            replayed: false,
            jitter: 0.5,
        }
    }

    /// Each row: what happened, idempotent?, tries so far, expected step
    /// (`R` retry, `P` renew and replay, `S` stop), under the default policy
    /// (3 tries, 200 ms initial backoff).
    #[test]
    fn the_decision_table() {
        let policy = RetryPolicy::default();
        let rows: &[(&str, Happened, bool, u32, char)] = &[
            ("refused GET", NOT_SENT, true, 1, 'R'),
            ("refused POST", NOT_SENT, false, 1, 'R'),
            ("refused GET, budget spent", NOT_SENT, true, 3, 'S'),
            ("TLS GET", TLS, true, 1, 'S'),
            ("TLS POST", TLS, false, 1, 'S'),
            ("lost GET", LOST, true, 1, 'R'),
            ("lost GET, second try", LOST, true, 2, 'R'),
            ("lost POST", LOST, false, 1, 'S'),
            ("head too large GET", HEAD_TOO_LARGE, true, 1, 'S'),
            ("429 GET", answered(429), true, 1, 'R'),
            ("429 POST", answered(429), false, 1, 'S'),
            ("502 GET", answered(502), true, 1, 'R'),
            ("503 GET", answered(503), true, 2, 'R'),
            ("503 GET, budget spent", answered(503), true, 3, 'S'),
            ("504 POST", answered(504), false, 1, 'S'),
            ("500 GET", answered(500), true, 1, 'S'),
            ("404 GET", answered(404), true, 1, 'S'),
            ("302 GET", answered(302), true, 1, 'S'),
            ("200 GET", answered(200), true, 1, 'S'),
            ("4011 GET", expired(401), true, 1, 'P'),
            ("4011 POST", expired(401), false, 1, 'P'),
            ("4011 GET, budget spent", expired(401), true, 3, 'P'),
        ];
        for &(name, happened, idempotent, tries, expected) in rows {
            let step = next_step(happened, situation(&policy, idempotent, tries));
            let got = match step {
                Next::RetryAfter(_) => 'R',
                Next::RenewAndReplay => 'P',
                Next::Stop => 'S',
            };
            assert_eq!(got, expected, "{name}: {step:?}");
            // What the error will report agrees with what the client did.
            if got != 'P' {
                let reported = may_repeat(happened, idempotent) && policy.has_budget(tries);
                assert_eq!(reported, got == 'R', "{name}: may_repeat disagrees");
            }
        }
    }

    #[test]
    fn a_replayed_call_or_a_fixed_session_is_not_replayed_again() {
        let policy = RetryPolicy::default();
        let replayed = Situation {
            replayed: true,
            ..situation(&policy, true, 1)
        };
        assert_eq!(next_step(expired(401), replayed), Next::Stop);
        let fixed = Situation {
            can_renew: false,
            ..situation(&policy, true, 1)
        };
        assert_eq!(next_step(expired(401), fixed), Next::Stop);
    }

    #[test]
    fn opting_in_lets_a_post_be_retried_when_the_outcome_is_unknown() {
        let policy = RetryPolicy::default().retry_non_idempotent(true);
        for happened in [LOST, answered(429), answered(503)] {
            assert!(matches!(
                next_step(happened, situation(&policy, false, 1)),
                Next::RetryAfter(_)
            ));
        }
        assert_eq!(next_step(TLS, situation(&policy, false, 1)), Next::Stop);
        assert_eq!(next_step(HEAD_TOO_LARGE, situation(&policy, false, 1)), Next::Stop);
    }

    #[test]
    fn the_wait_follows_the_backoff_or_retry_after() {
        let policy = RetryPolicy::default();
        // Jitter 1.0 is the whole backoff: 200 ms, then 400 ms.
        let full = |tries| Situation {
            jitter: 1.0,
            ..situation(&policy, true, tries)
        };
        assert_eq!(
            next_step(NOT_SENT, full(1)),
            Next::RetryAfter(Duration::from_millis(200))
        );
        assert_eq!(
            next_step(NOT_SENT, full(2)),
            Next::RetryAfter(Duration::from_millis(400))
        );
        let asked = |seconds| Happened::Answered {
            status: StatusCode::SERVICE_UNAVAILABLE,
            retry_after: Some(Duration::from_secs(seconds)),
            session_expired: false,
        };
        assert_eq!(next_step(asked(7), full(1)), Next::RetryAfter(Duration::from_secs(7)));
        // Longer than `max_retry_after` (30 s): the client stops.
        assert_eq!(next_step(asked(31), full(1)), Next::Stop);
    }

    #[test]
    fn a_policy_of_one_try_never_retries() {
        let policy = RetryPolicy::never().retry_non_idempotent(true);
        for happened in [NOT_SENT, LOST, answered(503)] {
            assert_eq!(next_step(happened, situation(&policy, true, 1)), Next::Stop);
        }
        assert_eq!(
            next_step(expired(401), situation(&policy, true, 1)),
            Next::RenewAndReplay
        );
    }
}
