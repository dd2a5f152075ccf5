//! Rendering a report as text, Keep-a-Changelog markdown or JSON.
//!
//! Text and markdown read alike: the summary a reviewer of an upgrade reads
//! first (the verdict, what breaks on the wire, the operations added,
//! removed and changed per MX tag), the notes, then the details grouped by
//! tag (`Sections`): under each tag its operations' Rust and spec changes,
//! then the types only its operations use; changes of types several tags
//! use, and document-level spec changes, under "shared".

mod markdown;
mod text;

use std::collections::BTreeMap;

use super::{Change, Report, RustReport, Semver, TagSummary};
use crate::Format;
use crate::api::RustChange;

/// An operation named under the summary: its label and `operationId`.
type Listed<'a> = (String, Option<&'a str>);

/// The heading of changes not tied to one tag.
const SHARED: &str = "shared";

impl Report {
    /// The report in the requested format; every format ends with a newline.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => text::render(self),
            Format::Markdown => markdown::render(self),
            Format::Json => {
                let mut s = serde_json::to_string_pretty(self).expect("a report always serializes");
                s.push('\n');
                s
            }
        }
    }

    /// The Rust report when the Rust API was compared.
    fn rust_compared(&self) -> Option<&RustReport> {
        self.rust.as_ref().filter(|r| r.error.is_none())
    }

    /// `semver: major (…)`: the verdict and what it was read off.
    fn verdict(&self) -> String {
        format!("semver: {} ({})", self.semver.as_str(), self.verdict_basis())
    }

    /// What the verdict was read off (`Rust API, 259 → 259 public items: …`).
    fn verdict_basis(&self) -> String {
        match (&self.rust, self.rust_compared()) {
            (_, Some(rust)) if rust.changes.is_empty() => {
                if self.docs_changed {
                    "Rust API: 0 changes; documentation changes only".to_owned()
                } else {
                    "Rust API: 0 changes".to_owned()
                }
            }
            (_, Some(rust)) => {
                let count = |s: Semver| rust.changes.iter().filter(|c| c.semver == s).count();
                let by_level: Vec<String> = [Semver::Major, Semver::Minor, Semver::Patch]
                    .into_iter()
                    .filter(|s| count(*s) > 0)
                    .map(|s| format!("{} {}", count(s), s.as_str()))
                    .collect();
                format!(
                    "Rust API, {} → {} public items: {}, {}",
                    rust.items.0,
                    rust.items.1,
                    counted(rust.changes.len(), "change"),
                    by_level.join(", ")
                )
            }
            (Some(rust), None) => format!(
                "from the spec: the Rust API could not be compared: {}",
                rust.error.as_deref().unwrap_or_default()
            ),
            (None, None) if self.changes.is_empty() && self.docs_changed => {
                "from the spec: documentation changes only".to_owned()
            }
            (None, None) => "from the spec".to_owned(),
        }
    }

    /// `wire: 3 breaking, 0 warning, 1 info: …`.
    fn wire(&self) -> String {
        let s = &self.summary;
        let meaning = if s.breaking == 0 {
            "nothing breaks on the wire"
        } else {
            "a client written for OLD can fail against NEW"
        };
        format!(
            "wire: {} breaking, {} warning, {} info ({meaning})",
            s.breaking, s.warning, s.info
        )
    }

    /// `operations: 4 → 5: 1 added, 0 removed, 2 changed`.
    fn operations(&self) -> String {
        let (old, new) = self.catalog.totals();
        let sum = |f: fn(&TagSummary) -> usize| self.by_tag.values().map(f).sum::<usize>();
        format!(
            "operations: {old} → {new}: {} added, {} removed, {} changed",
            sum(|t| t.added.len()),
            sum(|t| t.removed.len()),
            sum(|t| t.changed.len())
        )
    }

    /// The operations added and removed (`GET /a (readA)`), at most
    /// `LISTED` of each, then `… and N more`: the ones a reviewer checks by
    /// name.
    fn added_and_removed(&self) -> Vec<(&'static str, Vec<Listed<'_>>)> {
        const LISTED: usize = 10;
        let mut lists = Vec::new();
        for (word, of) in [
            ("added", (|t| &t.added) as fn(&TagSummary) -> &Vec<String>),
            ("removed", |t| &t.removed),
        ] {
            let mut all: Vec<&String> = self.by_tag.values().flat_map(of).collect();
            all.sort();
            if all.is_empty() {
                continue;
            }
            let mut shown: Vec<Listed<'_>> = all
                .iter()
                .take(LISTED)
                .map(|label| ((*label).clone(), self.catalog.id(label)))
                .collect();
            if all.len() > LISTED {
                shown.push((format!("… and {} more", all.len() - LISTED), None));
            }
            lists.push((word, shown));
        }
        lists
    }

    /// The lines under the summary that say what build.rs does with NEW.
    fn notes(&self) -> Vec<String> {
        let Some(rust) = &self.rust else { return Vec::new() };
        let mut notes: Vec<String> = rust
            .stale_overlay
            .iter()
            .map(|action| format!("overlay: {action} no longer applies to NEW"))
            .collect();
        let mut list = |items: &[String], what: String, separator: &str| {
            if !items.is_empty() {
                notes.push(format!("{}: {}", what, items.join(separator)));
            }
        };
        list(
            &rust.unsupported,
            format!(
                "build.rs leaves {} of NEW out of the crate (their answers have a shape it cannot send)",
                counted(rust.unsupported.len(), "operation")
            ),
            "; ",
        );
        list(
            &rust.cli_left_out,
            format!(
                "build.rs leaves {} of NEW out of the CLI only (progenitor's CLI would have two identical flags)",
                counted(rust.cli_left_out.len(), "operation")
            ),
            "; ",
        );
        list(
            &rust.named_operations,
            format!(
                "{} of NEW {} no operationId; build.rs names them (README, \"Maintainer tasks\")",
                counted(rust.named_operations.len(), "operation"),
                if rust.named_operations.len() == 1 {
                    "has"
                } else {
                    "have"
                }
            ),
            ", ",
        );
        notes
    }
}

/// The changes listed under one heading.
#[derive(Default)]
struct Section<'a> {
    /// Per operation (`GET /path`): its Rust changes and spec changes.
    operations: BTreeMap<&'a str, (Vec<&'a RustChange>, Vec<&'a Change>)>,
    /// Rust changes of types several of the section's operations use (for
    /// "shared": of several tags, or of none).
    types: Vec<&'a RustChange>,
    /// Document-level spec changes ("shared" only).
    document: Vec<&'a Change>,
}

impl Section<'_> {
    fn rust(&self) -> impl Iterator<Item = &RustChange> {
        self.operations
            .values()
            .flat_map(|(rust, _)| rust.iter().copied())
            .chain(self.types.iter().copied())
    }

    fn spec(&self) -> impl Iterator<Item = &Change> {
        self.operations
            .values()
            .flat_map(|(_, spec)| spec.iter().copied())
            .chain(self.document.iter().copied())
    }
}

/// The details by heading: tags in name order, then "shared".
fn sections(report: &Report) -> Vec<(&str, Section<'_>)> {
    let mut tags: BTreeMap<&str, Section<'_>> = BTreeMap::new();
    let mut shared = Section::default();
    for change in report.rust_compared().map_or(&[][..], |r| &r.changes) {
        match (&change.tag, &change.operation) {
            (Some(tag), Some(op)) => tags
                .entry(tag)
                .or_default()
                .operations
                .entry(op)
                .or_default()
                .0
                .push(change),
            (Some(tag), None) => tags.entry(tag).or_default().types.push(change),
            (None, _) => shared.types.push(change),
        }
    }
    for change in &report.changes {
        match &change.tag {
            Some(tag) => tags
                .entry(tag)
                .or_default()
                .operations
                .entry(&change.operation)
                .or_default()
                .1
                .push(change),
            None => shared.document.push(change),
        }
    }
    // The worst first within each block; otherwise in path order.
    let by_impact = |changes: &mut Vec<&RustChange>| changes.sort_by_key(|c| std::cmp::Reverse(c.semver));
    let by_level = |changes: &mut Vec<&Change>| changes.sort_by_key(|c| c.level);
    for section in tags.values_mut().chain([&mut shared]) {
        for (rust, spec) in section.operations.values_mut() {
            by_impact(rust);
            by_level(spec);
        }
        by_impact(&mut section.types);
        by_level(&mut section.document);
    }
    let mut all: Vec<(&str, Section<'_>)> = tags.into_iter().collect();
    if !shared.types.is_empty() || !shared.document.is_empty() {
        all.push((SHARED, shared));
    }
    all
}

/// How an operation is named in a heading: `GET /path (operationId): added`.
fn operation_heading(report: &Report, label: &str) -> String {
    let tag = report.by_tag.get(report.catalog.tag(label));
    let state = match tag {
        Some(t) if t.added.iter().any(|l| l == label) => "added",
        Some(t) if t.removed.iter().any(|l| l == label) => "removed",
        _ => "changed",
    };
    match report.catalog.id(label) {
        Some(id) => format!("{label} ({id}): {state}"),
        None => format!("{label}: {state}"),
    }
}

/// `1 added, 2 changed of 11 operations`, what a tag's heading says.
fn tag_counts(summary: &TagSummary) -> String {
    let mut parts = Vec::new();
    for (n, word) in [
        (summary.added.len(), "added"),
        (summary.removed.len(), "removed"),
        (summary.changed.len(), "changed"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    if parts.is_empty() {
        parts.push("no operation changed".to_owned());
    }
    format!("{}: {}", counted(summary.operations, "operation"), parts.join(", "))
}

/// `1 change`, `2 changes`.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
