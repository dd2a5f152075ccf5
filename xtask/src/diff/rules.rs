//! The table of every check id this tool emits: its level (what it does to a
//! client on the wire, as oasdiff rates it: ERR → breaking, WARN → warning,
//! INFO → info) and its semver impact at the spec level. The crate's verdict
//! comes from the Rust API diff (`src/api/`), which sees what users' code
//! meets (`#[non_exhaustive]` types, builders, `Default`); these impacts are
//! its fallback with `--spec-only` or when the Rust API cannot be generated.

use super::{Level, Semver};

use Level::{Breaking as E, Info as I, Warning as W};
use Semver::{Major as MAJ, Minor as MIN, Patch as PAT};

/// One check: its id (oasdiff's spelling where oasdiff has the check), its
/// level on the wire and its semver impact at the spec level (the verdict of
/// `cargo xtask diff` is the Rust API diff's when it runs; this impact is the
/// fallback with `--spec-only` or when the Rust API cannot be generated).
/// Checks name these constants (`sink.push(&ENDPOINT_ADDED, ..)`), so an id
/// cannot be misspelt or missing from the table.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    pub semver: Semver,
}

const fn rule(id: &'static str, level: Level, semver: Semver) -> Rule {
    Rule { id, level, semver }
}

/// `(id, level, semver impact)`. Ids follow oasdiff's spelling where oasdiff
/// has the check.
// Endpoints.
pub const ENDPOINT_ADDED: Rule = rule("endpoint-added", I, MIN);
pub const ENDPOINT_DEPRECATED: Rule = rule("endpoint-deprecated", I, MIN);
pub const ENDPOINT_REACTIVATED: Rule = rule("endpoint-reactivated", I, MIN);
pub const API_PATH_REMOVED_WITHOUT_DEPRECATION: Rule = rule("api-path-removed-without-deprecation", E, MAJ);
pub const API_PATH_REMOVED_WITH_DEPRECATION: Rule = rule("api-path-removed-with-deprecation", I, MAJ);
pub const API_REMOVED_WITHOUT_DEPRECATION: Rule = rule("api-removed-without-deprecation", E, MAJ);
pub const API_REMOVED_WITH_DEPRECATION: Rule = rule("api-removed-with-deprecation", I, MAJ);
// The generated method is named after the operationId.
pub const API_OPERATION_ID_REMOVED: Rule = rule("api-operation-id-removed", I, MAJ);
pub const API_OPERATION_ID_ADDED: Rule = rule("api-operation-id-added", I, MAJ);
// Parameters (they are fields of the generated params struct).
pub const NEW_REQUEST_PATH_PARAMETER: Rule = rule("new-request-path-parameter", E, MAJ);
pub const NEW_REQUIRED_REQUEST_PARAMETER: Rule = rule("new-required-request-parameter", E, MAJ);
pub const NEW_OPTIONAL_REQUEST_PARAMETER: Rule = rule("new-optional-request-parameter", I, MAJ);
pub const REQUEST_PARAMETER_REMOVED: Rule = rule("request-parameter-removed", W, MAJ);
pub const REQUEST_PARAMETER_REMOVED_WITH_DEPRECATION: Rule = rule("request-parameter-removed-with-deprecation", I, MAJ);
pub const REQUEST_PARAMETER_BECAME_REQUIRED: Rule = rule("request-parameter-became-required", E, MAJ);
pub const REQUEST_PARAMETER_BECAME_OPTIONAL: Rule = rule("request-parameter-became-optional", I, MAJ);
pub const REQUEST_PARAMETER_TYPE_CHANGED: Rule = rule("request-parameter-type-changed", E, MAJ);
pub const REQUEST_PARAMETER_TYPE_GENERALIZED: Rule = rule("request-parameter-type-generalized", I, MAJ);
pub const REQUEST_PARAMETER_BECAME_ENUM: Rule = rule("request-parameter-became-enum", E, MAJ);
pub const REQUEST_PARAMETER_ENUM_VALUE_REMOVED: Rule = rule("request-parameter-enum-value-removed", E, MAJ);
pub const REQUEST_PARAMETER_ENUM_VALUE_ADDED: Rule = rule("request-parameter-enum-value-added", I, MAJ);
pub const REQUEST_PARAMETER_DEPRECATED: Rule = rule("request-parameter-deprecated", I, MIN);
pub const REQUEST_PARAMETER_REACTIVATED: Rule = rule("request-parameter-reactivated", I, MIN);
// Request body.
pub const REQUEST_BODY_ADDED_REQUIRED: Rule = rule("request-body-added-required", E, MAJ);
pub const REQUEST_BODY_ADDED_OPTIONAL: Rule = rule("request-body-added-optional", I, MAJ);
pub const REQUEST_BODY_REMOVED: Rule = rule("request-body-removed", E, MAJ);
pub const REQUEST_BODY_BECAME_REQUIRED: Rule = rule("request-body-became-required", E, MAJ);
pub const REQUEST_BODY_BECAME_OPTIONAL: Rule = rule("request-body-became-optional", I, MAJ);
pub const REQUEST_BODY_MEDIA_TYPE_ADDED: Rule = rule("request-body-media-type-added", I, MIN);
pub const REQUEST_BODY_MEDIA_TYPE_REMOVED: Rule = rule("request-body-media-type-removed", E, MAJ);
pub const REQUEST_BODY_TYPE_CHANGED: Rule = rule("request-body-type-changed", E, MAJ);
pub const REQUEST_BODY_TYPE_GENERALIZED: Rule = rule("request-body-type-generalized", I, MAJ);
// Request properties.
pub const NEW_REQUIRED_REQUEST_PROPERTY: Rule = rule("new-required-request-property", E, MAJ);
pub const NEW_OPTIONAL_REQUEST_PROPERTY: Rule = rule("new-optional-request-property", I, MAJ);
pub const REQUEST_PROPERTY_REMOVED: Rule = rule("request-property-removed", W, MAJ);
pub const REQUEST_PROPERTY_BECAME_REQUIRED: Rule = rule("request-property-became-required", E, MAJ);
pub const REQUEST_PROPERTY_BECAME_OPTIONAL: Rule = rule("request-property-became-optional", I, MAJ);
pub const REQUEST_PROPERTY_TYPE_CHANGED: Rule = rule("request-property-type-changed", E, MAJ);
pub const REQUEST_PROPERTY_TYPE_GENERALIZED: Rule = rule("request-property-type-generalized", I, MAJ);
pub const REQUEST_PROPERTY_BECAME_ENUM: Rule = rule("request-property-became-enum", E, MAJ);
pub const REQUEST_PROPERTY_ENUM_VALUE_REMOVED: Rule = rule("request-property-enum-value-removed", E, MAJ);
pub const REQUEST_PROPERTY_ENUM_VALUE_ADDED: Rule = rule("request-property-enum-value-added", I, MAJ);
// Not in oasdiff (harmless on the wire, but a generated Rust enum becomes
// a String or the other way round).
pub const REQUEST_PROPERTY_ENUM_REMOVED: Rule = rule("request-property-enum-removed", I, MAJ);
pub const REQUEST_PROPERTY_BECAME_NOT_NULLABLE: Rule = rule("request-property-became-not-nullable", E, MAJ);
pub const REQUEST_PROPERTY_BECAME_NULLABLE: Rule = rule("request-property-became-nullable", I, MAJ);
pub const REQUEST_PROPERTY_DEPRECATED: Rule = rule("request-property-deprecated", I, MIN);
pub const REQUEST_PROPERTY_REACTIVATED: Rule = rule("request-property-reactivated", I, MIN);
// Responses.
pub const RESPONSE_SUCCESS_STATUS_REMOVED: Rule = rule("response-success-status-removed", E, MAJ);
pub const RESPONSE_SUCCESS_STATUS_ADDED: Rule = rule("response-success-status-added", I, MAJ);
pub const RESPONSE_NON_SUCCESS_STATUS_REMOVED: Rule = rule("response-non-success-status-removed", I, MIN);
pub const RESPONSE_NON_SUCCESS_STATUS_ADDED: Rule = rule("response-non-success-status-added", I, MIN);
pub const RESPONSE_MEDIA_TYPE_REMOVED: Rule = rule("response-media-type-removed", E, MAJ);
pub const RESPONSE_MEDIA_TYPE_ADDED: Rule = rule("response-media-type-added", I, MIN);
pub const RESPONSE_BODY_TYPE_CHANGED: Rule = rule("response-body-type-changed", E, MAJ);
pub const RESPONSE_BODY_TYPE_SPECIALIZED: Rule = rule("response-body-type-specialized", I, MAJ);
// Response properties.
pub const RESPONSE_REQUIRED_PROPERTY_ADDED: Rule = rule("response-required-property-added", I, MAJ);
pub const RESPONSE_OPTIONAL_PROPERTY_ADDED: Rule = rule("response-optional-property-added", I, MAJ);
pub const RESPONSE_REQUIRED_PROPERTY_REMOVED: Rule = rule("response-required-property-removed", E, MAJ);
pub const RESPONSE_OPTIONAL_PROPERTY_REMOVED: Rule = rule("response-optional-property-removed", W, MAJ);
pub const RESPONSE_PROPERTY_BECAME_OPTIONAL: Rule = rule("response-property-became-optional", E, MAJ);
pub const RESPONSE_PROPERTY_BECAME_REQUIRED: Rule = rule("response-property-became-required", I, MAJ);
pub const RESPONSE_PROPERTY_TYPE_CHANGED: Rule = rule("response-property-type-changed", E, MAJ);
pub const RESPONSE_PROPERTY_TYPE_SPECIALIZED: Rule = rule("response-property-type-specialized", I, MAJ);
pub const RESPONSE_PROPERTY_ENUM_VALUE_ADDED: Rule = rule("response-property-enum-value-added", W, MAJ);
pub const RESPONSE_PROPERTY_ENUM_VALUE_REMOVED: Rule = rule("response-property-enum-value-removed", I, MAJ);
// Not in oasdiff, same reason as `request-property-enum-removed`.
pub const RESPONSE_PROPERTY_BECAME_ENUM: Rule = rule("response-property-became-enum", I, MAJ);
pub const RESPONSE_PROPERTY_ENUM_REMOVED: Rule = rule("response-property-enum-removed", I, MAJ);
pub const RESPONSE_PROPERTY_BECAME_NULLABLE: Rule = rule("response-property-became-nullable", E, MAJ);
pub const RESPONSE_PROPERTY_BECAME_NOT_NULLABLE: Rule = rule("response-property-became-not-nullable", I, MAJ);
pub const RESPONSE_PROPERTY_DEPRECATED: Rule = rule("response-property-deprecated", I, MIN);
pub const RESPONSE_PROPERTY_REACTIVATED: Rule = rule("response-property-reactivated", I, MIN);
// Security requirements only change what a request must carry at run
// time; schemes are what the client's auth configuration is built from.
pub const API_GLOBAL_SECURITY_ADDED: Rule = rule("api-global-security-added", I, PAT);
pub const API_GLOBAL_SECURITY_REMOVED: Rule = rule("api-global-security-removed", I, PAT);
pub const API_GLOBAL_SECURITY_SCOPE_ADDED: Rule = rule("api-global-security-scope-added", I, PAT);
pub const API_GLOBAL_SECURITY_SCOPE_REMOVED: Rule = rule("api-global-security-scope-removed", I, PAT);
pub const API_SECURITY_ADDED: Rule = rule("api-security-added", I, PAT);
pub const API_SECURITY_REMOVED: Rule = rule("api-security-removed", I, PAT);
pub const API_SECURITY_SCOPE_ADDED: Rule = rule("api-security-scope-added", I, PAT);
pub const API_SECURITY_SCOPE_REMOVED: Rule = rule("api-security-scope-removed", I, PAT);
pub const API_SECURITY_COMPONENT_ADDED: Rule = rule("api-security-component-added", I, MIN);
pub const API_SECURITY_COMPONENT_REMOVED: Rule = rule("api-security-component-removed", I, MAJ);
pub const API_SECURITY_COMPONENT_TYPE_CHANGED: Rule = rule("api-security-component-type-changed", I, MAJ);
pub const API_SECURITY_COMPONENT_OAUTH_URL_CHANGED: Rule = rule("api-security-component-oauth-url-changed", I, PAT);
pub const API_SECURITY_COMPONENT_OAUTH_TOKEN_URL_CHANGED: Rule =
    rule("api-security-component-oauth-token-url-changed", I, PAT);
pub const API_SECURITY_COMPONENT_OAUTH_SCOPE_ADDED: Rule = rule("api-security-component-oauth-scope-added", I, PAT);
pub const API_SECURITY_COMPONENT_OAUTH_SCOPE_REMOVED: Rule = rule("api-security-component-oauth-scope-removed", I, PAT);
/// Every rule, for the README table and tests.
pub const RULES: &[&Rule] = &[
    &ENDPOINT_ADDED,
    &ENDPOINT_DEPRECATED,
    &ENDPOINT_REACTIVATED,
    &API_PATH_REMOVED_WITHOUT_DEPRECATION,
    &API_PATH_REMOVED_WITH_DEPRECATION,
    &API_REMOVED_WITHOUT_DEPRECATION,
    &API_REMOVED_WITH_DEPRECATION,
    &API_OPERATION_ID_REMOVED,
    &API_OPERATION_ID_ADDED,
    &NEW_REQUEST_PATH_PARAMETER,
    &NEW_REQUIRED_REQUEST_PARAMETER,
    &NEW_OPTIONAL_REQUEST_PARAMETER,
    &REQUEST_PARAMETER_REMOVED,
    &REQUEST_PARAMETER_REMOVED_WITH_DEPRECATION,
    &REQUEST_PARAMETER_BECAME_REQUIRED,
    &REQUEST_PARAMETER_BECAME_OPTIONAL,
    &REQUEST_PARAMETER_TYPE_CHANGED,
    &REQUEST_PARAMETER_TYPE_GENERALIZED,
    &REQUEST_PARAMETER_BECAME_ENUM,
    &REQUEST_PARAMETER_ENUM_VALUE_REMOVED,
    &REQUEST_PARAMETER_ENUM_VALUE_ADDED,
    &REQUEST_PARAMETER_DEPRECATED,
    &REQUEST_PARAMETER_REACTIVATED,
    &REQUEST_BODY_ADDED_REQUIRED,
    &REQUEST_BODY_ADDED_OPTIONAL,
    &REQUEST_BODY_REMOVED,
    &REQUEST_BODY_BECAME_REQUIRED,
    &REQUEST_BODY_BECAME_OPTIONAL,
    &REQUEST_BODY_MEDIA_TYPE_ADDED,
    &REQUEST_BODY_MEDIA_TYPE_REMOVED,
    &REQUEST_BODY_TYPE_CHANGED,
    &REQUEST_BODY_TYPE_GENERALIZED,
    &NEW_REQUIRED_REQUEST_PROPERTY,
    &NEW_OPTIONAL_REQUEST_PROPERTY,
    &REQUEST_PROPERTY_REMOVED,
    &REQUEST_PROPERTY_BECAME_REQUIRED,
    &REQUEST_PROPERTY_BECAME_OPTIONAL,
    &REQUEST_PROPERTY_TYPE_CHANGED,
    &REQUEST_PROPERTY_TYPE_GENERALIZED,
    &REQUEST_PROPERTY_BECAME_ENUM,
    &REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
    &REQUEST_PROPERTY_ENUM_VALUE_ADDED,
    &REQUEST_PROPERTY_ENUM_REMOVED,
    &REQUEST_PROPERTY_BECAME_NOT_NULLABLE,
    &REQUEST_PROPERTY_BECAME_NULLABLE,
    &REQUEST_PROPERTY_DEPRECATED,
    &REQUEST_PROPERTY_REACTIVATED,
    &RESPONSE_SUCCESS_STATUS_REMOVED,
    &RESPONSE_SUCCESS_STATUS_ADDED,
    &RESPONSE_NON_SUCCESS_STATUS_REMOVED,
    &RESPONSE_NON_SUCCESS_STATUS_ADDED,
    &RESPONSE_MEDIA_TYPE_REMOVED,
    &RESPONSE_MEDIA_TYPE_ADDED,
    &RESPONSE_BODY_TYPE_CHANGED,
    &RESPONSE_BODY_TYPE_SPECIALIZED,
    &RESPONSE_REQUIRED_PROPERTY_ADDED,
    &RESPONSE_OPTIONAL_PROPERTY_ADDED,
    &RESPONSE_REQUIRED_PROPERTY_REMOVED,
    &RESPONSE_OPTIONAL_PROPERTY_REMOVED,
    &RESPONSE_PROPERTY_BECAME_OPTIONAL,
    &RESPONSE_PROPERTY_BECAME_REQUIRED,
    &RESPONSE_PROPERTY_TYPE_CHANGED,
    &RESPONSE_PROPERTY_TYPE_SPECIALIZED,
    &RESPONSE_PROPERTY_ENUM_VALUE_ADDED,
    &RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
    &RESPONSE_PROPERTY_BECAME_ENUM,
    &RESPONSE_PROPERTY_ENUM_REMOVED,
    &RESPONSE_PROPERTY_BECAME_NULLABLE,
    &RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
    &RESPONSE_PROPERTY_DEPRECATED,
    &RESPONSE_PROPERTY_REACTIVATED,
    &API_GLOBAL_SECURITY_ADDED,
    &API_GLOBAL_SECURITY_REMOVED,
    &API_GLOBAL_SECURITY_SCOPE_ADDED,
    &API_GLOBAL_SECURITY_SCOPE_REMOVED,
    &API_SECURITY_ADDED,
    &API_SECURITY_REMOVED,
    &API_SECURITY_SCOPE_ADDED,
    &API_SECURITY_SCOPE_REMOVED,
    &API_SECURITY_COMPONENT_ADDED,
    &API_SECURITY_COMPONENT_REMOVED,
    &API_SECURITY_COMPONENT_TYPE_CHANGED,
    &API_SECURITY_COMPONENT_OAUTH_URL_CHANGED,
    &API_SECURITY_COMPONENT_OAUTH_TOKEN_URL_CHANGED,
    &API_SECURITY_COMPONENT_OAUTH_SCOPE_ADDED,
    &API_SECURITY_COMPONENT_OAUTH_SCOPE_REMOVED,
];

#[cfg(test)]
mod tests {
    use super::RULES;

    #[test]
    fn ids_are_unique() {
        for (i, rule) in RULES.iter().enumerate() {
            assert!(
                !RULES[i + 1..].iter().any(|other| other.id == rule.id),
                "{} twice",
                rule.id
            );
        }
    }
}
