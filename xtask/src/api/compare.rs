//! Comparing two public APIs: what a user's code meets, and the version
//! bump it calls for under the crate's semver rule (`xtask/README.md`).

use std::collections::{BTreeMap, BTreeSet};

use super::extract::{Api, Item, Kind};
use super::mirror;
use super::reach::TypeIndex;
use super::renames::{self, Via, rename_idents};
use crate::diff::Semver;

/// How an item changed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum What {
    Added,
    Removed,
    /// Same path, other type, shape or signature.
    Retyped {
        from: String,
        to: String,
    },
    /// The same thing under another name (`from` is the old path).
    Renamed {
        from: String,
    },
    BecameNonExhaustive,
    BecameExhaustive,
    BecameRequired,
    BecameOptional,
}

/// One change of the Rust API, as a user's code meets it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RustChange {
    /// The path in the new API (the old one when removed).
    pub path: String,
    pub kind: Kind,
    #[serde(flatten)]
    pub what: What,
    pub semver: Semver,
    /// The report line: `types::JobResponse::tags: Vec<serde_json::Value> → Vec<String>`.
    pub message: String,
    /// Why it has this impact, for a reviewer.
    pub why: String,
    /// The spec change behind it, where one is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The same change of the type's builder (`types::builder::X::f` for
    /// `types::X::f`), reported with this one rather than again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builder: Option<String>,
    /// The MX tag it is listed under: that of every operation it touches;
    /// none when those span several tags (or none), i.e. "shared".
    pub tag: Option<String>,
    /// The operation it belongs to, when it touches exactly one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// Every operation whose call it touches (`GET /path`, NEW's label).
    #[serde(skip)]
    pub operations: BTreeSet<String>,
    /// For a type renamed through an operation's body: where (for `cause`).
    #[serde(skip)]
    pub via: Option<Via>,
}

/// Compares two APIs; changes sorted by path. `same_operations` pairs the
/// operations that are one endpoint in both specs, by progenitor's method
/// names in OLD and NEW (`read_job`): their bodies pair renamed types.
pub fn compare(old: &Api, new: &Api, same_operations: &[(String, String)]) -> Vec<RustChange> {
    let found = renames::find(old, new, same_operations);
    let renames = &found.types;
    let rename_sig = |sig: &str| rename_idents(sig, renames);
    // Old paths as they would be named in the new API, trait arguments
    // included (`types::X: TryFrom<builder::X>`).
    let translate = |path: &str| -> String {
        let mut best: Option<(&String, &String)> = None;
        for (from, to) in renames {
            if (path == from.as_str()
                || path.starts_with(&format!("{from}::"))
                || path.starts_with(&format!("{from}: ")))
                && best.is_none_or(|(b, _)| from.len() > b.len())
            {
                best = Some((from, to));
            }
        }
        let path = match best {
            Some((from, to)) => format!("{to}{}", &path[from.len()..]),
            None => path.to_owned(),
        };
        match path.split_once(": ") {
            Some((owner, bound)) => format!("{owner}: {}", rename_sig(bound)),
            None => path,
        }
    };
    let old_items: BTreeMap<String, Item> = old
        .items
        .iter()
        .map(|(path, item)| {
            let mut item = item.clone();
            item.sig = rename_sig(&item.sig);
            (translate(path), item)
        })
        .collect();
    let old_paths: BTreeMap<String, String> = old.items.keys().map(|p| (translate(p), p.clone())).collect();
    let sides = Sides::of(new);

    let mut changes = Vec::new();
    for (from, to) in renames {
        let item = &new.items[to];
        let mut renamed = change(
            to,
            item.kind,
            What::Renamed { from: from.clone() },
            Semver::Major,
            format!("{from} → {}", last(to)),
            format!("code naming `{from}` no longer compiles"),
        );
        renamed.via = found.via.get(to).cloned();
        changes.push(renamed);
    }
    let mut removed: Vec<(&String, &Item)> = Vec::new();
    let mut added: Vec<(&String, &Item)> = Vec::new();
    for (path, item) in &old_items {
        match new.items.get(path) {
            None => removed.push((path, item)),
            Some(now) => changed(path, item, now, &sides, &mut changes),
        }
    }
    for (path, item) in &new.items {
        if !old_items.contains_key(path) {
            added.push((path, item));
        }
    }
    // Renamed members: one removed and one added under the same parent, of the
    // same kind and signature (`builder::ResumeJob::job_guid → guid`).
    let mut renamed_members: BTreeSet<String> = BTreeSet::new();
    let mut paired_new: BTreeSet<String> = BTreeSet::new();
    for (path, item) in &removed {
        let parent = parent(path);
        let candidates: Vec<&(&String, &Item)> = added
            .iter()
            .filter(|(p, i)| {
                parent_of_same(p, &parent)
                    && i.kind == item.kind
                    && i.sig == item.sig
                    && i.required == item.required
                    && !paired_new.contains(*p)
                    && item.kind != Kind::TraitImpl
            })
            .collect();
        // One candidate: a rename. Several (`user_guid`, `member_guid` →
        // `user_identifier`, `member_identifier`): the one sharing the
        // longest start of the name, when that is unambiguous.
        let shared = |to: &str| common_prefix(last(path), last(to));
        let best = match candidates.as_slice() {
            [] => None,
            [only] => Some(*only),
            many => {
                let top = many.iter().map(|(p, _)| shared(p)).max().unwrap_or(0);
                let tops: Vec<_> = many.iter().filter(|(p, _)| shared(p) == top).collect();
                match tops.as_slice() {
                    [one] if top >= 3 => Some(**one),
                    _ => None,
                }
            }
        };
        if let Some((to, to_item)) = best {
            let from = old_paths.get(*path).cloned().unwrap_or_else(|| (*path).clone());
            changes.push(change(
                to,
                to_item.kind,
                What::Renamed { from: from.clone() },
                Semver::Major,
                format!("{from} → {}", last(to)),
                format!("code calling or naming `{}` no longer compiles", last(&from)),
            ));
            renamed_members.insert((*path).clone());
            paired_new.insert((*to).clone());
        }
    }
    let removed_set: BTreeSet<&String> = removed.iter().map(|(p, _)| *p).collect();
    let added_set: BTreeSet<&String> = added.iter().map(|(p, _)| *p).collect();
    for (path, item) in &removed {
        if renamed_members.contains(*path) || ancestor_in(path, &removed_set) {
            continue;
        }
        let from = old_paths.get(*path).cloned().unwrap_or_else(|| (*path).clone());
        let why = match item.kind {
            Kind::TraitImpl => "code relying on that trait no longer compiles".to_owned(),
            Kind::Field => "code reading or setting it no longer compiles".to_owned(),
            Kind::Variant => "code naming or matching it no longer compiles".to_owned(),
            _ => "code using it no longer compiles".to_owned(),
        };
        let shown = if item.sig.is_empty() || item.kind == Kind::Send {
            from.clone()
        } else {
            format!("{from}: {}", item.sig)
        };
        changes.push(change(
            &from,
            item.kind,
            What::Removed,
            Semver::Major,
            format!("{shown} removed"),
            why,
        ));
    }
    for (path, item) in &added {
        if paired_new.contains(*path) || ancestor_in(path, &added_set) {
            continue;
        }
        let (semver, why) = added_impact(path, item, new, &sides);
        let shown = if item.sig.is_empty() || matches!(item.kind, Kind::Struct | Kind::Enum) {
            (*path).clone()
        } else {
            format!("{path}: {}", item.sig)
        };
        let required = if item.required && matches!(item.kind, Kind::Field | Kind::Setter) {
            " (required)"
        } else {
            ""
        };
        changes.push(change(
            path,
            item.kind,
            What::Added,
            semver,
            format!("{shown} added{required}"),
            why,
        ));
    }
    mirror::fold(changes)
}

fn change(path: &str, kind: Kind, what: What, semver: Semver, message: String, why: String) -> RustChange {
    RustChange {
        path: path.to_owned(),
        kind,
        what,
        semver,
        message,
        why,
        cause: None,
        builder: None,
        tag: None,
        operation: None,
        operations: BTreeSet::new(),
        via: None,
    }
}

fn changed(path: &str, old: &Item, new: &Item, sides: &Sides, out: &mut Vec<RustChange>) {
    if old.kind != new.kind {
        out.push(change(
            path,
            new.kind,
            What::Retyped {
                from: format!("{} {}", old.kind.as_str(), old.sig),
                to: format!("{} {}", new.kind.as_str(), new.sig),
            },
            Semver::Major,
            format!("{path}: {} → {}", old.kind.as_str(), new.kind.as_str()),
            "code using it as before no longer compiles".to_owned(),
        ));
        return;
    }
    if old.sig != new.sig {
        let why = match new.kind {
            Kind::Field => "code reading or setting it with the old type no longer compiles",
            Kind::Setter => "code passing the old type no longer compiles",
            Kind::Send => "code using the old answer type no longer compiles",
            _ => "code using the old signature no longer compiles",
        };
        out.push(change(
            path,
            new.kind,
            What::Retyped {
                from: old.sig.clone(),
                to: new.sig.clone(),
            },
            Semver::Major,
            format!("{path}: {} → {}", show(&old.sig), show(&new.sig)),
            why.to_owned(),
        ));
    }
    if old.non_exhaustive != new.non_exhaustive {
        let (what, semver, why) = if new.non_exhaustive {
            (
                What::BecameNonExhaustive,
                Semver::Major,
                "struct literals and exhaustive patterns outside the crate no longer compile",
            )
        } else {
            (
                What::BecameExhaustive,
                Semver::Minor,
                "nothing that compiled stops compiling",
            )
        };
        let word = if new.non_exhaustive {
            "became #[non_exhaustive]"
        } else {
            "is no longer #[non_exhaustive]"
        };
        out.push(change(
            path,
            new.kind,
            what,
            semver,
            format!("{path} {word}"),
            why.to_owned(),
        ));
    }
    if old.required != new.required && matches!(new.kind, Kind::Setter) {
        let request = sides.setter_is_request(path);
        let (what, semver, why) = if new.required {
            (
                What::BecameRequired,
                if request { Semver::Major } else { Semver::Minor },
                if request {
                    "calls that do not set it now fail before anything is sent"
                } else {
                    "only a test building this answer without it fails"
                },
            )
        } else {
            (What::BecameOptional, Semver::Minor, "nothing that worked stops working")
        };
        let word = if new.required {
            "became required"
        } else {
            "became optional"
        };
        out.push(change(
            path,
            new.kind,
            what,
            semver,
            format!("{path} {word}"),
            why.to_owned(),
        ));
    }
}

fn show(sig: &str) -> &str {
    if sig.is_empty() { "()" } else { sig }
}

fn added_impact(path: &str, item: &Item, api: &Api, sides: &Sides) -> (Semver, String) {
    let parent = parent(path);
    let parent_item = api.get(&parent);
    match item.kind {
        Kind::Field => {
            let Some(owner) = parent_item else {
                return (Semver::Minor, String::new());
            };
            if !owner.non_exhaustive {
                return (
                    Semver::Major,
                    format!(
                        "`{parent}` is not #[non_exhaustive]: struct literals and patterns naming every field no longer compile"
                    ),
                );
            }
            if item.required && sides.is_request(&parent) {
                (
                    Semver::Major,
                    format!(
                        "`{parent}` is sent to MX and the field is required: code building it without the field fails"
                    ),
                )
            } else {
                (
                    Semver::Minor,
                    format!(
                        "`{parent}` is #[non_exhaustive]: code outside the crate cannot build or match it field by field"
                    ),
                )
            }
        }
        Kind::Variant => {
            if parent_item.is_some_and(|e| e.non_exhaustive) {
                (
                    Semver::Minor,
                    format!("`{parent}` is #[non_exhaustive]: matches already have a `_` arm"),
                )
            } else {
                (
                    Semver::Major,
                    format!("`{parent}` is not #[non_exhaustive]: exhaustive matches no longer compile"),
                )
            }
        }
        Kind::Setter if item.required && sides.setter_is_request(path) => (
            Semver::Major,
            "a value the call needs: code that does not set it compiles but fails before anything is sent".to_owned(),
        ),
        _ => (
            Semver::Minor,
            "an addition: code that compiled still compiles".to_owned(),
        ),
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

pub(super) fn parent(path: &str) -> String {
    if let Some((owner, _)) = path.split_once(": ") {
        return owner.to_owned();
    }
    path.rsplit_once("::").map(|(p, _)| p.to_owned()).unwrap_or_default()
}

fn parent_of_same(path: &str, parent_path: &str) -> bool {
    parent(path) == parent_path
}

pub(super) fn last(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

fn ancestor_in(path: &str, set: &BTreeSet<&String>) -> bool {
    let mut current = parent(path);
    while !current.is_empty() {
        if set.contains(&current) {
            return true;
        }
        current = parent(&current);
    }
    false
}

/// Which generated types a user sends to MX (reachable from an operation
/// builder's setters) and which only come back (from `send()`).
struct Sides {
    request: BTreeSet<String>,
}

impl Sides {
    fn of(api: &Api) -> Sides {
        let setters = api
            .items
            .iter()
            .filter(|(path, item)| path.starts_with("builder::") && item.kind == Kind::Setter)
            .map(|(_, item)| item.sig.as_str());
        Sides {
            request: TypeIndex::of(api).reached(setters),
        }
    }

    fn is_request(&self, ty: &str) -> bool {
        self.request.contains(ty)
    }

    /// An operation builder's setter always feeds a request; a type
    /// builder's (`types::builder::X`) when `types::X` is sent.
    fn setter_is_request(&self, path: &str) -> bool {
        if path.starts_with("builder::") {
            return true;
        }
        let owner = parent(path);
        match owner.strip_prefix("types::builder::") {
            Some(name) => self.is_request(&format!("types::{name}")),
            None => true,
        }
    }
}
