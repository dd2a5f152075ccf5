//! YAML in and out, with `serde_json::Value` (insertion-ordered) as the model.
//!
//! The merge works on JSON values because that is what the diff engine takes
//! and because JSON pointers make conflict messages precise. YAML is more
//! permissive than JSON (integer keys such as `200:`, tags, anchors), so the
//! conversion is done by hand instead of deserializing straight into JSON:
//! scalar keys become their string form, as OpenAPI reads them.
//!
//! Output goes through the small block-style emitter in [`render`] rather than
//! `yaml_serde::to_string`, whose plain style is only safe for YAML 1.2
//! readers: it leaves `2016-09-21T22:08:59.000Z` or `no` unquoted, which a
//! YAML 1.1 reader (PyYAML, many generators) turns into a timestamp or a
//! boolean. Here a string is plain only when no YAML version can read it as
//! anything else.

use serde_json::{Map, Number, Value};

/// Parses YAML text into a JSON value, keeping key order: build.rs's reader
/// (`build/pipeline.rs`; merge keys resolved, duplicate keys refused).
pub fn parse(text: &str) -> Result<Value, String> {
    crate::codegen::pipeline::parse_yaml(text)
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Renders a JSON value as block-style YAML. The output is a pure function of
/// the value (keys in the value's order), which makes the sync deterministic.
pub fn render(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => mapping(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => sequence(items, 0, &mut out),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

fn mapping(map: &Map<String, Value>, indent: usize, out: &mut String) {
    for (key, value) in map {
        push_indent(out, indent);
        out.push_str(&string(key));
        out.push(':');
        node(value, indent, indent + 2, out);
    }
}

/// Sequences sit at their key's indentation (`key:\n- item`), as PyYAML and
/// yaml_serde write them.
fn sequence(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        push_indent(out, indent);
        out.push('-');
        match item {
            // A collection inside an item starts on the dash's line: render it
            // two columns deeper and put the dash over its first indentation.
            Value::Object(map) if !map.is_empty() => {
                let mut inner = String::new();
                mapping(map, indent + 2, &mut inner);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            Value::Array(inner_items) if !inner_items.is_empty() => {
                let mut inner = String::new();
                sequence(inner_items, indent + 2, &mut inner);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            scalar => node(scalar, indent, indent + 2, out),
        }
    }
}

/// The value after `key:` or `-`: nested collection on the next lines, or a
/// scalar on this one. `child` is where a nested mapping or a literal block's
/// text is indented.
fn node(value: &Value, indent: usize, child: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            mapping(map, child, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            sequence(items, indent, out);
        }
        Value::String(s) if literal_ok(s) => {
            // `|` keeps the one final newline, `|-` means none.
            out.push_str(if s.ends_with('\n') { " |\n" } else { " |-\n" });
            for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                if !line.is_empty() {
                    push_indent(out, child);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
}

fn push_indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// Multi-line text reads best as a literal block; use one only where it
/// cannot change the text: printable, no carriage return, no trailing spaces
/// (editors strip them), no leading space on the first line (it would set the
/// indentation), at most one final newline.
fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with("\n\n")
        && s.chars().all(|c| c == '\n' || !needs_escape(c))
        && !s.contains('\t')
        && s.split('\n').all(|line| line == line.trim_end())
        && !s.trim_start_matches('\n').starts_with(' ')
}

/// A scalar on one line.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// Floats in the form both YAML 1.1 and 1.2 read as floats: a dot in the
/// mantissa and a signed exponent (`1.0e+20`, not `1e20`).
fn number(n: &Number) -> String {
    let text = n.to_string();
    if !n.is_f64() {
        return text;
    }
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m.to_string(), Some(e)),
        None => (text.clone(), None),
    };
    let mantissa = if mantissa.contains('.') {
        mantissa
    } else {
        format!("{mantissa}.0")
    };
    match exponent {
        Some(e) if e.starts_with(['-', '+']) => format!("{mantissa}e{e}"),
        Some(e) => format!("{mantissa}e+{e}"),
        None => mantissa,
    }
}

/// A string scalar: plain when unambiguous, else single-quoted, else
/// double-quoted (the only style with escapes).
fn string(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else if !s.chars().any(needs_escape) {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

/// Characters that no quoting style but double quotes can carry: controls,
/// and the line separators YAML 1.1 breaks lines on.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Conservative: a plain scalar must start with a letter, `/`, `(`, `_` or `$`
/// (so never a number, timestamp, indicator, `~` or `.inf`), must not be a
/// YAML 1.1 or 1.2 boolean or null word, and must not hold `: `, ` #`, a
/// trailing `:`, edge spaces or any character that needs an escape.
fn is_plain_safe(s: &str) -> bool {
    const WORDS: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    let Some(first) = s.chars().next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || matches!(first, '/' | '(' | '_' | '$'))
        && !WORDS.contains(&s.to_ascii_lowercase().as_str())
        && s == s.trim()
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| c == '\t' || c == '\n' || needs_escape(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_become_strings_and_order_is_kept() {
        let v = parse("b: 1\na:\n  200: ok\n  '404': no\n").unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"b":1,"a":{"200":"ok","404":"no"}}"#
        );
    }

    #[test]
    fn round_trip_is_stable() {
        let v = parse("a: \"x\\ny \"\nb: [1, 2.5, null, true]\nc: '200'\n").unwrap();
        let text = render(&v);
        assert_eq!(parse(&text).unwrap(), v);
        assert_eq!(render(&parse(&text).unwrap()), text);
    }

    #[test]
    fn quotes_what_yaml_1_1_would_misread() {
        let v = serde_json::json!({
            "t": "2016-09-21T22:08:59.000Z", "b": "no", "o": "On", "n": "123",
            "r": "#/components/schemas/X", "k": "a: b", "e": "", "s": " x",
            "ok": "application/vnd.mx.nexus.v1+json", "p": "/jobs/{job_guid}",
            "q": "it's", "c": "a\u{1}b", "f": 1e20, "g": -2.5,
            "l": "line one\nline two\n", "m": "x \ny", "list": [{"a": 1, "b": [2, [3]]}, []],
        });
        let text = render(&v);
        assert_eq!(
            text,
            "t: '2016-09-21T22:08:59.000Z'\nb: 'no'\no: 'On'\n'n': '123'\n\
             r: '#/components/schemas/X'\nk: 'a: b'\ne: ''\ns: ' x'\n\
             ok: application/vnd.mx.nexus.v1+json\np: /jobs/{job_guid}\n\
             q: it's\nc: \"a\\u0001b\"\nf: 1.0e+20\ng: -2.5\n\
             l: |\n  line one\n  line two\nm: \"x \\ny\"\n\
             list:\n- a: 1\n  b:\n  - 2\n  - - 3\n- []\n"
        );
        assert_eq!(parse(&text).unwrap(), v);
    }

    #[test]
    fn bad_yaml_is_an_error() {
        assert!(parse("a: [1, 2\n").is_err());
        assert!(parse("a: 1\na: 2\n").is_err());
    }
}
