//! Every `format: date-time` string of the spec becomes
//! `mx_nexus::Timestamp` (an `x-rust-type`), instead of typify's
//! `chrono::DateTime<Utc>`, whose deserializer fails the whole answer on one
//! timestamp in another shape. `Timestamp` parses ISO 8601 and keeps
//! anything else as text (`src/ext/timestamp.rs`).

use serde_json::{Value, json};

/// Marks every date-time string schema under `spec` (components, paths,
/// nested properties, items, compositions).
pub fn lenient(spec: &mut Value) {
    match spec {
        Value::Object(object) => {
            let is_date_time = object.get("type").and_then(Value::as_str) == Some("string")
                && object.get("format").and_then(Value::as_str) == Some("date-time");
            if is_date_time && !object.contains_key("x-rust-type") {
                object.insert(
                    "x-rust-type".to_owned(),
                    json!({ "crate": "mx-nexus", "version": "*", "path": "mx_nexus::Timestamp" }),
                );
            }
            for value in object.values_mut() {
                lenient(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(lenient),
        _ => {}
    }
}
