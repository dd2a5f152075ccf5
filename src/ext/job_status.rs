//! A typed view of a job's `status` / `status_name`.

use crate::generated::types::JobResponse;

/// The state of an aggregation job.
///
/// MX sends an integer `status` with a matching `status_name`. The four
/// documented values have variants; any other value is kept as data in
/// [`JobStatus::Other`], never treated as an error, because MX has more states
/// than it documents.
///
/// ```
/// use mx_nexus::JobStatus;
///
/// assert_eq!(JobStatus::from_parts(Some(2), Some("CHALLENGED")), JobStatus::Challenged);
/// let unknown = JobStatus::from_parts(Some(99), Some("RECONCILING"));
/// assert_eq!((unknown.code(), unknown.name()), (Some(99), Some("RECONCILING")));
/// assert_eq!(unknown.to_string(), "RECONCILING");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JobStatus {
    /// `0 INITIATED`: the job was created.
    Initiated,
    /// `1 REQUESTED`: the job was sent to the institution.
    Requested,
    /// `2 CHALLENGED`: the institution asked an MFA question: list the job's
    /// MFA credentials, answer them, then resume the job.
    Challenged,
    /// `6 COMPLETED`: the job finished.
    Completed,
    /// A status this crate has no variant for, as MX sent it.
    Other {
        /// The numeric `status`, when present.
        code: Option<i64>,
        /// The `status_name`, when present.
        name: Option<String>,
    },
}

const KNOWN: [(i64, &str, JobStatus); 4] = [
    (0, "INITIATED", JobStatus::Initiated),
    (1, "REQUESTED", JobStatus::Requested),
    (2, "CHALLENGED", JobStatus::Challenged),
    (6, "COMPLETED", JobStatus::Completed),
];

impl JobStatus {
    /// Interprets MX's `status` and `status_name`. The number decides when it
    /// is present and known; otherwise the name does; otherwise both are kept
    /// in [`JobStatus::Other`].
    ///
    /// See the example on [`JobStatus`](JobStatus).
    pub fn from_parts(code: Option<i64>, name: Option<&str>) -> Self {
        let by_code = code.and_then(|c| KNOWN.iter().find(|(k, _, _)| *k == c));
        let by_name = || name.and_then(|n| KNOWN.iter().find(|(_, k, _)| k.eq_ignore_ascii_case(n.trim())));
        match (code, by_code.or_else(|| if code.is_none() { by_name() } else { None })) {
            (_, Some((_, _, status))) => status.clone(),
            _ => JobStatus::Other {
                code,
                name: name.map(str::to_owned),
            },
        }
    }

    /// The numeric `status` MX uses for this state, when known.
    ///
    /// See the example on [`JobStatus`](JobStatus).
    pub fn code(&self) -> Option<i64> {
        match self {
            JobStatus::Other { code, .. } => *code,
            known => KNOWN.iter().find(|(_, _, s)| s == known).map(|(c, _, _)| *c),
        }
    }

    /// The `status_name` MX uses for this state, when known.
    ///
    /// See the example on [`JobStatus`](JobStatus).
    pub fn name(&self) -> Option<&str> {
        match self {
            JobStatus::Other { name, .. } => name.as_deref(),
            known => KNOWN.iter().find(|(_, _, s)| s == known).map(|(_, n, _)| *n),
        }
    }
}

impl std::fmt::Display for JobStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.name(), self.code()) {
            (Some(name), _) => f.write_str(name),
            (None, Some(code)) => write!(f, "status {code}"),
            (None, None) => f.write_str("no status"),
        }
    }
}

impl JobResponse {
    /// This job's `status` and `status_name` as a [`JobStatus`].
    ///
    /// See the example on [`JobResponse`](JobResponse).
    pub fn job_status(&self) -> JobStatus {
        JobStatus::from_parts(self.status, self.status_name.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::JobStatus;

    #[test]
    fn documented_codes_have_variants() {
        assert_eq!(JobStatus::from_parts(Some(6), Some("COMPLETED")), JobStatus::Completed);
        assert_eq!(JobStatus::from_parts(Some(2), None), JobStatus::Challenged);
        assert_eq!(JobStatus::from_parts(None, Some("requested")), JobStatus::Requested);
        assert_eq!(JobStatus::Initiated.code(), Some(0));
        assert_eq!(JobStatus::Completed.to_string(), "COMPLETED");
    }

    #[test]
    fn unknown_values_are_kept_as_data() {
        let status = JobStatus::from_parts(Some(17), Some("DENIED"));
        assert_eq!(
            status,
            JobStatus::Other {
                code: Some(17),
                name: Some("DENIED".into())
            }
        );
        assert_eq!(status.to_string(), "DENIED");
        assert_eq!(status.code(), Some(17));
        assert_eq!(JobStatus::from_parts(None, None).to_string(), "no status");
    }
}
