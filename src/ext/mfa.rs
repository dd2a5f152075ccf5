//! `Client::answer_mfa`: the legacy MFA flow MX documents for a CHALLENGED
//! job in one call. List the job's MFA credentials (the questions), create a
//! member credential with the user's answer for each, resume the job, and
//! read it until it stops running.

use std::fmt;

use super::{Error, SecretString, WaitOptions};
use crate::generated::{Client, types};

/// The user's answers to a job's MFA questions, each keyed by the
/// credential's guid or by its label (the question as shown to the user).
/// Values are [`SecretString`]s: never printed.
///
/// ```
/// let answers = mx_nexus::MfaAnswers::new()
///     .answer("What city were you born in?", "Paris")
///     .answer("CRD-2", "Rex");
/// assert!(!format!("{answers:?}").contains("Paris"));
///
/// // Or from any (key, answer) pairs, such as a parsed JSON object.
/// let answers: mx_nexus::MfaAnswers = [("CRD-1", "Paris")].into_iter().collect();
/// # let _ = answers;
/// ```
#[derive(Clone, Default)]
pub struct MfaAnswers {
    entries: Vec<(String, SecretString)>,
}

impl MfaAnswers {
    /// No answers yet.
    ///
    /// See the example on [`MfaAnswers`](MfaAnswers).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the answer to the question whose credential guid or label is `key`.
    ///
    /// See the example on [`MfaAnswers`](MfaAnswers).
    pub fn answer(mut self, key: impl Into<String>, answer: impl Into<SecretString>) -> Self {
        self.entries.push((key.into(), answer.into()));
        self
    }

    /// Whether there are no answers.
    ///
    /// See the example on [`MfaAnswers`](MfaAnswers).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The answer to `question`: by its guid first, then by its label (exact,
    /// then ignoring case and surrounding spaces).
    fn for_question(&self, question: &types::CredentialsResponse) -> Option<&SecretString> {
        let by_key = |key: Option<&str>, loose: bool| {
            let key = key?;
            self.entries
                .iter()
                .find(|(k, _)| k == key || (loose && k.trim().eq_ignore_ascii_case(key.trim())))
                .map(|(_, answer)| answer)
        };
        by_key(question.guid.as_deref(), false)
            .or_else(|| by_key(question.label.as_deref(), false))
            .or_else(|| by_key(question.label.as_deref(), true))
    }
}

impl<K: Into<String>, V: Into<SecretString>> FromIterator<(K, V)> for MfaAnswers {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        pairs
            .into_iter()
            .fold(Self::new(), |answers, (key, answer)| answers.answer(key, answer))
    }
}

impl fmt::Debug for MfaAnswers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.entries.iter().map(|(k, v)| (k, v))).finish()
    }
}

/// How a question is named to a person: its label, else its other names.
fn question_name(question: &types::CredentialsResponse) -> String {
    [
        &question.label,
        &question.display_name,
        &question.field_name,
        &question.guid,
    ]
    .into_iter()
    .find_map(|name| name.as_deref().filter(|n| !n.trim().is_empty()))
    .unwrap_or("(a question without a label or guid)")
    .to_owned()
}

impl Client {
    /// Answers a CHALLENGED job's MFA questions and waits for the job, with
    /// [`WaitOptions::default`]; see [`Client::answer_mfa_with`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use mx_nexus::{JobStatus, MfaAnswers, WaitOptions};
    /// use mx_nexus_sandbox::defaults;
    ///
    /// // A local Nexus whose job JOB-1 asks two MFA questions.
    /// let sandbox = mx_nexus_sandbox::Sandbox::start().await?;
    /// let client = mx_nexus::ClientConfig::new(sandbox.base_url())
    ///     .api_token_source(|| async { Ok::<_, mx_nexus::BoxError>("one-time-api-token") })
    ///     .build()?;
    /// let quick = WaitOptions::default().interval(Duration::from_millis(20));
    /// assert_eq!(client.wait_for_job("JOB-1", &quick).await?.job_status(), JobStatus::Challenged);
    ///
    /// let answers = MfaAnswers::new()
    ///     .answer(defaults::QUESTION_1_LABEL, defaults::QUESTION_1_ANSWER)
    ///     .answer(defaults::QUESTION_2_GUID, defaults::QUESTION_2_ANSWER);
    /// let job = client.answer_mfa_with("JOB-1", &answers, &quick).await?;
    /// assert_eq!(job.job_status(), JobStatus::Completed);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn answer_mfa(&self, job_guid: &str, answers: &MfaAnswers) -> Result<types::JobResponse, Error> {
        self.answer_mfa_with(job_guid, answers, &WaitOptions::default()).await
    }

    /// Answers a CHALLENGED job's MFA questions, resumes it and waits for it:
    ///
    /// 1. reads the job (for its member) and lists its MFA credentials;
    /// 2. matches each question to an answer, by credential guid or label;
    ///    if any question has none, fails with [`Error::UnansweredMfa`]
    ///    listing them, before anything is sent;
    /// 3. creates one member credential per question, resumes the job, and
    ///    [waits](Client::wait_for_job) with `options`.
    ///
    /// A job with no questions is only waited for. The result is the job as
    /// the wait left it: `COMPLETED`, or
    /// `CHALLENGED` again when MX did not accept the answers (or asks more).
    /// Creating a credential is a `POST`, so it is not retried.
    ///
    /// This is MX's legacy MFA flow: create member credentials, then resume
    /// the job, two operations MX now documents as deprecated (their methods
    /// are `#[deprecated]`; this helper uses them without passing the warning
    /// on). MX still supports them for existing integrations; its current
    /// flow (member challenges and resume aggregation) is not in the vendored
    /// spec yet.
    ///
    /// See the example on [`Client`](Client).
    #[allow(deprecated)] // the legacy flow, documented above
    pub async fn answer_mfa_with(
        &self,
        job_guid: &str,
        answers: &MfaAnswers,
        options: &WaitOptions,
    ) -> Result<types::JobResponse, Error> {
        let job = self.read_job().job_guid(job_guid).send().await?.into_inner().job;
        let member_guid = job.and_then(|job| job.member_guid).ok_or_else(|| {
            Error::incomplete_answer("read_job", "the job has no member_guid, so its answers cannot be sent")
        })?;
        let questions = self
            .list_job_mfa_credentials()
            .job_guid(job_guid)
            .send()
            .await?
            .into_inner()
            .credentials;

        if questions.is_empty() {
            // Nothing is asked (the job is not CHALLENGED): nothing to send or resume.
            return self.wait_for_job(job_guid, options).await;
        }
        let mut matched = Vec::with_capacity(questions.len());
        let mut unanswered = Vec::new();
        for question in &questions {
            match (question.guid.as_deref(), answers.for_question(question)) {
                (Some(guid), Some(answer)) => matched.push((guid, answer)),
                _ => unanswered.push(question_name(question)),
            }
        }
        if !unanswered.is_empty() {
            return Err(Error::UnansweredMfa {
                job_guid: job_guid.to_owned(),
                unanswered,
            });
        }

        for (credential_guid, answer) in matched {
            let body = types::MemberCredentialRequestBody {
                member: types::MemberCredentialRequest {
                    credential_guid: credential_guid.to_owned(),
                    value: answer.clone(),
                    metadata: None,
                },
            };
            self.create_member_credentials()
                .member_guid(&member_guid)
                .body(body)
                .send()
                .await?;
        }
        tracing::debug!(
            job_guid,
            answers = questions.len(),
            "answered the MFA questions; resuming the job"
        );
        self.resume_job().job_guid(job_guid).send().await?;
        self.wait_for_job(job_guid, options).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(guid: Option<&str>, label: Option<&str>) -> types::CredentialsResponse {
        types::CredentialsResponse {
            guid: guid.map(str::to_owned),
            label: label.map(str::to_owned),
            ..Default::default()
        }
    }

    #[test]
    fn answers_match_by_guid_then_label_then_loosely_by_label() {
        let answers = MfaAnswers::new()
            .answer("CRD-1", "by guid")
            .answer("City?", "by label")
            .answer("  pet's NAME? ", "loosely");
        let find = |q| answers.for_question(&q).map(|a| a.expose_secret().to_owned());
        assert_eq!(find(question(Some("CRD-1"), Some("City?"))).as_deref(), Some("by guid"));
        assert_eq!(
            find(question(Some("CRD-9"), Some("City?"))).as_deref(),
            Some("by label")
        );
        assert_eq!(
            find(question(Some("CRD-9"), Some("Pet's name?"))).as_deref(),
            Some("loosely")
        );
        assert_eq!(find(question(Some("CRD-9"), Some("Street?"))), None);
        assert_eq!(find(question(None, None)), None);
    }

    #[test]
    fn questions_are_named_by_label_else_other_names() {
        assert_eq!(question_name(&question(Some("CRD-1"), Some("City?"))), "City?");
        assert_eq!(question_name(&question(Some("CRD-1"), Some(" "))), "CRD-1");
        assert_eq!(
            question_name(&question(None, None)),
            "(a question without a label or guid)"
        );
    }

    #[test]
    fn debug_shows_keys_not_answers() {
        let answers: MfaAnswers = [("City?", "Paris")].into_iter().collect();
        assert_eq!(format!("{answers:?}"), r#"{"City?": [REDACTED]}"#);
    }
}
