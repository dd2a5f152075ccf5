//! Pairs up operations of the two documents, then their parameters, request
//! bodies and responses; schemas are handed to `schema::Walk`.

use super::Sink;
use super::rules::{self, Args};
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::resolve::{Doc, escape};
use super::schema::{Dir, Walk, flatten, show};
use super::security;

use crate::codegen::pipeline::HTTP_METHODS as METHODS;

pub(super) struct Op<'a> {
    pub path: &'a str,
    pub method: &'static str,
    item: &'a Value,
    pub op: &'a Value,
}

impl Op<'_> {
    /// `GET /path`: how the report names an operation.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    fn location(&self) -> String {
        format!("/paths/{}/{}", escape(self.path), self.method)
    }

    fn deprecated(&self) -> bool {
        self.op.get("deprecated").and_then(Value::as_bool).unwrap_or(false)
    }
}

/// `/users/{user_guid}` → `/users/{}`: renaming a path parameter does not
/// make a new endpoint.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_brace = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_brace = true;
                out.push_str("{}");
            }
            '}' => in_brace = false,
            _ if in_brace => {}
            _ => out.push(c),
        }
    }
    out
}

/// The operations of a document by method and path with parameter names
/// dropped (`/users/{}`): the key that pairs OLD's and NEW's.
pub(super) type Ops<'a> = BTreeMap<(String, &'static str), Op<'a>>;

pub(super) fn collect<'a>(doc: Doc<'a>) -> Result<(Ops<'a>, BTreeSet<String>), String> {
    let mut ops = Ops::new();
    let mut paths = BTreeSet::new();
    let Some(items) = doc.root.get("paths").and_then(Value::as_object) else {
        return Ok((ops, paths));
    };
    for (path, item) in items {
        let item = doc.deref(item)?;
        let norm = normalize(path);
        for method in METHODS {
            if let Some(op) = item.get(method).filter(|o| o.is_object()) {
                ops.insert((norm.clone(), method), Op { path, method, item, op });
            }
        }
        paths.insert(norm);
    }
    Ok((ops, paths))
}

/// Compares every operation of the two documents.
pub(crate) fn compare(old: Doc<'_>, new: Doc<'_>, sink: &mut Sink) -> Result<(), String> {
    let (old_ops, _) = collect(old)?;
    let (new_ops, new_paths) = collect(new)?;
    for (key, o) in &old_ops {
        match new_ops.get(key) {
            Some(n) => compare_operation(old, new, o, n, sink)?,
            None => {
                let whole_path = !new_paths.contains(&key.0);
                let id = match (whole_path, o.deprecated()) {
                    (true, false) => &rules::API_PATH_REMOVED_WITHOUT_DEPRECATION,
                    (true, true) => &rules::API_PATH_REMOVED_WITH_DEPRECATION,
                    (false, false) => &rules::API_REMOVED_WITHOUT_DEPRECATION,
                    (false, true) => &rules::API_REMOVED_WITH_DEPRECATION,
                };
                sink.push(id, &o.label(), o.location(), Args::new());
            }
        }
    }
    for (key, n) in &new_ops {
        if !old_ops.contains_key(key) {
            sink.push(&rules::ENDPOINT_ADDED, &n.label(), n.location(), Args::new());
        }
    }
    Ok(())
}

fn compare_operation(old: Doc<'_>, new: Doc<'_>, o: &Op<'_>, n: &Op<'_>, sink: &mut Sink) -> Result<(), String> {
    let label = n.label();
    let loc = n.location();
    match (o.deprecated(), n.deprecated()) {
        (false, true) => sink.push(&rules::ENDPOINT_DEPRECATED, &label, loc.clone(), Args::new()),
        (true, false) => sink.push(&rules::ENDPOINT_REACTIVATED, &label, loc.clone(), Args::new()),
        _ => {}
    }
    let id_loc = format!("{loc}/operationId");
    match (operation_id(o.op), operation_id(n.op)) {
        (Some(a), Some(b)) if a != b => {
            let replacement = format!("`{b}`");
            let args = Args::new().from(a).to(&replacement);
            sink.push(&rules::API_OPERATION_ID_REMOVED, &label, id_loc, args);
        }
        (Some(a), None) => {
            let args = Args::new().from(a).to("none");
            sink.push(&rules::API_OPERATION_ID_REMOVED, &label, id_loc, args);
        }
        (None, Some(b)) => sink.push(&rules::API_OPERATION_ID_ADDED, &label, id_loc, Args::new().to(b)),
        _ => {}
    }
    parameters(old, new, o, n, &label, &loc, sink)?;
    request_body(old, new, o, n, &label, &loc, sink)?;
    responses(old, new, o, n, &label, &loc, sink)?;
    security::compare_operation(o.op, n.op, &label, &loc, sink);
    Ok(())
}

fn operation_id(op: &Value) -> Option<&str> {
    op.get("operationId").and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A parameter with the key it is matched on: `(in, name)`, except that path
/// parameters are matched by their position in the template (so renaming
/// `{id}` to `{guid}` is not a removal plus an addition), and header names
/// are case-insensitive.
struct Param<'a> {
    location: &'a str,
    name: &'a str,
    value: &'a Value,
}

fn parameters_of<'a>(doc: Doc<'a>, op: &Op<'a>) -> Result<BTreeMap<(String, String), Param<'a>>, String> {
    let placeholders: Vec<&str> = op.path.split('{').skip(1).filter_map(|s| s.split('}').next()).collect();
    let mut out = BTreeMap::new();
    // Operation-level parameters override path-level ones with the same key.
    for list in [op.item.get("parameters"), op.op.get("parameters")] {
        for p in list.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let p = doc.deref(p)?;
            let location = p.get("in").and_then(Value::as_str).unwrap_or("");
            let name = p.get("name").and_then(Value::as_str).unwrap_or("");
            let key = match location {
                "path" => placeholders
                    .iter()
                    .position(|ph| *ph == name)
                    .map_or_else(|| name.to_owned(), |i| format!("{{{i}}}")),
                "header" => name.to_ascii_lowercase(),
                _ => name.to_owned(),
            };
            out.insert(
                (location.to_owned(), key),
                Param {
                    location,
                    name,
                    value: p,
                },
            );
        }
    }
    Ok(out)
}

impl<'a> Param<'a> {
    /// The values every parameter message names.
    fn args(&self) -> Args<'a> {
        Args::new().location(self.location).parameter(self.name)
    }
}

/// The schema of a parameter: `schema`, or the one in its `content` map.
fn param_schema(p: &Value) -> Option<&Value> {
    p.get("schema")
        .or_else(|| p.get("content")?.as_object()?.values().next()?.get("schema"))
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

#[allow(clippy::too_many_arguments)]
fn parameters(
    old: Doc<'_>,
    new: Doc<'_>,
    o: &Op<'_>,
    n: &Op<'_>,
    label: &str,
    loc: &str,
    sink: &mut Sink,
) -> Result<(), String> {
    let (op, np) = (parameters_of(old, o)?, parameters_of(new, n)?);
    for (key, p) in &op {
        if !np.contains_key(key) {
            let ploc = format!("{loc}/parameters/{}/{}", p.location, escape(p.name));
            let id = if flag(p.value, "deprecated") {
                &rules::REQUEST_PARAMETER_REMOVED_WITH_DEPRECATION
            } else {
                &rules::REQUEST_PARAMETER_REMOVED
            };
            sink.push(id, label, ploc, p.args());
        }
    }
    for (key, p) in &np {
        let ploc = format!("{loc}/parameters/{}/{}", p.location, escape(p.name));
        let Some(before) = op.get(key) else {
            let required = flag(p.value, "required") || p.location == "path";
            let id = match (p.location, required) {
                ("path", _) => &rules::NEW_REQUEST_PATH_PARAMETER,
                (_, true) => &rules::NEW_REQUIRED_REQUEST_PARAMETER,
                (_, false) => &rules::NEW_OPTIONAL_REQUEST_PARAMETER,
            };
            sink.push(id, label, ploc, p.args());
            continue;
        };
        let what = p.args();
        let (was_req, is_req) = (
            flag(before.value, "required") || before.location == "path",
            flag(p.value, "required") || p.location == "path",
        );
        if was_req != is_req {
            let id = if is_req {
                &rules::REQUEST_PARAMETER_BECAME_REQUIRED
            } else {
                &rules::REQUEST_PARAMETER_BECAME_OPTIONAL
            };
            sink.push(id, label, ploc.clone(), what);
        }
        match (flag(before.value, "deprecated"), flag(p.value, "deprecated")) {
            (false, true) => sink.push(&rules::REQUEST_PARAMETER_DEPRECATED, label, ploc.clone(), what),
            (true, false) => sink.push(&rules::REQUEST_PARAMETER_REACTIVATED, label, ploc.clone(), what),
            _ => {}
        }
        if let (Some(os), Some(ns)) = (param_schema(before.value), param_schema(p.value)) {
            let (fo, fnew) = (flatten(old, os)?, flatten(new, ns)?);
            if (fo.effective_type(), fo.format) != (fnew.effective_type(), fnew.format) {
                let widened = fo.effective_type() == Some("integer") && fnew.effective_type() == Some("number");
                let id = if widened {
                    &rules::REQUEST_PARAMETER_TYPE_GENERALIZED
                } else {
                    &rules::REQUEST_PARAMETER_TYPE_CHANGED
                };
                let (from, to) = (fo.type_label(), fnew.type_label());
                sink.push(id, label, ploc.clone(), what.from(&from).to(&to));
            }
            match (fo.enum_values, fnew.enum_values) {
                (Some(ov), Some(nv)) => {
                    for v in ov.iter().filter(|v| !nv.contains(v)) {
                        let value = show(v);
                        sink.push(
                            &rules::REQUEST_PARAMETER_ENUM_VALUE_REMOVED,
                            label,
                            ploc.clone(),
                            what.value(&value),
                        );
                    }
                    for v in nv.iter().filter(|v| !ov.contains(v)) {
                        let value = show(v);
                        sink.push(
                            &rules::REQUEST_PARAMETER_ENUM_VALUE_ADDED,
                            label,
                            ploc.clone(),
                            what.value(&value),
                        );
                    }
                }
                (None, Some(_)) => sink.push(&rules::REQUEST_PARAMETER_BECAME_ENUM, label, ploc.clone(), what),
                _ => {}
            }
        }
    }
    Ok(())
}

fn content(v: &Value) -> Option<&Map<String, Value>> {
    v.get("content").and_then(Value::as_object)
}

#[allow(clippy::too_many_arguments)]
fn request_body<'a>(
    old: Doc<'a>,
    new: Doc<'a>,
    o: &Op<'a>,
    n: &Op<'a>,
    label: &str,
    loc: &str,
    sink: &mut Sink,
) -> Result<(), String> {
    let ob = o.op.get("requestBody").map(|b| old.deref(b)).transpose()?;
    let nb = n.op.get("requestBody").map(|b| new.deref(b)).transpose()?;
    let bloc = format!("{loc}/requestBody");
    match (ob, nb) {
        (None, None) => {}
        (None, Some(b)) => {
            let id = if flag(b, "required") {
                &rules::REQUEST_BODY_ADDED_REQUIRED
            } else {
                &rules::REQUEST_BODY_ADDED_OPTIONAL
            };
            sink.push(id, label, bloc, Args::new());
        }
        (Some(_), None) => sink.push(&rules::REQUEST_BODY_REMOVED, label, bloc, Args::new()),
        (Some(ob), Some(nb)) => {
            match (flag(ob, "required"), flag(nb, "required")) {
                (false, true) => sink.push(&rules::REQUEST_BODY_BECAME_REQUIRED, label, bloc.clone(), Args::new()),
                (true, false) => sink.push(&rules::REQUEST_BODY_BECAME_OPTIONAL, label, bloc.clone(), Args::new()),
                _ => {}
            }
            let empty = Map::new();
            let (oc, nc) = (content(ob).unwrap_or(&empty), content(nb).unwrap_or(&empty));
            let side = ContentSide {
                dir: Dir::Request,
                status: "",
                removed_id: &rules::REQUEST_BODY_MEDIA_TYPE_REMOVED,
                added_id: &rules::REQUEST_BODY_MEDIA_TYPE_ADDED,
            };
            compare_content(old, new, oc, nc, &bloc, label, &side, sink)?;
        }
    }
    Ok(())
}

/// Where a `content` map sits (a request body or one response), for the ids
/// of its media-type changes and for the schema walk.
struct ContentSide<'s> {
    dir: Dir,
    status: &'s str,
    removed_id: &'static rules::Rule,
    added_id: &'static rules::Rule,
}

/// Media types removed and added, then the schema behind each media type on
/// both sides (or behind a renamed one, see [`renamed_media_type`]).
#[allow(clippy::too_many_arguments)]
fn compare_content(
    old: Doc<'_>,
    new: Doc<'_>,
    oc: &Map<String, Value>,
    nc: &Map<String, Value>,
    loc: &str,
    label: &str,
    side: &ContentSide<'_>,
    sink: &mut Sink,
) -> Result<(), String> {
    for mt in oc.keys().filter(|mt| !nc.contains_key(*mt)) {
        let mloc = format!("{loc}/content/{}", escape(mt));
        let args = Args::new().media_type(mt).status(side.status);
        sink.push(side.removed_id, label, mloc, args);
    }
    for (mt, nm) in nc {
        let mloc = format!("{loc}/content/{}", escape(mt));
        let om = match oc.get(mt) {
            Some(om) => om,
            None => {
                let args = Args::new().media_type(mt).status(side.status);
                sink.push(side.added_id, label, mloc.clone(), args);
                match renamed_media_type(oc, nc) {
                    Some(om) => om,
                    None => continue,
                }
            }
        };
        if let (Some(os), Some(ns)) = (om.get("schema"), nm.get("schema")) {
            Walk::new(old, new, side.dir, label, side.status, sink).schema(os, ns, &format!("{mloc}/schema"), "")?;
        }
    }
    Ok(())
}

/// When exactly one media type was removed and one added (MX renamed
/// `application/vnd.mx.api.v1+json` to `application/json` across a version),
/// the old one, so that the schemas behind the rename are still compared;
/// otherwise every schema change behind a renamed media type would be hidden.
fn renamed_media_type<'a>(old: &'a Map<String, Value>, new: &Map<String, Value>) -> Option<&'a Value> {
    let mut removed = old.iter().filter(|(mt, _)| !new.contains_key(*mt));
    let added = new.keys().filter(|mt| !old.contains_key(*mt)).count();
    match (removed.next(), removed.next(), added) {
        (Some((_, om)), None, 1) => Some(om),
        _ => None,
    }
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

#[allow(clippy::too_many_arguments)]
fn responses<'a>(
    old: Doc<'a>,
    new: Doc<'a>,
    o: &Op<'a>,
    n: &Op<'a>,
    label: &str,
    loc: &str,
    sink: &mut Sink,
) -> Result<(), String> {
    let empty = Map::new();
    let or = o.op.get("responses").and_then(Value::as_object).unwrap_or(&empty);
    let nr = n.op.get("responses").and_then(Value::as_object).unwrap_or(&empty);
    for status in or.keys().filter(|s| !nr.contains_key(*s)) {
        let id = if is_success(status) {
            &rules::RESPONSE_SUCCESS_STATUS_REMOVED
        } else {
            &rules::RESPONSE_NON_SUCCESS_STATUS_REMOVED
        };
        let sloc = format!("{loc}/responses/{}", escape(status));
        sink.push(id, label, sloc, Args::new().status(status));
    }
    for (status, nresp) in nr {
        let sloc = format!("{loc}/responses/{}", escape(status));
        let Some(oresp) = or.get(status) else {
            let id = if is_success(status) {
                &rules::RESPONSE_SUCCESS_STATUS_ADDED
            } else {
                &rules::RESPONSE_NON_SUCCESS_STATUS_ADDED
            };
            sink.push(id, label, sloc, Args::new().status(status));
            continue;
        };
        let (oresp, nresp) = (old.deref(oresp)?, new.deref(nresp)?);
        let (oc, nc) = (content(oresp).unwrap_or(&empty), content(nresp).unwrap_or(&empty));
        let side = ContentSide {
            dir: Dir::Response,
            status,
            removed_id: &rules::RESPONSE_MEDIA_TYPE_REMOVED,
            added_id: &rules::RESPONSE_MEDIA_TYPE_ADDED,
        };
        compare_content(old, new, oc, nc, &sloc, label, &side, sink)?;
    }
    Ok(())
}
