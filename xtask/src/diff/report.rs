//! Rendering a report as text, Keep-a-Changelog markdown or JSON.

use std::fmt::Write as _;

use super::{Level, Report};
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
        if self.changes.is_empty() && self.docs_changed {
            line.push_str(" (documentation changes only)");
        }
        line
    }

    /// One line per change, then the summary line.
    fn render_text(&self) -> String {
        let mut out = String::new();
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
