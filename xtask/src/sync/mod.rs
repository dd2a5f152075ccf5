//! `cargo xtask sync`: rebuild `openapi/nexus/v1.yaml` from MX's docs.
//!
//! MX publishes no whole Nexus spec. Each API reference page embeds an OpenAPI
//! document holding its one operation, so the spec is the merge of every
//! page's block. The pipeline, one module per step:
//!
//! 1. [`fetch`]: the pages, from the docs index (`llms.txt`, filtered by
//!    [`index`]) or from a directory of saved pages;
//! 2. [`page`]: each page's `openapi/nexus/v1.yaml` block (pages without one
//!    are skipped and counted), parsed through [`yaml`]; pages and index are
//!    read as CommonMark by [`markdown`];
//! 3. [`merge`]: one document, refusing any disagreement between pages;
//! 4. [`write`](mod@write) the spec and [`provenance`] (`SOURCE`) atomically, or with
//!    `--check` compare with the file on disk ([`check`]).
//!
//! Relative paths (`--out`, `--pages`) are resolved against the workspace
//! root, not the current directory, because cargo runs xtask from wherever
//! the user stands and the defaults must always name the vendored files.

pub mod check;
pub mod fetch;
pub mod index;
pub mod markdown;
pub mod merge;
pub mod page;
pub mod provenance;
pub mod write;
pub mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use fetch::FetchConfig;
pub use page::Page;
use provenance::{PageRecord, Use};

/// Where the index lives when neither `--index` nor `--pages` is given.
pub const DEFAULT_INDEX: &str = "https://docs.mx.com/llms.txt";
/// The provenance file, written next to the spec.
pub const SOURCE_FILE: &str = "SOURCE";

/// A sync failure, as one line for `error: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Where the pages come from.
#[derive(Clone, Debug)]
pub enum Source {
    Index(String),
    Pages(PathBuf),
}

/// Everything a sync needs, with paths already resolved.
#[derive(Clone, Debug)]
pub struct Options {
    pub source: Source,
    pub out: PathBuf,
    pub check: bool,
    pub fetch: FetchConfig,
}

/// The merged spec and what each page contributed.
#[derive(Clone, Debug)]
pub struct Synced {
    pub spec: Value,
    /// The spec as written: the YAML rendering of `spec`.
    pub text: String,
    pub pages: Vec<PageRecord>,
}

impl Synced {
    pub fn count(&self, kind: Use) -> usize {
        self.pages.iter().filter(|p| p.used == kind).count()
    }
}

/// What a successful run did.
#[derive(Debug)]
pub enum Outcome {
    /// The spec and SOURCE were written.
    Written { used: usize, skipped: usize },
    /// `--check`: the file at `--out` is exactly the synced spec.
    UpToDate,
    /// `--check`: it differs; the lines say how.
    Differs(Vec<String>),
}

/// Gets the pages from the source.
pub fn collect(source: &Source, config: &FetchConfig) -> Result<Vec<Page>, Error> {
    match source {
        Source::Index(url) => fetch::fetch_index(url, config),
        Source::Pages(dir) => fetch::read_dir(dir),
    }
}

/// Pages to spec: extract, parse, merge, render. Pure: no I/O.
pub fn build(pages: &[Page]) -> Result<Synced, Error> {
    let mut fragments = Vec::new();
    let mut records = Vec::new();
    for page in pages {
        let used = match page::find_block(page)? {
            Some(block) => {
                fragments.push(page::parse_block(&page.name, &block)?);
                Use::Used
            }
            None => Use::Skipped,
        };
        records.push(PageRecord {
            page: page.name.clone(),
            sha256: provenance::sha256_hex(&page.body),
            used,
        });
    }
    let spec = merge::merge(&fragments)?;
    let text = yaml::render(&spec);
    // Guard against an emitter quirk changing content: what is written must
    // read back as exactly what was merged.
    if yaml::parse(&text).ok().as_ref() != Some(&spec) {
        return Err(Error::new(
            "the rendered YAML does not read back as the merged spec (emitter bug?)",
        ));
    }
    Ok(Synced {
        spec,
        text,
        pages: records,
    })
}

/// Runs a sync: collect, build, then write or check.
pub fn execute(options: &Options) -> Result<Outcome, Error> {
    let pages = collect(&options.source, &options.fetch)?;
    let synced = build(&pages)?;
    if options.check {
        return compare(&synced, &options.out);
    }
    let source = provenance::Source {
        source: match &options.source {
            Source::Index(url) => url.clone(),
            Source::Pages(dir) => display_path(dir),
        },
        synced_at: provenance::now_rfc3339(),
        spec_sha256: provenance::sha256_hex(synced.text.as_bytes()),
        pages: provenance::Counts {
            used: synced.count(Use::Used),
            skipped: synced.count(Use::Skipped),
        },
        page_hashes: synced.pages.clone(),
    };
    let source_text = source.render()?;
    write::write_all(&[
        (options.out.clone(), synced.text.as_bytes()),
        (source_path(&options.out), source_text.as_bytes()),
    ])?;
    Ok(Outcome::Written {
        used: source.pages.used,
        skipped: source.pages.skipped,
    })
}

fn compare(synced: &Synced, out: &Path) -> Result<Outcome, Error> {
    let current = match std::fs::read(out) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Outcome::Differs(vec![format!("{} does not exist", out.display())]));
        }
        Err(e) => return Err(Error::new(format!("cannot read {}: {e}", out.display()))),
    };
    if current == synced.text.as_bytes() {
        return Ok(Outcome::UpToDate);
    }
    let old = yaml::parse(&String::from_utf8_lossy(&current))
        .map_err(|e| Error::new(format!("{} does not parse: {e}", out.display())))?;
    if old == synced.spec {
        return Ok(Outcome::Differs(vec![
            "same content, different formatting (re-run the sync to rewrite it)".into(),
        ]));
    }
    // The inventory first (what was added, removed, changed), then the
    // semantic diff with breaking-change levels from `cargo xtask diff`.
    let mut lines = check::summary(&old, &synced.spec);
    match crate::diff::diff_values(&old, &synced.spec) {
        Ok(report) => {
            lines.push(format!("diff (old: {}, new: synced):", out.display()));
            lines.extend(report.render(crate::Format::Text).lines().map(|l| format!("  {l}")));
        }
        Err(e) => lines.push(format!("(no semantic diff: {e})")),
    }
    Ok(Outcome::Differs(lines))
}

/// `SOURCE`, in the directory of the spec.
pub fn source_path(out: &Path) -> PathBuf {
    out.with_file_name(SOURCE_FILE)
}

/// The workspace root: xtask lives one level below it.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Resolves a path given on the command line against the workspace root.
pub fn resolve(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        workspace_root().join(path)
    }
}

/// A path as recorded in SOURCE: relative to the workspace root when inside
/// it, so the committed file does not depend on where the repo is checked out.
fn display_path(path: &Path) -> String {
    let root = workspace_root();
    path.strip_prefix(&root).unwrap_or(path).display().to_string()
}

/// The CLI entry point: written or up to date, or `Found` when `--check`
/// finds differences.
pub fn run(args: &crate::SyncArgs) -> crate::exit::Outcome {
    use crate::exit::Done;
    let options = Options {
        source: match (&args.source.index, &args.source.pages) {
            (_, Some(dir)) => Source::Pages(resolve(dir)),
            (Some(url), None) => Source::Index(url.clone()),
            (None, None) => Source::Index(DEFAULT_INDEX.to_string()),
        },
        out: resolve(&args.out),
        check: args.check,
        fetch: FetchConfig::default(),
    };
    let out = display_path(&options.out);
    match execute(&options) {
        Ok(Outcome::Written { used, skipped }) => {
            println!("wrote {out} and {SOURCE_FILE}: {used} pages used, {skipped} skipped (no OpenAPI block)");
            Ok(Done::Clean)
        }
        Ok(Outcome::UpToDate) => {
            println!("{out} is up to date");
            Ok(Done::Clean)
        }
        Ok(Outcome::Differs(lines)) => {
            println!("{out} differs from the synced spec:");
            for line in lines {
                println!("  {line}");
            }
            Ok(Done::Found)
        }
        Err(e) => Err(e.into()),
    }
}
