//! Failures without a usable answer: how far the call got (the stage), said
//! in words a person can act on, and whether it may have reached MX.

use std::error::Error as _;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use super::strategy::Happened;

/// How far a call without a usable answer got. Each stage says whether the
/// request may have reached MX ([`Error::delivery`](crate::Error::delivery)).
///
/// ```no_run
/// # async fn run(client: mx_nexus::Client) {
/// use mx_nexus::TransportStage;
///
/// if let Err(e) = client.read_job().job_guid("JOB-1").send().await {
///     match e.transport_stage() {
///         Some(TransportStage::Connect) => eprintln!("Nexus is unreachable: {e}"),
///         Some(TransportStage::Body { bytes_read, .. }) => eprintln!("cut off after {bytes_read} bytes"),
///         _ => eprintln!("{e}"),
///     }
/// }
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportStage {
    /// No connection could be made (refused, unknown host, or none within
    /// the connect timeout). Nothing was sent.
    Connect,
    /// The TLS handshake failed (an untrusted certificate, or a server that
    /// does not speak TLS). Nothing was sent, and another try fails the same way.
    Tls,
    /// The request was sent, or may have been, and no answer came: the
    /// connection closed, or `timeout` passed first (`Some`).
    NoAnswer {
        /// The timeout that passed, when it was a timeout.
        timeout: Option<Duration>,
    },
    /// The answer started (its status arrived) but its body was cut off, or
    /// stalled until `timeout` passed, after `bytes_read` bytes.
    Body {
        /// The status the answer started with.
        status: StatusCode,
        /// Bytes of body read before it broke off.
        bytes_read: u64,
        /// The timeout that passed, when the body stalled.
        timeout: Option<Duration>,
    },
    /// The answer's head was too large for the client, or not HTTP at all.
    /// Another try gets the same.
    Head {
        /// Whether it was too large (else unreadable).
        too_large: bool,
    },
}

impl TransportStage {
    /// What this stage means for repeating the call.
    pub(crate) fn happened(self) -> Happened {
        match self {
            TransportStage::Connect => Happened::NotSent { permanent: false },
            TransportStage::Tls => Happened::NotSent { permanent: true },
            TransportStage::NoAnswer { .. } | TransportStage::Body { .. } => {
                Happened::OutcomeUnknown { permanent: false }
            }
            TransportStage::Head { .. } => Happened::OutcomeUnknown { permanent: true },
        }
    }

    /// The stage of an error from sending a request (before any answer
    /// arrived); `timeout` is the one that was in force.
    pub(crate) fn of_send_error(error: &reqwest::Error, timeout: Option<Duration>) -> Self {
        if let Some(hyper) = find_source::<hyper::Error>(error)
            && hyper.is_parse()
        {
            // `is_parse_too_large` needs hyper's server feature; its text says the same.
            return TransportStage::Head {
                too_large: hyper.to_string().contains("too large"),
            };
        }
        if error.is_connect() {
            if is_tls_failure(error) {
                TransportStage::Tls
            } else {
                TransportStage::Connect
            }
        } else {
            TransportStage::NoAnswer {
                timeout: timeout.filter(|_| error.is_timeout()),
            }
        }
    }

    /// The stage of an error while reading the body of an answer that
    /// started with `status`.
    pub(crate) fn of_body_error(
        error: &reqwest::Error,
        status: StatusCode,
        bytes_read: usize,
        timeout: Option<Duration>,
    ) -> Self {
        TransportStage::Body {
            status,
            bytes_read: bytes_read as u64,
            timeout: timeout.filter(|_| error.is_timeout()),
        }
    }
}

/// What happened, in words a person can act on: "could not connect to
/// Nexus (Connection refused)", ... `cause` gives the innermost error's text.
pub(crate) struct Described<'a> {
    pub stage: TransportStage,
    pub cause: &'a reqwest::Error,
}

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cause = root_cause(self.cause);
        match self.stage {
            TransportStage::Connect => write!(f, "could not connect to Nexus ({cause})"),
            TransportStage::Tls => write!(f, "the TLS handshake with Nexus failed ({cause})"),
            TransportStage::NoAnswer { timeout: Some(timeout) } => write!(
                f,
                "no answer from Nexus within the {} timeout after the request was sent",
                seconds(timeout)
            ),
            TransportStage::NoAnswer { timeout: None } => write!(
                f,
                "the connection closed after the request was sent, before any answer ({cause})"
            ),
            TransportStage::Body {
                status,
                bytes_read,
                timeout: Some(timeout),
            } => write!(
                f,
                "the answer (HTTP {status}) started but stalled after {bytes_read} bytes of body until the {} \
                 timeout",
                seconds(timeout)
            ),
            TransportStage::Body { status, bytes_read, .. } => write!(
                f,
                "the answer (HTTP {status}) started but was cut off after {bytes_read} bytes of body ({cause})"
            ),
            TransportStage::Head { too_large: true } => {
                f.write_str("the answer's head (status line and headers) was larger than the client accepts")
            }
            TransportStage::Head { too_large: false } => write!(f, "the answer was not HTTP ({cause})"),
        }
    }
}

impl TransportStage {
    /// What follows for the caller, after [`Described`].
    pub(crate) fn advice(self) -> &'static str {
        match self {
            TransportStage::Connect => "; nothing was sent: check the base URL and the network",
            TransportStage::Tls => {
                "; nothing was sent, and trying again fails the same way: check the base URL and the server's \
                 certificate"
            }
            TransportStage::Head { too_large: true } => {
                "; trying again gets the same: a proxy or server in front of Nexus is misbehaving"
            }
            TransportStage::Head { too_large: false } => "; trying again gets the same: check the base URL",
            TransportStage::NoAnswer { .. } | TransportStage::Body { .. } => "",
        }
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// The innermost error's text ("Connection refused (os error 111)"): what
/// a person acts on, without reqwest's "error sending request for url (...)".
fn root_cause(error: &reqwest::Error) -> String {
    causes(error)
        .last()
        .map_or_else(|| error.to_string(), ToString::to_string)
}

/// Every error under `error`: its sources, and the errors an `io::Error`
/// wraps (whose `source()` skips the wrapped error itself).
fn causes(error: &reqwest::Error) -> Vec<&(dyn std::error::Error + 'static)> {
    let mut found = Vec::new();
    let mut next = error.source();
    while let Some(current) = next {
        found.push(current);
        next = match current
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        };
    }
    found
}

fn find_source<T: std::error::Error + 'static>(error: &reqwest::Error) -> Option<&T> {
    causes(error).into_iter().find_map(|cause| cause.downcast_ref::<T>())
}

/// A connect error from the TLS layer: rustls (through tokio-rustls) and
/// native-tls report handshake and certificate failures as I/O errors of
/// kind `InvalidData` or with a TLS or certificate message; a refused
/// connection, DNS or a connect timeout are other kinds.
fn is_tls_failure(error: &reqwest::Error) -> bool {
    causes(error).into_iter().any(|cause| {
        let invalid_data = cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::InvalidData);
        let text = cause.to_string().to_ascii_lowercase();
        invalid_data
            || ["certificate", "tls", "ssl", "handshake"]
                .iter()
                .any(|w| text.contains(w))
    })
}
