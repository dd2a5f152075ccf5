//! The table of every check id this tool emits: its level (what it does to a
//! client on the wire, as oasdiff rates it: ERR → breaking, WARN → warning,
//! INFO → info), its semver impact at the spec level and its message. The crate's verdict
//! comes from the Rust API diff (`src/api/`), which sees what users' code
//! meets (`#[non_exhaustive]` types, builders, `Default`); these impacts are
//! its fallback with `--spec-only` or when the Rust API cannot be generated.

use super::{Level, Semver};

use Level::{Breaking as E, Info as I, Warning as W};
use Semver::{Major as MAJ, Minor as MIN, Patch as PAT};

/// One check: its id (oasdiff's spelling where oasdiff has the check), its
/// level on the wire, its semver impact at the spec level (the verdict of
/// `cargo xtask diff` is the Rust API diff's when it runs; this impact is the
/// fallback with `--spec-only` or when the Rust API cannot be generated) and
/// its message. Checks name these constants (`sink.push(&ENDPOINT_ADDED, ..)`)
/// and pass only the values the message names ([`Args`]), so an id cannot be
/// misspelt or missing from the table, and each rule's wording is written
/// once, here.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    pub semver: Semver,
    /// The message, with `{name}` placeholders for the fields of [`Args`].
    pub message: &'static str,
}

const fn rule(id: &'static str, level: Level, semver: Semver, message: &'static str) -> Rule {
    Rule {
        id,
        level,
        semver,
        message,
    }
}

impl Rule {
    /// The rule's message with its placeholders filled from `args`. A
    /// placeholder the check did not fill stays as written (`{property}`),
    /// which the tests look for.
    pub fn render(&self, args: &Args<'_>) -> String {
        let mut out = String::with_capacity(self.message.len() + 32);
        let mut rest = self.message;
        while let Some((before, name, after)) = next_placeholder(rest) {
            out.push_str(before);
            match args.get(name) {
                Some(value) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = after;
        }
        out.push_str(rest);
        out
    }

    /// The placeholders of the message, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &'static str> {
        let mut rest = self.message;
        std::iter::from_fn(move || {
            let (_, name, after) = next_placeholder(rest)?;
            rest = after;
            Some(name)
        })
    }
}

/// Every rule as a markdown table (id, level, spec-level semver, message),
/// the one in `xtask/README.md`; a test keeps the two the same.
pub fn markdown_table() -> String {
    let mut out = String::from("| id | level | semver (spec) | message |\n| --- | --- | --- | --- |\n");
    for rule in RULES {
        out += &format!(
            "| `{}` | {} | {} | {} |\n",
            rule.id,
            rule.level.as_str(),
            rule.semver.as_str(),
            rule.message
        );
    }
    out
}

/// `"a {x} b"` → `("a ", "x", " b")`.
fn next_placeholder(text: &str) -> Option<(&str, &str, &str)> {
    let (before, tail) = text.split_once('{')?;
    let (name, after) = tail.split_once('}')?;
    Some((before, name, after))
}

/// Declares [`Args`]: one optional field per placeholder name, a setter of
/// the same name and the lookup by name, from one list.
macro_rules! args {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// The values a rule's message names (`{property}`, `{status}`...),
        /// set by name: `Args::new().property(prop).status(status)`.
        #[derive(Clone, Copy, Debug, Default)]
        pub struct Args<'a> {
            $($(#[$doc])* pub $name: Option<&'a str>,)*
        }

        impl<'a> Args<'a> {
            /// Every placeholder name a message may use.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            pub fn new() -> Self {
                Self::default()
            }

            $(pub fn $name(mut self, value: &'a str) -> Self {
                self.$name = Some(value);
                self
            })*

            fn get(&self, name: &str) -> Option<&'a str> {
                match name {
                    $(stringify!($name) => self.$name,)*
                    _ => None,
                }
            }
        }
    };
}

args! {
    /// A property path, `job/items/name`.
    property,
    /// A parameter's name.
    parameter,
    /// Where a parameter goes (its `in`): `path`, `query`, `header`, `cookie`.
    location,
    /// A response status code, `200`.
    status,
    media_type,
    /// An enum value, strings bare and anything else as JSON.
    value,
    /// What it was (a type with its format, `string/date-time`; an id; a URL).
    from,
    /// What it became.
    to,
    /// A security requirement: scheme names joined with ` + `.
    requirement,
    /// A security scheme's name.
    scheme,
    scope,
    /// An OAuth flow, `clientCredentials`.
    flow,
}

// `(id, level, semver impact, message)`. Ids follow oasdiff's spelling
// where oasdiff has the check, and so do messages where it has one.
// Endpoints.
pub const ENDPOINT_ADDED: Rule = rule("endpoint-added", I, MIN, "endpoint added");
pub const ENDPOINT_DEPRECATED: Rule = rule("endpoint-deprecated", I, MIN, "endpoint deprecated");
pub const ENDPOINT_REACTIVATED: Rule = rule("endpoint-reactivated", I, MIN, "endpoint reactivated");
pub const API_PATH_REMOVED_WITHOUT_DEPRECATION: Rule = rule(
    "api-path-removed-without-deprecation",
    E,
    MAJ,
    "api path removed without deprecation",
);
pub const API_PATH_REMOVED_WITH_DEPRECATION: Rule = rule(
    "api-path-removed-with-deprecation",
    I,
    MAJ,
    "api path removed after deprecation",
);
pub const API_REMOVED_WITHOUT_DEPRECATION: Rule = rule(
    "api-removed-without-deprecation",
    E,
    MAJ,
    "endpoint removed without deprecation",
);
pub const API_REMOVED_WITH_DEPRECATION: Rule = rule(
    "api-removed-with-deprecation",
    I,
    MAJ,
    "endpoint removed after deprecation",
);
// The generated method is named after the operationId.
pub const API_OPERATION_ID_REMOVED: Rule = rule(
    "api-operation-id-removed",
    I,
    MAJ,
    "api operation id `{from}` removed and replaced with {to}",
);
pub const API_OPERATION_ID_ADDED: Rule = rule("api-operation-id-added", I, MAJ, "api operation id `{to}` was added");
// Parameters (they are fields of the generated params struct).
pub const NEW_REQUEST_PATH_PARAMETER: Rule = rule(
    "new-request-path-parameter",
    E,
    MAJ,
    "added the new required `{location}` request parameter `{parameter}`",
);
pub const NEW_REQUIRED_REQUEST_PARAMETER: Rule = rule(
    "new-required-request-parameter",
    E,
    MAJ,
    "added the new required `{location}` request parameter `{parameter}`",
);
pub const NEW_OPTIONAL_REQUEST_PARAMETER: Rule = rule(
    "new-optional-request-parameter",
    I,
    MAJ,
    "added the new optional `{location}` request parameter `{parameter}`",
);
pub const REQUEST_PARAMETER_REMOVED: Rule = rule(
    "request-parameter-removed",
    W,
    MAJ,
    "deleted the `{location}` request parameter `{parameter}`",
);
pub const REQUEST_PARAMETER_REMOVED_WITH_DEPRECATION: Rule = rule(
    "request-parameter-removed-with-deprecation",
    I,
    MAJ,
    "deleted the `{location}` request parameter `{parameter}`",
);
pub const REQUEST_PARAMETER_BECAME_REQUIRED: Rule = rule(
    "request-parameter-became-required",
    E,
    MAJ,
    "the `{location}` request parameter `{parameter}` became required",
);
pub const REQUEST_PARAMETER_BECAME_OPTIONAL: Rule = rule(
    "request-parameter-became-optional",
    I,
    MAJ,
    "the `{location}` request parameter `{parameter}` became optional",
);
pub const REQUEST_PARAMETER_TYPE_CHANGED: Rule = rule(
    "request-parameter-type-changed",
    E,
    MAJ,
    "the type of the `{location}` request parameter `{parameter}` changed from `{from}` to `{to}`",
);
pub const REQUEST_PARAMETER_TYPE_GENERALIZED: Rule = rule(
    "request-parameter-type-generalized",
    I,
    MAJ,
    "the type of the `{location}` request parameter `{parameter}` changed from `{from}` to `{to}`",
);
pub const REQUEST_PARAMETER_BECAME_ENUM: Rule = rule(
    "request-parameter-became-enum",
    E,
    MAJ,
    "the `{location}` request parameter `{parameter}` became an enum",
);
pub const REQUEST_PARAMETER_ENUM_VALUE_REMOVED: Rule = rule(
    "request-parameter-enum-value-removed",
    E,
    MAJ,
    "removed the enum value `{value}` of the `{location}` request parameter `{parameter}`",
);
pub const REQUEST_PARAMETER_ENUM_VALUE_ADDED: Rule = rule(
    "request-parameter-enum-value-added",
    I,
    MAJ,
    "added the enum value `{value}` to the `{location}` request parameter `{parameter}`",
);
pub const REQUEST_PARAMETER_DEPRECATED: Rule = rule(
    "request-parameter-deprecated",
    I,
    MIN,
    "the `{location}` request parameter `{parameter}` was deprecated",
);
pub const REQUEST_PARAMETER_REACTIVATED: Rule = rule(
    "request-parameter-reactivated",
    I,
    MIN,
    "the `{location}` request parameter `{parameter}` is no longer deprecated",
);
// Request body.
pub const REQUEST_BODY_ADDED_REQUIRED: Rule =
    rule("request-body-added-required", E, MAJ, "added required request body");
pub const REQUEST_BODY_ADDED_OPTIONAL: Rule =
    rule("request-body-added-optional", I, MAJ, "added optional request body");
pub const REQUEST_BODY_REMOVED: Rule = rule("request-body-removed", E, MAJ, "removed the request body");
pub const REQUEST_BODY_BECAME_REQUIRED: Rule =
    rule("request-body-became-required", E, MAJ, "request body became required");
pub const REQUEST_BODY_BECAME_OPTIONAL: Rule =
    rule("request-body-became-optional", I, MAJ, "request body became optional");
pub const REQUEST_BODY_MEDIA_TYPE_ADDED: Rule = rule(
    "request-body-media-type-added",
    I,
    MIN,
    "added the media type `{media_type}` to the request body",
);
pub const REQUEST_BODY_MEDIA_TYPE_REMOVED: Rule = rule(
    "request-body-media-type-removed",
    E,
    MAJ,
    "removed the media type `{media_type}` from the request body",
);
pub const REQUEST_BODY_TYPE_CHANGED: Rule = rule(
    "request-body-type-changed",
    E,
    MAJ,
    "the request body type changed from `{from}` to `{to}`",
);
pub const REQUEST_BODY_TYPE_GENERALIZED: Rule = rule(
    "request-body-type-generalized",
    I,
    MAJ,
    "the request body type changed from `{from}` to `{to}`",
);
// Request properties.
pub const NEW_REQUIRED_REQUEST_PROPERTY: Rule = rule(
    "new-required-request-property",
    E,
    MAJ,
    "added the new required request property `{property}`",
);
pub const NEW_OPTIONAL_REQUEST_PROPERTY: Rule = rule(
    "new-optional-request-property",
    I,
    MAJ,
    "added the new optional request property `{property}`",
);
pub const REQUEST_PROPERTY_REMOVED: Rule = rule(
    "request-property-removed",
    W,
    MAJ,
    "removed the request property `{property}`",
);
pub const REQUEST_PROPERTY_BECAME_REQUIRED: Rule = rule(
    "request-property-became-required",
    E,
    MAJ,
    "the request property `{property}` became required",
);
pub const REQUEST_PROPERTY_BECAME_OPTIONAL: Rule = rule(
    "request-property-became-optional",
    I,
    MAJ,
    "the request property `{property}` became optional",
);
pub const REQUEST_PROPERTY_TYPE_CHANGED: Rule = rule(
    "request-property-type-changed",
    E,
    MAJ,
    "the type of the request property `{property}` changed from `{from}` to `{to}`",
);
pub const REQUEST_PROPERTY_TYPE_GENERALIZED: Rule = rule(
    "request-property-type-generalized",
    I,
    MAJ,
    "the type of the request property `{property}` changed from `{from}` to `{to}`",
);
pub const REQUEST_PROPERTY_BECAME_ENUM: Rule = rule(
    "request-property-became-enum",
    E,
    MAJ,
    "the request property `{property}` became an enum",
);
pub const REQUEST_PROPERTY_ENUM_VALUE_REMOVED: Rule = rule(
    "request-property-enum-value-removed",
    E,
    MAJ,
    "removed the enum value `{value}` of the request property `{property}`",
);
pub const REQUEST_PROPERTY_ENUM_VALUE_ADDED: Rule = rule(
    "request-property-enum-value-added",
    I,
    MAJ,
    "added the enum value `{value}` to the request property `{property}`",
);
// Not in oasdiff (harmless on the wire, but a generated Rust enum becomes
// a String or the other way round).
pub const REQUEST_PROPERTY_ENUM_REMOVED: Rule = rule(
    "request-property-enum-removed",
    I,
    MAJ,
    "the request property `{property}` is no longer an enum",
);
pub const REQUEST_PROPERTY_BECAME_NOT_NULLABLE: Rule = rule(
    "request-property-became-not-nullable",
    E,
    MAJ,
    "the request property `{property}` became not nullable",
);
pub const REQUEST_PROPERTY_BECAME_NULLABLE: Rule = rule(
    "request-property-became-nullable",
    I,
    MAJ,
    "the request property `{property}` became nullable",
);
pub const REQUEST_PROPERTY_DEPRECATED: Rule = rule(
    "request-property-deprecated",
    I,
    MIN,
    "the request property `{property}` was deprecated",
);
pub const REQUEST_PROPERTY_REACTIVATED: Rule = rule(
    "request-property-reactivated",
    I,
    MIN,
    "the request property `{property}` is no longer deprecated",
);
// Responses.
pub const RESPONSE_SUCCESS_STATUS_REMOVED: Rule = rule(
    "response-success-status-removed",
    E,
    MAJ,
    "removed the response with the status {status}",
);
pub const RESPONSE_SUCCESS_STATUS_ADDED: Rule = rule(
    "response-success-status-added",
    I,
    MAJ,
    "added the response with the status {status}",
);
pub const RESPONSE_NON_SUCCESS_STATUS_REMOVED: Rule = rule(
    "response-non-success-status-removed",
    I,
    MIN,
    "removed the response with the status {status}",
);
pub const RESPONSE_NON_SUCCESS_STATUS_ADDED: Rule = rule(
    "response-non-success-status-added",
    I,
    MIN,
    "added the response with the status {status}",
);
pub const RESPONSE_MEDIA_TYPE_REMOVED: Rule = rule(
    "response-media-type-removed",
    E,
    MAJ,
    "removed the media type `{media_type}` for the response with the status {status}",
);
pub const RESPONSE_MEDIA_TYPE_ADDED: Rule = rule(
    "response-media-type-added",
    I,
    MIN,
    "added the media type `{media_type}` for the response with the status {status}",
);
pub const RESPONSE_BODY_TYPE_CHANGED: Rule = rule(
    "response-body-type-changed",
    E,
    MAJ,
    "the type of the response body for the {status} status changed from `{from}` to `{to}`",
);
pub const RESPONSE_BODY_TYPE_SPECIALIZED: Rule = rule(
    "response-body-type-specialized",
    I,
    MAJ,
    "the type of the response body for the {status} status changed from `{from}` to `{to}`",
);
// Response properties.
pub const RESPONSE_REQUIRED_PROPERTY_ADDED: Rule = rule(
    "response-required-property-added",
    I,
    MAJ,
    "added the required property `{property}` to the response with the {status} status",
);
pub const RESPONSE_OPTIONAL_PROPERTY_ADDED: Rule = rule(
    "response-optional-property-added",
    I,
    MAJ,
    "added the optional property `{property}` to the response with the {status} status",
);
pub const RESPONSE_REQUIRED_PROPERTY_REMOVED: Rule = rule(
    "response-required-property-removed",
    E,
    MAJ,
    "removed the required property `{property}` from the response with the {status} status",
);
pub const RESPONSE_OPTIONAL_PROPERTY_REMOVED: Rule = rule(
    "response-optional-property-removed",
    W,
    MAJ,
    "removed the optional property `{property}` from the response with the {status} status",
);
pub const RESPONSE_PROPERTY_BECAME_OPTIONAL: Rule = rule(
    "response-property-became-optional",
    E,
    MAJ,
    "the response property `{property}` became optional in the response with the {status} status",
);
pub const RESPONSE_PROPERTY_BECAME_REQUIRED: Rule = rule(
    "response-property-became-required",
    I,
    MAJ,
    "the response property `{property}` became required in the response with the {status} status",
);
pub const RESPONSE_PROPERTY_TYPE_CHANGED: Rule = rule(
    "response-property-type-changed",
    E,
    MAJ,
    "the type of the response property `{property}` for the {status} status changed from `{from}` to `{to}`",
);
pub const RESPONSE_PROPERTY_TYPE_SPECIALIZED: Rule = rule(
    "response-property-type-specialized",
    I,
    MAJ,
    "the type of the response property `{property}` for the {status} status changed from `{from}` to `{to}`",
);
pub const RESPONSE_PROPERTY_ENUM_VALUE_ADDED: Rule = rule(
    "response-property-enum-value-added",
    W,
    MAJ,
    "added the enum value `{value}` to the response property `{property}` of the response with the {status} status",
);
pub const RESPONSE_PROPERTY_ENUM_VALUE_REMOVED: Rule = rule(
    "response-property-enum-value-removed",
    I,
    MAJ,
    "removed the enum value `{value}` of the response property `{property}` from the response with the {status} status",
);
// Not in oasdiff, same reason as `request-property-enum-removed`.
pub const RESPONSE_PROPERTY_BECAME_ENUM: Rule = rule(
    "response-property-became-enum",
    I,
    MAJ,
    "the response property `{property}` became an enum",
);
pub const RESPONSE_PROPERTY_ENUM_REMOVED: Rule = rule(
    "response-property-enum-removed",
    I,
    MAJ,
    "the response property `{property}` is no longer an enum",
);
pub const RESPONSE_PROPERTY_BECAME_NULLABLE: Rule = rule(
    "response-property-became-nullable",
    E,
    MAJ,
    "the response property `{property}` became nullable in the response with the {status} status",
);
pub const RESPONSE_PROPERTY_BECAME_NOT_NULLABLE: Rule = rule(
    "response-property-became-not-nullable",
    I,
    MAJ,
    "the response property `{property}` became not nullable in the response with the {status} status",
);
pub const RESPONSE_PROPERTY_DEPRECATED: Rule = rule(
    "response-property-deprecated",
    I,
    MIN,
    "the response property `{property}` was deprecated",
);
pub const RESPONSE_PROPERTY_REACTIVATED: Rule = rule(
    "response-property-reactivated",
    I,
    MIN,
    "the response property `{property}` is no longer deprecated",
);
// Security requirements only change what a request must carry at run
// time; schemes are what the client's auth configuration is built from.
pub const API_GLOBAL_SECURITY_ADDED: Rule = rule(
    "api-global-security-added",
    I,
    PAT,
    "the security requirement `{requirement}` was added to the API",
);
pub const API_GLOBAL_SECURITY_REMOVED: Rule = rule(
    "api-global-security-removed",
    I,
    PAT,
    "the security requirement `{requirement}` was removed from the API",
);
pub const API_GLOBAL_SECURITY_SCOPE_ADDED: Rule = rule(
    "api-global-security-scope-added",
    I,
    PAT,
    "the security scope `{scope}` was added to the security scheme `{scheme}` of the API",
);
pub const API_GLOBAL_SECURITY_SCOPE_REMOVED: Rule = rule(
    "api-global-security-scope-removed",
    I,
    PAT,
    "the security scope `{scope}` was removed from the security scheme `{scheme}` of the API",
);
pub const API_SECURITY_ADDED: Rule = rule(
    "api-security-added",
    I,
    PAT,
    "the security requirement `{requirement}` was added to the endpoint",
);
pub const API_SECURITY_REMOVED: Rule = rule(
    "api-security-removed",
    I,
    PAT,
    "the security requirement `{requirement}` was removed from the endpoint",
);
pub const API_SECURITY_SCOPE_ADDED: Rule = rule(
    "api-security-scope-added",
    I,
    PAT,
    "the security scope `{scope}` was added to the security scheme `{scheme}` of the endpoint",
);
pub const API_SECURITY_SCOPE_REMOVED: Rule = rule(
    "api-security-scope-removed",
    I,
    PAT,
    "the security scope `{scope}` was removed from the security scheme `{scheme}` of the endpoint",
);
pub const API_SECURITY_COMPONENT_ADDED: Rule = rule(
    "api-security-component-added",
    I,
    MIN,
    "the component security scheme `{scheme}` was added",
);
pub const API_SECURITY_COMPONENT_REMOVED: Rule = rule(
    "api-security-component-removed",
    I,
    MAJ,
    "the component security scheme `{scheme}` was removed",
);
pub const API_SECURITY_COMPONENT_TYPE_CHANGED: Rule = rule(
    "api-security-component-type-changed",
    I,
    MAJ,
    "the component security scheme `{scheme}` type changed from `{from}` to `{to}`",
);
pub const API_SECURITY_COMPONENT_OAUTH_URL_CHANGED: Rule = rule(
    "api-security-component-oauth-url-changed",
    I,
    PAT,
    "the authorizationUrl of the `{flow}` flow of the component security scheme `{scheme}` changed from `{from}` to `{to}`",
);
pub const API_SECURITY_COMPONENT_OAUTH_TOKEN_URL_CHANGED: Rule = rule(
    "api-security-component-oauth-token-url-changed",
    I,
    PAT,
    "the tokenUrl of the `{flow}` flow of the component security scheme `{scheme}` changed from `{from}` to `{to}`",
);
pub const API_SECURITY_COMPONENT_OAUTH_SCOPE_ADDED: Rule = rule(
    "api-security-component-oauth-scope-added",
    I,
    PAT,
    "the oauth scope `{scope}` of the component security scheme `{scheme}` was added",
);
pub const API_SECURITY_COMPONENT_OAUTH_SCOPE_REMOVED: Rule = rule(
    "api-security-component-oauth-scope-removed",
    I,
    PAT,
    "the oauth scope `{scope}` of the component security scheme `{scheme}` was removed",
);
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
    use super::{Args, RULES};

    #[test]
    fn every_placeholder_names_a_field_of_args() {
        for rule in RULES {
            for name in rule.placeholders() {
                assert!(
                    Args::NAMES.contains(&name),
                    "{}: `{{{name}}}` is not a field of Args",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn render_fills_placeholders_and_keeps_unfilled_ones_visible() {
        let rule = &super::RESPONSE_REQUIRED_PROPERTY_ADDED;
        assert_eq!(
            rule.render(&Args::new().property("job/owner").status("200")),
            "added the required property `job/owner` to the response with the 200 status"
        );
        assert_eq!(
            rule.render(&Args::new().property("job/owner")),
            "added the required property `job/owner` to the response with the {status} status"
        );
    }

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
