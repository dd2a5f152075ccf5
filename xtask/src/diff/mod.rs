//! `cargo xtask diff OLD NEW`: semantic diff of two OpenAPI 3.0 documents.
//!
//! The walk follows `$ref`s into components (so a change to a shared schema
//! is reported at every operation that uses it), compares the request side and
//! the response side with their own rules (adding a required property breaks a
//! request but not a response), and rates each change twice: a `level` for
//! clients on the wire (oasdiff's ERR/WARN/INFO) and a semver impact for this
//! crate's generated Rust code (see `rules.rs` and `xtask/README.md`).
//!
//! Modules: `load` reads files, `resolve` follows `$ref`s, `operations` pairs
//! up operations/parameters/bodies/responses, `schema` walks properties,
//! `security` compares security requirements and schemes, `rules` holds the
//! id table, `report` renders.

mod load;
mod operations;
mod report;
mod resolve;
mod rules;
mod schema;
mod security;

use std::process::ExitCode;

use serde::Serialize;
use serde_json::Value;

pub use load::{load_spec, parse as parse_spec};
pub use rules::RULES;

use crate::{DiffArgs, FailOn};

/// How bad a change is for a client on the wire (oasdiff's ERR/WARN/INFO).
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Breaking,
    Warning,
    Info,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// The version bump of the mx-nexus crate a diff calls for (ordered: `None` <
/// `Patch` < `Minor` < `Major`). While the crate is 0.x, `Major` means a 0.x
/// minor bump.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    None,
    Patch,
    Minor,
    Major,
}

impl Semver {
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::None => "none",
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// One detected change.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Check id, oasdiff's spelling where oasdiff has the check.
    pub id: String,
    pub level: Level,
    /// `GET /path`, or empty for document-level changes.
    pub operation: String,
    /// JSON-pointer-like location, following `$ref`s as if inlined.
    pub location: String,
    pub message: String,
    /// What this change means for the crate's version (not in the JSON output).
    #[serde(skip)]
    pub semver: Semver,
}

/// Count of changes per level.
#[derive(Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub breaking: usize,
    pub warning: usize,
    pub info: usize,
}

/// The result of a diff: `{"changes": [...], "summary": {...}, "semver": "..."}`.
#[derive(Serialize, Clone, Debug)]
pub struct Report {
    pub changes: Vec<Change>,
    pub summary: Summary,
    pub semver: Semver,
    /// The documents differ somewhere no check looks (descriptions, examples...).
    #[serde(skip)]
    pub docs_changed: bool,
}

impl Report {
    pub fn summary(&self) -> Summary {
        self.summary
    }

    pub fn semver(&self) -> Semver {
        self.semver
    }

    /// Whether `--fail-on` is met.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        match fail_on {
            FailOn::Breaking => self.summary.breaking > 0,
            FailOn::Warning => self.summary.breaking + self.summary.warning > 0,
            FailOn::Never => false,
        }
    }
}

/// Collects changes during the walk; levels and impacts come from `rules`.
#[derive(Default)]
pub(crate) struct Sink {
    changes: Vec<Change>,
}

impl Sink {
    pub fn push(&mut self, id: &'static str, operation: &str, location: String, message: String) {
        let (level, semver) = rules::rule(id);
        self.changes.push(Change {
            id: id.to_owned(),
            level,
            operation: operation.to_owned(),
            location,
            message,
            semver,
        });
    }
}

/// Diffs two already-parsed OpenAPI 3.0 documents. Errors (a dangling `$ref`,
/// a document that is not OpenAPI 3.0) say which side (`old`/`new`) they are in.
pub fn diff_values(old: &Value, new: &Value) -> Result<Report, String> {
    load::check_openapi_30(old).map_err(|e| format!("old spec: {e}"))?;
    load::check_openapi_30(new).map_err(|e| format!("new spec: {e}"))?;
    // Checked up front, not only where the walk happens to follow a `$ref`:
    // a dangling ref inside an added property would otherwise go unnoticed.
    resolve::check_refs(old).map_err(|e| format!("old spec: {e}"))?;
    resolve::check_refs(new).map_err(|e| format!("new spec: {e}"))?;
    let (o, n) = (resolve::Doc::new(old, "old"), resolve::Doc::new(new, "new"));
    let mut sink = Sink::default();
    security::compare(o, n, &mut sink)?;
    operations::compare(o, n, &mut sink)?;

    let mut changes = sink.changes;
    changes.sort_by(|a, b| {
        (&a.operation, &a.location, &a.id, &a.message).cmp(&(&b.operation, &b.location, &b.id, &b.message))
    });
    // The same change can be reached twice (e.g. a property listed in two
    // `allOf` members); report it once.
    changes.dedup();

    let mut summary = Summary::default();
    for c in &changes {
        match c.level {
            Level::Breaking => summary.breaking += 1,
            Level::Warning => summary.warning += 1,
            Level::Info => summary.info += 1,
        }
    }
    let docs_changed = old != new;
    let semver =
        changes
            .iter()
            .map(|c| c.semver)
            .max()
            .unwrap_or(if docs_changed { Semver::Patch } else { Semver::None });
    Ok(Report {
        changes,
        summary,
        semver,
        docs_changed,
    })
}

/// Loads both files and diffs them.
pub fn diff_files(old: &std::path::Path, new: &std::path::Path) -> Result<Report, String> {
    let old = load_spec(old)?;
    let new = load_spec(new)?;
    diff_values(&old, &new)
}

/// The `cargo xtask diff` command: 0 unless `--fail-on` is met (1); bad input is 2.
pub fn run(args: &DiffArgs) -> ExitCode {
    let report = match diff_files(&args.old, &args.new) {
        Ok(r) => r,
        Err(e) => {
            // Keep it to one line: multi-line parser messages are folded.
            eprintln!("error: {}", e.replace('\n', " "));
            return ExitCode::from(2);
        }
    };
    print!("{}", report.render(args.format));
    if report.fails(args.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
