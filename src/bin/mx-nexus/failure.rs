//! Why a run failed, its one-line message and its exit code.

use std::process::ExitCode;

/// Exit code: the command did what was asked.
pub const EXIT_OK: u8 = 0;
/// Exit code: Nexus refused or failed the call (an error status, an answer
/// this client cannot read, no session), or the flow did not finish (MFA
/// answers missing or refused, the wait timed out).
pub const EXIT_API: u8 = 1;
/// Exit code: the command line or its input is wrong (clap's own code for
/// usage errors): unknown flag, missing server or token, unreadable file.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: no answer from Nexus (connection refused or reset, timeout),
/// after the client's retries.
pub const EXIT_NETWORK: u8 = 3;

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// The command line or its input is wrong.
    Usage(String),
    /// A call to Nexus failed.
    Nexus(mx_nexus::Error),
    /// The calls worked but the flow did not end as asked.
    Flow(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Nexus(error) => nexus_exit_code(error),
            Failure::Flow(_) => EXIT_API,
        }
    }

    /// The message, on one line.
    pub fn message(&self) -> String {
        let text = match self {
            Failure::Usage(message) | Failure::Flow(message) => message.clone(),
            Failure::Nexus(error) => error.to_string(),
        };
        one_line(&text)
    }

    /// Prints `error: <message>` on stderr and gives the exit code.
    pub fn report(&self) -> ExitCode {
        eprintln!("error: {}", self.message());
        ExitCode::from(self.exit_code())
    }
}

fn nexus_exit_code(error: &mx_nexus::Error) -> u8 {
    match error {
        // Also when `POST /sessions` (opening the session) got no answer.
        mx_nexus::Error::Transport { .. } => EXIT_NETWORK,
        // Nothing was sent: a parameter is missing or malformed.
        mx_nexus::Error::InvalidRequest { .. } => EXIT_USAGE,
        _ => EXIT_API,
    }
}

impl From<mx_nexus::Error> for Failure {
    fn from(error: mx_nexus::Error) -> Self {
        Failure::Nexus(error)
    }
}

impl From<mx_nexus::ConfigError> for Failure {
    fn from(error: mx_nexus::ConfigError) -> Self {
        match error {
            // The library's advice names its API; here the flag does it.
            mx_nexus::ConfigError::InsecureBaseUrl { host } => Failure::Usage(format!(
                "refusing http://{host}: plain HTTP to a host other than this machine sends the Nexus tokens in \
                 clear text; use https://, or, for a gateway on a private network you trust, pass \
                 --allow-insecure-http"
            )),
            other => Failure::Usage(other.to_string()),
        }
    }
}

/// What the generated commands return: a failed call (`mx_nexus::Error`),
/// else a problem with the input (reading or parsing `--json-body`, the
/// credential value).
impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        match error.downcast::<mx_nexus::Error>() {
            Ok(error) => Failure::Nexus(error),
            Err(error) => match error.downcast::<Failure>() {
                Ok(failure) => failure,
                Err(error) => Failure::Usage(describe(&error)),
            },
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Failure {}

/// An error chain on one line, `context: cause: cause`, where a JSON error
/// does not quote the input: a body or answers file holds secrets, and
/// serde's "invalid type: string \"...\"" would print one.
pub fn describe(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(|cause| match cause.downcast_ref::<serde_json::Error>() {
            Some(json) => describe_json(json),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// A JSON error without the value it found: the field names serde reports
/// (missing, unknown, duplicate) are kept, a value never.
pub fn describe_json(error: &serde_json::Error) -> String {
    use serde_json::error::Category;

    let text = error.to_string();
    let what = match error.classify() {
        Category::Io => "cannot be read",
        Category::Syntax => "is not valid JSON",
        Category::Eof => "ends too early",
        Category::Data
            if ["missing field", "unknown field", "duplicate field"]
                .iter()
                .any(|start| text.starts_with(start)) =>
        {
            return text;
        }
        Category::Data => "has a value of the wrong type (not shown: it may be a secret)",
    };
    format!("{what} at line {} column {}", error.line(), error.column())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_never_quote_a_value() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Body {
            value: String,
        }
        let wrong_type = serde_json::from_str::<Body>(r#"{"value": 123456}"#).unwrap_err();
        let text = describe_json(&wrong_type);
        assert!(!text.contains("123456"), "{text}");
        assert!(text.contains("line 1"), "{text}");

        let missing = serde_json::from_str::<Body>("{}").unwrap_err();
        assert!(describe_json(&missing).starts_with("missing field `value`"));

        let syntax = serde_json::from_str::<Body>(r#"{"value": "hunter2"#).unwrap_err();
        assert!(!describe_json(&syntax).contains("hunter2"));
    }

    #[test]
    fn messages_are_one_line() {
        let failure = Failure::Usage("first\n  second\tthird".into());
        assert_eq!(failure.message(), "first second third");
        assert_eq!(failure.exit_code(), EXIT_USAGE);
    }

    #[test]
    fn anyhow_errors_are_usage_unless_a_call_failed() {
        let io = anyhow::Error::new(std::io::Error::other("gone")).context("failed to read body.json");
        let failure = Failure::from(io);
        assert_eq!(failure.exit_code(), EXIT_USAGE);
        assert_eq!(failure.message(), "failed to read body.json: gone");

        let flow = anyhow::Error::new(Failure::Flow("still challenged".into()));
        assert_eq!(Failure::from(flow).exit_code(), EXIT_API);
    }
}
