//! [`Timestamp`]: a date-time MX sends, read without ever failing an answer.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date and time from MX, such as a job's `created_at`: every field MX
/// documents as an ISO 8601 date-time.
///
/// MX documents the text (`2022-06-16T18:42:30.000Z`), not a guarantee of its
/// shape, so a `Timestamp` keeps exactly what MX sent
/// ([`as_str`](Self::as_str)) and its meaning when it is an RFC 3339 / ISO
/// 8601 date-time with an offset ([`to_datetime`](Self::to_datetime)). A
/// timestamp in another shape (or a number) is kept as text and never makes
/// the whole answer unreadable; serde writes the text back unchanged.
///
/// The date-time is a [`chrono::DateTime<Utc>`]: chrono is what typify, the
/// generator under progenitor, uses for date-times, so other generated
/// clients in a program already speak it, and it parses RFC 3339 strictly.
///
/// ```
/// use mx_nexus::Timestamp;
///
/// let created = Timestamp::from("2022-06-16T18:42:30.000Z");
/// assert_eq!(created.to_datetime().map(|t| t.timestamp()), Some(1_655_404_950));
///
/// let odd = Timestamp::from("yesterday");
/// assert_eq!(odd.to_datetime(), None);
/// assert_eq!(odd.as_str(), "yesterday");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    parsed: Option<DateTime<Utc>>,
}

impl Timestamp {
    /// The timestamp as MX sent it.
    ///
    /// See the example on [`Timestamp`](Timestamp).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date-time, in UTC; `None` when MX sent another shape.
    ///
    /// See the example on [`Timestamp`](Timestamp).
    pub fn to_datetime(&self) -> Option<DateTime<Utc>> {
        self.parsed
    }
}

impl From<&str> for Timestamp {
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl From<String> for Timestamp {
    fn from(text: String) -> Self {
        let parsed = DateTime::parse_from_rfc3339(text.trim())
            .ok()
            .map(|t| t.with_timezone(&Utc));
        Self { text, parsed }
    }
}

/// Written as MX writes it: RFC 3339 in UTC with milliseconds and `Z`.
impl From<DateTime<Utc>> for Timestamp {
    fn from(time: DateTime<Utc>) -> Self {
        Self {
            text: time.to_rfc3339_opts(SecondsFormat::Millis, true),
            parsed: Some(time),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// Any JSON value: a string is parsed, anything else is kept as its JSON text.
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(text) => Self::from(text),
            other => Self {
                text: other.to_string(),
                parsed: None,
            },
        })
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_8601_is_parsed_and_kept_as_sent() {
        for (text, seconds) in [
            ("2022-06-16T18:42:30.000Z", 1_655_404_950),
            ("2016-10-13T17:57:37+00:00", 1_476_381_457),
            ("2016-10-13T19:57:37+02:00", 1_476_381_457),
        ] {
            let time: Timestamp = serde_json::from_str(&format!("{text:?}")).unwrap();
            assert_eq!(time.to_datetime().map(|t| t.timestamp()), Some(seconds), "{text}");
            assert_eq!(time.as_str(), text);
            assert_eq!(serde_json::to_string(&time).unwrap(), format!("{text:?}"));
        }
    }

    #[test]
    fn other_shapes_are_kept_as_text() {
        for json in [
            r#""yesterday""#,
            r#""2022-06-16""#,
            "1655404950",
            r#"{"at": 1}"#,
            "true",
        ] {
            let time: Timestamp = serde_json::from_str(json).unwrap();
            assert_eq!(time.to_datetime(), None, "{json}");
            assert!(!time.as_str().is_empty(), "{json}");
        }
    }

    #[test]
    fn a_chrono_date_time_is_written_as_mx_writes_them() {
        let time = DateTime::from_timestamp(1_655_404_950, 0).unwrap();
        assert_eq!(Timestamp::from(time).as_str(), "2022-06-16T18:42:30.000Z");
    }
}
