//! Reading what an answer says about itself, whatever it looks like: the MX
//! error code and message when there is JSON holding them (the shape is not
//! documented, so they are searched for), and a short excerpt with every
//! secret taken out.

use reqwest::header::HeaderValue;
use serde_json::Value;

use super::SecretString;

/// Characters of body kept for an error's excerpt.
const EXCERPT_CHARS: usize = 300;
/// Characters of an MX message kept.
const MESSAGE_CHARS: usize = 500;
/// How deep into nested JSON the code and message are looked for.
const SEARCH_DEPTH: usize = 4;
/// What a secret is replaced with.
pub(crate) const REDACTED: &str = "[REDACTED]";

/// Keys whose value is an error code, in the order they are preferred.
const CODE_KEYS: [&str; 4] = ["code", "error_code", "errorCode", "status_code"];
/// Keys whose value is an error message, in the order they are preferred.
const MESSAGE_KEYS: [&str; 5] = ["message", "error_message", "errorMessage", "description", "error"];

/// What could be read from a body.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct BodySummary {
    pub code: Option<String>,
    pub message: Option<String>,
    pub excerpt: String,
}

/// Reads `body` leniently; `secrets` (session token, credential values) and
/// every value under a secret-looking key never reach the result.
pub(crate) fn summarize(body: &[u8], secrets: &[SecretString]) -> BodySummary {
    let scrub = |text: &str| scrub_literals(text, secrets);
    match serde_json::from_slice::<Value>(body) {
        Ok(mut json) => {
            redact_secret_keys(&mut json);
            BodySummary {
                code: find(&json, &CODE_KEYS, SEARCH_DEPTH, &code_text).map(|c| scrub(&c)),
                message: find(&json, &MESSAGE_KEYS, SEARCH_DEPTH, &message_text)
                    .map(|m| truncate(&scrub(&m), MESSAGE_CHARS)),
                excerpt: truncate(&scrub(&json.to_string()), EXCERPT_CHARS),
            }
        }
        Err(_) => BodySummary {
            code: None,
            message: None,
            excerpt: truncate(
                &scrub(&collapse_whitespace(&String::from_utf8_lossy(body))),
                EXCERPT_CHARS,
            ),
        },
    }
}

/// What a call must never echo into an error: its session token and every
/// string its request body holds under a secret key (a credential's `value`).
pub(crate) fn secrets_of(request_body: Option<&[u8]>, session: Option<&HeaderValue>) -> Vec<SecretString> {
    let mut secrets: Vec<SecretString> = session
        .and_then(|token| token.to_str().ok())
        .map(SecretString::from)
        .into_iter()
        .collect();
    if let Some(json) = request_body.and_then(|body| serde_json::from_slice::<Value>(body).ok()) {
        collect_secret_strings(&json, &mut secrets);
    }
    secrets
}

fn collect_secret_strings(value: &Value, into: &mut Vec<SecretString>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match item {
                    Value::String(text) if is_secret_key(key) => into.push(SecretString::from(text.as_str())),
                    _ => collect_secret_strings(item, into),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_secret_strings(item, into)),
        _ => {}
    }
}

/// Whether `code` is MX's "session expired".
pub(crate) fn is_session_expired_code(code: Option<&str>) -> bool {
    code == Some("4011")
}

/// The first value under one of `keys` that `read` accepts: this level first,
/// then each nested object or array, so `{"code": ..}`, `{"error": {"code": ..}}`
/// and `{"errors": [{"code": ..}]}` all work.
fn find(value: &Value, keys: &[&str], depth: usize, read: &dyn Fn(&Value) -> Option<String>) -> Option<String> {
    match value {
        Value::Object(map) => keys.iter().find_map(|key| map.get(*key).and_then(read)).or_else(|| {
            (depth > 0)
                .then(|| map.values().find_map(|v| find(v, keys, depth - 1, read)))
                .flatten()
        }),
        Value::Array(items) if depth > 0 => items.iter().find_map(|v| find(v, keys, depth - 1, read)),
        _ => None,
    }
}

/// MX's codes are numbers (4001, 4011, 4220): `4011` and `"4011"` are the
/// same, and a word under a `code` key (a validator's `"required"`) is not one.
fn code_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) => {
            Some(s.trim().to_owned())
        }
        _ => None,
    }
}

fn message_text(value: &Value) -> Option<String> {
    value
        .as_str()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_owned())
}

/// Keys that hold a secret in any body this client sends or might get back.
fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key == "value" || key == "answer" || ["token", "password", "secret"].iter().any(|s| key.contains(s))
}

fn redact_secret_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if is_secret_key(key) && !item.is_null() {
                    *item = Value::String(REDACTED.to_owned());
                } else {
                    redact_secret_keys(item);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_secret_keys),
        _ => {}
    }
}

/// Replaces each known secret wherever it appears. Very short secrets are
/// skipped: replacing every "a" in a body would hide the body, not a secret.
pub(crate) fn scrub_literals(text: &str, secrets: &[SecretString]) -> String {
    secrets
        .iter()
        .map(SecretString::expose_secret)
        .filter(|secret| secret.len() >= 3)
        .fold(text.to_owned(), |text, secret| text.replace(secret, REDACTED))
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, with `…` when something was cut.
fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> BodySummary {
        summarize(body.as_bytes(), &[])
    }

    #[test]
    fn code_and_message_are_found_in_any_common_shape() {
        for body in [
            r#"{"code": 4011, "message": "Session expired"}"#,
            r#"{"error": {"code": "4011", "message": "Session expired"}}"#,
            r#"{"errors": [{"error_code": 4011, "error_message": "Session expired"}]}"#,
            r#"{"status": "error", "meta": {"error": {"errorCode": " 4011 ", "description": "Session expired"}}}"#,
        ] {
            let summary = read(body);
            assert_eq!(summary.code.as_deref(), Some("4011"), "{body}");
            assert_eq!(summary.message.as_deref(), Some("Session expired"), "{body}");
            assert!(is_session_expired_code(summary.code.as_deref()));
        }
        assert_eq!(read(r#"{"error": "Bad token"}"#).message.as_deref(), Some("Bad token"));
        // A validator's word is not an MX code; a number further down is.
        let validation = read(r#"{"validation": [{"code": "required"}], "error": {"code": 4001}}"#);
        assert_eq!(validation.code.as_deref(), Some("4001"));
        assert_eq!(read(r#"{"validation": [{"code": "required"}]}"#).code, None);
    }

    #[test]
    fn bodies_without_json_keep_an_excerpt_only() {
        let html = "<html>\n  <head><title>502 Bad Gateway</title></head>\n</html>";
        assert_eq!(
            read(html),
            BodySummary {
                code: None,
                message: None,
                excerpt: "<html> <head><title>502 Bad Gateway</title></head> </html>".into()
            }
        );
        assert_eq!(read(""), BodySummary::default());
        assert_eq!(read(r#"{"code": 40"#).code, None);
        assert_eq!(read("[1, 2]").code, None);
        assert_eq!(
            read(r#"{"code": null, "message": 7}"#),
            BodySummary {
                code: None,
                message: None,
                excerpt: r#"{"code":null,"message":7}"#.into()
            }
        );
        let invalid_utf8 = summarize(&[0xff, 0xfe, b'o', b'k'], &[]);
        assert_eq!(invalid_utf8.excerpt, "\u{fffd}\u{fffd}ok");
    }

    #[test]
    fn excerpts_are_short_and_cut_on_character_boundaries() {
        let long = "é".repeat(10_000);
        let summary = read(&long);
        assert_eq!(summary.excerpt.chars().count(), EXCERPT_CHARS + 1);
        assert!(summary.excerpt.ends_with('…'));
    }

    #[test]
    fn secrets_never_reach_code_message_or_excerpt() {
        let secrets = [SecretString::from("tok-123456"), SecretString::from("hunter2")];
        let body = r#"{"error": {"code": 4220, "message": "answer hunter2 rejected for tok-123456"},
                       "member": {"value": "my first car", "session_token": "abc", "api_token": 5}}"#;
        let summary = summarize(body.as_bytes(), &secrets);
        let all = format!("{summary:?}");
        for secret in ["tok-123456", "hunter2", "my first car", "abc\""] {
            assert!(!all.contains(secret), "{secret} in {all}");
        }
        assert_eq!(
            summary.message.as_deref(),
            Some("answer [REDACTED] rejected for [REDACTED]")
        );
        assert!(
            summary.excerpt.contains(r#""value":"[REDACTED]""#),
            "{}",
            summary.excerpt
        );

        let text = summarize(b"bad session tok-123456", &secrets);
        assert_eq!(text.excerpt, "bad session [REDACTED]");
    }
}
