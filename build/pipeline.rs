//! The spec pipeline build.rs and `cargo xtask` share: MX's spec plus this
//! crate's overlay, normalised for progenitor, and its operations. One
//! implementation, so the crate and the maintainer tools see the same spec.

use std::path::Path;

use serde_json::{Map, Value};

pub const SPEC: &str = "openapi/nexus/v1.yaml";
pub const OVERLAY: &str = "openapi/nexus/overlay.yaml";

/// Media type MX uses for every body; progenitor only understands
/// `application/json`, so `+json` types are normalised for generation only
/// (the real headers are set by `src/ext/headers.rs`).
pub const GENERATION_MEDIA_TYPE: &str = "application/json";

/// What MX's servers answer with (see `generate_mock`).
pub const NEXUS_MEDIA_TYPE: &str = "application/vnd.mx.nexus.v1+json";

pub const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// `v1.yaml` with `overlay.yaml` applied, from the crate's directory, as MX's
/// servers speak it (vendor media types kept).
pub fn load(manifest_dir: &Path) -> Result<Value, String> {
    let mut spec = read_yaml(&manifest_dir.join(SPEC), SPEC)?;
    let overlay = read_yaml(&manifest_dir.join(OVERLAY), OVERLAY)?;
    apply_overlay(&mut spec, overlay)?;
    Ok(spec)
}

pub fn read_yaml(path: &Path, name: &str) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    parse_yaml(&text).map_err(|e| format!("{name} is not valid YAML: {e}"))
}

/// The one YAML (or JSON) reader of build.rs and `cargo xtask`: `<<` merge
/// keys resolved, a duplicate key refused (naming it), scalar keys (`200:`)
/// as their string form, tags dropped, key order kept where the
/// `serde_json` in use keeps it (xtask's does). JSON is read as the YAML it
/// is, so a document means the same in either form.
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    let mut yaml: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| e.to_string())?;
    yaml.apply_merge().map_err(|e| e.to_string())?;
    yaml_to_json(yaml, "")
}

fn yaml_to_json(yaml: yaml_serde::Value, pointer: &str) -> Result<Value, String> {
    use yaml_serde::Value as Yaml;
    let at = |pointer: &str| {
        if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer.to_owned()
        }
    };
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Value::Number(
                    serde_json::Number::from_f64(f)
                        .ok_or_else(|| format!("at {}: {n} has no JSON form", at(pointer)))?,
                )
            }
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{pointer}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Yaml::String(s) => s,
                    Yaml::Number(n) => n.to_string(),
                    Yaml::Bool(b) => b.to_string(),
                    Yaml::Null => "null".to_owned(),
                    _ => return Err(format!("at {}: a mapping key is not a scalar", at(pointer))),
                };
                // A `<<` left after merging came from a merged mapping: YAML
                // would merge it on the next read, so the document means two
                // things. Refused rather than read one way.
                if key == "<<" {
                    return Err(format!("at {}: a `<<` merge key nested inside a merge", at(pointer)));
                }
                let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                if map.contains_key(&key) {
                    return Err(format!("duplicate key at {child}"));
                }
                let value = yaml_to_json(value, &child)?;
                map.insert(key, value);
            }
            Value::Object(map)
        }
        // OpenAPI documents carry no tags; keep the value, drop the tag.
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

/// Applies `overlay.yaml`. An action that matches nothing is an error, so an
/// upstream rename cannot silently drop one of our corrections.
pub fn apply_overlay(spec: &mut Value, overlay: Value) -> Result<(), String> {
    let stale = apply_overlay_lenient(spec, overlay)?;
    match stale.first() {
        None => Ok(()),
        Some(first) => Err(format!(
            "{OVERLAY} no longer applies to {SPEC}: {first}{}",
            match stale.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            }
        )),
    }
}

/// Applies every action of `overlay` that matches something and returns the
/// ones that matched nothing, each named (`action 3 (target $.x: description)`),
/// for `cargo xtask diff`, which reports them instead of failing.
pub fn apply_overlay_lenient(spec: &mut Value, overlay: Value) -> Result<Vec<String>, String> {
    use roas_overlay::apply::Apply;
    use roas_overlay::validation::Validate;

    let overlay: roas_overlay::v1_0::Overlay =
        serde_json::from_value(overlay).map_err(|e| format!("{OVERLAY} is not an Overlay 1.0 document: {e}"))?;
    overlay
        .validate(Default::default())
        .map_err(|e| format!("{OVERLAY} is not a valid Overlay 1.0 document: {e}"))?;
    let report = overlay
        .apply(spec, Default::default())
        .map_err(|e| format!("{OVERLAY} cannot be applied to {SPEC}: {e}"))?;
    Ok(report
        .actions
        .iter()
        .filter(|outcome| outcome.matched == 0)
        .map(|outcome| {
            let action = &overlay.actions[outcome.index];
            match &action.description {
                Some(description) => format!("action {} (target `{}`: {description})", outcome.index, action.target),
                None => format!("action {} (target `{}`)", outcome.index, action.target),
            }
        })
        .collect())
}

/// The spec as progenitor gets it: a name for every operation
/// (`name_operations`), media types it understands (`normalise_media_types`)
/// and lenient timestamps (`timestamps.rs`). Returns the operations named
/// here, as `GET /path → name`.
pub fn normalise(spec: &mut Value) -> Result<Vec<String>, String> {
    let named = name_operations(spec);
    normalise_media_types(spec)?;
    super::timestamps::lenient(spec);
    Ok(named)
}

/// Gives every operation without an `operationId` (progenitor needs one) a
/// name in MX's style, and returns them as `GET /path → name`, sorted by
/// path then method. The rule (README, "Maintainer tasks"):
///
/// - the *resource* is the last literal path segment (`budgets`), the
///   *owner* the literal segment before the parameter that precedes it
///   (`users` in `/users/{user_guid}/budgets`), both singularised where the
///   name wants one item;
/// - `GET` of a collection (the path ends in a plural literal) is
///   `list<Owner><Resources>`; `GET` of an item (the path ends in a
///   parameter) or of a singular literal is `read<Owner><Resource>`;
///   `POST` to a collection is `create<Owner><Resource>`; `PUT`/`PATCH` is
///   `update…`, `DELETE` `delete…`; `POST` to one singular literal segment
///   right after a parameter is an action on the owner:
///   `POST /members/{member_guid}/aggregate` is `aggregateMember`; any other
///   method is its own verb;
/// - literal text next to a parameter in one segment (`{guid}.pdf`) is
///   appended (`…Pdf`);
/// - a name already taken (MX's own ids are taken first; names are compared
///   as progenitor's snake_case method names) is retried with every literal
///   segment of the path (`readUsersMembersStatus`), then with `2`, `3`, ...
///
/// The names depend only on the set of paths and methods and MX's own ids,
/// never on the document's order.
pub fn name_operations(spec: &mut Value) -> Vec<String> {
    use heck::ToSnakeCase;

    let mut taken: std::collections::BTreeSet<String> = each_operation(spec)
        .filter_map(|(_, _, operation)| operation["operationId"].as_str())
        .map(|id| id.to_snake_case())
        .collect();
    let mut unnamed: Vec<(String, String)> = each_operation(spec)
        .filter(|(_, _, operation)| operation.get("operationId").is_none() && operation.is_object())
        .map(|(path, method, _)| (path.to_owned(), method.to_owned()))
        .collect();
    unnamed.sort();
    let mut named = Vec::new();
    for (path, method) in unnamed {
        let (preferred, long) = operation_names(&method, &path);
        let name = [preferred, long.clone()]
            .into_iter()
            .chain((2..).map(|n| format!("{long}{n}")))
            .find(|candidate| !taken.contains(&candidate.to_snake_case()))
            .expect("an unbounded list of candidates");
        taken.insert(name.to_snake_case());
        named.push(format!("{} {path} → {name}", method.to_uppercase()));
        if let Some(operation) = spec["paths"][path.as_str()][method.as_str()].as_object_mut() {
            operation.insert("operationId".to_owned(), Value::String(name));
        }
    }
    named
}

/// The preferred name of an operation and its long form (every literal
/// segment), both lowerCamelCase; see `name_operations`.
pub fn operation_names(method: &str, path: &str) -> (String, String) {
    use heck::{ToLowerCamelCase, ToUpperCamelCase};

    // (literal words, whether the segment holds a parameter) per segment.
    let segments: Vec<(String, bool)> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let mut literal = String::new();
            let mut depth = 0;
            let mut parameter = false;
            for c in segment.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        parameter = true;
                        literal.push(' ');
                    }
                    '}' => depth -= 1,
                    _ if depth > 0 => {}
                    _ => literal.push(c),
                }
            }
            let words = literal.replace(['.', '-', '_'], " ").trim().to_owned();
            (words, parameter)
        })
        .collect();
    let ends_in_parameter = segments.last().is_some_and(|(_, p)| *p);
    // The literal segments after the last parameter-only segment, or the
    // collection the final parameter belongs to.
    let pure_parameter = |(words, parameter): &(String, bool)| *parameter && words.is_empty();
    let last_param = segments.iter().rposition(pure_parameter);
    let mut literal_segments = 1; // after the last parameter
    let (resource, owner, suffix) = if ends_in_parameter {
        let at = segments.len() - 1;
        let suffix = segments[at].0.clone(); // `.pdf` of `{guid}.pdf`
        let resource = segments[..at]
            .iter()
            .rposition(|s| !s.1)
            .map(|i| (i, segments[i].0.clone()));
        let owner = resource.as_ref().and_then(|(i, _)| owner_of(&segments, *i));
        (resource.map(|(_, r)| r).unwrap_or_default(), owner, suffix)
    } else {
        let from = last_param.map_or(0, |i| i + 1);
        let resource: Vec<&str> = segments[from..].iter().map(|(w, _)| w.as_str()).collect();
        literal_segments = resource.len();
        let owner = if from > 0 { owner_of(&segments, from) } else { None };
        (resource.join(" "), owner, String::new())
    };
    let plural = singular(&resource) != resource;
    let method = method.to_ascii_lowercase();
    let item = ends_in_parameter || !plural;
    let owner_word = owner.as_deref().map(singular).unwrap_or_default();
    let (verb, object) = match method.as_str() {
        "get" if !item => ("list", resource.clone()),
        "get" => ("read", singular(&resource)),
        "post" if !ends_in_parameter && !plural && owner.is_some() && literal_segments == 1 => {
            // An action on the owner: `aggregateMember`.
            let name = format!("{resource} {owner_word} {suffix}").to_lower_camel_case();
            let long = format!("{resource} {} {suffix}", all_literals(&segments)).to_lower_camel_case();
            return (name, long);
        }
        "post" => ("create", singular(&resource)),
        "put" | "patch" => ("update", singular(&resource)),
        "delete" => ("delete", singular(&resource)),
        other => (other, singular(&resource)),
    };
    let object = if verb == "list" {
        object
    } else {
        object.to_upper_camel_case()
    };
    let name = format!("{verb} {owner_word} {object} {suffix}").to_lower_camel_case();
    let long = format!("{verb} {} {suffix}", all_literals(&segments)).to_lower_camel_case();
    (name, long)
}

/// The literal segment before the parameter just before segment `at`
/// (`users` for `budgets` in `/users/{user_guid}/budgets`).
fn owner_of(segments: &[(String, bool)], at: usize) -> Option<String> {
    let before = at.checked_sub(1)?;
    let (words, parameter) = &segments[before];
    if !*parameter || !words.is_empty() {
        return None;
    }
    segments[..before]
        .iter()
        .rev()
        .find(|(w, p)| !p && !w.is_empty())
        .map(|(w, _)| w.clone())
}

fn all_literals(segments: &[(String, bool)]) -> String {
    segments
        .iter()
        .map(|(w, _)| w.as_str())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// English singular of the last word (`budgets` → `budget`, `categories` →
/// `category`, `addresses` → `address`, `status` kept).
pub fn singular(words: &str) -> String {
    let (head, last) = match words.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), words),
    };
    let lower = last.to_ascii_lowercase();
    let keep = [
        "status", "news", "series", "analysis", "bus", "access", "class", "process",
    ];
    let one = if keep.iter().any(|k| lower.ends_with(k)) || lower.ends_with("ss") || lower.ends_with("us") {
        last.to_owned()
    } else if let Some(stem) = last.strip_suffix("ies") {
        format!("{stem}y")
    } else if lower.ends_with("sses") || lower.ends_with("xes") || lower.ends_with("ches") || lower.ends_with("shes") {
        last[..last.len() - 2].to_owned()
    } else if let Some(stem) = last.strip_suffix('s') {
        stem.to_owned()
    } else {
        last.to_owned()
    };
    format!("{head}{one}")
}

/// Rewrites every `application/*+json` media type of request bodies and
/// responses to `application/json`, the only JSON type progenitor accepts.
pub fn normalise_media_types(spec: &mut Value) -> Result<(), String> {
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
pub fn is_json_suffix(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or(media).trim().to_ascii_lowercase();
    essence.starts_with("application/") && essence.ends_with("+json")
}

/// Every operation of the spec as `(path, method, operation)`, in the
/// document's order (sorted when `serde_json` does not keep order).
pub fn each_operation(spec: &Value) -> impl Iterator<Item = (&str, &str, &Value)> {
    spec.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .filter(|(method, _)| HTTP_METHODS.contains(&method.as_str()))
                .map(move |(method, operation)| (path.as_str(), method.as_str(), operation))
        })
}

/// `(path, method, operationId)` of every operation.
pub fn operations(spec: &Value) -> Vec<(String, String, String)> {
    each_operation(spec)
        .map(|(path, method, operation)| {
            let id = operation["operationId"].as_str().unwrap_or("(no operationId)");
            (path.to_owned(), method.to_owned(), id.to_owned())
        })
        .collect()
}

/// The JSON pointers (`/components/schemas/Job`) of every local `$ref`
/// reachable from `value`, following each into what it points at: the
/// components an operation needs (the type docs of `api.rs`, the docs pages
/// `cargo xtask scale --pages` writes).
pub fn reachable_refs(spec: &Value, value: &Value) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(object) => {
                if let Some(pointer) = object
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix('#'))
                    && found.insert(pointer.to_owned())
                    && let Some(target) = spec.pointer(pointer)
                {
                    pending.push(target);
                }
                pending.extend(object.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    found
}
