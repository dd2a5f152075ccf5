//! A string that never shows itself in `Debug`, `Display` or logs.

use std::fmt;

use secrecy::ExposeSecret;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string: a member's password or MFA answer (the `value` of a
/// member credential), a session token or an API token.
///
/// `Debug` prints `[REDACTED]` and there is no `Display`; the memory is wiped
/// on drop (through the `secrecy` crate). Serde writes and reads the real
/// text, so the value reaches MX unchanged. The only other way to the text is
/// [`SecretString::expose_secret`].
///
/// ```
/// let answer = mx_nexus::SecretString::from("my first car");
/// assert_eq!(format!("{answer:?}"), "[REDACTED]");
/// assert_eq!(answer.expose_secret(), "my first car");
/// ```
#[derive(Clone)]
pub struct SecretString(secrecy::SecretString);

impl SecretString {
    /// Wraps a secret.
    ///
    /// See the example on [`SecretString`](SecretString).
    pub fn new(value: impl Into<String>) -> Self {
        Self(secrecy::SecretString::from(value.into()))
    }

    /// The secret text. Call it only where the text must leave the process.
    ///
    /// See the example on [`SecretString`](SecretString).
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl PartialEq for SecretString {
    fn eq(&self, other: &Self) -> bool {
        self.expose_secret() == other.expose_secret()
    }
}

impl Eq for SecretString {}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose_secret())
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

/// A plain string in the schema: what goes over the wire.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for SecretString {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SecretString".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "writeOnly": true })
    }
}

#[cfg(test)]
mod tests {
    use super::SecretString;

    #[test]
    fn serde_passes_the_real_value_and_debug_hides_it() {
        let secret = SecretString::from("hunter2");
        assert_eq!(serde_json::to_string(&secret).unwrap(), r#""hunter2""#);
        let back: SecretString = serde_json::from_str(r#""hunter2""#).unwrap();
        assert_eq!(back, secret);
        assert_eq!(format!("{back:?}"), "[REDACTED]");
    }
}
