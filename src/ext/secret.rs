//! A string that never shows itself in `Debug`, `Display` or logs.

use std::fmt;

/// A session token, API token or credential value. Its `Debug` prints
/// `[REDACTED]`; the only way to the text is [`Secret::expose`], which the
/// code that puts it on the wire calls.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}
