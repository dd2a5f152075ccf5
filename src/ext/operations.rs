//! What the hooks know about an operation beyond the id progenitor passes
//! them: its method and path template (for tracing and errors) and which
//! success statuses carry a JSON body. build.rs writes the table from the
//! same spec as the client, so the two cannot disagree.

/// One operation of the spec.
pub(crate) struct Operation {
    /// progenitor's operation id (`read_job`).
    pub id: &'static str,
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path template (`/jobs/{job_guid}`).
    pub path: &'static str,
    /// Success statuses whose body the spec documents as JSON.
    pub json_success: &'static [u16],
}

impl Operation {
    /// Whether the spec documents a JSON body for this status.
    pub fn has_json_body(&self, status: u16) -> bool {
        self.json_success.contains(&status)
    }
}

const OPERATIONS: &[Operation] = &include!(concat!(env!("OUT_DIR"), "/operations.rs"));

/// The operation with this progenitor operation id.
pub(crate) fn find(id: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.id == id)
}

/// The one operation whose path template ends `path` (the base URL may
/// have a path of its own); `None` when none or several match.
pub(crate) fn from_url_path(path: &str) -> Option<&'static Operation> {
    let mut matching = OPERATIONS.iter().filter(|o| template_matches(o.path, path));
    let first = matching.next()?;
    matching
        .all(|o| o.path == first.path && o.method == first.method)
        .then_some(first)
}

fn template_matches(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.trim_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    path.len() > template.len()
        && path[path.len() - template.len()..]
            .iter()
            .zip(&template)
            .all(|(segment, pattern)| {
                (pattern.starts_with('{') && pattern.ends_with('}') && !segment.is_empty()) || segment == pattern
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_of_the_spec_is_in_the_table() {
        let ids: Vec<_> = OPERATIONS.iter().map(|o| (o.id, o.method, o.path)).collect();
        assert_eq!(
            ids,
            [
                ("read_job", "GET", "/jobs/{job_guid}"),
                ("list_job_mfa_credentials", "GET", "/jobs/{job_guid}/mfa_credentials"),
                ("resume_job", "GET", "/jobs/{job_guid}/resume"),
                (
                    "create_member_credentials",
                    "POST",
                    "/members/{member_guid}/credentials"
                ),
            ]
        );
        for operation in OPERATIONS {
            assert_eq!(operation.json_success, [200], "{}", operation.id);
            assert!(operation.has_json_body(200) && !operation.has_json_body(204));
        }
    }

    #[test]
    fn urls_are_traced_back_to_their_operation() {
        let id = |path| from_url_path(path).map(|o| o.id);
        assert_eq!(id("/jobs/JOB-1"), Some("read_job"));
        assert_eq!(id("/nexus/v1/jobs/JOB-1/resume"), Some("resume_job"));
        assert_eq!(id("/jobs/JOB-1/mfa_credentials/"), Some("list_job_mfa_credentials"));
        assert_eq!(id("/members/MBR-1/credentials"), Some("create_member_credentials"));
        assert_eq!(id("/jobs/"), None);
        assert_eq!(id("/jobs"), None);
        assert_eq!(id("/sessions"), None);
    }
}
