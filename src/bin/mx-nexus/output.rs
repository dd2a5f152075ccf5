//! What goes to stdout: an answer as JSON (pretty on a terminal, compact one
//! line when piped) or as a table.

use std::io::{IsTerminal, Write};

use clap::parser::ValueSource;
use serde::Serialize;
use serde_json::{Map, Value};

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Table,
}

/// How answers are printed.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub format: Format,
    /// Indented JSON (stdout is a terminal) or one line (piped).
    pub pretty: bool,
    /// Whether `--output` was given on the command line (not its default).
    pub explicit: bool,
}

impl Output {
    pub fn arg() -> clap::Arg {
        clap::Arg::new("output")
            .long("output")
            .short('o')
            .global(true)
            .help_heading(crate::connection::GLOBAL)
            .value_name("FORMAT")
            .value_parser(["json", "table"])
            .default_value("json")
            .help("Print answers as JSON (indented on a terminal, one line when piped) or as a table")
    }

    pub fn from_matches(matches: &clap::ArgMatches) -> Self {
        let format = match matches.get_one::<String>("output").map(String::as_str) {
            Some("table") => Format::Table,
            _ => Format::Json,
        };
        Self {
            format,
            pretty: std::io::stdout().is_terminal(),
            explicit: matches.value_source("output") == Some(ValueSource::CommandLine),
        }
    }

    /// The text printed for `value` (ending with a newline).
    pub fn render<T: Serialize + ?Sized>(&self, value: &T) -> String {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            // Only a map with non-string keys fails; the generated types have none.
            Err(e) => Value::String(format!("(cannot be shown as JSON: {e})")),
        };
        let mut text = match self.format {
            Format::Json if self.pretty => serde_json::to_string_pretty(&value).unwrap_or_default(),
            Format::Json => value.to_string(),
            Format::Table => table(&value),
        };
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }

    /// Prints `value` on stdout. A closed pipe (`mx-nexus ... | head`) is not
    /// an error worth reporting.
    pub fn print<T: Serialize + ?Sized>(&self, value: &T) {
        print_raw(&self.render(value));
    }
}

/// Writes `text` to stdout as is.
pub fn print_raw(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

/// A table of a JSON answer. Nexus wraps each answer in one key (`{"job":
/// {...}}`, `{"credentials": [...]}`), which is unwrapped: an object becomes
/// one `key  value` line per field (nested fields as `a.b`), a list one row
/// per item with a column per field that any item has.
pub fn table(value: &Value) -> String {
    let inner = match value {
        Value::Object(map) if map.len() == 1 => map.values().next().unwrap_or(value),
        _ => value,
    };
    match inner {
        Value::Array(items) => columns(items),
        Value::Object(map) => {
            let mut rows = Vec::new();
            flatten("", map, &mut rows);
            if rows.is_empty() {
                return "(empty)\n".to_owned();
            }
            align(&rows.iter().map(|(k, v)| vec![k.clone(), v.clone()]).collect::<Vec<_>>())
        }
        scalar => cell(scalar),
    }
}

fn flatten(prefix: &str, map: &Map<String, Value>, rows: &mut Vec<(String, String)>) {
    for (key, value) in map {
        let key = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) if !inner.is_empty() => flatten(&key, inner, rows),
            other => rows.push((key, cell(other))),
        }
    }
}

fn columns(items: &[Value]) -> String {
    if items.is_empty() {
        return "(none)\n".to_owned();
    }
    // Fields in the order they first appear; a field no item has a value for
    // is left out.
    let mut names: Vec<&str> = Vec::new();
    for item in items {
        if let Value::Object(map) = item {
            for (name, value) in map {
                if !value.is_null() && !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
    }
    if names.is_empty() {
        return items.iter().map(|item| cell(item) + "\n").collect();
    }
    let mut rows = vec![names.iter().map(|name| name.to_uppercase()).collect::<Vec<_>>()];
    for item in items {
        rows.push(
            names
                .iter()
                .map(|name| item.get(name).map(cell).unwrap_or_default())
                .collect(),
        );
    }
    align(&rows)
}

/// A value as a table cell: text without quotes, nothing for null, nested
/// values as compact JSON; always on one line.
fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    text.replace(['\n', '\r', '\t'], " ")
}

/// Left-aligned columns two spaces apart, without trailing spaces.
fn align(rows: &[Vec<String>]) -> String {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|i| {
            rows.iter()
                .filter_map(|row| row.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, text) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(text);
            if i + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', widths[i] - text.chars().count()));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn output(format: Format, pretty: bool) -> Output {
        Output {
            format,
            pretty,
            explicit: false,
        }
    }

    #[test]
    fn json_is_pretty_on_a_terminal_and_one_line_when_piped() {
        let value = json!({"job": {"guid": "JOB-1", "status": 6}});
        assert_eq!(
            output(Format::Json, false).render(&value),
            "{\"job\":{\"guid\":\"JOB-1\",\"status\":6}}\n"
        );
        assert_eq!(
            output(Format::Json, true).render(&value),
            "{\n  \"job\": {\n    \"guid\": \"JOB-1\",\n    \"status\": 6\n  }\n}\n"
        );
    }

    #[test]
    fn an_object_is_a_key_value_table() {
        let value = json!({"job": {"extra": {"a": null}, "guid": "JOB-1", "status": 6, "status_name": "COMPLETED"}});
        assert_eq!(
            table(&value),
            "extra.a\nguid         JOB-1\nstatus       6\nstatus_name  COMPLETED\n"
        );
    }

    #[test]
    fn a_list_is_a_column_table_without_empty_columns() {
        let value = json!({"credentials": [
            {"guid": "CRD-1", "label": "What city?", "field_name": null},
            {"guid": "CRD-22", "label": "Pet's\nname?", "mfa": true},
        ]});
        assert_eq!(
            table(&value),
            "GUID    LABEL        MFA\nCRD-1   What city?\nCRD-22  Pet's name?  true\n"
        );
        assert_eq!(table(&json!({"credentials": []})), "(none)\n");
    }

    #[test]
    fn table_output_ends_with_a_newline() {
        assert_eq!(output(Format::Table, true).render(&json!("x")), "x\n");
    }
}
