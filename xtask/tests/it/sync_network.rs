//! `cargo xtask sync --index URL` against an httpmock docs site: the index is
//! filtered to the Nexus reference pages, a transient 503 is retried, and a
//! 404 aborts the sync without touching the existing output.

use std::fs;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use httpmock::prelude::*;
use httpmock::{HttpMockRequest, Mock};
use xtask::sync::{self, FetchConfig, Outcome, Source};

use crate::support::{seed_page as fixture, workspace_root};

const MFA_PAGE: &str = "/api-reference/nexus/jobs/list-job-mfa-credentials.md";

fn fast() -> FetchConfig {
    FetchConfig {
        backoff: Duration::from_millis(10),
        timeout: Duration::from_secs(10),
        ..FetchConfig::default()
    }
}

/// An llms.txt in the docs site's shape, linking into `server`. Links come
/// with and without `.md`, absolute and relative; non-Nexus pages must not be
/// fetched.
fn index(server: &MockServer, extra: &str) -> String {
    format!(
        "# MX Docs\n\n## Docs\n\n\
         - [(Deprecated) Resume job]({}): Resume a job.\n\
         - [MFA credentials]({}): List the questions.\n\
         - [(Deprecated) Member credentials](/api-reference/nexus/members/create-member-credentials): Answer.\n\
         - [Nexus overview]({}): Guide.\n\
         - [Platform accounts]({}): Another API.\n{extra}",
        server.url("/api-reference/nexus/jobs/resume-job.md"),
        server.url(MFA_PAGE),
        server.url("/api-reference/nexus/overview"),
        server.url("/api-reference/platform-api/accounts.md"),
    )
}

fn page<'a>(server: &'a MockServer, path: &str, body: String) -> Mock<'a> {
    server.mock(|when, then| {
        when.method(GET).path(path);
        then.status(200).header("content-type", "text/markdown").body(body);
    })
}

#[test]
fn network_sync_matches_the_vendored_spec_and_retries_a_503() {
    let server = MockServer::start();
    let idx = server.mock(|when, then| {
        when.method(GET).path("/llms.txt");
        then.status(200).body(index(&server, ""));
    });
    // The MFA page fails once with 503, then succeeds: the first matching mock
    // answers, so the flaky one must match the first request only.
    let failed_once = Arc::new(AtomicBool::new(false));
    let flag = failed_once.clone();
    let flaky = server.mock(|when, then| {
        when.method(GET)
            .is_true(move |req: &HttpMockRequest| req.uri().path() == MFA_PAGE && !flag.swap(true, Ordering::SeqCst));
        then.status(503);
    });
    let mfa = page(&server, MFA_PAGE, fixture("003_"));
    let resume = page(&server, "/api-reference/nexus/jobs/resume-job.md", fixture("000_"));
    let member = page(
        &server,
        "/api-reference/nexus/members/create-member-credentials.md",
        fixture("002_"),
    );
    // The overview is a guide: no OpenAPI block (the rendered-text seed).
    let overview = page(&server, "/api-reference/nexus/overview.md", fixture("001_"));
    let platform = page(&server, "/api-reference/platform-api/accounts.md", String::new());

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("openapi/nexus/v1.yaml");
    let options = sync::Options {
        source: Source::Index(server.url("/llms.txt")),
        out: out.clone(),
        check: false,
        fetch: fast(),
    };
    let outcome = sync::execute(&options).expect("sync");
    assert!(
        matches!(outcome, Outcome::Written { used: 3, skipped: 1 }),
        "{outcome:?}"
    );

    idx.assert_calls(1);
    flaky.assert_calls(1);
    mfa.assert_calls(1);
    resume.assert_calls(1);
    member.assert_calls(1);
    overview.assert_calls(1);
    platform.assert_calls(0);

    let vendored = fs::read(workspace_root().join("openapi/nexus/v1.yaml")).unwrap();
    assert!(
        fs::read(&out).unwrap() == vendored,
        "network sync differs from the vendored spec"
    );
    let source = fs::read_to_string(dir.path().join("openapi/nexus/SOURCE")).unwrap();
    assert!(source.contains(&server.url("/llms.txt")), "{source}");
    assert!(source.contains(&server.url(MFA_PAGE)), "{source}");
}

#[test]
fn a_404_page_is_an_error_naming_it_and_the_old_file_survives() {
    let server = MockServer::start();
    let extra = format!(
        "- [Gone](https://{}/api-reference/nexus/jobs/gone): Removed.\n",
        server.address()
    )
    .replace("https://", "http://");
    server.mock(|when, then| {
        when.method(GET).path("/llms.txt");
        then.status(200).body(index(&server, &extra));
    });
    page(&server, MFA_PAGE, fixture("003_"));
    page(&server, "/api-reference/nexus/jobs/resume-job.md", fixture("000_"));
    page(
        &server,
        "/api-reference/nexus/members/create-member-credentials.md",
        fixture("002_"),
    );
    page(&server, "/api-reference/nexus/overview.md", fixture("001_"));
    // No mock for /api-reference/nexus/jobs/gone.md: httpmock answers 404.

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v1.yaml");
    fs::write(&out, "the previous spec\n").unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["sync", "--index", &server.url("/llms.txt"), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let gone = server.url("/api-reference/nexus/jobs/gone.md");
    assert!(
        stderr.starts_with(&format!("error: GET {gone} answered 404")),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "the previous spec\n");
    assert!(!dir.path().join("SOURCE").exists());
}

#[test]
fn a_page_failing_every_try_is_an_error_after_the_retries() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/llms.txt");
        then.status(200).body(index(&server, ""));
    });
    let down = server.mock(|when, then| {
        when.method(GET).path(MFA_PAGE);
        then.status(502);
    });
    page(&server, "/api-reference/nexus/jobs/resume-job.md", fixture("000_"));
    page(
        &server,
        "/api-reference/nexus/members/create-member-credentials.md",
        fixture("002_"),
    );
    page(&server, "/api-reference/nexus/overview.md", fixture("001_"));

    let dir = tempfile::tempdir().unwrap();
    let err = sync::execute(&sync::Options {
        source: Source::Index(server.url("/llms.txt")),
        out: dir.path().join("v1.yaml"),
        check: false,
        fetch: fast(),
    })
    .unwrap_err()
    .to_string();
    down.assert_calls(3);
    assert_eq!(
        err,
        format!(
            "GET {} failed after 3 tries: answered 502 Bad Gateway",
            server.url(MFA_PAGE)
        )
    );
    assert!(!dir.path().join("v1.yaml").exists());
}

#[test]
fn an_unreachable_index_is_an_error() {
    // A port nothing listens on: bind, read the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = sync::collect(&Source::Index(format!("http://127.0.0.1:{port}/llms.txt")), &fast())
        .unwrap_err()
        .to_string();
    assert!(err.contains("failed after 3 tries"), "{err}");
}
