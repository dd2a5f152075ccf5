//! What the hand-written layer knows about each operation beyond what its
//! generated `send()` passes: its method and path template, for tracing and
//! errors. build.rs writes one constant per operation from the same spec as
//! the client (`READ_JOB`, ...), and each generated `send()` names its own,
//! so no call looks anything up.

/// One operation of the spec.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Operation {
    /// progenitor's operation id (`read_job`).
    pub id: &'static str,
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path template (`/jobs/{job_guid}`).
    pub path: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/operations.rs"));

/// The operation with this progenitor operation id (for callers outside a
/// generated `send()`: the workflow helpers and tests).
#[cfg(test)]
pub(crate) fn find(id: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table against the spec it was generated from (the JSON build.rs
    /// writes for the contract tests): every operation, once, with its method
    /// and path, named as progenitor names it (MX's id, or the one build.rs
    /// gives an operation without one), but the ones build.rs leaves out
    /// (`// left out:` in the generated client).
    #[test]
    fn the_table_has_every_operation_of_the_spec() {
        let spec: serde_json::Value =
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/nexus-spec.json"))).unwrap();
        let client = include_str!(concat!(env!("OUT_DIR"), "/nexus.rs"));
        let left_out = client.lines().filter(|l| l.starts_with("// left out: ")).count();
        let mut in_spec = Vec::new();
        for (path, item) in spec["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                if !["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(&method.as_str()) {
                    continue;
                }
                let id = operation["operationId"].as_str().map(heck::ToSnakeCase::to_snake_case);
                in_spec.push((method.to_uppercase(), path.clone(), id));
            }
        }
        assert!(!OPERATIONS.is_empty());
        assert_eq!(OPERATIONS.len() + left_out, in_spec.len());
        for operation in OPERATIONS {
            let (_, _, id) = in_spec
                .iter()
                .find(|(method, path, _)| method == operation.method && path == operation.path)
                .unwrap_or_else(|| panic!("{operation:?} is not in the spec"));
            if let Some(id) = id {
                assert_eq!(operation.id, id);
            }
            assert_eq!(find(operation.id), Some(operation));
        }
    }
}
