//! Security: the requirement lists (document-wide and per operation) and the
//! schemes declared under `components/securitySchemes`.

use super::rules::{self, Args};
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Sink;
use super::resolve::{Doc, escape};

/// Requirement key (scheme names joined with ` + `, as one requirement object
/// means "all of these") → scheme → scopes.
type Requirements<'a> = BTreeMap<String, BTreeMap<&'a str, BTreeSet<&'a str>>>;

fn requirements(v: Option<&Value>) -> Requirements<'_> {
    let mut out = Requirements::new();
    for req in v.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        let Some(obj) = req.as_object() else { continue };
        let key = if obj.is_empty() {
            "(none)".to_owned()
        } else {
            obj.keys().map(String::as_str).collect::<Vec<_>>().join(" + ")
        };
        let schemes = obj
            .iter()
            .map(|(name, scopes)| {
                let scopes = scopes.as_array().map(Vec::as_slice).unwrap_or_default();
                (name.as_str(), scopes.iter().filter_map(Value::as_str).collect())
            })
            .collect();
        out.insert(key, schemes);
    }
    out
}

struct Ids {
    added: &'static rules::Rule,
    removed: &'static rules::Rule,
    scope_added: &'static rules::Rule,
    scope_removed: &'static rules::Rule,
}

fn compare_requirements(old: Option<&Value>, new: Option<&Value>, ids: &Ids, op: &str, loc: &str, sink: &mut Sink) {
    let (or, nr) = (requirements(old), requirements(new));
    for key in or.keys().filter(|k| !nr.contains_key(*k)) {
        sink.push(ids.removed, op, loc.to_owned(), Args::new().requirement(key));
    }
    for (key, nschemes) in &nr {
        let Some(oschemes) = or.get(key) else {
            sink.push(ids.added, op, loc.to_owned(), Args::new().requirement(key));
            continue;
        };
        for (scheme, nscopes) in nschemes {
            let Some(oscopes) = oschemes.get(scheme) else { continue };
            for s in oscopes.difference(nscopes) {
                let args = Args::new().scope(s).scheme(scheme);
                sink.push(ids.scope_removed, op, loc.to_owned(), args);
            }
            for s in nscopes.difference(oscopes) {
                let args = Args::new().scope(s).scheme(scheme);
                sink.push(ids.scope_added, op, loc.to_owned(), args);
            }
        }
    }
}

/// Per-operation `security` lists.
pub(crate) fn compare_operation(old: &Value, new: &Value, op: &str, loc: &str, sink: &mut Sink) {
    let ids = Ids {
        added: &rules::API_SECURITY_ADDED,
        removed: &rules::API_SECURITY_REMOVED,
        scope_added: &rules::API_SECURITY_SCOPE_ADDED,
        scope_removed: &rules::API_SECURITY_SCOPE_REMOVED,
    };
    compare_requirements(
        old.get("security"),
        new.get("security"),
        &ids,
        op,
        &format!("{loc}/security"),
        sink,
    );
}

/// The document-wide `security` list and `components/securitySchemes`.
pub(crate) fn compare(old: Doc<'_>, new: Doc<'_>, sink: &mut Sink) -> Result<(), String> {
    let ids = Ids {
        added: &rules::API_GLOBAL_SECURITY_ADDED,
        removed: &rules::API_GLOBAL_SECURITY_REMOVED,
        scope_added: &rules::API_GLOBAL_SECURITY_SCOPE_ADDED,
        scope_removed: &rules::API_GLOBAL_SECURITY_SCOPE_REMOVED,
    };
    compare_requirements(
        old.root.get("security"),
        new.root.get("security"),
        &ids,
        "",
        "/security",
        sink,
    );

    let empty = Map::new();
    let os = old
        .root
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let ns = new
        .root
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for name in os.keys().filter(|k| !ns.contains_key(*k)) {
        let loc = format!("/components/securitySchemes/{}", escape(name));
        sink.push(
            &rules::API_SECURITY_COMPONENT_REMOVED,
            "",
            loc,
            Args::new().scheme(name),
        );
    }
    for (name, nv) in ns {
        let loc = format!("/components/securitySchemes/{}", escape(name));
        let Some(ov) = os.get(name) else {
            sink.push(&rules::API_SECURITY_COMPONENT_ADDED, "", loc, Args::new().scheme(name));
            continue;
        };
        let (ov, nv) = (old.deref(ov)?, new.deref(nv)?);
        let (ok, nk) = (scheme_kind(ov), scheme_kind(nv));
        if ok != nk {
            let args = Args::new().scheme(name).from(&ok).to(&nk);
            sink.push(&rules::API_SECURITY_COMPONENT_TYPE_CHANGED, "", loc.clone(), args);
        }
        oauth_flows(ov, nv, name, &loc, sink);
    }
    Ok(())
}

/// What a client must do to satisfy a scheme: `http bearer`, `apiKey header X-Key`...
fn scheme_kind(v: &Value) -> String {
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
    match s("type") {
        "http" => format!("http {}", s("scheme").to_ascii_lowercase()),
        "apiKey" => format!("apiKey {} {}", s("in"), s("name")),
        other => other.to_owned(),
    }
}

fn oauth_flows(old: &Value, new: &Value, name: &str, loc: &str, sink: &mut Sink) {
    let (Some(of), Some(nf)) = (
        old.get("flows").and_then(Value::as_object),
        new.get("flows").and_then(Value::as_object),
    ) else {
        return;
    };
    for (flow, nflow) in nf {
        let Some(oflow) = of.get(flow) else { continue };
        let floc = format!("{loc}/flows/{}", escape(flow));
        for (key, id) in [
            ("authorizationUrl", &rules::API_SECURITY_COMPONENT_OAUTH_URL_CHANGED),
            ("tokenUrl", &rules::API_SECURITY_COMPONENT_OAUTH_TOKEN_URL_CHANGED),
        ] {
            let (a, b) = (
                oflow.get(key).and_then(Value::as_str),
                nflow.get(key).and_then(Value::as_str),
            );
            if a != b {
                let args = Args::new()
                    .flow(flow)
                    .scheme(name)
                    .from(a.unwrap_or(""))
                    .to(b.unwrap_or(""));
                sink.push(id, "", format!("{floc}/{key}"), args);
            }
        }
        let scopes = |v: &Value| -> BTreeSet<String> {
            v.get("scopes")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        let (os, ns) = (scopes(oflow), scopes(nflow));
        for s in os.difference(&ns) {
            let args = Args::new().scope(s).scheme(name);
            sink.push(
                &rules::API_SECURITY_COMPONENT_OAUTH_SCOPE_REMOVED,
                "",
                format!("{floc}/scopes"),
                args,
            );
        }
        for s in ns.difference(&os) {
            let args = Args::new().scope(s).scheme(name);
            sink.push(
                &rules::API_SECURITY_COMPONENT_OAUTH_SCOPE_ADDED,
                "",
                format!("{floc}/scopes"),
                args,
            );
        }
    }
}
