//! The state every generated call carries to the hooks (progenitor's "inner type").

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderValue;

/// What the hooks need to turn a generated request into a Nexus request.
/// Cheap to clone: the generated `Client` is cloned per builder.
#[derive(Clone)]
pub struct ClientState {
    shared: Arc<Shared>,
}

struct Shared {
    /// The `MD-SESSION-TOKEN` value, marked sensitive.
    session_header: HeaderValue,
}

impl ClientState {
    pub(crate) fn new(session_header: HeaderValue) -> Self {
        Self {
            shared: Arc::new(Shared { session_header }),
        }
    }

    pub(crate) fn session_header(&self) -> &HeaderValue {
        &self.shared.session_header
    }
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("session_token", &"[REDACTED]")
            .finish()
    }
}
