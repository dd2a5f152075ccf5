//! The CHANGELOG section (Keep a Changelog): the summary and a table by tag,
//! then one `####` heading per tag (and "shared") with its Rust changes and
//! spec changes by level.

use std::fmt::Write as _;

use super::{Report, SHARED, Section, sections, tag_counts};
use crate::diff::{Level, Semver};

pub(super) fn render(report: &Report) -> String {
    let mut out = String::from("### API changes\n\n");
    let _ = writeln!(
        out,
        "**semver: {}** ({}). {}. {}.",
        report.semver.as_str(),
        report.verdict_basis(),
        capitalised(&report.wire()),
        capitalised(&report.operations())
    );
    let listed = report.added_and_removed();
    if !listed.is_empty() {
        out.push('\n');
        for (word, operations) in listed {
            for (label, id) in operations {
                let word = capitalised(word);
                match id {
                    Some(id) => writeln!(out, "- {word} `{label}` (`{id}`)"),
                    None if label.starts_with('…') => writeln!(out, "- {word}: {label}"),
                    None => writeln!(out, "- {word} `{label}`"),
                }
                .expect("writing to a String");
            }
        }
    }
    let sections = sections(report);
    table(report, &sections, &mut out);
    let notes = report.notes();
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            let _ = writeln!(out, "- Note: {note}");
        }
    }
    for (name, section) in &sections {
        details(report, name, section, &mut out);
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn table(report: &Report, sections: &[(&str, Section<'_>)], out: &mut String) {
    if sections.is_empty() {
        return;
    }
    out.push_str(
        "\n| tag | operations | added | removed | changed | Rust changes | spec changes | semver |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n",
    );
    for (name, section) in sections {
        let (rust, spec) = (section.rust().count(), section.spec().count());
        match report.by_tag.get(*name) {
            Some(t) => {
                let _ = writeln!(
                    out,
                    "| {name} | {} | {} | {} | {} | {rust} | {spec} | {} |",
                    t.operations,
                    t.added.len(),
                    t.removed.len(),
                    t.changed.len(),
                    t.semver.as_str()
                );
            }
            None => {
                let semver = section.rust().map(|c| c.semver).max().map_or("", |s| s.as_str());
                let _ = writeln!(out, "| {name} | | | | | {rust} | {spec} | {semver} |");
            }
        }
    }
}

fn details(report: &Report, name: &str, section: &Section<'_>, out: &mut String) {
    let _ = write!(out, "\n#### {name}\n\n");
    match report.by_tag.get(name) {
        Some(summary) => {
            let _ = writeln!(out, "{}; semver: {}.", tag_counts(summary), summary.semver.as_str());
        }
        None if name == SHARED => {
            out.push_str("Types the operations of several tags use, and document-level changes.\n");
        }
        None => {}
    }
    for (semver, heading) in [
        (Semver::Major, "Breaking changes (Rust)"),
        (Semver::Minor, "Additions (Rust)"),
        (Semver::Patch, "Other changes (Rust)"),
    ] {
        let mut changes = section.rust().filter(|c| c.semver == semver).peekable();
        if changes.peek().is_none() {
            continue;
        }
        let _ = write!(out, "\n**{heading}**\n\n");
        for c in changes {
            let _ = write!(out, "- `{}`: {}", c.message, c.why);
            if let Some(cause) = &c.cause {
                let _ = write!(out, " (spec: {cause})");
            }
            out.push('\n');
        }
    }
    for (level, heading) in [
        (Level::Breaking, "Breaking on the wire"),
        (Level::Warning, "Warnings"),
        (Level::Info, "Other changes"),
    ] {
        let mut changes = section.spec().filter(|c| c.level == level).peekable();
        if changes.peek().is_none() {
            continue;
        }
        let _ = write!(out, "\n**{heading}**\n\n");
        for c in changes {
            let op = if c.operation.is_empty() {
                "document"
            } else {
                &c.operation
            };
            let _ = writeln!(out, "- `{op}`: {} (`{}`)", c.message, c.id);
        }
    }
}
