//! The operations of OLD and NEW as the report groups them: by MX tag (an
//! operation's first `tags` entry, the section of MX's docs it is in; NEW's,
//! or OLD's for a removed operation), each OLD operation paired with NEW's
//! the way the spec diff pairs them (method and path, parameter names
//! ignored), so both sides of a change are counted as one operation.

use std::collections::BTreeMap;

use serde_json::Value;

use super::operations::{Op, collect};
use super::resolve::Doc;

/// The tag of operations that have none.
pub const UNTAGGED: &str = "untagged";

/// One operation: its tag and `operationId` (empty when it has none).
#[derive(Clone, Debug, Default)]
struct Entry {
    tag: String,
    id: String,
}

#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// `GET /path` → entry, for NEW's operations and OLD's that are gone.
    entries: BTreeMap<String, Entry>,
    /// OLD's label → NEW's, for the operations in both.
    current: BTreeMap<String, String>,
    /// NEW's number of operations per tag.
    counts: BTreeMap<String, usize>,
    /// OLD's number of operations.
    old_total: usize,
}

impl Catalog {
    pub(super) fn of(old: Doc<'_>, new: Doc<'_>) -> Result<Catalog, String> {
        let (old_ops, _) = collect(old)?;
        let (new_ops, _) = collect(new)?;
        let entry = |op: &Op<'_>| Entry {
            tag: op
                .op
                .get("tags")
                .and_then(|t| t.get(0))
                .and_then(Value::as_str)
                .unwrap_or(UNTAGGED)
                .to_owned(),
            id: op
                .op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
        };
        let mut catalog = Catalog {
            old_total: old_ops.len(),
            ..Catalog::default()
        };
        for op in new_ops.values() {
            let entry = entry(op);
            *catalog.counts.entry(entry.tag.clone()).or_default() += 1;
            catalog.entries.insert(op.label(), entry);
        }
        for (key, op) in &old_ops {
            match new_ops.get(key) {
                Some(now) => {
                    catalog.current.insert(op.label(), now.label());
                }
                None => {
                    catalog.entries.insert(op.label(), entry(op));
                }
            }
        }
        Ok(catalog)
    }

    /// The operation's tag (`untagged` for an unknown label).
    pub fn tag(&self, label: &str) -> &str {
        self.entries.get(label).map_or(UNTAGGED, |e| e.tag.as_str())
    }

    /// The operation's `operationId` as the spec gives it, if any.
    pub fn id(&self, label: &str) -> Option<&str> {
        self.entries
            .get(label)
            .map(|e| e.id.as_str())
            .filter(|id| !id.is_empty())
    }

    /// NEW's label of an operation named by OLD's (the same label when
    /// OLD's is gone or already NEW's).
    pub fn current<'a>(&'a self, label: &'a str) -> &'a str {
        self.current.get(label).map_or(label, String::as_str)
    }

    /// NEW's operations per tag.
    pub fn counts(&self) -> &BTreeMap<String, usize> {
        &self.counts
    }

    /// The number of operations in OLD and in NEW.
    pub fn totals(&self) -> (usize, usize) {
        (self.old_total, self.counts.values().sum())
    }
}
