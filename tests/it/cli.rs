//! The `mx-nexus` binary (feature `cli`) against a local Nexus sandbox: what
//! it prints, its exit codes, and that it never shows a secret.
//!
//! Run with `cargo test --features cli --test cli` (CI: `cargo test --workspace --features cli,mock,schemars`).

use std::path::PathBuf;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;
use mx_nexus_sandbox::{JobConfig, Question, Sandbox, SandboxBuilder, defaults};
use predicates::prelude::*;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_mx-nexus");

/// The job of the sandboxes here: one question whose answer is easy to spot.
const JOB: &str = "JOB-9";
const MEMBER: &str = "MBR-9";
const QUESTION_GUID: &str = "CRD-9";
const QUESTION_LABEL: &str = "Favourite colour?";
const ANSWER: &str = "ultramarine-answer-5c1e";

/// A sandbox on its own runtime: the test thread runs the binary, blocking,
/// while the runtime's workers serve it.
struct Nexus {
    sandbox: Sandbox,
    _runtime: tokio::runtime::Runtime,
}

impl Nexus {
    /// The default job JOB-1 (two questions) and [`JOB`] (one question).
    fn start() -> Self {
        Self::start_with(Sandbox::builder())
    }

    fn start_with(builder: SandboxBuilder) -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let job = JobConfig::new(JOB, MEMBER).question(Question::new(QUESTION_GUID, QUESTION_LABEL, ANSWER));
        let sandbox = runtime.block_on(builder.job(job).start()).unwrap();
        Self {
            sandbox,
            _runtime: runtime,
        }
    }

    /// The binary, pointed at the sandbox, without credentials.
    fn bare(&self) -> Command {
        let mut command = mx_nexus();
        command.env("MX_NEXUS_BASE_URL", self.sandbox.base_url());
        command
    }

    /// The binary with a fresh one-time API token (each opens one session).
    fn cmd(&self) -> Command {
        let mut command = self.bare();
        command.env("MX_NEXUS_API_TOKEN", api_token());
        command
    }

    /// Reads `job` until it is CHALLENGED (INITIATED -> REQUESTED -> CHALLENGED).
    fn challenge(&self, job: &str) {
        for _ in 0..2 {
            self.cmd().args(["read-job", "--job-guid", job]).assert().success();
        }
        assert_eq!(
            self.sandbox.job(job).unwrap().status_name.as_deref(),
            Some("CHALLENGED")
        );
    }
}

/// The binary with no `MX_NEXUS_*` variable from the environment running
/// the tests, and stdin, stdout and stderr not terminals.
fn mx_nexus() -> Command {
    let mut command = Command::new(BIN);
    for name in [
        "MX_NEXUS_BASE_URL",
        "MX_NEXUS_ENVIRONMENT",
        "MX_NEXUS_SESSION_TOKEN",
        "MX_NEXUS_API_TOKEN",
    ] {
        command.env_remove(name);
    }
    command
}

static TOKENS: AtomicUsize = AtomicUsize::new(0);

/// A one-time API token no other call uses; all share a prefix that must
/// never be printed.
fn api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", TOKENS.fetch_add(1, Ordering::SeqCst))
}

const API_TOKEN_PREFIX: &str = "cli-test-api-token-7d4b-";

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// stderr is exactly one `error: ...` line.
fn assert_one_error_line(output: &Output) -> String {
    let text = stderr(output);
    assert!(text.starts_with("error: ") && text.ends_with('\n'), "{text:?}");
    assert_eq!(text.lines().count(), 1, "{text:?}");
    text
}

/// A file in this test binary's scratch directory.
fn scratch_file(name: &str, contents: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}"))
}

#[test]
fn read_job_prints_one_line_of_json_when_piped() {
    let nexus = Nexus::start();
    let output = nexus.cmd().args(["read-job", "--job-guid", "JOB-1"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text:?}");
    assert!(text.ends_with("}\n") && !text.contains("  "), "{text:?}");
    let job = json(&text);
    assert_eq!(job["job"]["guid"], "JOB-1");
    assert_eq!(job["job"]["status_name"], "REQUESTED");
    assert_eq!(stderr(&output), "");
}

#[test]
fn output_table_lists_fields_and_questions() {
    let nexus = Nexus::start();
    let output = nexus
        .cmd()
        .args(["read-job", "--job-guid", "JOB-1", "--output", "table"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(
        text.lines().any(|l| l.starts_with("guid ") && l.ends_with(" JOB-1")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("status_name ") && l.ends_with(" REQUESTED")),
        "{text}"
    );

    // Global flags go before or after the command.
    nexus
        .cmd()
        .args(["-o", "table", "read-job", "--job-guid", "JOB-1"])
        .assert()
        .success();
    let output = nexus
        .cmd()
        .args(["-o", "table", "list-job-mfa-credentials", "--job-guid", "JOB-1"])
        .output()
        .unwrap();
    let text = stdout(&output);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("GUID") || header.contains(" GUID "), "{text}");
    assert!(header.contains("LABEL"), "{text}");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(
        rows[0].contains("CRD-1") && rows[0].contains(defaults::QUESTION_1_LABEL),
        "{text}"
    );
    // The columns line up: each row's label starts where the header's does.
    let column = header.find("LABEL").unwrap();
    assert_eq!(rows[1].find(defaults::QUESTION_2_LABEL), Some(column), "{text}");
}

#[test]
fn session_open_prints_the_session_token_for_later_commands() {
    let nexus = Nexus::start();
    let output = nexus.cmd().args(["session", "open"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let token = stdout(&output);
    assert_eq!(token, "SANDBOX-SESSION-1\n");
    assert_eq!(stderr(&output), "");

    // Used alone: no API token, so no new session.
    nexus
        .bare()
        .env("MX_NEXUS_SESSION_TOKEN", token.trim_end())
        .args(["read-job", "--job-guid", "JOB-1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""guid":"JOB-1""#));
    assert_eq!(nexus.sandbox.sessions_opened(), 1);

    let output = nexus
        .cmd()
        .args(["session", "open", "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&stdout(&output))["session"]["token"], "SANDBOX-SESSION-2");

    // It needs an API token, even with a session token.
    let output = nexus
        .bare()
        .env("MX_NEXUS_SESSION_TOKEN", "SANDBOX-SESSION-1")
        .args(["session", "open"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(assert_one_error_line(&output).contains("MX_NEXUS_API_TOKEN"));
}

#[test]
fn create_member_credentials_from_a_json_body_file() {
    let nexus = Nexus::start();
    nexus.challenge(JOB);
    let body = serde_json::json!({"member": {"credential_guid": QUESTION_GUID, "value": ANSWER}});
    let path = scratch_file("member-credential.json", &body.to_string());
    let output = nexus
        .cmd()
        .args(["create-member-credentials", "--member-guid", MEMBER, "--json-body"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let created = json(&stdout(&output));
    assert_eq!(created["member_credential"]["credential_guid"], QUESTION_GUID);
    assert_eq!(created["member_credential"]["member_guid"], MEMBER);
    assert!(!stdout(&output).contains(ANSWER));

    nexus.cmd().args(["resume-job", "--job-guid", JOB]).assert().success();
    nexus
        .cmd()
        .args(["read-job", "--job-guid", JOB])
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""status_name":"COMPLETED""#));
}

#[test]
fn create_member_credentials_with_the_value_from_stdin() {
    let nexus = Nexus::start();
    nexus.challenge(JOB);
    let output = nexus
        .cmd()
        .args([
            "create-member-credentials",
            "--member-guid",
            MEMBER,
            "--credential-guid",
            QUESTION_GUID,
            "--value-stdin",
        ])
        .write_stdin(format!("{ANSWER}\n"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        json(&stdout(&output))["member_credential"]["credential_guid"],
        QUESTION_GUID
    );

    // The answer was sent without its newline: MX takes it.
    nexus.cmd().args(["resume-job", "--job-guid", JOB]).assert().success();
    nexus
        .cmd()
        .args(["read-job", "--job-guid", JOB])
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""status_name":"COMPLETED""#));
}

#[test]
fn create_member_credentials_asks_for_the_value_rather_than_take_a_flag() {
    let nexus = Nexus::start();
    let create = [
        "create-member-credentials",
        "--member-guid",
        MEMBER,
        "--credential-guid",
        QUESTION_GUID,
    ];

    // No terminal to prompt on and no --value-stdin: a usage error, nothing sent.
    let output = nexus.cmd().args(create).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(assert_one_error_line(&output).contains("--value-stdin"));

    // `--value` is refused, without repeating it, with or without a guid.
    for args in [&create[..], &create[..3]] {
        let output = nexus.cmd().args(args).args(["--value", ANSWER]).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let error = assert_one_error_line(&output);
        assert!(error.contains("--insecure-value") && !error.contains(ANSWER), "{error}");
    }
    assert_eq!(nexus.sandbox.sessions_opened(), 0);

    // Unless the user insists.
    nexus.challenge(JOB);
    nexus
        .cmd()
        .args(create)
        .args(["--insecure-value", ANSWER])
        .assert()
        .success();

    // A body is needed: the file or the flags, not both.
    let output = nexus.cmd().args(&create[..3]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(assert_one_error_line(&output).contains("--json-body FILE"));
    let output = nexus
        .cmd()
        .args(create)
        .args(["--json-body", "body.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn answer_mfa_answers_resumes_and_waits_until_completed() {
    let nexus = Nexus::start();
    let answers = scratch_file(
        "answers.json",
        &serde_json::json!({ QUESTION_LABEL: ANSWER }).to_string(),
    );
    let output = nexus
        .cmd()
        .args(["answer-mfa", "--job-guid", JOB, "--interval-ms", "10", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let job = json(&stdout(&output));
    assert_eq!(job["job"]["guid"], JOB);
    assert_eq!(job["job"]["status_name"], "COMPLETED");
    // stderr is not a terminal: no spinner, no progress line.
    assert_eq!(stderr(&output), "");

    // From stdin, by credential guid; a completed job has nothing to answer.
    nexus
        .cmd()
        .args(["answer-mfa", "--job-guid", JOB, "--interval-ms", "10", "--answers", "-"])
        .write_stdin(serde_json::json!({ QUESTION_GUID: ANSWER }).to_string())
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""status_name":"COMPLETED""#))
        .stderr("");
}

#[test]
fn answer_mfa_fails_when_an_answer_is_missing_or_refused() {
    let nexus = Nexus::start();
    let run = |answers: Value| {
        nexus
            .cmd()
            .args(["answer-mfa", "--job-guid", JOB, "--interval-ms", "10", "--answers", "-"])
            .write_stdin(answers.to_string())
            .output()
            .unwrap()
    };

    let output = run(serde_json::json!({"Another question?": "x"}));
    assert_eq!(output.status.code(), Some(1));
    let error = assert_one_error_line(&output);
    assert!(
        error.contains("no answer for the MFA question(s) \"Favourite colour?\""),
        "{error}"
    );
    assert_eq!(stdout(&output), "");

    let output = run(serde_json::json!({ QUESTION_LABEL: "wrong" }));
    assert_eq!(output.status.code(), Some(1));
    assert!(assert_one_error_line(&output).contains("still CHALLENGED"));
    assert_eq!(json(&stdout(&output))["job"]["status_name"], "CHALLENGED");

    // Not a JSON object of strings: a usage error that does not quote the file.
    let output = run(serde_json::json!({ QUESTION_LABEL: 424242 }));
    assert_eq!(output.status.code(), Some(2));
    assert!(!assert_one_error_line(&output).contains("424242"));
}

#[test]
fn exit_code_1_when_nexus_answers_an_error() {
    let nexus = Nexus::start();
    let output = nexus
        .cmd()
        .args(["read-job", "--job-guid", "JOB-404"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error = assert_one_error_line(&output);
    assert!(
        error.starts_with("error: read_job: Nexus answered HTTP 404 Not Found, MX code 4040"),
        "{error}"
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn exit_code_2_for_usage_errors() {
    let nexus = Nexus::start();
    for args in [
        &["read-job", "--job-guid", "JOB-1", "--bogus"][..],
        &["read-job"],
        &["no-such-command"],
        &["read-job", "--job-guid", "JOB-1", "--output", "yaml"],
        &[],
    ] {
        let output = nexus.cmd().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        // clap's message: `error: ...` and a pointer to the help, or the help itself.
        let text = stderr(&output);
        assert!(
            text.starts_with("error: ") || text.contains("Usage: mx-nexus"),
            "{args:?}: {text}"
        );
        assert_eq!(stdout(&output), "", "{args:?}");
    }
    // No server, no token, a malformed server URL.
    for (mut command, says) in [
        (
            {
                let mut c = mx_nexus();
                c.env("MX_NEXUS_API_TOKEN", api_token());
                c
            },
            "--base-url",
        ),
        (nexus.bare(), "MX_NEXUS_API_TOKEN"),
        (
            {
                let mut c = nexus.cmd();
                c.args(["--base-url", "not a url"]);
                c
            },
            "invalid base URL",
        ),
    ] {
        let output = command.args(["read-job", "--job-guid", "JOB-1"]).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(assert_one_error_line(&output).contains(says), "{}", stderr(&output));
    }
    mx_nexus()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes:"));
}

#[test]
fn plain_http_to_another_machine_is_a_usage_error_that_names_the_flag() {
    let output = mx_nexus()
        .env("MX_NEXUS_BASE_URL", "http://nexus.example.internal")
        .env("MX_NEXUS_SESSION_TOKEN", "a-session-token")
        .args(["read-job", "--job-guid", "JOB-1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let error = assert_one_error_line(&output);
    assert!(
        error.contains("refusing http://nexus.example.internal") && error.contains("clear text"),
        "{error}"
    );
    assert!(error.contains("pass --allow-insecure-http"), "{error}");
    let help = mx_nexus().args(["read-job", "--help"]).output().unwrap();
    assert!(stdout(&help).contains("--allow-insecure-http"), "{}", stdout(&help));
}

#[test]
fn a_redirect_to_another_host_is_refused_and_no_token_goes_there() {
    use crate::support::fault_server::{FaultServer, Reply};
    let elsewhere = FaultServer::start("127.0.0.2", vec![Reply::http("200 OK", &[], "{}")]);
    let location = format!("location: http://127.0.0.2:{}/jobs/JOB-1", elsewhere.port);
    let nexus = FaultServer::start("127.0.0.1", vec![Reply::http("302 Found", &[&location], "")]);
    for (variable, token) in [
        ("MX_NEXUS_SESSION_TOKEN", "a-session-token"),
        ("MX_NEXUS_API_TOKEN", "an-api-token"),
    ] {
        let output = mx_nexus()
            .env("MX_NEXUS_BASE_URL", &nexus.base_url)
            .env(variable, token)
            .args(["read-job", "--job-guid", "JOB-1"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{variable}: {}", stderr(&output));
        let error = assert_one_error_line(&output);
        assert!(
            error.contains(&format!("redirecting to http://127.0.0.2:{}", elsewhere.port)),
            "{error}"
        );
        assert!(!error.contains(token), "{error}");
    }
    assert!(elsewhere.requests().is_empty(), "{:?}", elsewhere.requests());
}

#[test]
fn exit_code_3_when_nothing_listens() {
    // A port that was just free: connections to it are refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    for (variable, token) in [
        ("MX_NEXUS_SESSION_TOKEN", "a-session-token"),
        // The session is opened first: POST /sessions gets no answer.
        ("MX_NEXUS_API_TOKEN", "an-api-token"),
    ] {
        let output = mx_nexus()
            .env("MX_NEXUS_BASE_URL", &url)
            .env(variable, token)
            .args(["read-job", "--job-guid", "JOB-1"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(3), "{variable}: {}", stderr(&output));
        let error = assert_one_error_line(&output);
        assert!(error.contains("could not connect to Nexus"), "{error}");
        assert!(!error.contains(token), "{error}");
    }
}

#[test]
fn no_secret_is_ever_printed_but_the_opened_session_token() {
    let nexus = Nexus::start();
    let mut printed = String::new();
    let mut record = |output: Output| {
        printed.push_str(&stdout(&output));
        printed.push_str(&stderr(&output));
    };

    // An API token the server refuses, a wrong credential guid (422), a
    // body whose value has the wrong type, a body that is not JSON, then the
    // whole flow.
    let strict = Nexus::start_with(Sandbox::builder().api_tokens(["the-only-accepted-token"]));
    let output = strict.cmd().args(["read-job", "--job-guid", "JOB-1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    record(output);
    record(nexus.cmd().args(["read-job", "--job-guid", "JOB-1"]).output().unwrap());
    nexus.challenge(JOB);
    record(
        nexus
            .cmd()
            .args([
                "create-member-credentials",
                "--member-guid",
                MEMBER,
                "--credential-guid",
                "CRD-X",
            ])
            .arg("--value-stdin")
            .write_stdin(ANSWER)
            .output()
            .unwrap(),
    );
    let wrong_type = scratch_file(
        "wrong-type.json",
        &format!(r#"{{"member": {{"credential_guid": "{QUESTION_GUID}", "value": ["{ANSWER}"]}}}}"#),
    );
    let not_json = scratch_file("not-json.json", &format!(r#"{{"member": {{"value": "{ANSWER}"#));
    for body in [&wrong_type, &not_json] {
        let output = nexus
            .cmd()
            .args(["create-member-credentials", "--member-guid", MEMBER, "--json-body"])
            .arg(body)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        record(output);
    }
    record(
        nexus
            .cmd()
            .args(["answer-mfa", "--job-guid", JOB, "--interval-ms", "10", "--answers", "-"])
            .write_stdin(serde_json::json!({ QUESTION_LABEL: ANSWER }).to_string())
            .output()
            .unwrap(),
    );
    assert!(printed.contains("COMPLETED"), "{printed}");
    assert!(!printed.contains(API_TOKEN_PREFIX), "{printed}");
    assert!(!printed.contains(ANSWER), "{printed}");
    assert!(!printed.contains("SANDBOX-SESSION"), "{printed}");
}

/// On a terminal (a pseudo-terminal from util-linux `script`): indented JSON
/// on stdout, and a spinner on stderr while `answer-mfa` waits.
#[test]
fn on_a_terminal_json_is_indented_and_answer_mfa_shows_its_progress() {
    let script = std::process::Command::new("script").arg("--version").output();
    if !script.is_ok_and(|output| output.status.success()) {
        eprintln!("SKIPPED on_a_terminal_...: no util-linux `script` to run the binary on a pseudo-terminal");
        return;
    }
    let nexus = Nexus::start();
    let answers = scratch_file(
        "terminal-answers.json",
        &serde_json::json!({ QUESTION_GUID: ANSWER }).to_string(),
    );
    let command_line = format!(
        "'{BIN}' answer-mfa --job-guid {JOB} --interval-ms 10 --answers '{}'",
        answers.display()
    );
    let output = std::process::Command::new("script")
        .args(["--quiet", "--return", "--command", &command_line, "/dev/null"])
        .env("TERM", "xterm")
        .env("MX_NEXUS_BASE_URL", nexus.sandbox.base_url())
        .env("MX_NEXUS_API_TOKEN", api_token())
        .env_remove("MX_NEXUS_SESSION_TOKEN")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    // The terminal shows stdout and stderr together, with \r\n line ends.
    let screen = stdout(&output).replace('\r', "");
    assert!(output.status.success(), "{screen}");
    assert!(screen.contains(&format!("waiting for job {JOB}")), "{screen:?}");
    assert!(
        screen.contains("{\n  \"job\": {\n") && screen.contains("\"status_name\": \"COMPLETED\""),
        "{screen:?}"
    );
    assert!(!screen.contains(ANSWER) && !screen.contains(API_TOKEN_PREFIX));
}
