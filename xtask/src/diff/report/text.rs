//! The text report: the summary and its table, the notes, then one block per
//! tag with a sub-block per operation.

use std::fmt::Write as _;

use super::{Report, SHARED, Section, operation_heading, sections, tag_counts};
use crate::api::RustChange;
use crate::diff::Change;

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", report.verdict());
    let _ = writeln!(out, "{}", report.wire());
    let _ = writeln!(out, "{}", report.operations());
    for (word, operations) in report.added_and_removed() {
        let sign = if word == "added" { '+' } else { '-' };
        for (label, id) in operations {
            match id {
                Some(id) => writeln!(out, "  {sign} {label} ({id})"),
                None => writeln!(out, "  {sign} {label}"),
            }
            .expect("writing to a String");
        }
    }
    let sections = sections(report);
    table(report, &sections, &mut out);
    for note in report.notes() {
        let _ = writeln!(out, "note: {note}");
    }
    for (name, section) in &sections {
        out.push('\n');
        details(report, name, section, &mut out);
    }
    out
}

/// One line per tag with a change (and "shared"), aligned.
fn table(report: &Report, sections: &[(&str, Section<'_>)], out: &mut String) {
    let rows: Vec<[String; 8]> = sections
        .iter()
        .map(|(name, section)| match report.by_tag.get(*name) {
            Some(t) => [
                name.to_string(),
                t.operations.to_string(),
                t.added.len().to_string(),
                t.removed.len().to_string(),
                t.changed.len().to_string(),
                section.rust().count().to_string(),
                section.spec().count().to_string(),
                t.semver.as_str().to_owned(),
            ],
            None => [
                name.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                section.rust().count().to_string(),
                section.spec().count().to_string(),
                section
                    .rust()
                    .map(|c| c.semver)
                    .max()
                    .map_or("", |s| s.as_str())
                    .to_owned(),
            ],
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let header = ["tag", "ops", "added", "removed", "changed", "Rust", "spec", "semver"].map(str::to_owned);
    let width = |i: usize| {
        std::iter::once(&header)
            .chain(&rows)
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..8).map(width).collect();
    out.push('\n');
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = format!("{:<w$}", row[0], w = widths[0]);
        for i in 1..7 {
            let _ = write!(line, "  {:>w$}", row[i], w = widths[i]);
        }
        let _ = write!(line, "  {}", row[7]);
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn details(report: &Report, name: &str, section: &Section<'_>, out: &mut String) {
    match report.by_tag.get(name) {
        Some(summary) => {
            let _ = writeln!(
                out,
                "== {name}: {} (semver: {}) ==",
                tag_counts(summary),
                summary.semver.as_str()
            );
        }
        None if name == SHARED => {
            let _ = writeln!(
                out,
                "== {SHARED}: types the operations of several tags use, and document-level changes =="
            );
        }
        None => {
            let _ = writeln!(out, "== {name} ==");
        }
    }
    for (label, (rust, spec)) in &section.operations {
        let _ = writeln!(out, "\n{}", operation_heading(report, label));
        rust_lines(rust, out);
        spec_lines(spec, out);
    }
    if !section.types.is_empty() {
        let heading = if name == SHARED {
            "types"
        } else {
            "types several of these operations use"
        };
        let _ = writeln!(out, "\n{heading}:");
        rust_lines(&section.types, out);
    }
    if !section.document.is_empty() {
        let _ = writeln!(out, "\ndocument:");
        spec_lines(&section.document, out);
    }
}

fn rust_lines(changes: &[&RustChange], out: &mut String) {
    for c in changes {
        let _ = writeln!(out, "  {:<6} {}", c.semver.as_str(), c.message);
        let _ = writeln!(out, "         {}", c.why);
        if let Some(cause) = &c.cause {
            let _ = writeln!(out, "         spec: {cause}");
        }
    }
}

fn spec_lines(changes: &[&Change], out: &mut String) {
    for c in changes {
        let _ = writeln!(
            out,
            "  {:<8} {}: {} [{}]",
            c.level.as_str(),
            c.id,
            c.message,
            c.location
        );
    }
}
