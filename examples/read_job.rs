//! Reads one job from a Nexus server and prints its status.
//!
//! ```sh
//! MX_NEXUS_BASE_URL=https://int-data.moneydesktop.com \
//! MX_NEXUS_SESSION_TOKEN=... \
//! cargo run --example read_job -- JOB-e386a323-e452-47f2-b2fd-1ac3c18533de
//! ```
//!
//! The job guid may also come from `MX_NEXUS_JOB_GUID`. Instead of a session
//! token, `MX_NEXUS_API_TOKEN` (a one-time API token from MX's SSO API) lets
//! the client open the session itself with `POST /sessions`.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let base_url = env("MX_NEXUS_BASE_URL")?;
    let job_guid = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("MX_NEXUS_JOB_GUID").ok())
        .ok_or("give the job guid as the first argument or in MX_NEXUS_JOB_GUID")?;

    let config = mx_nexus::ClientConfig::new(base_url);
    let config = match (env("MX_NEXUS_SESSION_TOKEN"), env("MX_NEXUS_API_TOKEN")) {
        (Ok(session_token), _) => config.session_token(session_token),
        // An API token is good for one session: a renewal would need a new one.
        (Err(_), Ok(api_token)) => config.api_token_source(move || {
            let api_token = api_token.clone();
            async move { Ok::<_, mx_nexus::BoxError>(api_token) }
        }),
        (Err(e), Err(_)) => {
            return Err(e.replace("MX_NEXUS_SESSION_TOKEN", "MX_NEXUS_SESSION_TOKEN or MX_NEXUS_API_TOKEN"));
        }
    };
    let client = config.build().map_err(|e| e.to_string())?;
    let body = client
        .read_job()
        .job_guid(&job_guid)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .into_inner();

    let job = body.job.ok_or("the answer has no `job`")?;
    println!(
        "job {} for member {}: {}",
        job.guid.as_deref().unwrap_or(&job_guid),
        job.member_guid.as_deref().unwrap_or("?"),
        job.job_status()
    );
    Ok(())
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name} (see the README)"))
}
