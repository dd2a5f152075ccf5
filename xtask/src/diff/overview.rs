//! The summary a reviewer of an upgrade reads first: per MX tag, the
//! operations added, removed and changed, what that does on the wire, and
//! the version bump its changes call for.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::catalog::Catalog;
use super::{Change, Level, Semver, Summary, rules};
use crate::api::RustChange;

/// One tag's line of the summary (`by_tag` in JSON).
#[derive(Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct TagSummary {
    /// NEW's operations with this tag.
    pub operations: usize,
    /// The operations added, removed and changed (`GET /path`, NEW's path
    /// for a changed one).
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
    /// The bump its operations' changes call for: the Rust changes that
    /// touch them (a shared type's too), or the spec's when the Rust API
    /// was not compared.
    pub semver: Semver,
    /// The spec changes at its operations, per wire level.
    pub wire: Summary,
    /// The Rust changes listed under this tag (not the shared ones).
    pub rust_changes: usize,
}

impl TagSummary {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

#[derive(Default)]
struct Building {
    added: BTreeSet<String>,
    removed: BTreeSet<String>,
    changed: BTreeSet<String>,
    spec_semver: Option<Semver>,
    rust_semver: Option<Semver>,
    wire: Summary,
    rust_changes: usize,
}

/// The summary per tag; `rust` is `None` when the Rust API was not compared.
pub fn by_tag(changes: &[Change], rust: Option<&[RustChange]>, catalog: &Catalog) -> BTreeMap<String, TagSummary> {
    let mut tags: BTreeMap<String, Building> = BTreeMap::new();
    for change in changes.iter().filter(|c| !c.operation.is_empty()) {
        let tag = tags.entry(catalog.tag(&change.operation).to_owned()).or_default();
        let label = change.operation.clone();
        if change.id == rules::ENDPOINT_ADDED.id {
            tag.added.insert(label);
        } else if [
            &rules::API_PATH_REMOVED_WITHOUT_DEPRECATION,
            &rules::API_PATH_REMOVED_WITH_DEPRECATION,
            &rules::API_REMOVED_WITHOUT_DEPRECATION,
            &rules::API_REMOVED_WITH_DEPRECATION,
        ]
        .iter()
        .any(|rule| rule.id == change.id)
        {
            tag.removed.insert(label);
        } else {
            tag.changed.insert(label);
        }
        tag.spec_semver = tag.spec_semver.max(Some(change.semver));
        match change.level {
            Level::Breaking => tag.wire.breaking += 1,
            Level::Warning => tag.wire.warning += 1,
            Level::Info => tag.wire.info += 1,
        }
    }
    for change in rust.into_iter().flatten() {
        for label in &change.operations {
            let tag = tags.entry(catalog.tag(label).to_owned()).or_default();
            tag.changed.insert(label.clone());
            tag.rust_semver = tag.rust_semver.max(Some(change.semver));
        }
        if let Some(name) = &change.tag {
            tags.entry(name.clone()).or_default().rust_changes += 1;
        }
    }
    let mut summary: BTreeMap<String, TagSummary> = catalog
        .counts()
        .iter()
        .map(|(tag, n)| {
            let line = TagSummary {
                operations: *n,
                ..TagSummary::default()
            };
            (tag.clone(), line)
        })
        .collect();
    for (name, tag) in tags {
        let changed = tag
            .changed
            .into_iter()
            .filter(|l| !tag.added.contains(l) && !tag.removed.contains(l))
            .collect();
        let semver = match rust {
            Some(_) => tag.rust_semver,
            None => tag.spec_semver,
        };
        let line = summary.entry(name).or_default();
        line.added = tag.added.into_iter().collect();
        line.removed = tag.removed.into_iter().collect();
        line.changed = changed;
        // Changes no Rust change reflects (descriptions, media types) are a patch.
        line.semver = semver.unwrap_or(if line.is_empty() { Semver::None } else { Semver::Patch });
        line.wire = tag.wire;
        line.rust_changes = tag.rust_changes;
    }
    summary
}
