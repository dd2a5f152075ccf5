//! `answer-mfa`: MX's legacy MFA flow in one command. Waits until the job
//! stops running; when it is CHALLENGED, answers its questions (from a JSON
//! file, stdin, or a prompt without echo), resumes it and waits again. Prints
//! the job as `read-job` does.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Arg, ArgMatches, Command, value_parser};
use indicatif::{ProgressBar, ProgressStyle};
use mx_nexus::{Client, JobStatus, MfaAnswers, WaitOptions, types};

use crate::failure::{Failure, describe_json};
use crate::output::Output;

pub const NAME: &str = "answer-mfa";

pub fn command() -> Command {
    Command::new(NAME)
        .about("Answer a job's MFA questions, resume it and wait until it is done")
        .long_about(
            "Answer a job's MFA questions, resume it and wait until it is done.\n\n\
             Waits until the job stops running (INITIATED, REQUESTED). When it is CHALLENGED, lists its \
             questions, creates one member credential per question with its answer, resumes the job and \
             waits again. Prints the job as read-job does. A question without an answer fails the command \
             before anything is sent; a job still CHALLENGED at the end (MX refused an answer or asks more) \
             is printed and the exit code is 1.",
        )
        .arg(
            Arg::new("job-guid")
                .long("job-guid")
                .value_name("GUID")
                .required(true)
                .help("The job to answer"),
        )
        .arg(
            Arg::new("answers")
                .long("answers")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help(
                    "A JSON object from question label or credential guid to answer, e.g. \
                     {\"What city were you born in?\": \"...\"}; - reads it from stdin. \
                     Without it, each question is asked on the terminal without echo",
                ),
        )
        .arg(
            Arg::new("deadline-secs")
                .long("deadline-secs")
                .value_name("SECONDS")
                .value_parser(value_parser!(u64).range(1..))
                .default_value("300")
                .help("Give up each wait for the job after this long (exit code 1)"),
        )
        .arg(
            Arg::new("interval-ms")
                .long("interval-ms")
                .value_name("MILLISECONDS")
                .value_parser(value_parser!(u64).range(1..))
                .default_value("1000")
                .help("First pause between two reads of the job; it grows x1.5 up to 10 s"),
        )
}

/// Where the answers come from, decided before anything is sent.
enum Answers {
    Given(MfaAnswers),
    Prompt,
}

pub async fn run(client: &Client, matches: &ArgMatches, output: Output) -> Result<(), Failure> {
    let job_guid = matches.get_one::<String>("job-guid").expect("required");
    let answers = match matches.get_one::<PathBuf>("answers") {
        Some(path) => Answers::Given(read_answers(path)?),
        None if std::io::stdin().is_terminal() => Answers::Prompt,
        None => {
            return Err(Failure::Usage(
                "no --answers: pass --answers FILE (or - for stdin); stdin is not a terminal to ask on".to_owned(),
            ));
        }
    };
    let options = WaitOptions::default()
        .deadline(Duration::from_secs(
            *matches.get_one::<u64>("deadline-secs").expect("default"),
        ))
        .interval(Duration::from_millis(
            *matches.get_one::<u64>("interval-ms").expect("default"),
        ));

    let progress = Progress::start(format!("waiting for job {job_guid}"));
    let job = client.wait_for_job(job_guid, &options).await?;
    if job.job_status() != JobStatus::Challenged {
        progress.finish();
        output.print(&serde_json::json!({ "job": job }));
        return Ok(());
    }

    let answers = match answers {
        Answers::Given(answers) => answers,
        Answers::Prompt => {
            progress.say(format!("job {job_guid} is CHALLENGED: reading its questions"));
            let questions = client
                .list_job_mfa_credentials()
                .job_guid(job_guid)
                .send()
                .await?
                .into_inner()
                .credentials;
            progress.suspend(|| prompt(&questions))?
        }
    };
    progress.say(format!("answering job {job_guid}, resuming it and waiting"));
    let job = client.answer_mfa_with(job_guid, &answers, &options).await?;
    progress.finish();
    let challenged = job.job_status() == JobStatus::Challenged;
    output.print(&serde_json::json!({ "job": job }));
    if challenged {
        return Err(Failure::Flow(format!(
            "job {job_guid} is still CHALLENGED after answering: MX did not accept an answer or asks more; \
             run answer-mfa again"
        )));
    }
    Ok(())
}

/// `--answers FILE` (or `-`): a JSON object of strings. Errors name the
/// place in the file, never a value.
fn read_answers(path: &Path) -> Result<MfaAnswers, Failure> {
    let (name, text) = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::Usage(format!("cannot read the answers from stdin: {e}")))?;
        ("stdin".to_owned(), text)
    } else {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Usage(format!("cannot read the answers from {}: {e}", path.display())))?;
        (path.display().to_string(), text)
    };
    let map: BTreeMap<String, String> = serde_json::from_str(&text).map_err(|e| {
        Failure::Usage(format!(
            "the answers in {name} must be a JSON object from question label or credential guid to answer \
             (strings): it {}",
            describe_json(&e)
        ))
    })?;
    Ok(map.into_iter().collect())
}

/// Asks each question on the terminal; what is typed is not shown.
fn prompt(questions: &[types::CredentialsResponse]) -> Result<MfaAnswers, Failure> {
    let mut answers = MfaAnswers::new();
    for question in questions {
        let Some(guid) = question.guid.clone() else { continue };
        let label = question.label.clone().unwrap_or_else(|| guid.clone());
        let answer = rpassword::prompt_password(format!("{label} (not shown): "))
            .map_err(|e| Failure::Usage(format!("cannot read the answer at the prompt: {e}")))?;
        answers = answers.answer(guid, answer);
    }
    Ok(answers)
}

/// A spinner with the step and the time spent, on stderr when it is a
/// terminal; nothing at all otherwise.
struct Progress(ProgressBar);

impl Progress {
    fn start(message: String) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self(ProgressBar::hidden());
        }
        let bar = ProgressBar::new_spinner().with_message(message);
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(100));
        bar.tick();
        Self(bar)
    }

    fn say(&self, message: String) {
        self.0.set_message(message);
    }

    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.0.suspend(f)
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
