//! The sandbox's memory: API tokens, sessions, jobs and stored MFA answers,
//! and the rules that change them. No HTTP here: `routes.rs` turns requests
//! into these calls and their results into answers.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use mx_nexus::types::{CredentialsResponse, JobResponse, MemberCredentialRequest, MemberCredentialResponse};
use mx_nexus::{JobStatus, SecretString};

use crate::clock::{Clock, iso8601};
use crate::config::{JobConfig, Question};
use crate::errors::ApiError;

/// Everything the routes share, behind one lock: requests are few and short,
/// and one lock keeps every rule (token use, session expiry, job steps)
/// atomic.
pub(crate) struct SandboxState {
    clock: Arc<dyn Clock>,
    idle_timeout: Duration,
    inner: Mutex<Inner>,
}

struct Inner {
    /// `None`: any non-empty API token is accepted (once).
    accepted_api_tokens: Option<HashSet<String>>,
    used_api_tokens: HashSet<String>,
    sessions: HashMap<String, Session>,
    sessions_opened: u64,
    member_credentials_created: u64,
    jobs: HashMap<String, Job>,
    /// The answers given through createMemberCredentials, by
    /// (member guid, credential guid), until a resume consumes them.
    answers: HashMap<(String, String), SecretString>,
}

struct Session {
    last_used: SystemTime,
}

/// The four states the sandbox moves a job through (MX has more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Initiated,
    Requested,
    Challenged,
    Completed,
}

impl Status {
    /// The client crate's view of the state, so codes and names cannot drift.
    fn nexus(self) -> JobStatus {
        match self {
            Status::Initiated => JobStatus::Initiated,
            Status::Requested => JobStatus::Requested,
            Status::Challenged => JobStatus::Challenged,
            Status::Completed => JobStatus::Completed,
        }
    }
}

struct Job {
    config: JobConfig,
    status: Status,
    /// Set by a successful resume, so the next step completes the job
    /// instead of challenging it again.
    answered: bool,
    created_at: SystemTime,
    updated_at: SystemTime,
    finished_at: Option<SystemTime>,
}

impl Job {
    fn new(config: JobConfig, now: SystemTime) -> Self {
        Self {
            config,
            status: Status::Initiated,
            answered: false,
            created_at: now,
            updated_at: now,
            finished_at: None,
        }
    }

    /// One step of the progression a read makes: INITIATED -> REQUESTED ->
    /// CHALLENGED (questions not yet answered) or COMPLETED. CHALLENGED
    /// waits for a resume; COMPLETED stays.
    fn step(&mut self, now: SystemTime) {
        let next = match self.status {
            Status::Initiated => Status::Requested,
            Status::Requested if !self.config.questions.is_empty() && !self.answered => Status::Challenged,
            Status::Requested => Status::Completed,
            Status::Challenged | Status::Completed => return,
        };
        self.status = next;
        self.updated_at = now;
        if next == Status::Completed {
            self.finished_at = Some(now);
        }
    }

    fn response(&self) -> JobResponse {
        let status = self.status.nexus();
        // The generated types are `#[non_exhaustive]`: filled field by field.
        let mut job = JobResponse::default();
        job.created_at = Some(iso8601(self.created_at).into());
        job.finished_at = self.finished_at.map(|t| iso8601(t).into());
        job.guid = Some(self.config.guid.clone());
        job.institution_guid = Some(self.config.institution_guid.clone());
        job.is_authenticated = Some(self.status == Status::Completed);
        job.member_guid = Some(self.config.member_guid.clone());
        job.started_at = Some(iso8601(self.created_at).into());
        job.status = status.code();
        job.status_name = status.name().map(str::to_owned);
        job.updated_at = Some(iso8601(self.updated_at).into());
        job.user_guid = Some(self.config.user_guid.clone());
        job
    }

    /// The question as MX lists an MFA credential (fields as in MX's
    /// documented example; the undocumented ones are left out).
    fn credential(&self, question: &Question, display_order: i64) -> CredentialsResponse {
        let (field_type, field_name) = match &question.field_type {
            Some((code, name)) => (Some(*code), Some(name.clone())),
            None => (None, None),
        };
        let mut credential = CredentialsResponse::default();
        credential.created_at = Some(iso8601(self.created_at).into());
        credential.display_order = Some(display_order);
        credential.editable = Some(true);
        credential.field_name = field_name.clone();
        credential.field_type = field_type;
        credential.field_type_name = field_name;
        credential.guid = Some(question.guid.clone());
        credential.institution_guid = Some(self.config.institution_guid.clone());
        credential.label = Some(question.label.clone());
        credential.mfa = Some(true);
        credential.optional = Some(false);
        credential.updated_at = Some(iso8601(self.created_at).into());
        credential
    }
}

impl SandboxState {
    /// A fresh state: every job INITIATED (created now), no sessions.
    pub(crate) fn new(
        clock: Arc<dyn Clock>,
        idle_timeout: Duration,
        jobs: Vec<JobConfig>,
        accepted_api_tokens: Option<HashSet<String>>,
    ) -> Self {
        let now = clock.now();
        let jobs = jobs
            .into_iter()
            .map(|config| (config.guid.clone(), Job::new(config, now)))
            .collect();
        Self {
            clock,
            idle_timeout,
            inner: Mutex::new(Inner {
                accepted_api_tokens,
                used_api_tokens: HashSet::new(),
                sessions: HashMap::new(),
                sessions_opened: 0,
                member_credentials_created: 0,
                jobs,
                answers: HashMap::new(),
            }),
        }
    }

    /// The lock never stays poisoned: no code here panics while holding it,
    /// and if something did, serving on beats failing every later request.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn is_expired(&self, session: &Session, now: SystemTime) -> bool {
        // A clock set backwards makes the idle time negative: not expired.
        now.duration_since(session.last_used)
            .is_ok_and(|idle| idle >= self.idle_timeout)
    }

    /// Whether `api_token` may open a session, without using it up.
    pub(crate) fn check_api_token(&self, api_token: Option<&str>) -> Result<(), ApiError> {
        Self::check_api_token_in(&self.lock(), api_token)
    }

    fn check_api_token_in(inner: &Inner, api_token: Option<&str>) -> Result<(), ApiError> {
        let token = match api_token {
            None => return Err(ApiError::api_token("the MD-API-TOKEN header is missing")),
            Some(token) if token.trim().is_empty() => return Err(ApiError::api_token("the MD-API-TOKEN is empty")),
            Some(token) => token,
        };
        if inner.used_api_tokens.contains(token) {
            return Err(ApiError::api_token(
                "this API token was already used: each opens one session",
            ));
        }
        if inner
            .accepted_api_tokens
            .as_ref()
            .is_some_and(|accepted| !accepted.contains(token))
        {
            return Err(ApiError::api_token("this API token is not accepted"));
        }
        Ok(())
    }

    /// Uses up `api_token` and opens a session: `SANDBOX-SESSION-1`, `-2`, …
    pub(crate) fn open_session(&self, api_token: Option<&str>) -> Result<String, ApiError> {
        let now = self.clock.now();
        let mut inner = self.lock();
        Self::check_api_token_in(&inner, api_token)?;
        if let Some(token) = api_token {
            inner.used_api_tokens.insert(token.to_owned());
        }
        inner.sessions_opened += 1;
        let session_token = format!("SANDBOX-SESSION-{}", inner.sessions_opened);
        inner.sessions.insert(session_token.clone(), Session { last_used: now });
        Ok(session_token)
    }

    /// Whether `session_token` names a live session (it does not restart the
    /// idle time: see [`SandboxState::touch_session`]).
    pub(crate) fn check_session(&self, session_token: Option<&str>) -> Result<(), ApiError> {
        let token = session_token.ok_or_else(|| ApiError::session("the MD-SESSION-TOKEN header is missing"))?;
        let now = self.clock.now();
        let inner = self.lock();
        let session = inner
            .sessions
            .get(token)
            .ok_or_else(|| ApiError::session("unknown session token"))?;
        if self.is_expired(session, now) {
            return Err(ApiError::session("the session has expired"));
        }
        Ok(())
    }

    /// Restarts the idle time of a live session (after a successful call).
    pub(crate) fn touch_session(&self, session_token: &str) {
        let now = self.clock.now();
        let mut inner = self.lock();
        if let Some(session) = inner.sessions.get_mut(session_token)
            && !self.is_expired(session, now)
        {
            session.last_used = now;
        }
    }

    /// readJob: moves the job one step (see [`Job::step`]), then answers it.
    pub(crate) fn read_job(&self, job_guid: &str) -> Result<JobResponse, ApiError> {
        let now = self.clock.now();
        let mut inner = self.lock();
        let job = find_job(&mut inner, job_guid)?;
        job.step(now);
        Ok(job.response())
    }

    /// listJobMfaCredentials: the job's questions while it is CHALLENGED, an
    /// empty list otherwise.
    pub(crate) fn list_job_mfa_credentials(&self, job_guid: &str) -> Result<Vec<CredentialsResponse>, ApiError> {
        let mut inner = self.lock();
        let job = find_job(&mut inner, job_guid)?;
        if job.status != Status::Challenged {
            return Ok(Vec::new());
        }
        Ok((1..)
            .zip(&job.config.questions)
            .map(|(order, question)| job.credential(question, order))
            .collect())
    }

    /// createMemberCredentials: stores the answer to one of the member's MFA
    /// questions (any job of that member that asks it); a later answer to
    /// the same question replaces it.
    pub(crate) fn create_member_credential(
        &self,
        member_guid: &str,
        request: MemberCredentialRequest,
    ) -> Result<MemberCredentialResponse, ApiError> {
        let now = iso8601(self.clock.now());
        let mut inner = self.lock();
        let asked = inner.jobs.values().any(|job| {
            job.config.member_guid == member_guid
                && job
                    .config
                    .questions
                    .iter()
                    .any(|question| question.guid == request.credential_guid)
        });
        if !asked {
            return Err(ApiError::unprocessable(format!(
                "{:?} is not an MFA question of member {member_guid:?}",
                request.credential_guid
            )));
        }
        inner.member_credentials_created += 1;
        let guid = format!("MCR-{}", inner.member_credentials_created);
        inner
            .answers
            .insert((member_guid.to_owned(), request.credential_guid.clone()), request.value);
        let mut created = MemberCredentialResponse::default();
        created.created_at = Some(now.clone().into());
        created.credential_guid = Some(request.credential_guid);
        created.guid = Some(guid);
        created.member_guid = Some(member_guid.to_owned());
        created.metadata = request.metadata;
        created.updated_at = Some(now.into());
        Ok(created)
    }

    /// resumeJob: a CHALLENGED job whose every question has the right stored
    /// answer goes back to REQUESTED (the next read completes it); with any
    /// answer wrong or missing it stays CHALLENGED. Either way the stored
    /// answers to its questions are used up. A job in any other state is
    /// answered unchanged.
    pub(crate) fn resume_job(&self, job_guid: &str) -> Result<JobResponse, ApiError> {
        let now = self.clock.now();
        let mut inner = self.lock();
        let Inner { jobs, answers, .. } = &mut *inner;
        let job = jobs.get_mut(job_guid).ok_or_else(|| unknown_job(job_guid))?;
        if job.status == Status::Challenged {
            let member = &job.config.member_guid;
            let mut all_right = true;
            for question in &job.config.questions {
                let given = answers.remove(&(member.clone(), question.guid.clone()));
                all_right &= given.is_some_and(|given| given.expose_secret() == question.answer);
            }
            if all_right {
                job.status = Status::Requested;
                job.answered = true;
                job.updated_at = now;
            }
        }
        Ok(job.response())
    }

    /// The job as a read would answer it, without moving it.
    pub(crate) fn job(&self, job_guid: &str) -> Option<JobResponse> {
        self.lock().jobs.get(job_guid).map(Job::response)
    }

    /// How many sessions were opened since the start.
    pub(crate) fn sessions_opened(&self) -> u64 {
        self.lock().sessions_opened
    }
}

fn find_job<'a>(inner: &'a mut Inner, job_guid: &str) -> Result<&'a mut Job, ApiError> {
    inner.jobs.get_mut(job_guid).ok_or_else(|| unknown_job(job_guid))
}

fn unknown_job(job_guid: &str) -> ApiError {
    ApiError::not_found(format!("no job {job_guid:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::errors::codes;

    fn state(clock: &ManualClock, jobs: Vec<JobConfig>) -> SandboxState {
        SandboxState::new(Arc::new(clock.clone()), Duration::from_secs(60), jobs, None)
    }

    fn answer(credential_guid: &str, value: &str) -> MemberCredentialRequest {
        MemberCredentialRequest::builder()
            .credential_guid(credential_guid)
            .value(value)
            .build()
            .unwrap()
    }

    fn status(job: &JobResponse) -> &str {
        job.status_name.as_deref().unwrap_or_default()
    }

    #[test]
    fn a_job_without_questions_completes_after_requested() {
        let clock = ManualClock::new();
        let state = state(&clock, vec![JobConfig::new("JOB-A", "MBR-A")]);
        assert_eq!(status(&state.job("JOB-A").unwrap()), "INITIATED");
        assert_eq!(status(&state.read_job("JOB-A").unwrap()), "REQUESTED");
        clock.advance(Duration::from_secs(13));
        let done = state.read_job("JOB-A").unwrap();
        assert_eq!((done.status, status(&done)), (Some(6), "COMPLETED"));
        assert_eq!(
            done.finished_at.as_ref().map(|t| t.as_str()),
            Some("2022-06-16T18:42:43.000Z")
        );
        assert_eq!(done.is_authenticated, Some(true));
        assert_eq!(status(&state.read_job("JOB-A").unwrap()), "COMPLETED");
    }

    #[test]
    fn answers_are_consumed_by_a_resume() {
        let clock = ManualClock::new();
        let state = state(&clock, vec![JobConfig::default_job()]);
        state.read_job("JOB-1").unwrap();
        assert_eq!(status(&state.read_job("JOB-1").unwrap()), "CHALLENGED");
        state
            .create_member_credential("MBR-1", answer("CRD-1", "Paris"))
            .unwrap();
        state.create_member_credential("MBR-1", answer("CRD-2", "rex")).unwrap();
        assert_eq!(status(&state.resume_job("JOB-1").unwrap()), "CHALLENGED");
        // The right answer to CRD-2 alone is not enough: CRD-1's was used up.
        state.create_member_credential("MBR-1", answer("CRD-2", "Rex")).unwrap();
        assert_eq!(status(&state.resume_job("JOB-1").unwrap()), "CHALLENGED");
        state
            .create_member_credential("MBR-1", answer("CRD-1", "Paris"))
            .unwrap();
        state.create_member_credential("MBR-1", answer("CRD-2", "Rex")).unwrap();
        assert_eq!(status(&state.resume_job("JOB-1").unwrap()), "REQUESTED");
        assert_eq!(status(&state.read_job("JOB-1").unwrap()), "COMPLETED");
    }

    #[test]
    fn a_credential_must_be_a_question_of_the_member() {
        let clock = ManualClock::new();
        let state = state(&clock, vec![JobConfig::default_job()]);
        let err = state
            .create_member_credential("MBR-2", answer("CRD-1", "Paris"))
            .unwrap_err();
        assert_eq!(err.code, codes::UNPROCESSABLE);
        let err = state
            .create_member_credential("MBR-1", answer("CRD-9", "Paris"))
            .unwrap_err();
        assert_eq!(err.code, codes::UNPROCESSABLE);
        let created = state
            .create_member_credential("MBR-1", answer("CRD-1", "Paris"))
            .unwrap();
        assert_eq!(created.guid.as_deref(), Some("MCR-1"));
    }

    #[test]
    fn sessions_expire_after_the_idle_time_unless_touched() {
        let clock = ManualClock::new();
        let state = state(&clock, vec![]);
        let token = state.open_session(Some("api-1")).unwrap();
        assert_eq!(token, "SANDBOX-SESSION-1");
        clock.advance(Duration::from_secs(59));
        state.touch_session(&token);
        clock.advance(Duration::from_secs(59));
        assert!(state.check_session(Some(&token)).is_ok());
        clock.advance(Duration::from_secs(1));
        assert_eq!(
            state.check_session(Some(&token)).unwrap_err().code,
            codes::SESSION_INVALID
        );
        // An expired session is not revived by a touch.
        state.touch_session(&token);
        assert!(state.check_session(Some(&token)).is_err());
    }

    #[test]
    fn api_tokens_are_one_time_and_can_be_restricted() {
        let clock = ManualClock::new();
        let accepted = Some(HashSet::from(["good".to_owned()]));
        let state = SandboxState::new(Arc::new(clock), Duration::from_secs(60), vec![], accepted);
        assert!(state.open_session(Some("other")).is_err());
        assert!(state.open_session(Some("")).is_err());
        assert!(state.open_session(None).is_err());
        assert_eq!(state.open_session(Some("good")).unwrap(), "SANDBOX-SESSION-1");
        assert_eq!(
            state.check_api_token(Some("good")).unwrap_err().code,
            codes::API_TOKEN_INVALID
        );
        assert_eq!(state.sessions_opened(), 1);
    }
}
