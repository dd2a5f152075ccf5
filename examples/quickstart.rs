//! The MFA flow MX documents, end to end: open a session, read a job, wait
//! until it is CHALLENGED, list its questions, answer them, resume it, and
//! wait until it is COMPLETED.
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! With no environment it starts a local Nexus (the `mx-nexus-sandbox`
//! crate) in this process and answers its questions itself. To run against
//! a real server instead:
//!
//! ```sh
//! MX_NEXUS_BASE_URL=https://int-data.moneydesktop.com \
//! MX_NEXUS_API_TOKEN=<one-time API token> \      # or MX_NEXUS_SESSION_TOKEN=<session token>
//! MX_NEXUS_JOB_GUID=JOB-... \
//! MX_NEXUS_MFA_ANSWERS='{"What city were you born in?": "..."}' \
//! cargo run --example quickstart
//! ```
//!
//! Without `MX_NEXUS_MFA_ANSWERS` the answers are asked for on the terminal,
//! without echo. Answers are keyed by question label or credential guid.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use mx_nexus::{BoxError, Client, ClientConfig, JobStatus, MfaAnswers, WaitOptions, types};
use mx_nexus_sandbox::{Sandbox, defaults};

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

/// Where the flow runs: a server from the environment, or the sandbox.
struct Target {
    client: Client,
    job_guid: String,
    answers: Answers,
    /// Kept alive for the whole run when the flow uses it.
    _sandbox: Option<Sandbox>,
}

enum Answers {
    Given(MfaAnswers),
    Prompt,
    Sandbox,
}

async fn run() -> Result<(), String> {
    let target = match std::env::var("MX_NEXUS_BASE_URL").ok().filter(|url| !url.is_empty()) {
        Some(base_url) => from_environment(base_url)?,
        None => sandbox().await?,
    };
    let client = &target.client;
    let job_guid = target.job_guid.as_str();
    // Polls often: this is an interactive walk through the flow.
    let wait = WaitOptions::default().interval(Duration::from_millis(500));

    if client.session().is_open() {
        println!("1. session: using MX_NEXUS_SESSION_TOKEN");
    } else {
        client.session().renew().await.map_err(|e| e.to_string())?;
        println!("1. session: opened with POST /sessions (MD-API-TOKEN)");
    }

    let job = client
        .read_job()
        .job_guid(job_guid)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .into_inner()
        .job;
    let job = job.ok_or("the answer has no job")?;
    println!(
        "2. read job {job_guid}: {} (member {})",
        job.job_status(),
        or_unknown(&job.member_guid)
    );

    let job = client.wait_for_job(job_guid, &wait).await.map_err(|e| e.to_string())?;
    println!("3. waited: job {job_guid} is {}", job.job_status());
    if job.job_status() != JobStatus::Challenged {
        println!("   the job asks no MFA questions: nothing more to do");
        return Ok(());
    }

    let questions = client
        .list_job_mfa_credentials()
        .job_guid(job_guid)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .into_inner()
        .credentials;
    let labels: Vec<String> = questions.iter().map(label).collect();
    println!("4. questions: {}", labels.join(" | "));

    let answers = match target.answers {
        Answers::Given(answers) => answers,
        Answers::Sandbox => sandbox_answers(),
        Answers::Prompt => prompt(&questions)?,
    };
    println!("5. answers: ready for {} question(s), values hidden", questions.len());

    let job = client
        .answer_mfa_with(job_guid, &answers, &wait)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "6. answered, resumed and waited: job {job_guid} is {}",
        job.job_status()
    );
    match job.job_status() {
        JobStatus::Completed => match &job.finished_at {
            Some(finished) => println!("   finished at {finished}"),
            None => println!("   finished"),
        },
        JobStatus::Challenged => println!("   MX did not accept the answers or asks more: run again"),
        _ => {}
    }
    Ok(())
}

/// A local Nexus in this process; its job JOB-1 asks two questions.
async fn sandbox() -> Result<Target, String> {
    let sandbox = Sandbox::start()
        .await
        .map_err(|e| format!("cannot start the sandbox: {e}"))?;
    println!(
        "0. no MX_NEXUS_BASE_URL: using a local Nexus sandbox at {}",
        sandbox.base_url()
    );
    let client = ClientConfig::new(sandbox.base_url())
        .api_token_source(|| async { Ok::<_, BoxError>("sandbox-api-token") })
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Target {
        client,
        job_guid: defaults::JOB_GUID.to_owned(),
        answers: Answers::Sandbox,
        _sandbox: Some(sandbox),
    })
}

fn from_environment(base_url: String) -> Result<Target, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let config = ClientConfig::new(base_url);
    let config = match (env("MX_NEXUS_SESSION_TOKEN"), env("MX_NEXUS_API_TOKEN")) {
        (Some(token), _) => config.session_token(token),
        // One API token opens one session; this example needs no more.
        (None, Some(api_token)) => config.api_token_source(move || {
            let api_token = api_token.clone();
            async move { Ok::<_, BoxError>(api_token) }
        }),
        (None, None) => return Err("set MX_NEXUS_SESSION_TOKEN or MX_NEXUS_API_TOKEN".into()),
    };
    let job_guid = env("MX_NEXUS_JOB_GUID").ok_or("set MX_NEXUS_JOB_GUID to the job to follow")?;
    let answers = match env("MX_NEXUS_MFA_ANSWERS") {
        Some(json) => {
            let map: BTreeMap<String, String> = serde_json::from_str(&json).map_err(|e| {
                format!("MX_NEXUS_MFA_ANSWERS must be a JSON object from question label or guid to answer: {e}")
            })?;
            Answers::Given(map.into_iter().collect())
        }
        None if std::io::stdin().is_terminal() => Answers::Prompt,
        None => return Err("set MX_NEXUS_MFA_ANSWERS (stdin is not a terminal to ask on)".into()),
    };
    Ok(Target {
        client: config.build().map_err(|e| e.to_string())?,
        job_guid,
        answers,
        _sandbox: None,
    })
}

fn sandbox_answers() -> MfaAnswers {
    MfaAnswers::new()
        .answer(defaults::QUESTION_1_LABEL, defaults::QUESTION_1_ANSWER)
        .answer(defaults::QUESTION_2_LABEL, defaults::QUESTION_2_ANSWER)
}

/// Asks each question on the terminal; what is typed is not shown.
fn prompt(questions: &[types::CredentialsResponse]) -> Result<MfaAnswers, String> {
    let mut answers = MfaAnswers::new();
    for question in questions {
        let key = question.guid.clone().unwrap_or_else(|| label(question));
        let answer = rpassword::prompt_password(format!("   {}: ", label(question)))
            .map_err(|e| format!("cannot read the answer: {e}"))?;
        answers = answers.answer(key, answer);
    }
    Ok(answers)
}

fn label(question: &types::CredentialsResponse) -> String {
    question
        .label
        .clone()
        .or_else(|| question.guid.clone())
        .unwrap_or_else(|| "(unnamed question)".into())
}

fn or_unknown(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("?")
}
