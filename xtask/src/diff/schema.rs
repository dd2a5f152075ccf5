//! The property walk: compares two schemas (with `$ref`s followed and `allOf`
//! merged) and reports property-level changes, rated by direction, since the
//! same change is harmless on one side and breaking on the other.

use super::rules::{self, Args};
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Sink;
use super::resolve::{Doc, escape};

/// Which side of the exchange a schema describes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Dir {
    Request,
    Response,
}

/// `allOf` nesting deeper than this is not followed (a guard against `allOf`
/// cycles, which `$ref` resolution alone would loop on).
const MAX_ALL_OF_DEPTH: usize = 32;

/// A schema with its `allOf` members merged, which is how a generator turns
/// it into one struct.
#[derive(Default)]
pub(crate) struct Flat<'a> {
    pub ty: Option<&'a str>,
    pub format: Option<&'a str>,
    pub nullable: bool,
    pub deprecated: bool,
    pub read_only: bool,
    pub enum_values: Option<&'a [Value]>,
    pub properties: BTreeMap<&'a str, &'a Value>,
    pub required: BTreeSet<&'a str>,
    pub items: Option<&'a Value>,
    pub additional: Option<&'a Value>,
    pub one_of: Vec<&'a Value>,
    pub any_of: Vec<&'a Value>,
}

impl<'a> Flat<'a> {
    /// `type`, or what the keywords imply when it is left out (common in
    /// hand-written specs: `properties` without `type: object`).
    pub fn effective_type(&self) -> Option<&'a str> {
        self.ty.or(if !self.properties.is_empty() {
            Some("object")
        } else if self.items.is_some() {
            Some("array")
        } else {
            None
        })
    }

    /// `type` with `format`, as shown in messages (`string/date-time`).
    pub fn type_label(&self) -> String {
        match (self.effective_type(), self.format) {
            (Some(t), Some(f)) => format!("{t}/{f}"),
            (Some(t), None) => t.to_owned(),
            (None, Some(f)) => format!("(any)/{f}"),
            (None, None) => "(any)".to_owned(),
        }
    }
}

/// Resolves `v` and merges its `allOf` members into one flat view.
pub(crate) fn flatten<'a>(doc: Doc<'a>, v: &'a Value) -> Result<Flat<'a>, String> {
    let mut flat = Flat::default();
    merge(doc, v, &mut flat, 0)?;
    Ok(flat)
}

fn merge<'a>(doc: Doc<'a>, v: &'a Value, out: &mut Flat<'a>, depth: usize) -> Result<(), String> {
    if depth > MAX_ALL_OF_DEPTH {
        return Ok(());
    }
    let v = doc.deref(v)?;
    let str_of = |k: &str| v.get(k).and_then(Value::as_str);
    let bool_of = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
    if out.ty.is_none() {
        out.ty = str_of("type");
    }
    if out.format.is_none() {
        out.format = str_of("format");
    }
    out.nullable |= bool_of("nullable");
    out.deprecated |= bool_of("deprecated");
    out.read_only |= bool_of("readOnly");
    if out.enum_values.is_none() {
        out.enum_values = v.get("enum").and_then(Value::as_array).map(Vec::as_slice);
    }
    if let Some(props) = v.get("properties").and_then(Value::as_object) {
        for (k, p) in props {
            out.properties.entry(k.as_str()).or_insert(p);
        }
    }
    if let Some(req) = v.get("required").and_then(Value::as_array) {
        out.required.extend(req.iter().filter_map(Value::as_str));
    }
    if out.items.is_none() {
        out.items = v.get("items");
    }
    if out.additional.is_none() {
        out.additional = v.get("additionalProperties").filter(|a| a.is_object());
    }
    for (key, list) in [("oneOf", &mut out.one_of), ("anyOf", &mut out.any_of)] {
        if let Some(vs) = v.get(key).and_then(Value::as_array) {
            list.extend(vs);
        }
    }
    if let Some(all) = v.get("allOf").and_then(Value::as_array) {
        for member in all {
            merge(doc, member, out, depth + 1)?;
        }
    }
    Ok(())
}

/// Shows an enum value in a message: strings bare, anything else as JSON.
pub(crate) fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Joins a property path (`job/status`), the way oasdiff names nested properties.
fn join(prop: &str, name: &str) -> String {
    if prop.is_empty() {
        name.to_owned()
    } else {
        format!("{prop}/{name}")
    }
}

/// One schema comparison inside one operation (one request body or response).
pub(crate) struct Walk<'a, 's> {
    pub old: Doc<'a>,
    pub new: Doc<'a>,
    pub dir: Dir,
    pub op: &'s str,
    /// Response status code, for messages ("" on the request side).
    pub status: &'s str,
    pub sink: &'s mut Sink,
    /// Pairs of (old, new) schema nodes being compared further up: seeing a
    /// pair again means a recursive schema, whose changes were already reported.
    stack: Vec<(*const Value, *const Value)>,
}

impl<'a, 's> Walk<'a, 's> {
    pub fn new(old: Doc<'a>, new: Doc<'a>, dir: Dir, op: &'s str, status: &'s str, sink: &'s mut Sink) -> Self {
        Walk {
            old,
            new,
            dir,
            op,
            status,
            sink,
            stack: Vec::new(),
        }
    }

    /// Records `id` at `loc` for the property `prop`; the response status is
    /// passed along on the response side (the request side has none).
    fn push(&mut self, id: &'static rules::Rule, loc: &str, prop: &str, args: Args<'_>) {
        let args = args.property(prop).status(self.status);
        self.sink.push(id, self.op, loc.to_owned(), args);
    }

    /// Compares two schemas at `loc`; `prop` is the property path (`""` for the
    /// body itself).
    pub fn schema(&mut self, old: &'a Value, new: &'a Value, loc: &str, prop: &str) -> Result<(), String> {
        let (ro, rn) = (self.old.deref(old)?, self.new.deref(new)?);
        let key = (ro as *const Value, rn as *const Value);
        if self.stack.contains(&key) {
            return Ok(());
        }
        self.stack.push(key);
        let result = self.compare(ro, rn, loc, prop);
        self.stack.pop();
        result
    }

    fn compare(&mut self, old: &'a Value, new: &'a Value, loc: &str, prop: &str) -> Result<(), String> {
        let fo = flatten(self.old, old)?;
        let fnew = flatten(self.new, new)?;
        let (to, tn) = (fo.effective_type(), fnew.effective_type());

        if (to, fo.format) != (tn, fnew.format) {
            self.type_changed(&fo, &fnew, loc, prop);
        }
        if !prop.is_empty() {
            self.property_attributes(&fo, &fnew, loc, prop);
        }
        // Object vs array: the type change above says it all; walking the two
        // unrelated shapes would only add noise.
        if to != tn {
            return Ok(());
        }
        self.properties(&fo, &fnew, loc, prop)?;
        if let (Some(oi), Some(ni)) = (fo.items, fnew.items) {
            self.schema(oi, ni, &format!("{loc}/items"), &join(prop, "items"))?;
        }
        if let (Some(oa), Some(na)) = (fo.additional, fnew.additional) {
            self.schema(
                oa,
                na,
                &format!("{loc}/additionalProperties"),
                &join(prop, "additionalProperties"),
            )?;
        }
        self.variants("oneOf", &fo.one_of, &fnew.one_of, loc, prop)?;
        self.variants("anyOf", &fo.any_of, &fnew.any_of, loc, prop)?;
        Ok(())
    }

    fn type_changed(&mut self, fo: &Flat<'a>, fnew: &Flat<'a>, loc: &str, prop: &str) {
        let (to, tn) = (fo.effective_type(), fnew.effective_type());
        let widened = to == Some("integer") && tn == Some("number");
        let narrowed = to == Some("number") && tn == Some("integer");
        let body = prop.is_empty();
        let id = match (self.dir, body) {
            (Dir::Request, false) if widened => &rules::REQUEST_PROPERTY_TYPE_GENERALIZED,
            (Dir::Request, false) => &rules::REQUEST_PROPERTY_TYPE_CHANGED,
            (Dir::Request, true) if widened => &rules::REQUEST_BODY_TYPE_GENERALIZED,
            (Dir::Request, true) => &rules::REQUEST_BODY_TYPE_CHANGED,
            (Dir::Response, false) if narrowed => &rules::RESPONSE_PROPERTY_TYPE_SPECIALIZED,
            (Dir::Response, false) => &rules::RESPONSE_PROPERTY_TYPE_CHANGED,
            (Dir::Response, true) if narrowed => &rules::RESPONSE_BODY_TYPE_SPECIALIZED,
            (Dir::Response, true) => &rules::RESPONSE_BODY_TYPE_CHANGED,
        };
        let (from, to) = (fo.type_label(), fnew.type_label());
        self.push(id, loc, prop, Args::new().from(&from).to(&to));
    }

    /// Enum values, nullability and deprecation of a property.
    fn property_attributes(&mut self, fo: &Flat<'a>, fnew: &Flat<'a>, loc: &str, prop: &str) {
        let req = self.dir == Dir::Request;
        match (fo.enum_values, fnew.enum_values) {
            (Some(ov), Some(nv)) => {
                for v in ov.iter().filter(|v| !nv.contains(v)) {
                    let id = if req {
                        &rules::REQUEST_PROPERTY_ENUM_VALUE_REMOVED
                    } else {
                        &rules::RESPONSE_PROPERTY_ENUM_VALUE_REMOVED
                    };
                    self.push(id, loc, prop, Args::new().value(&show(v)));
                }
                for v in nv.iter().filter(|v| !ov.contains(v)) {
                    let id = if req {
                        &rules::REQUEST_PROPERTY_ENUM_VALUE_ADDED
                    } else {
                        &rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED
                    };
                    self.push(id, loc, prop, Args::new().value(&show(v)));
                }
            }
            (None, Some(_)) => {
                let id = if req {
                    &rules::REQUEST_PROPERTY_BECAME_ENUM
                } else {
                    &rules::RESPONSE_PROPERTY_BECAME_ENUM
                };
                self.push(id, loc, prop, Args::new());
            }
            (Some(_), None) => {
                let id = if req {
                    &rules::REQUEST_PROPERTY_ENUM_REMOVED
                } else {
                    &rules::RESPONSE_PROPERTY_ENUM_REMOVED
                };
                self.push(id, loc, prop, Args::new());
            }
            (None, None) => {}
        }
        if fo.nullable != fnew.nullable {
            let id = match (req, fnew.nullable) {
                (true, true) => &rules::REQUEST_PROPERTY_BECAME_NULLABLE,
                (true, false) => &rules::REQUEST_PROPERTY_BECAME_NOT_NULLABLE,
                (false, true) => &rules::RESPONSE_PROPERTY_BECAME_NULLABLE,
                (false, false) => &rules::RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
            };
            self.push(id, loc, prop, Args::new());
        }
        if fo.deprecated != fnew.deprecated {
            let id = match (req, fnew.deprecated) {
                (true, true) => &rules::REQUEST_PROPERTY_DEPRECATED,
                (true, false) => &rules::REQUEST_PROPERTY_REACTIVATED,
                (false, true) => &rules::RESPONSE_PROPERTY_DEPRECATED,
                (false, false) => &rules::RESPONSE_PROPERTY_REACTIVATED,
            };
            self.push(id, loc, prop, Args::new());
        }
    }

    fn properties(&mut self, fo: &Flat<'a>, fnew: &Flat<'a>, loc: &str, prop: &str) -> Result<(), String> {
        let names: BTreeSet<&str> = fo.properties.keys().chain(fnew.properties.keys()).copied().collect();
        for name in names {
            let cloc = format!("{loc}/properties/{}", escape(name));
            let cprop = join(prop, name);
            let (was_req, is_req) = (fo.required.contains(name), fnew.required.contains(name));
            match (fo.properties.get(name), fnew.properties.get(name)) {
                (None, Some(&ns)) => self.added(ns, is_req, &cloc, &cprop)?,
                (Some(_), None) => self.removed(was_req, &cloc, &cprop),
                (Some(&os), Some(&ns)) => {
                    if was_req != is_req {
                        self.required_changed(is_req, &cloc, &cprop);
                    }
                    self.schema(os, ns, &cloc, &cprop)?;
                }
                (None, None) => {}
            }
        }
        Ok(())
    }

    fn added(&mut self, schema: &'a Value, required: bool, loc: &str, prop: &str) -> Result<(), String> {
        let id = match self.dir {
            Dir::Request => {
                // A read-only property is never sent, so requiring it asks
                // nothing of the client.
                let read_only = flatten(self.new, schema)?.read_only;
                if required && !read_only {
                    &rules::NEW_REQUIRED_REQUEST_PROPERTY
                } else {
                    &rules::NEW_OPTIONAL_REQUEST_PROPERTY
                }
            }
            Dir::Response if required => &rules::RESPONSE_REQUIRED_PROPERTY_ADDED,
            Dir::Response => &rules::RESPONSE_OPTIONAL_PROPERTY_ADDED,
        };
        self.push(id, loc, prop, Args::new());
        Ok(())
    }

    fn removed(&mut self, was_required: bool, loc: &str, prop: &str) {
        let id = match self.dir {
            Dir::Request => &rules::REQUEST_PROPERTY_REMOVED,
            Dir::Response if was_required => &rules::RESPONSE_REQUIRED_PROPERTY_REMOVED,
            Dir::Response => &rules::RESPONSE_OPTIONAL_PROPERTY_REMOVED,
        };
        self.push(id, loc, prop, Args::new());
    }

    fn required_changed(&mut self, now_required: bool, loc: &str, prop: &str) {
        let id = match (self.dir, now_required) {
            (Dir::Request, true) => &rules::REQUEST_PROPERTY_BECAME_REQUIRED,
            (Dir::Request, false) => &rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
            (Dir::Response, true) => &rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
            (Dir::Response, false) => &rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
        };
        self.push(id, loc, prop, Args::new());
    }

    /// Pairs `oneOf`/`anyOf` variants (by `$ref` target name, else by
    /// position) and compares each pair; the property path stays the same
    /// because every variant describes the same value.
    fn variants(
        &mut self,
        key: &str,
        old: &[&'a Value],
        new: &[&'a Value],
        loc: &str,
        prop: &str,
    ) -> Result<(), String> {
        for (i, &nv) in new.iter().enumerate() {
            let partner = match Doc::ref_name(nv) {
                Some(name) => old.iter().find(|ov| Doc::ref_name(ov) == Some(name)),
                None => old.get(i).filter(|ov| Doc::ref_name(ov).is_none()),
            };
            if let Some(&ov) = partner {
                self.schema(ov, nv, &format!("{loc}/{key}/{i}"), prop)?;
            }
        }
        Ok(())
    }
}
