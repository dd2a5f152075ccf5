//! `mx-nexus-sandbox`: runs the sandbox until Ctrl-C, printing its base URL
//! on one line of stdout once it listens (so a script can read it).

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use mx_nexus_sandbox::{Sandbox, defaults};

/// A local server that behaves like MX's Nexus API, for running mx-nexus
/// code without MX credentials.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// IP address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Seconds a session lives without a successful call.
    #[arg(long, default_value_t = defaults::SESSION_IDLE_TIMEOUT.as_secs())]
    session_idle_secs: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let addr = SocketAddr::new(args.host, args.port);
    let sandbox = match Sandbox::builder()
        .bind(addr)
        .session_idle_timeout(Duration::from_secs(args.session_idle_secs))
        .start()
        .await
    {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("error: cannot listen on {addr}: {error}");
            return ExitCode::from(2);
        }
    };

    // stdout carries only the URL; the guide for humans goes to stderr.
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{}", sandbox.base_url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        eprintln!("error: cannot write the base URL to stdout");
        return ExitCode::from(2);
    }
    drop(stdout);
    eprintln!(
        "Nexus sandbox: job {} (member {}) asks {:?} (answer {:?}) and {:?} (answer {:?}). \
         Open a session with POST /sessions and any MD-API-TOKEN. Ctrl-C stops.",
        defaults::JOB_GUID,
        defaults::MEMBER_GUID,
        defaults::QUESTION_1_LABEL,
        defaults::QUESTION_1_ANSWER,
        defaults::QUESTION_2_LABEL,
        defaults::QUESTION_2_ANSWER,
    );

    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {error}");
    }
    match sandbox.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
