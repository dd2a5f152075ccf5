//! Reading what an answer says about itself, whatever it looks like: the MX
//! error code and message when there is JSON holding them (the shape is not
//! documented, so they are searched for), and a short excerpt with every
//! secret taken out.

use std::ops::Range;

use reqwest::header::HeaderValue;
use serde_json::Value;

use super::SecretString;

/// Characters of body kept for an error's excerpt (then a `…` if cut).
const EXCERPT_CHARS: usize = 300;
/// Characters of an MX message kept (then a `…` if cut).
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
/// every value under a secret-looking key never reach the result, in any
/// form (see [`scrub_literals`]).
pub(crate) fn summarize(body: &[u8], secrets: &[SecretString]) -> BodySummary {
    let scrub = |text: &str| scrub_literals(text, secrets);
    match serde_json::from_slice::<Value>(body) {
        Ok(mut json) => {
            // Each string and key first, as the server wrote it (a string
            // can hold escaped JSON); then the written excerpt, where a
            // number, or a secret spanning two values, can still show.
            redact(&mut json, &scrub);
            BodySummary {
                code: find(&json, &CODE_KEYS, SEARCH_DEPTH, &code_text).map(|c| scrub(&c)),
                message: find(&json, &MESSAGE_KEYS, SEARCH_DEPTH, &message_text).map(|m| truncate(&m, MESSAGE_CHARS)),
                excerpt: truncate(&scrub(&json.to_string()), EXCERPT_CHARS),
            }
        }
        // Scrubbed before collapsing whitespace (a secret holding a newline
        // is found as sent) and after (collapsing can turn other text into
        // a secret holding a space).
        Err(_) => BodySummary {
            code: None,
            message: None,
            excerpt: truncate(
                &scrub(&collapse_whitespace(&scrub(&String::from_utf8_lossy(body)))),
                EXCERPT_CHARS,
            ),
        },
    }
}

/// What a call must never echo into an error: its session token and every
/// string its request body holds under a secret key, at any depth (a
/// credential's `value`, or the strings of `{"password": {"new": …}}`).
pub(crate) fn secrets_of(request_body: Option<&[u8]>, session: Option<&HeaderValue>) -> Vec<SecretString> {
    // The bytes as text, not `to_str`: a token with bytes past ASCII is
    // still a token a body can echo.
    let mut secrets: Vec<SecretString> = session
        .map(|token| SecretString::from(String::from_utf8_lossy(token.as_bytes()).into_owned()))
        .into_iter()
        .collect();
    if let Some(json) = request_body.and_then(|body| serde_json::from_slice::<Value>(body).ok()) {
        collect_secret_strings(&json, false, &mut secrets);
    }
    secrets
}

fn collect_secret_strings(value: &Value, under_secret_key: bool, into: &mut Vec<SecretString>) {
    match value {
        Value::String(text) if under_secret_key => into.push(SecretString::from(text.as_str())),
        Value::Object(map) => {
            for (key, item) in map {
                collect_secret_strings(item, under_secret_key || is_secret_key(key), into);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_secret_strings(item, under_secret_key, into)),
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

/// Replaces whatever is under a secret key, and scrubs every other string
/// and every key.
fn redact(value: &mut Value, scrub: &dyn Fn(&str) -> String) {
    match value {
        Value::String(text) => *text = scrub(text),
        Value::Object(map) => {
            *map = std::mem::take(map)
                .into_iter()
                .map(|(key, mut item)| {
                    if is_secret_key(&key) && !item.is_null() {
                        item = Value::String(REDACTED.to_owned());
                    } else {
                        redact(&mut item, scrub);
                    }
                    (scrub(&key), item)
                })
                .collect();
        }
        Value::Array(items) => items.iter_mut().for_each(|item| redact(item, scrub)),
        _ => {}
    }
}

/// Replaces each known secret wherever it appears, written as itself or
/// with JSON escapes (see [`encoded_len`]). Every non-empty secret counts,
/// however short: a one-letter answer hides that letter everywhere (in an
/// MX code too), which costs readability but never the secret. Overlapping or
/// touching finds become one [`REDACTED`], so the text left between two
/// markers holds no secret whole.
pub(crate) fn scrub_literals(text: &str, secrets: &[SecretString]) -> String {
    let mut hidden: Vec<Range<usize>> = Vec::new();
    for (start, _) in text.char_indices() {
        let Some(len) = secrets
            .iter()
            .filter_map(|secret| encoded_len(&text[start..], secret.expose_secret()))
            .max()
        else {
            continue;
        };
        match hidden.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(start + len),
            _ => hidden.push(start..start + len),
        }
    }
    let mut scrubbed = String::with_capacity(text.len());
    let mut kept = 0;
    for range in hidden {
        scrubbed.push_str(&text[kept..range.start]);
        scrubbed.push_str(REDACTED);
        kept = range.end;
    }
    scrubbed.push_str(&text[kept..]);
    scrubbed
}

/// How much of the start of `text` reads as `secret`, each character
/// written as itself or as any JSON escape of it (`\"`, `\n`, `\/`,
/// `\u00e9`, a surrogate pair): servers differ in what they escape, and a
/// reader decodes them all. The longest reading wins.
fn encoded_len(text: &str, secret: &str) -> Option<usize> {
    // `None` for the empty secret too: it is nowhere to hide.
    let first = secret.chars().next()?;
    if !text.starts_with(first) && !text.starts_with('\\') {
        return None;
    }
    // Where each reading so far ends: a `\` in the secret can be written as
    // itself or as `\\`, so there can be several.
    let mut ends = vec![0];
    for wanted in secret.chars() {
        let mut next = Vec::with_capacity(ends.len());
        for &at in &ends {
            let rest = &text[at..];
            if rest.starts_with(wanted) {
                next.push(at + wanted.len_utf8());
            }
            if let Some((_, len)) = unescape(rest).filter(|&(decoded, _)| decoded == wanted) {
                next.push(at + len);
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return None;
        }
        ends = next;
    }
    ends.last().copied()
}

/// The character a JSON escape at the start of `text` stands for, and the
/// escape's length.
fn unescape(text: &str) -> Option<(char, usize)> {
    let decoded = match text.strip_prefix('\\')?.as_bytes().first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let first = utf16_unit(text)?;
            if let Some(Ok(decoded)) = char::decode_utf16([first]).next() {
                return Some((decoded, 6));
            }
            // A character past U+FFFF is two escapes: a surrogate pair.
            let second = utf16_unit(&text[6..])?;
            let decoded = char::decode_utf16([first, second]).next()?.ok()?;
            return Some((decoded, 12));
        }
        _ => return None,
    };
    Some((decoded, 2))
}

/// The UTF-16 unit of a `\uXXXX` escape at the start of `text`.
fn utf16_unit(text: &str) -> Option<u16> {
    let digits = text.strip_prefix("\\u")?.get(..4)?;
    // `from_str_radix` alone would also take a sign.
    digits
        .bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then(|| u16::from_str_radix(digits, 16).ok())
        .flatten()
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, with `…` when something was cut. The cut
/// never splits a [`REDACTED`]: the half kept would read as the server's
/// text, and could be a (short) secret itself.
fn truncate(text: &str, max: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(max) else {
        return text.to_owned();
    };
    let near = cut.saturating_sub(REDACTED.len() - 1);
    let marker = text.as_bytes()[near..]
        .windows(REDACTED.len())
        .position(|window| window == REDACTED.as_bytes())
        .map(|offset| near + offset)
        .filter(|&start| start < cut);
    // A marker is ASCII, so its start is a character boundary.
    format!("{}…", &text[..marker.unwrap_or(cut)])
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

    // The next three are cases the properties below found.

    #[test]
    fn secrets_are_found_however_json_escapes_them() {
        let secrets = [
            SecretString::from("pa\"ss\n"),
            SecretString::from("é😀"),
            SecretString::from("42"),
        ];
        let body = r#"{"error": "bad pa\"ss\n", "hint": "\u00e9\ud83d\ude00", "message": "PIN 42 refused"}"#;
        let summary = summarize(body.as_bytes(), &secrets);
        assert_eq!(
            summary.excerpt,
            r#"{"error":"bad [REDACTED]","hint":"[REDACTED]","message":"PIN [REDACTED] refused"}"#
        );
        // Cut short by a bounded read, the body is text with the escapes as sent.
        let cut = summarize(&body.as_bytes()[..body.len() - 2], &secrets);
        assert_eq!(
            cut.excerpt,
            r#"{"error": "bad [REDACTED]", "hint": "[REDACTED]", "message": "PIN [REDACTED] refused"#
        );
    }

    #[test]
    fn a_cut_never_splits_a_marker() {
        let body = format!("{}hunter2 and more", "x".repeat(EXCERPT_CHARS - 5));
        let summary = summarize(body.as_bytes(), &[SecretString::from("hunter2")]);
        assert_eq!(summary.excerpt, format!("{}…", "x".repeat(EXCERPT_CHARS - 5)));
    }

    #[test]
    fn secrets_of_takes_each_string_under_a_secret_key_and_any_token() {
        let body = br#"{"member": {"guid": "MBR-1", "value": ["a", {"b": "c"}, 7]}}"#;
        let token = HeaderValue::from_bytes("tök".as_bytes()).unwrap();
        let secrets = secrets_of(Some(body), Some(&token));
        let found: Vec<&str> = secrets.iter().map(SecretString::expose_secret).collect();
        assert_eq!(found, ["tök", "a", "c"]);
    }

    /// Properties over bodies and requests of any size and shape. Bounded
    /// for CI: together they run in about a second in a debug build.
    mod properties {
        use std::collections::HashSet;

        use proptest::collection::vec;
        use proptest::prelude::*;
        use proptest::sample::{Index, select};
        use serde_json::json;

        use super::*;

        /// How many secrets a case plants at most; secret `i` is planted
        /// as the placeholder `char::from_u32(PLACEHOLDER + i)` first.
        const SECRETS: u32 = 4;
        /// Private-use characters, which `\PC` (the filler text) never makes.
        const PLACEHOLDER: u32 = 0xE000;
        /// Keys the summariser treats as secret ones, in several spellings.
        const SECRET_KEYS: [&str; 6] = [
            "value",
            "Answer",
            "password",
            "session_token",
            "API_TOKEN",
            "client_secret",
        ];
        /// Keys that hold no secret, the code and message keys among them.
        const ORDINARY_KEYS: [&str; 8] = [
            "code", "message", "error", "errors", "member", "guid", "metadata", "label",
        ];
        /// Text every summary of an MX error holds anyway: pieces of it
        /// make secrets that are substrings of other text.
        const COMMON_TEXT: &str = r#"{"error":{"code":4011,"message":"[REDACTED]"}} <html>…"#;

        /// No regression files: a failure prints its minimal input, and
        /// a test for it belongs in this file.
        fn config() -> ProptestConfig {
            ProptestConfig {
                cases: 256,
                failure_persistence: None,
                ..ProptestConfig::default()
            }
        }

        /// A non-empty secret: anything (control characters included),
        /// characters JSON writes escaped or past U+FFFF, or a piece of
        /// [`COMMON_TEXT`] (one character long, often).
        fn secret() -> impl Strategy<Value = String> {
            let tricky = ['"', '\\', '\n', '\t', '\u{0}', '\u{1f}', '/', ' ', 'é', '😀', 'a', '4'];
            prop_oneof![
                vec(any::<char>(), 1..12).prop_map(String::from_iter),
                vec(select(tricky.to_vec()), 1..6).prop_map(String::from_iter),
                (any::<Index>(), 1..6usize).prop_map(|(start, len)| {
                    let chars: Vec<char> = COMMON_TEXT.chars().collect();
                    chars.iter().skip(start.index(chars.len())).take(len).collect()
                }),
            ]
        }

        /// Filler text with placeholders for secrets: a secret alone,
        /// inside other text, several times, or not at all.
        fn text() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                2 => "\\PC{0,8}",
                1 => (0..SECRETS).prop_map(|i| char::from_u32(PLACEHOLDER + i).unwrap().to_string()),
            ];
            vec(piece, 0..4).prop_map(|pieces| pieces.concat())
        }

        fn key() -> impl Strategy<Value = String> {
            prop_oneof![
                select(SECRET_KEYS.to_vec()).prop_map(str::to_owned),
                select(ORDINARY_KEYS.to_vec()).prop_map(str::to_owned),
                text(),
            ]
        }

        /// JSON with placeholders in its strings and keys, sometimes in
        /// the shape MX's errors have (so a code and a message are found).
        fn json_with_placeholders() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<f64>().prop_map(Value::from),
                text().prop_map(Value::String),
            ];
            let tree = leaf.prop_recursive(4, 32, 5, |inner| {
                prop_oneof![
                    vec(inner.clone(), 0..5).prop_map(Value::Array),
                    vec((key(), inner), 0..5).prop_map(|entries| Value::Object(entries.into_iter().collect())),
                ]
            });
            prop_oneof![
                tree.clone(),
                (text(), tree)
                    .prop_map(|(message, rest)| json!({"error": {"code": 4011, "message": message}, "meta": rest})),
            ]
        }

        /// `text` with each placeholder replaced by its secret, written by `form`.
        fn fill(text: &str, secrets: &[String], form: fn(&str) -> String) -> String {
            text.chars()
                .map(|c| match (c as u32).checked_sub(PLACEHOLDER).filter(|&i| i < SECRETS) {
                    Some(i) => form(&secrets[i as usize % secrets.len()]),
                    None => c.to_string(),
                })
                .collect()
        }

        fn fill_json(value: &mut Value, secrets: &[String]) {
            match value {
                Value::String(text) => *text = fill(text, secrets, str::to_owned),
                Value::Array(items) => items.iter_mut().for_each(|item| fill_json(item, secrets)),
                Value::Object(map) => {
                    *map = std::mem::take(map)
                        .into_iter()
                        .map(|(key, mut item)| {
                            fill_json(&mut item, secrets);
                            (fill(&key, secrets, str::to_owned), item)
                        })
                        .collect();
                }
                _ => {}
            }
        }

        /// `text` JSON-escaped the way serde_json writes a string.
        fn json_escaped(text: &str) -> String {
            let quoted = serde_json::to_string(text).unwrap();
            quoted[1..quoted.len() - 1].to_owned()
        }

        /// `text` with every character past ASCII written `\uXXXX`, as many
        /// servers write JSON (JSON stays JSON).
        fn ascii_escaped(text: &str) -> String {
            text.chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        c.encode_utf16(&mut [0; 2])
                            .iter()
                            .map(|unit| format!("\\u{unit:04x}"))
                            .collect()
                    }
                })
                .collect()
        }

        /// The ways a reader could recover `secret` from text.
        fn readable_forms(secret: &str) -> [String; 3] {
            [
                secret.to_owned(),
                json_escaped(secret),
                ascii_escaped(&json_escaped(secret)),
            ]
        }

        /// Error bodies holding the secrets: JSON (as serde_json writes
        /// it, with `\uXXXX` escapes, or cut short as a bounded read cuts
        /// it), or text and HTML holding them as they are or JSON-escaped.
        fn body_with(secrets: &[String]) -> impl Strategy<Value = Vec<u8>> + use<> {
            let secrets = secrets.to_vec();
            let json_secrets = secrets.clone();
            prop_oneof![
                (
                    json_with_placeholders(),
                    any::<bool>(),
                    proptest::option::of(any::<Index>())
                )
                    .prop_map(move |(mut json, ascii, cut)| {
                        fill_json(&mut json, &json_secrets);
                        let mut text = json.to_string();
                        if ascii {
                            text = ascii_escaped(&text);
                        }
                        let mut bytes = text.into_bytes();
                        if let Some(cut) = cut {
                            bytes.truncate(cut.index(bytes.len() + 1));
                        }
                        bytes
                    }),
                (text(), 0..3usize, any::<bool>()).prop_map(move |(text, form, html)| {
                    let forms: [fn(&str) -> String; 3] =
                        [str::to_owned, json_escaped, |s| ascii_escaped(&json_escaped(s))];
                    let text = fill(&text, &secrets, forms[form]);
                    if html {
                        format!("<html>\n<body><h1>Error</h1>\n<p>{text}</p></body>\n</html>").into_bytes()
                    } else {
                        text.into_bytes()
                    }
                }),
            ]
        }

        fn secrets_and_body() -> impl Strategy<Value = (Vec<String>, Vec<u8>)> {
            vec(secret(), 1..=SECRETS as usize).prop_flat_map(|secrets| {
                let body = body_with(&secrets);
                (Just(secrets), body)
            })
        }

        /// Bytes of every kind: random, JSON nested past any parser's
        /// limit (closed or not), long text, and JSON.
        fn any_body() -> impl Strategy<Value = Vec<u8>> {
            prop_oneof![
                vec(any::<u8>(), 0..1024),
                (
                    1..400usize,
                    select(vec!["[", "{\"a\":", "[{\"code\":1,\"error\":"]),
                    any::<bool>()
                )
                    .prop_map(|(depth, open, closed)| {
                        let close = if open.starts_with('[') { "]" } else { "}" };
                        let mut text = open.repeat(depth);
                        if closed {
                            text.push_str(&close.repeat(depth));
                        }
                        text.into_bytes()
                    }),
                ("\\PC{1,20}", 1..400usize).prop_map(|(text, times)| text.repeat(times).into_bytes()),
                json_with_placeholders().prop_map(|json| json.to_string().into_bytes()),
            ]
        }

        /// A request body: ordinary values under ordinary keys, and under
        /// secret keys (at any depth, in any shape) strings that are all
        /// secrets, each returned with the strings planted.
        fn request_body() -> impl Strategy<Value = (Value, HashSet<String>)> {
            let ordinary_leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                "\\PC{0,8}".prop_map(Value::String),
            ];
            let ordinary = ordinary_leaf.prop_recursive(3, 16, 4, |inner| {
                prop_oneof![
                    vec(inner.clone(), 0..4).prop_map(Value::Array),
                    vec((select(ORDINARY_KEYS.to_vec()).prop_map(str::to_owned), inner), 0..4)
                        .prop_map(|entries| Value::Object(entries.into_iter().collect())),
                ]
            });
            let secret_leaf = prop_oneof![
                4 => any::<String>().prop_map(Value::String),
                1 => any::<i64>().prop_map(Value::from),
                1 => Just(Value::Null),
            ];
            let under_secret_key = secret_leaf.prop_recursive(3, 16, 4, |inner| {
                prop_oneof![
                    vec(inner.clone(), 0..4).prop_map(Value::Array),
                    vec(("\\PC{0,8}", inner), 0..4).prop_map(|entries| Value::Object(entries.into_iter().collect())),
                ]
            });
            let plants = vec((select(SECRET_KEYS.to_vec()), under_secret_key, any::<Index>()), 0..4);
            (ordinary, plants).prop_map(|(ordinary, plants)| {
                let mut body = json!({ "member": ordinary });
                let mut planted = HashSet::new();
                for (key, item, at) in plants {
                    let target = at.index(count_objects(&body));
                    let mut strings = Vec::new();
                    all_strings(&item, &mut strings);
                    if insert_into_object(&mut body, &mut { target }, key, item) {
                        planted.extend(strings);
                    }
                }
                (body, planted)
            })
        }

        fn count_objects(value: &Value) -> usize {
            match value {
                Value::Object(map) => 1 + map.values().map(count_objects).sum::<usize>(),
                Value::Array(items) => items.iter().map(count_objects).sum(),
                _ => 0,
            }
        }

        /// Inserts `key: item` into the `nth` object (depth first) unless
        /// it has `key` already; whether it did.
        fn insert_into_object(value: &mut Value, nth: &mut usize, key: &str, item: Value) -> bool {
            match value {
                Value::Object(map) if *nth == 0 => {
                    if map.contains_key(key) {
                        return false;
                    }
                    map.insert(key.to_owned(), item);
                    true
                }
                Value::Object(map) => {
                    *nth -= 1;
                    map.values_mut()
                        .any(|child| insert_into_object(child, nth, key, item.clone()))
                }
                Value::Array(items) => items
                    .iter_mut()
                    .any(|child| insert_into_object(child, nth, key, item.clone())),
                _ => false,
            }
        }

        fn all_strings(value: &Value, into: &mut Vec<String>) {
            match value {
                Value::String(text) => into.push(text.clone()),
                Value::Array(items) => items.iter().for_each(|item| all_strings(item, into)),
                Value::Object(map) => map.values().for_each(|item| all_strings(item, into)),
                _ => {}
            }
        }

        /// A session header value: any bytes a header may hold, past ASCII included.
        fn session_header() -> impl Strategy<Value = HeaderValue> {
            let byte = prop_oneof![Just(b'\t'), 0x20..0x7fu8, 0x80..=0xffu8];
            vec(byte, 0..24).prop_map(|bytes| HeaderValue::from_bytes(&bytes).unwrap())
        }

        /// Whether `text` is at most `max` characters, or `max` and the
        /// `…` of a cut.
        fn within(text: &str, max: usize) -> bool {
            let count = text.chars().count();
            count <= max || (count == max + 1 && text.ends_with('…'))
        }

        fn non_whitespace(text: &str) -> String {
            text.chars().filter(|c| !c.is_whitespace()).collect()
        }

        /// Fails when `text` shows `secret` other than as part of a marker.
        /// A `…` at the end is the summariser's mark of a cut, not the server's.
        fn assert_hidden(field: &str, text: &str, secrets: &[String]) -> Result<(), TestCaseError> {
            let shown = text.strip_suffix('…').unwrap_or(text);
            for piece in shown.split(REDACTED) {
                for secret in secrets {
                    for form in readable_forms(secret) {
                        prop_assert!(!piece.contains(&form), "{field} shows {secret:?} as {form:?}: {text:?}");
                    }
                }
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(config())]

            /// Any bytes, with any secrets: no panic, the excerpt and the
            /// message within their limits, a code only the text of a
            /// number (and markers), and a non-JSON body's excerpt is its
            /// start.
            #[test]
            fn any_body_is_summarized_within_the_limits(body in any_body(), secrets in vec(secret(), 0..3)) {
                let summary = summarize(&body, &secrets.iter().map(|s| SecretString::from(s.as_str())).collect::<Vec<_>>());
                prop_assert!(within(&summary.excerpt, EXCERPT_CHARS), "{}", summary.excerpt.chars().count());
                if let Some(message) = &summary.message {
                    prop_assert!(within(message, MESSAGE_CHARS), "{}", message.chars().count());
                }
                if let Some(code) = &summary.code {
                    let number_text = |part: &str| part.chars().all(|c| c.is_ascii_digit() || "-+.eE".contains(c));
                    prop_assert!(!code.is_empty() && code.split(REDACTED).all(number_text), "{code:?}");
                }
                if secrets.is_empty() && serde_json::from_slice::<Value>(&body).is_err() {
                    prop_assert_eq!((&summary.code, &summary.message), (&None, &None));
                    let kept = non_whitespace(summary.excerpt.strip_suffix('…').unwrap_or(&summary.excerpt));
                    prop_assert!(non_whitespace(&String::from_utf8_lossy(&body)).starts_with(&kept));
                }
            }

            /// Secrets planted anywhere (values under secret keys or other
            /// keys, keys, messages, text, HTML; as they are or
            /// JSON-escaped; bodies cut short) never show in the code, the
            /// message or the excerpt.
            #[test]
            fn planted_secrets_never_show((secrets, body) in secrets_and_body()) {
                let summary = summarize(&body, &secrets.iter().map(|s| SecretString::from(s.as_str())).collect::<Vec<_>>());
                assert_hidden("code", summary.code.as_deref().unwrap_or_default(), &secrets)?;
                assert_hidden("message", summary.message.as_deref().unwrap_or_default(), &secrets)?;
                assert_hidden("excerpt", &summary.excerpt, &secrets)?;
            }

            /// The secrets of a request are its session token (its bytes
            /// as text) and exactly the strings under its secret keys.
            #[test]
            fn secrets_of_finds_every_string_under_secret_keys(
                (body, planted) in request_body(),
                session in proptest::option::of(session_header()),
            ) {
                let found: HashSet<String> = secrets_of(Some(body.to_string().as_bytes()), session.as_ref())
                    .iter()
                    .map(|secret| secret.expose_secret().to_owned())
                    .collect();
                let token = session.map(|token| String::from_utf8_lossy(token.as_bytes()).into_owned());
                let mut expected = planted;
                expected.extend(token);
                prop_assert_eq!(found, expected);
            }

            /// Request bodies that are not JSON give the token alone.
            #[test]
            fn secrets_of_any_bytes_is_the_token_alone(body in any_body(), session in session_header()) {
                prop_assume!(serde_json::from_slice::<Value>(&body).is_err());
                let found = secrets_of(Some(&body), Some(&session));
                prop_assert_eq!(found, vec![SecretString::from(String::from_utf8_lossy(session.as_bytes()).into_owned())]);
            }
        }
    }
}
