//! What the sandbox serves: its jobs and their MFA questions, and the default
//! job every sandbox starts with.

/// The default job of [`Sandbox::start`](crate::Sandbox::start) and
/// [`Sandbox::builder`](crate::Sandbox::builder), its two MFA questions and
/// their answers, and the sandbox's other defaults.
///
/// The answers are public so an example or a test can answer the questions
/// the way a user would.
pub mod defaults {
    use std::time::Duration;

    /// The default job.
    ///
    /// See the examples in [the crate docs](crate).
    pub const JOB_GUID: &str = "JOB-1";
    /// The member the default job aggregates (and the default member of a [`JobConfig`](crate::JobConfig)).
    ///
    /// See the examples in [the crate docs](crate).
    pub const MEMBER_GUID: &str = "MBR-1";
    /// The user who owns the member (and the default user of a [`JobConfig`](crate::JobConfig)).
    ///
    /// See the examples in [the crate docs](crate).
    pub const USER_GUID: &str = "USR-1";
    /// The member's institution (and the default institution of a [`JobConfig`](crate::JobConfig)).
    ///
    /// See the examples in [the crate docs](crate).
    pub const INSTITUTION_GUID: &str = "INS-1";

    /// The first MFA question's credential guid.
    ///
    /// See the examples in [the crate docs](crate).
    pub const QUESTION_1_GUID: &str = "CRD-1";
    /// The first MFA question.
    ///
    /// See the examples in [the crate docs](crate).
    pub const QUESTION_1_LABEL: &str = "What city were you born in?";
    /// The right answer to the first MFA question.
    ///
    /// See the examples in [the crate docs](crate).
    pub const QUESTION_1_ANSWER: &str = "Paris";

    /// The second MFA question's credential guid.
    ///
    /// See the examples in [the crate docs](crate).
    pub const QUESTION_2_GUID: &str = "CRD-2";
    /// The second MFA question.
    ///
    /// See the examples in [the crate docs](crate).
    pub const QUESTION_2_LABEL: &str = "What was the name of your first pet?";
    /// The right answer to the second MFA question.
    ///
    /// See the examples in [the crate docs](crate).
    pub const QUESTION_2_ANSWER: &str = "Rex";

    /// How long a session lives without a successful call: 30 minutes, as MX documents.
    ///
    /// See the examples in [the crate docs](crate).
    pub const SESSION_IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);

    /// The largest request body the sandbox reads (64 KiB); larger ones get
    /// 413. Nexus bodies are a few hundred bytes.
    ///
    /// See the examples in [the crate docs](crate).
    pub const BODY_LIMIT_BYTES: usize = 64 * 1024;
}

/// One MFA question of a job: a credential the user must create with the
/// right answer before the job can be resumed.
///
/// ```
/// use mx_nexus_sandbox::Question;
///
/// let question = Question::new("CRD-9", "What was your first car?", "Beetle");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub(crate) guid: String,
    pub(crate) label: String,
    pub(crate) answer: String,
    pub(crate) field_type: Option<(i64, String)>,
}

impl Question {
    /// A question with its credential guid, the label shown to the user, and
    /// the answer the sandbox accepts (compared exactly, case included).
    ///
    /// See the example on [`Question`](Question).
    pub fn new(guid: impl Into<String>, label: impl Into<String>, answer: impl Into<String>) -> Self {
        Self {
            guid: guid.into(),
            label: label.into(),
            answer: answer.into(),
            field_type: None,
        }
    }

    /// The credential's `field_type` code and its name (sent as `field_type`,
    /// `field_name` and `field_type_name`). Unset by default, and then those
    /// three fields are left out: MX documents only `3` (`LOGIN`), not the
    /// code of an MFA question, and the sandbox does not invent one.
    ///
    /// See the example on [`Question`](Question).
    pub fn field_type(mut self, code: i64, name: impl Into<String>) -> Self {
        self.field_type = Some((code, name.into()));
        self
    }
}

/// A job the sandbox serves: its guid, the member, user and institution it
/// belongs to, and the MFA questions that challenge it (none by default).
///
/// ```
/// use mx_nexus_sandbox::{JobConfig, Question};
///
/// let job = JobConfig::new("JOB-7", "MBR-7")
///     .user_guid("USR-7")
///     .question(Question::new("CRD-7", "What city were you born in?", "Oslo"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobConfig {
    pub(crate) guid: String,
    pub(crate) member_guid: String,
    pub(crate) user_guid: String,
    pub(crate) institution_guid: String,
    pub(crate) questions: Vec<Question>,
}

impl JobConfig {
    /// A job `job_guid` of member `member_guid`, for user
    /// [`defaults::USER_GUID`] at institution [`defaults::INSTITUTION_GUID`],
    /// with no MFA questions.
    ///
    /// See the example on [`JobConfig`](JobConfig).
    pub fn new(job_guid: impl Into<String>, member_guid: impl Into<String>) -> Self {
        Self {
            guid: job_guid.into(),
            member_guid: member_guid.into(),
            user_guid: defaults::USER_GUID.to_owned(),
            institution_guid: defaults::INSTITUTION_GUID.to_owned(),
            questions: Vec::new(),
        }
    }

    /// The default job: [`defaults::JOB_GUID`] of [`defaults::MEMBER_GUID`],
    /// challenged by the two questions in [`defaults`].
    ///
    /// See the example on [`JobConfig`](JobConfig).
    pub fn default_job() -> Self {
        Self::new(defaults::JOB_GUID, defaults::MEMBER_GUID)
            .question(Question::new(
                defaults::QUESTION_1_GUID,
                defaults::QUESTION_1_LABEL,
                defaults::QUESTION_1_ANSWER,
            ))
            .question(Question::new(
                defaults::QUESTION_2_GUID,
                defaults::QUESTION_2_LABEL,
                defaults::QUESTION_2_ANSWER,
            ))
    }

    /// The user who owns the member.
    ///
    /// See the example on [`JobConfig`](JobConfig).
    pub fn user_guid(mut self, user_guid: impl Into<String>) -> Self {
        self.user_guid = user_guid.into();
        self
    }

    /// The member's institution.
    ///
    /// See the example on [`JobConfig`](JobConfig).
    pub fn institution_guid(mut self, institution_guid: impl Into<String>) -> Self {
        self.institution_guid = institution_guid.into();
        self
    }

    /// Adds an MFA question; they are listed in the order they are added
    /// (`display_order` 1, 2, …).
    ///
    /// See the example on [`JobConfig`](JobConfig).
    pub fn question(mut self, question: Question) -> Self {
        self.questions.push(question);
        self
    }
}
