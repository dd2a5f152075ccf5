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
    /// and path, named as progenitor names it.
    #[test]
    fn the_table_has_every_operation_of_the_spec() {
        let spec: serde_json::Value =
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/nexus-spec.json"))).unwrap();
        let mut expected = Vec::new();
        for (path, item) in spec["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                if let Some(id) = operation["operationId"].as_str() {
                    expected.push((
                        heck::ToSnakeCase::to_snake_case(id),
                        method.to_uppercase(),
                        path.clone(),
                    ));
                }
            }
        }
        let mut table: Vec<_> = OPERATIONS
            .iter()
            .map(|o| (o.id.to_owned(), o.method.to_owned(), o.path.to_owned()))
            .collect();
        expected.sort();
        table.sort();
        assert!(!table.is_empty());
        assert_eq!(table, expected);
        for operation in OPERATIONS {
            assert_eq!(find(operation.id), Some(operation));
        }
    }
}
