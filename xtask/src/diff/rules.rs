//! The table of every check id this tool emits: its level (what it does to a
//! client on the wire, as oasdiff rates it: ERR → breaking, WARN → warning,
//! INFO → info) and its semver impact on the generated Rust crate, which is
//! stricter: generated structs have public fields and are built with struct
//! literals, so any change to a generated type's fields is a breaking change
//! for Rust code even when it is harmless on the wire.

use super::{Level, Semver};

use Level::{Breaking as E, Info as I, Warning as W};
use Semver::{Major as MAJ, Minor as MIN, Patch as PAT};

/// `(id, level, semver impact)`. Ids follow oasdiff's spelling where oasdiff
/// has the check.
pub const RULES: &[(&str, Level, Semver)] = &[
    // Endpoints.
    ("endpoint-added", I, MIN),
    ("endpoint-deprecated", I, MIN),
    ("endpoint-reactivated", I, MIN),
    ("api-path-removed-without-deprecation", E, MAJ),
    ("api-path-removed-with-deprecation", I, MAJ),
    ("api-removed-without-deprecation", E, MAJ),
    ("api-removed-with-deprecation", I, MAJ),
    // The generated method is named after the operationId.
    ("api-operation-id-removed", I, MAJ),
    ("api-operation-id-added", I, MAJ),
    // Parameters (they are fields of the generated params struct).
    ("new-request-path-parameter", E, MAJ),
    ("new-required-request-parameter", E, MAJ),
    ("new-optional-request-parameter", I, MAJ),
    ("request-parameter-removed", W, MAJ),
    ("request-parameter-removed-with-deprecation", I, MAJ),
    ("request-parameter-became-required", E, MAJ),
    ("request-parameter-became-optional", I, MAJ),
    ("request-parameter-type-changed", E, MAJ),
    ("request-parameter-type-generalized", I, MAJ),
    ("request-parameter-became-enum", E, MAJ),
    ("request-parameter-enum-value-removed", E, MAJ),
    ("request-parameter-enum-value-added", I, MAJ),
    ("request-parameter-deprecated", I, MIN),
    ("request-parameter-reactivated", I, MIN),
    // Request body.
    ("request-body-added-required", E, MAJ),
    ("request-body-added-optional", I, MAJ),
    ("request-body-removed", E, MAJ),
    ("request-body-became-required", E, MAJ),
    ("request-body-became-optional", I, MAJ),
    ("request-body-media-type-added", I, MIN),
    ("request-body-media-type-removed", E, MAJ),
    ("request-body-type-changed", E, MAJ),
    ("request-body-type-generalized", I, MAJ),
    // Request properties.
    ("new-required-request-property", E, MAJ),
    ("new-optional-request-property", I, MAJ),
    ("request-property-removed", W, MAJ),
    ("request-property-became-required", E, MAJ),
    ("request-property-became-optional", I, MAJ),
    ("request-property-type-changed", E, MAJ),
    ("request-property-type-generalized", I, MAJ),
    ("request-property-became-enum", E, MAJ),
    ("request-property-enum-value-removed", E, MAJ),
    ("request-property-enum-value-added", I, MAJ),
    // Not in oasdiff (harmless on the wire, but a generated Rust enum becomes
    // a String or the other way round).
    ("request-property-enum-removed", I, MAJ),
    ("request-property-became-not-nullable", E, MAJ),
    ("request-property-became-nullable", I, MAJ),
    ("request-property-deprecated", I, MIN),
    ("request-property-reactivated", I, MIN),
    // Responses.
    ("response-success-status-removed", E, MAJ),
    ("response-success-status-added", I, MAJ),
    ("response-non-success-status-removed", I, MIN),
    ("response-non-success-status-added", I, MIN),
    ("response-media-type-removed", E, MAJ),
    ("response-media-type-added", I, MIN),
    ("response-body-type-changed", E, MAJ),
    ("response-body-type-specialized", I, MAJ),
    // Response properties.
    ("response-required-property-added", I, MAJ),
    ("response-optional-property-added", I, MAJ),
    ("response-required-property-removed", E, MAJ),
    ("response-optional-property-removed", W, MAJ),
    ("response-property-became-optional", E, MAJ),
    ("response-property-became-required", I, MAJ),
    ("response-property-type-changed", E, MAJ),
    ("response-property-type-specialized", I, MAJ),
    ("response-property-enum-value-added", W, MAJ),
    ("response-property-enum-value-removed", I, MAJ),
    // Not in oasdiff, same reason as `request-property-enum-removed`.
    ("response-property-became-enum", I, MAJ),
    ("response-property-enum-removed", I, MAJ),
    ("response-property-became-nullable", E, MAJ),
    ("response-property-became-not-nullable", I, MAJ),
    ("response-property-deprecated", I, MIN),
    ("response-property-reactivated", I, MIN),
    // Security requirements only change what a request must carry at run
    // time; schemes are what the client's auth configuration is built from.
    ("api-global-security-added", I, PAT),
    ("api-global-security-removed", I, PAT),
    ("api-global-security-scope-added", I, PAT),
    ("api-global-security-scope-removed", I, PAT),
    ("api-security-added", I, PAT),
    ("api-security-removed", I, PAT),
    ("api-security-scope-added", I, PAT),
    ("api-security-scope-removed", I, PAT),
    ("api-security-component-added", I, MIN),
    ("api-security-component-removed", I, MAJ),
    ("api-security-component-type-changed", I, MAJ),
    ("api-security-component-oauth-url-changed", I, PAT),
    ("api-security-component-oauth-token-url-changed", I, PAT),
    ("api-security-component-oauth-scope-added", I, PAT),
    ("api-security-component-oauth-scope-removed", I, PAT),
];

/// Level and semver impact of a check id. Ids come from string literals in
/// this module's callers and a test checks they are all in the table; an
/// unknown id is treated as the most severe rather than panicking.
pub(crate) fn rule(id: &str) -> (Level, Semver) {
    RULES
        .iter()
        .find(|(rid, _, _)| *rid == id)
        .map_or((Level::Breaking, Semver::Major), |&(_, l, s)| (l, s))
}

#[cfg(test)]
mod tests {
    use super::RULES;

    /// Every id string literal in the modules that emit changes is in the
    /// table (an id missing from it would silently be rated breaking/major).
    #[test]
    fn every_emitted_id_is_in_the_table() {
        let sources = [
            include_str!("operations.rs"),
            include_str!("schema.rs"),
            include_str!("security.rs"),
        ];
        let prefixes = ["request-", "response-", "api-", "endpoint-", "new-"];
        let mut seen = 0;
        for source in sources {
            for literal in source.split('"').skip(1).step_by(2) {
                let is_id = prefixes.iter().any(|p| literal.starts_with(p))
                    && literal.chars().all(|c| c.is_ascii_lowercase() || c == '-');
                if is_id {
                    seen += 1;
                    assert!(
                        RULES.iter().any(|(id, _, _)| *id == literal),
                        "{literal} is not in RULES"
                    );
                }
            }
        }
        assert!(seen > 50, "found only {seen} ids");
    }

    #[test]
    fn ids_are_unique() {
        for (i, (id, _, _)) in RULES.iter().enumerate() {
            assert!(!RULES[i + 1..].iter().any(|(other, _, _)| other == id), "{id} twice");
        }
    }
}
