//! The `mx-nexus-sandbox` binary prints its base URL on one stdout line once
//! it listens, and serves there.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn the_binary_prints_its_url_and_serves_there() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mx-nexus-sandbox"))
        .args(["--port", "0", "--host", "127.0.0.1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    let read = BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .map(|_| line.trim().to_owned());

    let answered = match &read {
        Ok(url) if url.starts_with("http://127.0.0.1:") => reqwest::Client::new()
            .get(format!("{url}/jobs/JOB-1"))
            .header("accept", "application/vnd.mx.nexus.v1+json")
            .send()
            .await
            .map(|response| response.status().as_u16()),
        _ => Ok(0),
    };
    // Stop the child before asserting, so a failure does not leave it running.
    child.kill().expect("the binary stops");
    child.wait().expect("the binary is reaped");

    let url = read.expect("a line on stdout");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_ne!(url, "http://127.0.0.1:0");
    // No session: the sandbox answers 401, which shows it serves Nexus there.
    assert_eq!(answered.expect("the sandbox answers"), 401);
}
