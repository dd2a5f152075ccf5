//! `cargo xtask sync` from saved pages: the vendored spec is exactly the
//! tool's output, the output is deterministic, and bad inputs fail with a
//! message naming the culprit while leaving existing files untouched.

use std::fs;
use std::path::Path;
use std::process::Output;

use xtask::sync::{self, Outcome, Source};

use crate::support::{fixture_pages, seed_page as fixture, workspace_root, xtask};

fn vendored_spec() -> Vec<u8> {
    fs::read(workspace_root().join("openapi/nexus/v1.yaml")).expect("read the vendored spec")
}

fn sync_pages(pages: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "sync",
        "--pages",
        pages.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    xtask(args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A page for `GET /jobs/{job_guid}` (readJob) made from the resume-job page:
/// it defines the same schemas, so it merges cleanly unless `edit` changes one.
fn read_job_page(edit: impl Fn(String) -> String) -> String {
    let page = fixture("000_")
        .replace("GET /jobs/{job_guid}/resume", "GET /jobs/{job_guid}")
        .replace("  /jobs/{job_guid}/resume:", "  /jobs/{job_guid}:")
        .replace("operationId: resumeJob", "operationId: readJob");
    edit(page)
}

#[test]
fn pages_reproduce_the_vendored_spec_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nexus/v1.yaml");
    let run = sync_pages(&fixture_pages(), &out, &[]);
    assert_eq!(run.status.code(), Some(0), "stderr: {}", text(&run.stderr));
    assert!(
        fs::read(&out).unwrap() == vendored_spec(),
        "openapi/nexus/v1.yaml is not the sync's output: \
         run `cargo xtask sync --pages xtask/tests/fixtures/pages`"
    );
    assert!(text(&run.stdout).contains("3 pages used, 1 skipped"));

    let source = fs::read_to_string(dir.path().join("nexus/SOURCE")).unwrap();
    assert!(source.contains("used: 3\n  skipped: 1\n"), "{source}");
    for name in fs::read_dir(fixture_pages()).unwrap() {
        let name = name.unwrap().file_name().to_string_lossy().into_owned();
        assert!(source.contains(&name), "{name} missing from SOURCE:\n{source}");
    }
    assert!(source.contains("use: skipped"), "{source}");
    assert!(source.contains("synced_at: '20"), "{source}");
}

#[test]
fn output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a/v1.yaml"), dir.path().join("b/v1.yaml"));
    for out in [&a, &b] {
        let run = sync_pages(&fixture_pages(), out, &[]);
        assert_eq!(run.status.code(), Some(0), "stderr: {}", text(&run.stderr));
    }
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());

    // And the library: build twice from the same pages, same text.
    let pages = sync::collect(&Source::Pages(fixture_pages()), &sync::FetchConfig::default()).unwrap();
    let first = sync::build(&pages).unwrap();
    let second = sync::build(&pages).unwrap();
    assert_eq!(first.text, second.text);
    assert_eq!(first.text.as_bytes(), vendored_spec());
}

#[test]
fn conflicting_schema_names_schema_and_both_pages_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    fs::write(pages.join("a_resume.md"), fixture("000_")).unwrap();
    fs::write(
        pages.join("b_read.md"),
        read_job_page(|p| p.replace("type: integer", "type: string")),
    )
    .unwrap();
    let out = dir.path().join("v1.yaml");
    fs::write(&out, "previous content\n").unwrap();

    let run = sync_pages(&pages, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = text(&run.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for needle in [
        "schema `JobResponse`",
        "a_resume.md",
        "b_read.md",
        "/properties/status/type",
        "\"integer\"",
        "\"string\"",
    ] {
        assert!(stderr.contains(needle), "{needle:?} not in {stderr}");
    }
    assert_eq!(fs::read_to_string(&out).unwrap(), "previous content\n");
    assert!(!dir.path().join("SOURCE").exists());
}

#[test]
fn agreeing_pages_merge_a_new_operation() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    fs::write(pages.join("a.md"), fixture("000_")).unwrap();
    fs::write(pages.join("b.md"), read_job_page(|p| p)).unwrap();
    let synced = sync::build(&sync::collect(&Source::Pages(pages), &Default::default()).unwrap()).unwrap();
    let paths: Vec<&String> = synced.spec["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/jobs/{job_guid}", "/jobs/{job_guid}/resume"]);
}

#[test]
fn same_operation_on_two_pages_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    fs::write(pages.join("one.md"), fixture("000_")).unwrap();
    fs::write(pages.join("two.md"), fixture("000_")).unwrap();
    let run = sync_pages(&pages, &dir.path().join("v1.yaml"), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        text(&run.stderr),
        "error: operation GET /jobs/{job_guid}/resume is defined on two pages: one.md and two.md\n"
    );
    assert!(!dir.path().join("v1.yaml").exists());
}

#[test]
fn unparsable_block_names_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    fs::write(pages.join("good.md"), fixture("000_")).unwrap();
    let broken = fixture("003_").replace("openapi: 3.0.0\ninfo:", "openapi: 3.0.0\ninfo: [oops\n");
    fs::write(pages.join("broken.md"), broken).unwrap();
    let run = sync_pages(&pages, &dir.path().join("v1.yaml"), &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = text(&run.stderr);
    assert!(
        stderr.starts_with("error: page broken.md: the OpenAPI block (from line 14 of the page) does not parse: "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn pages_without_any_block_are_an_error_not_an_empty_spec() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    fs::write(pages.join("rendered.txt"), fixture("001_")).unwrap();
    let run = sync_pages(&pages, &dir.path().join("v1.yaml"), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("no page has"), "{}", text(&run.stderr));
}

#[test]
fn missing_pages_dir_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = sync_pages(&dir.path().join("nope"), &dir.path().join("v1.yaml"), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).starts_with("error: cannot read pages directory"));
}

#[test]
fn check_says_up_to_date_on_identical_input_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v1.yaml");
    fs::write(&out, vendored_spec()).unwrap();
    let run = sync_pages(&fixture_pages(), &out, &["--check"]);
    assert_eq!(run.status.code(), Some(0), "stderr: {}", text(&run.stderr));
    assert!(text(&run.stdout).contains("up to date"), "{}", text(&run.stdout));
    assert!(!dir.path().join("SOURCE").exists());
}

#[test]
fn check_exits_1_with_a_summary_when_the_spec_differs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v1.yaml");
    // An older spec: one operation missing, one schema changed.
    let mut old = sync::build(&sync::collect(&Source::Pages(fixture_pages()), &Default::default()).unwrap())
        .unwrap()
        .spec;
    old["paths"]
        .as_object_mut()
        .unwrap()
        .shift_remove("/jobs/{job_guid}/resume");
    old["components"]["schemas"]["JobResponse"]["properties"]["status"]["type"] = "string".into();
    let old_text = sync::yaml::render(&old);
    fs::write(&out, &old_text).unwrap();

    let run = sync_pages(&fixture_pages(), &out, &["--check"]);
    assert_eq!(run.status.code(), Some(1), "stderr: {}", text(&run.stderr));
    let stdout = text(&run.stdout);
    assert!(stdout.contains("differs"), "{stdout}");
    assert!(stdout.contains("/jobs/{job_guid}/resume"), "{stdout}");
    assert!(stdout.contains("JobResponse"), "{stdout}");
    // --check never writes.
    assert_eq!(fs::read_to_string(&out).unwrap(), old_text);
    assert!(!dir.path().join("SOURCE").exists());

    // Same content, other formatting: still a difference (the file must be
    // the tool's output), reported as formatting only.
    let reformatted = text(&vendored_spec()).replace("openapi: '3.0.0'", "openapi: \"3.0.0\"");
    assert_ne!(reformatted.as_bytes(), vendored_spec());
    fs::write(&out, reformatted).unwrap();
    let run = sync_pages(&fixture_pages(), &out, &["--check"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stdout).contains("formatting"), "{}", text(&run.stdout));
}

#[test]
fn execute_reports_counts() {
    let dir = tempfile::tempdir().unwrap();
    let options = sync::Options {
        source: Source::Pages(fixture_pages()),
        out: dir.path().join("v1.yaml"),
        check: false,
        fetch: Default::default(),
    };
    match sync::execute(&options).unwrap() {
        Outcome::Written { used, skipped } => assert_eq!((used, skipped), (3, 1)),
        other => panic!("unexpected {other:?}"),
    }
}
