//! Rendering a report as text, Keep-a-Changelog markdown or JSON.

use std::fmt::Write as _;

use super::{Level, Report, RustReport};
use crate::Format;

impl Report {
    /// The report in the requested format; every format ends with a newline.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => self.render_text(),
            Format::Markdown => self.render_markdown(),
            Format::Json => {
                let mut s = serde_json::to_string_pretty(self).expect("a report always serializes");
                s.push('\n');
                s
            }
        }
    }

    fn summary_line(&self) -> String {
        let s = &self.summary;
        let mut line = format!(
            "{} breaking, {} warning, {} info; semver: {}",
            s.breaking,
            s.warning,
            s.info,
            self.semver.as_str()
        );
        match &self.rust {
            Some(rust) if rust.error.is_none() => {
                let _ = write!(line, " (Rust API: {} changes)", rust.changes.len());
                if rust.changes.is_empty() && self.docs_changed {
                    line.push_str(" (documentation changes only)");
                }
            }
            Some(_) => line.push_str(" (from the spec: the Rust API could not be compared)"),
            None => {
                if self.changes.is_empty() && self.docs_changed {
                    line.push_str(" (documentation changes only)");
                }
            }
        }
        line
    }

    /// The Rust API first (what a reviewer of an upgrade needs), then one
    /// line per spec change, then the summary line.
    fn render_text(&self) -> String {
        let mut out = String::new();
        if let Some(rust) = &self.rust {
            rust_text(rust, &mut out);
            if !self.changes.is_empty() {
                out.push_str("\nSpec changes (wire level, oasdiff ids):\n");
            }
        }
        for c in &self.changes {
            let op = if c.operation.is_empty() {
                "(document)"
            } else {
                &c.operation
            };
            let _ = writeln!(
                out,
                "{:<8} {} {}: {} [{}]",
                c.level.as_str(),
                c.id,
                op,
                c.message,
                c.location
            );
        }
        out.push_str(&self.summary_line());
        out.push('\n');
        out
    }

    /// A section to paste under a version heading of a Keep-a-Changelog file.
    fn render_markdown(&self) -> String {
        let mut out = format!("### API changes\n\n{}\n", self.summary_line());
        if let Some(rust) = &self.rust {
            rust_markdown(rust, &mut out);
        }
        for (level, heading) in [
            (Level::Breaking, "Breaking"),
            (Level::Warning, "Warnings"),
            (Level::Info, "Other changes"),
        ] {
            let mut changes = self.changes.iter().filter(|c| c.level == level).peekable();
            if changes.peek().is_none() {
                continue;
            }
            let _ = write!(out, "\n#### {heading}\n\n");
            for c in changes {
                let op = if c.operation.is_empty() {
                    "document"
                } else {
                    &c.operation
                };
                let _ = writeln!(out, "- `{op}`: {} (`{}`)", c.message, c.id);
            }
        }
        out
    }
}

fn rust_text(rust: &RustReport, out: &mut String) {
    if let Some(error) = &rust.error {
        let _ = writeln!(out, "Rust API: not compared: {error}");
    } else {
        let _ = writeln!(
            out,
            "Rust API ({} → {} public items): {} changes",
            rust.items.0,
            rust.items.1,
            rust.changes.len()
        );
    }
    for c in &rust.changes {
        let _ = writeln!(out, "{:<6} {}", c.semver.as_str(), c.message);
        let _ = writeln!(out, "       {}", c.why);
        if let Some(cause) = &c.cause {
            let _ = writeln!(out, "       spec: {cause}");
        }
    }
    for action in &rust.stale_overlay {
        let _ = writeln!(out, "overlay: {action} no longer applies to NEW");
    }
    if !rust.unsupported.is_empty() {
        let _ = writeln!(
            out,
            "note: build.rs leaves {} operations of NEW out of the crate (their answers have a shape it cannot send): {}",
            rust.unsupported.len(),
            rust.unsupported.join("; ")
        );
    }
    if !rust.named_operations.is_empty() {
        let _ = writeln!(
            out,
            "note: {} operations of NEW have no operationId; build.rs names them (README, \"Maintainer tasks\"): {}",
            rust.named_operations.len(),
            rust.named_operations.join(", ")
        );
    }
}

fn rust_markdown(rust: &RustReport, out: &mut String) {
    if let Some(error) = &rust.error {
        let _ = write!(out, "\nThe Rust API could not be compared: {error}\n");
        return;
    }
    for (semver, heading) in [
        (super::Semver::Major, "Breaking changes (Rust)"),
        (super::Semver::Minor, "Additions (Rust)"),
        (super::Semver::Patch, "Other changes (Rust)"),
    ] {
        let mut changes = rust.changes.iter().filter(|c| c.semver == semver).peekable();
        if changes.peek().is_none() {
            continue;
        }
        let _ = write!(out, "\n#### {heading}\n\n");
        for c in changes {
            let _ = write!(out, "- `{}`: {}", c.message, c.why);
            if let Some(cause) = &c.cause {
                let _ = write!(out, " (spec: {cause})");
            }
            out.push('\n');
        }
    }
    if !rust.stale_overlay.is_empty() {
        out.push_str("\n#### Overlay\n\n");
        for action in &rust.stale_overlay {
            let _ = writeln!(out, "- {action} no longer applies");
        }
    }
}
