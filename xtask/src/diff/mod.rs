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
//! id table, `catalog` knows each operation's tag, `overview` sums the
//! changes up per tag, `report` renders.

mod catalog;
mod load;
mod operations;
mod overview;
mod report;
mod resolve;
mod rules;
mod schema;
mod security;

use serde::Serialize;
use serde_json::Value;

pub use catalog::{Catalog, UNTAGGED};
pub use load::{load_spec, parse as parse_spec};
pub use overview::TagSummary;
pub use rules::{Args, RULES, Rule, markdown_table as rules_table};

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
#[derive(Serialize, Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    #[default]
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
    /// The MX tag of its operation (none for document-level changes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
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

/// The result of a diff: `{"changes": [...], "summary": {...}, "by_tag": {...}, "semver": "...", "rust": {...}}`.
#[derive(Serialize, Clone, Debug)]
pub struct Report {
    pub changes: Vec<Change>,
    pub summary: Summary,
    /// Per MX tag: operations added, removed, changed, and their bump.
    pub by_tag: std::collections::BTreeMap<String, TagSummary>,
    /// The crate's version bump: the Rust API diff's when it ran, else the
    /// spec-level estimate (`spec_semver`).
    pub semver: Semver,
    /// The bump the spec changes alone suggest (the rule table's impacts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec_semver: Option<Semver>,
    /// The Rust API diff (absent with `--spec-only` and in `diff_values`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust: Option<RustReport>,
    /// The documents differ somewhere no check looks (descriptions, examples...).
    #[serde(skip)]
    pub docs_changed: bool,
    /// Each operation's tag, and OLD's operations paired with NEW's.
    #[serde(skip)]
    pub catalog: Catalog,
}

/// What the spec change does to the generated Rust API.
#[derive(Serialize, Clone, Debug, Default)]
pub struct RustReport {
    pub changes: Vec<crate::api::RustChange>,
    /// Overlay actions that match nothing in NEW (each named).
    pub stale_overlay: Vec<String>,
    /// Operations of NEW without an operationId, with the name build.rs gives them.
    pub named_operations: Vec<String>,
    /// Operations of NEW that build.rs leaves out of the crate (their
    /// answers have a shape it cannot send), with why.
    pub unsupported: Vec<String>,
    /// Operations of NEW that build.rs keeps in the client but leaves out of
    /// the CLI (two parameters would be one flag), with why.
    pub cli_left_out: Vec<String>,
    /// Why the Rust API could not be compared (generation failed); the
    /// verdict is then the spec-level one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Public items compared (old, new).
    pub items: (usize, usize),
}

/// How `diff_files_with` reads the two specs.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The overlay to apply to both specs before comparing (the crate's
    /// `openapi/nexus/overlay.yaml` from the CLI), or none.
    pub overlay: Option<Value>,
    /// Also generate and compare the Rust API.
    pub rust: bool,
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
        let wire = self.summary.breaking > 0;
        // Only the Rust API diff's verdict: the spec-level estimate (with
        // `--spec-only`, or when generation failed) rates most additions major.
        let rust_major = self.semver == Semver::Major && self.rust.as_ref().is_some_and(|r| r.error.is_none());
        match fail_on {
            FailOn::Breaking => wire || rust_major,
            FailOn::Wire => wire,
            FailOn::Warning => wire || rust_major || self.summary.warning > 0,
            FailOn::Major => self.semver == Semver::Major,
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
    /// Records `rule` at `location`, its message filled from `args`.
    pub fn push(&mut self, rule: &'static rules::Rule, operation: &str, location: String, args: Args<'_>) {
        let (level, semver, message) = (rule.level, rule.semver, rule.render(&args));
        self.changes.push(Change {
            id: rule.id.to_owned(),
            level,
            operation: operation.to_owned(),
            location,
            message,
            tag: None,
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
    let catalog = Catalog::of(o, n)?;
    for change in changes.iter_mut().filter(|c| !c.operation.is_empty()) {
        change.tag = Some(catalog.tag(&change.operation).to_owned());
    }
    let docs_changed = old != new;
    let semver =
        changes
            .iter()
            .map(|c| c.semver)
            .max()
            .unwrap_or(if docs_changed { Semver::Patch } else { Semver::None });
    Ok(Report {
        by_tag: overview::by_tag(&changes, None, &catalog),
        changes,
        summary,
        semver,
        spec_semver: None,
        rust: None,
        docs_changed,
        catalog,
    })
}

/// Loads both files and diffs them (spec level only, no overlay).
pub fn diff_files(old: &std::path::Path, new: &std::path::Path) -> Result<Report, String> {
    let old = load_spec(old)?;
    let new = load_spec(new)?;
    diff_values(&old, &new)
}

/// Loads both files, applies the overlay to each (actions that no longer
/// match are reported, not fatal), diffs the specs and, with
/// `options.rust`, the Rust API generated from each. The verdict is the
/// Rust one when it could be computed.
pub fn diff_files_with(old: &std::path::Path, new: &std::path::Path, options: &Options) -> Result<Report, String> {
    let old_raw = load_spec(old)?;
    let new_raw = load_spec(new)?;
    diff_prepared(&old_raw, &new_raw, options)
}

/// `diff_files_with` on already-loaded documents.
pub fn diff_prepared(old_raw: &Value, new_raw: &Value, options: &Options) -> Result<Report, String> {
    let mut old = crate::api::prepare(old_raw, options.overlay.as_ref()).map_err(|e| format!("old spec: {e}"))?;
    let mut new = crate::api::prepare(new_raw, options.overlay.as_ref()).map_err(|e| format!("new spec: {e}"))?;
    let mut report = diff_values(&old.spec, &new.spec)?;
    if !options.rust {
        return Ok(report);
    }
    let mut rust = RustReport {
        stale_overlay: new
            .stale_overlay
            .iter()
            .map(|a| {
                if old.stale_overlay.contains(a) {
                    format!("{a} (did not apply to OLD either)")
                } else {
                    a.clone()
                }
            })
            .collect(),
        ..RustReport::default()
    };
    let apis = crate::api::generate_api(&mut old)
        .map_err(|e| format!("OLD: {e}"))
        .and_then(|a| Ok((a, crate::api::generate_api(&mut new).map_err(|e| format!("NEW: {e}"))?)));
    rust.named_operations = new.named_operations.clone();
    rust.unsupported = new.unsupported.clone();
    rust.cli_left_out = new.cli_left_out.clone();
    report.spec_semver = Some(report.semver);
    match apis {
        Ok((old_api, new_api)) => {
            let same = same_operations(&report.catalog, &old.operations, &new.operations);
            let mut changes = crate::api::compare::compare(&old_api, &new_api, &same);
            crate::api::cause::attach(&mut changes, &old.spec, &new.spec, &report.changes);
            place(&mut changes, (&old_api, &old), (&new_api, &new), &report.catalog);
            report.by_tag = overview::by_tag(&report.changes, Some(&changes), &report.catalog);
            rust.items = (old_api.len(), new_api.len());
            report.semver = changes
                .iter()
                .map(|c| c.semver)
                .max()
                .unwrap_or(if report.docs_changed {
                    Semver::Patch
                } else {
                    Semver::None
                });
            rust.changes = changes;
        }
        Err(e) => rust.error = Some(e.replace('\n', " ")),
    }
    report.rust = Some(rust);
    Ok(report)
}

/// The operations in both specs, by progenitor's method names in OLD and
/// NEW (`read_job`): from `(label, operationId)` of each side's operations.
fn same_operations(catalog: &Catalog, old: &[(String, String)], new: &[(String, String)]) -> Vec<(String, String)> {
    use heck::ToSnakeCase;
    let new_ids: std::collections::BTreeMap<&str, &str> = new.iter().map(|(l, id)| (l.as_str(), id.as_str())).collect();
    old.iter()
        .filter_map(|(label, id)| {
            let now = new_ids.get(catalog.current(label))?;
            Some((id.to_snake_case(), now.to_snake_case()))
        })
        .collect()
}

/// Which operations each Rust change touches (NEW's labels), and the tag
/// and operation it is listed under: a removed item is looked up in OLD's
/// API, anything else in NEW's.
fn place(
    changes: &mut [crate::api::RustChange],
    (old_api, old): (&crate::api::Api, &crate::api::Prepared),
    (new_api, new): (&crate::api::Api, &crate::api::Prepared),
    catalog: &Catalog,
) {
    use crate::api::reach::Owners;
    let old_owners = Owners::of(old_api, &old.operations);
    let new_owners = Owners::of(new_api, &new.operations);
    for change in changes {
        let owners = match change.what {
            crate::api::What::Removed => &old_owners,
            _ => &new_owners,
        };
        change.operations = owners
            .of_path(&change.path)
            .iter()
            .map(|label| catalog.current(label).to_owned())
            .collect();
        let tags: std::collections::BTreeSet<&str> = change.operations.iter().map(|l| catalog.tag(l)).collect();
        change.tag = match tags.len() {
            1 => tags.first().map(|t| (*t).to_owned()),
            _ => None,
        };
        change.operation = match change.operations.len() {
            1 => change.operations.first().cloned(),
            _ => None,
        };
    }
}

/// The `cargo xtask diff` command: `Found` when `--fail-on` is met; bad
/// input is a failure.
pub fn run(args: &DiffArgs) -> crate::exit::Outcome {
    let report = diff_files_with(&args.old, &args.new, &args.options()?)?;
    crate::exit::print_out(&report.render(args.format))?;
    Ok(crate::exit::Done::found_if(report.fails(args.fail_on)))
}
