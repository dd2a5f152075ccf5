//! Generates the typed Nexus client from MX's spec plus this crate's overlay.
//!
//! `openapi/nexus/v1.yaml` (vendored as MX wrote it) + `openapi/nexus/overlay.yaml`
//! (our corrections) -> progenitor (Builder interface) -> prettyplease ->
//! `$OUT_DIR/nexus.rs`, which `src/lib.rs` includes, plus `$OUT_DIR/operations.rs`,
//! the table of operations `src/ext/operations.rs` includes, plus
//! `$OUT_DIR/nexus-spec.json`, the spec + overlay with MX's media types, for the
//! contract tests (`tests/contract.rs`). Nothing generated is
//! edited by hand: hand-written behaviour lives in `src/ext` and reaches the
//! generated client through progenitor's hooks.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use progenitor::{CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use serde_json::{Map, Value};

#[path = "build/send.rs"]
mod send;

const SPEC: &str = "openapi/nexus/v1.yaml";
const OVERLAY: &str = "openapi/nexus/overlay.yaml";

/// `$OUT_DIR/nexus-spec.json`: v1.yaml with the overlay applied and MX's media
/// types untouched, i.e. the contract the generated client is held to.
const SPEC_FOR_SERVERS: &str = "nexus-spec.json";

/// Media type MX uses for every body; progenitor only understands
/// `application/json`, so `+json` types are normalised for generation only
/// (the real headers are set by `src/ext/headers.rs`).
const GENERATION_MEDIA_TYPE: &str = "application/json";

/// What MX's servers answer with (see `generate_mock`).
const NEXUS_MEDIA_TYPE: &str = "application/vnd.mx.nexus.v1+json";

const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn main() {
    // Exactly the inputs of generation: touching `src/` must not re-run this.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed={OVERLAY}");

    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    if let Err(message) = run(&manifest_dir, &out_dir) {
        // Cargo shows a failing build script's stderr; one readable paragraph
        // beats a panic backtrace here.
        eprintln!("error: mx-nexus cannot generate its client: {message}");
        std::process::exit(1);
    }
}

fn run(manifest_dir: &Path, out: &Path) -> Result<(), String> {
    let mut spec = read_yaml(&manifest_dir.join(SPEC), SPEC)?;
    let overlay = read_yaml(&manifest_dir.join(OVERLAY), OVERLAY)?;
    apply_overlay(&mut spec, overlay)?;
    // The spec as MX's servers speak it (vendor media types kept), for tests
    // that run a mock server on it (tests/contract.rs runs Prism on it).
    write(&out.join(SPEC_FOR_SERVERS), &to_json(&spec)?)?;
    normalise_media_types(&mut spec)?;
    let code = generate(&spec)?;
    let table = operation_table(&spec);
    // Feature `cli`: progenitor's clap CLI, included by `src/bin/mx-nexus`.
    if std::env::var_os("CARGO_FEATURE_CLI").is_some() {
        write(&out.join("cli.rs"), &generate_cli(&spec)?)?;
    }
    write(&out.join("nexus.rs"), &code)?;
    write(&out.join("operations.rs"), &table)?;
    if std::env::var_os("CARGO_FEATURE_MOCK").is_some() {
        write(&out.join("mock.rs"), &generate_mock(&spec)?)?;
    }
    Ok(())
}

fn to_json(spec: &Value) -> Result<String, String> {
    serde_json::to_string_pretty(spec).map_err(|e| format!("cannot write {SPEC} + {OVERLAY} as JSON: {e}"))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn read_yaml(path: &Path, name: &str) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    yaml_serde::from_str(&text).map_err(|e| format!("{name} is not valid YAML: {e}"))
}

/// Applies `overlay.yaml`. An action that matches nothing is an error, so an
/// upstream rename cannot silently drop one of our corrections.
fn apply_overlay(spec: &mut Value, overlay: Value) -> Result<(), String> {
    use roas_overlay::apply::{Apply, ApplyOptions};
    use roas_overlay::validation::Validate;

    let overlay: roas_overlay::v1_0::Overlay =
        serde_json::from_value(overlay).map_err(|e| format!("{OVERLAY} is not an Overlay 1.0 document: {e}"))?;
    overlay
        .validate(Default::default())
        .map_err(|e| format!("{OVERLAY} is not a valid Overlay 1.0 document: {e}"))?;
    overlay
        .apply(spec, ApplyOptions::ErrorOnZeroMatch.into())
        .map_err(|e| format!("{OVERLAY} no longer applies to {SPEC}: {e}"))?;
    Ok(())
}

/// Rewrites every `application/*+json` media type of request bodies and
/// responses to `application/json`, the only JSON type progenitor accepts.
fn normalise_media_types(spec: &mut Value) -> Result<(), String> {
    let mut contents: Vec<(String, &mut Map<String, Value>)> = Vec::new();
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for (method, operation) in item.iter_mut() {
                if !HTTP_METHODS.contains(&method.as_str()) {
                    continue;
                }
                let label = format!("{} {path}", method.to_uppercase());
                collect_operation_contents(&label, operation, &mut contents);
            }
        }
    }
    for (label, content) in contents {
        normalise_content(&label, content)?;
    }
    Ok(())
}

fn collect_operation_contents<'a>(
    label: &str,
    operation: &'a mut Value,
    out: &mut Vec<(String, &'a mut Map<String, Value>)>,
) {
    let Some(operation) = operation.as_object_mut() else {
        return;
    };
    for (key, value) in operation.iter_mut() {
        match key.as_str() {
            "requestBody" => {
                if let Some(content) = value.get_mut("content").and_then(Value::as_object_mut) {
                    out.push((format!("{label} request body"), content));
                }
            }
            "responses" => {
                let Some(responses) = value.as_object_mut() else {
                    continue;
                };
                for (status, response) in responses.iter_mut() {
                    if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
                        out.push((format!("{label} response {status}"), content));
                    }
                }
            }
            _ => {}
        }
    }
}

fn normalise_content(label: &str, content: &mut Map<String, Value>) -> Result<(), String> {
    let vendor: Vec<String> = content.keys().filter(|media| is_json_suffix(media)).cloned().collect();
    for media in vendor {
        let value = content.remove(&media).expect("key listed above");
        match content.get(GENERATION_MEDIA_TYPE) {
            Some(existing) if existing != &value => {
                return Err(format!(
                    "{label}: {media} and {GENERATION_MEDIA_TYPE} have different schemas, \
                     so they cannot be merged for generation"
                ));
            }
            _ => {
                content.insert(GENERATION_MEDIA_TYPE.to_owned(), value);
            }
        }
    }
    Ok(())
}

/// `application/vnd.mx.nexus.v1+json`, `application/problem+json`, ...
fn is_json_suffix(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or(media).trim().to_ascii_lowercase();
    essence.starts_with("application/") && essence.ends_with("+json")
}

fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        // The hand-written state (session, media types) every hook sees.
        .with_inner_type("crate::ext::ClientState".parse().expect("a Rust path"))
        // `src/ext/hooks.rs` must implement the hooks: forgetting them would
        // send requests MX rejects, so make it a compile error.
        .with_hooks(HooksMode::Expected)
        .with_derive("PartialEq")
        // The overlay names types of this crate (`x-rust-type`), e.g. the
        // redacting `mx_nexus::SecretString` for a member credential's value.
        .with_crate("mx-nexus", CrateVers::Any, None);
    settings
}

fn generate(spec: &Value) -> Result<String, String> {
    let parsed: openapiv3::OpenAPI = parse_openapi(spec)?;
    let tokens = match Generator::new(&settings()).generate_tokens(&parsed) {
        Ok(tokens) => tokens,
        Err(error) => return Err(explain_generation_error(spec, error)),
    };
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor produced code that does not parse: {e}"))?;
    send::return_nexus_error(&mut file)?;
    let mut code = String::from("// @generated by build.rs from openapi/nexus/v1.yaml + overlay.yaml.\n");
    code.push_str(&prettyplease::unparse(&file));
    Ok(code)
}

/// progenitor's httpmock helpers (`MockServerExt`) for the `mock` feature.
/// progenitor writes `content-type: application/json` into every answer they
/// serve; MX answers with its vendor type, so that one literal is put back,
/// the inverse of `normalise_media_types`. Nothing else is changed.
fn generate_mock(spec: &Value) -> Result<String, String> {
    use syn::visit_mut::VisitMut;

    struct VendorContentType;
    impl VisitMut for VendorContentType {
        fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
            syn::visit_mut::visit_expr_method_call_mut(self, call);
            let is_content_type = |arg: Option<&syn::Expr>| {
                matches!(arg, Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }))
                    if s.value().eq_ignore_ascii_case("content-type"))
            };
            if call.method == "header"
                && is_content_type(call.args.first())
                && let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(value),
                    ..
                })) = call.args.iter_mut().nth(1)
                && value.value() == GENERATION_MEDIA_TYPE
            {
                *value = syn::LitStr::new(NEXUS_MEDIA_TYPE, value.span());
            }
        }
    }

    let parsed = parse_openapi(spec)?;
    let tokens = Generator::new(&settings())
        .httpmock(&parsed, "mx_nexus")
        .map_err(|e| format!("progenitor cannot generate the httpmock helpers: {e}"))?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor produced mock code that does not parse: {e}"))?;
    VendorContentType.visit_file_mut(&mut file);
    let mut code = String::from("// @generated by build.rs (progenitor httpmock, vendor content type).\n");
    code.push_str(&prettyplease::unparse(&file));
    Ok(code)
}

fn parse_openapi(spec: &Value) -> Result<openapiv3::OpenAPI, String> {
    serde_path_to_error::deserialize(spec).map_err(|e| {
        let mut message = format!(
            "{SPEC} + {OVERLAY} is not an OpenAPI 3.0 document at `{}`: {}",
            e.path(),
            e.inner()
        );
        // openapiv3's path map hides the position inside `paths`: find the
        // operation by parsing each one alone.
        message.push_str(&failing_operations(spec, |single| {
            serde_json::from_value::<openapiv3::OpenAPI>(single)
                .map(drop)
                .map_err(|e| e.to_string())
        }));
        message
    })
}

/// progenitor's errors do not say which operation failed: find it by
/// generating each operation alone.
fn explain_generation_error(spec: &Value, error: progenitor::Error) -> String {
    let mut message = format!("progenitor rejected {SPEC} + {OVERLAY}: {error}");
    message.push_str(&failing_operations(spec, |single| {
        let parsed = serde_json::from_value::<openapiv3::OpenAPI>(single).map_err(|e| e.to_string())?;
        Generator::new(&settings())
            .generate_tokens(&parsed)
            .map(drop)
            .map_err(|e| e.to_string())
    }));
    message
}

/// Runs `check` on a copy of the spec reduced to each operation in turn and
/// lists the operations it fails on, one per line.
fn failing_operations(spec: &Value, check: impl Fn(Value) -> Result<(), String>) -> String {
    let mut culprits = String::new();
    for (path, method, operation_id) in operations(spec) {
        let mut single = spec.clone();
        let only: Map<String, Value> = single["paths"][&path]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(key, _)| *key == &method || !HTTP_METHODS.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        single["paths"] = Value::Object(Map::from_iter([(path.clone(), Value::Object(only))]));
        if let Err(e) = check(single) {
            let method = method.to_uppercase();
            let _ = write!(culprits, "\n  - operation {operation_id} ({method} {path}): {e}");
        }
    }
    if culprits.is_empty() {
        culprits
    } else {
        format!("\nfailing operations:{culprits}")
    }
}

fn operations(spec: &Value) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if HTTP_METHODS.contains(&method.as_str()) {
                let id = operation["operationId"].as_str().unwrap_or("(no operationId)");
                found.push((path.clone(), method.clone(), id.to_owned()));
            }
        }
    }
    found
}

/// One constant per operation for the hand-written layer, which each
/// generated `send()` names (see `build/send.rs`): its progenitor id, method
/// and path template, for tracing and errors. `OPERATIONS` lists them all.
fn operation_table(spec: &Value) -> String {
    use heck::{ToShoutySnakeCase, ToSnakeCase};

    let mut constants = String::new();
    let mut names = String::new();
    for (path, method, operation_id) in operations(spec) {
        let id = operation_id.to_snake_case();
        let name = id.to_shouty_snake_case();
        let method = method.to_uppercase();
        let _ = writeln!(
            constants,
            "/// `{method} {path}`\npub(crate) const {name}: Operation = Operation {{ id: {id:?}, method: {method:?}, path: {path:?} }};"
        );
        let _ = write!(names, "{name}, ");
    }
    format!(
        "// @generated by build.rs from the spec + overlay.\n{constants}\n/// Every operation of the spec (for tests and tooling).\n\
         #[allow(dead_code)]\npub(crate) const OPERATIONS: &[Operation] = &[{names}];\n"
    )
}

/// progenitor's `Generator::cli` on the same normalised spec as the client:
/// one clap subcommand per operation, sent through the generated client.
fn generate_cli(spec: &Value) -> Result<String, String> {
    let parsed = parse_openapi(spec)?;
    let tokens = Generator::new(&settings())
        .cli(&parsed, "mx_nexus")
        .map_err(|e| format!("progenitor cannot generate the CLI from {SPEC} + {OVERLAY}: {e}"))?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor produced CLI code that does not parse: {e}"))?;
    send::cli_takes_nexus_error(&mut file);
    let mut code = String::from("// @generated by build.rs (feature `cli`, progenitor's clap CLI).\n");
    code.push_str(&prettyplease::unparse(&file));
    Ok(code)
}
