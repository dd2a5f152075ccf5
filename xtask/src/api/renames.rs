//! Types that are the same thing under a new name, so the diff reports one
//! rename (and the changes of its members) instead of a type removed and
//! another added.
//!
//! Two ways to pair them, tried in this order:
//! - **the same operation's body**: progenitor names an inline request or
//!   response schema after its operation (`RequestWidgetUrlBody`), so
//!   inlining a `$ref`, renaming the operationId or pointing the body at
//!   another schema renames the type even when its fields change too. The
//!   type in an operation's `body` setter or `send()` answer in OLD is
//!   paired with the one in the same slot in NEW when one is gone and the
//!   other is new; then, field by field, the inline types nested in them
//!   (`…BodyAccountOwnersItem`), which typify names after their parent.
//! - **the same members** (fields, variants, setters and their types): a
//!   renamed component schema, or an operation builder after an operationId
//!   change. Repeated until nothing more pairs, since a builder's members
//!   name its body type, which may have just been paired.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use super::compare::{last, parent};
use super::extract::{Api, Item, Kind};

/// Where a type renamed through an operation's body sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Via {
    /// The operation, as progenitor names its method in OLD and NEW (`read_job`).
    pub operation: (String, String),
    /// `body` (what the user sends) or `send` (the answer).
    pub slot: &'static str,
    /// The fields from the body type down to this one (empty for the body type).
    pub fields: Vec<String>,
}

/// OLD type path → NEW type path, and for those paired through a body, where.
#[derive(Clone, Debug, Default)]
pub struct Renames {
    pub types: BTreeMap<String, String>,
    pub via: BTreeMap<String, Via>,
}

/// Finds the renamed types. `same_operations` pairs the operations that are
/// one endpoint in both specs (method and path), by progenitor's method
/// names in OLD and NEW.
pub fn find(old: &Api, new: &Api, same_operations: &[(String, String)]) -> Renames {
    let gone: BTreeSet<&String> = old
        .items
        .iter()
        .filter(|(p, i)| is_type(i) && !new.items.contains_key(*p))
        .map(|(p, _)| p)
        .collect();
    let fresh: BTreeSet<&String> = new
        .items
        .iter()
        .filter(|(p, i)| is_type(i) && !old.items.contains_key(*p))
        .map(|(p, _)| p)
        .collect();
    let mut pairing = Pairing {
        old,
        new,
        gone,
        fresh,
        renames: Renames::default(),
        taken: BTreeSet::new(),
    };
    pairing.through_bodies(same_operations);
    while pairing.by_members() {}
    pairing.renames
}

fn is_type(item: &Item) -> bool {
    matches!(item.kind, Kind::Struct | Kind::Enum)
}

struct Pairing<'a> {
    old: &'a Api,
    new: &'a Api,
    /// Types of OLD not in NEW, and of NEW not in OLD.
    gone: BTreeSet<&'a String>,
    fresh: BTreeSet<&'a String>,
    renames: Renames,
    /// NEW paths already paired.
    taken: BTreeSet<String>,
}

impl Pairing<'_> {
    fn pair(&mut self, from: &str, to: &str, via: Option<Via>) -> bool {
        if self.renames.types.contains_key(from) || !self.taken.insert(to.to_owned()) {
            return false;
        }
        self.renames.types.insert(from.to_owned(), to.to_owned());
        if let Some(via) = via {
            self.renames.via.insert(to.to_owned(), via);
        }
        // progenitor's builder of a type (`types::builder::X`) mirrors it.
        if let (Some(a), Some(b)) = (builder_of(from), builder_of(to))
            && self.gone.contains(&a)
            && self.fresh.contains(&b)
            && !self.renames.types.contains_key(&a)
            && self.taken.insert(b.clone())
        {
            self.renames.types.insert(a, b);
        }
        true
    }

    /// The one type of OLD in `old_sig` that NEW lost, and the one type of
    /// NEW in `new_sig` that OLD did not have.
    fn single_pair(&self, old_sig: &str, new_sig: &str) -> Option<(String, String)> {
        let only = |sig: &str, side: &BTreeSet<&String>| -> Option<String> {
            let found: BTreeSet<String> = type_names(sig)
                .map(|name| format!("types::{name}"))
                .filter(|path| side.contains(path))
                .collect();
            (found.len() == 1).then(|| found.into_iter().next().expect("one"))
        };
        Some((only(old_sig, &self.gone)?, only(new_sig, &self.fresh)?))
    }

    fn through_bodies(&mut self, same_operations: &[(String, String)]) {
        let builders = |api: &Api| -> BTreeMap<String, String> {
            api.items
                .iter()
                .filter(|(p, i)| i.kind == Kind::Struct && p.starts_with("builder::") && p.matches("::").count() == 1)
                .map(|(p, _)| (last(p).to_snake_case(), p.clone()))
                .collect()
        };
        let (old_builders, new_builders) = (builders(self.old), builders(self.new));
        for (op_old, op_new) in same_operations {
            let (Some(a), Some(b)) = (old_builders.get(op_old), new_builders.get(op_new)) else {
                continue;
            };
            for slot in ["body", "send"] {
                let member = |api: &Api, builder: &str| api.get(&format!("{builder}::{slot}")).map(|i| i.sig.clone());
                let (Some(old_sig), Some(new_sig)) = (member(self.old, a), member(self.new, b)) else {
                    continue;
                };
                let Some((from, to)) = self.single_pair(&old_sig, &new_sig) else {
                    continue;
                };
                let via = Via {
                    operation: (op_old.clone(), op_new.clone()),
                    slot,
                    fields: Vec::new(),
                };
                if self.pair(&from, &to, Some(via.clone())) {
                    self.nested(&from, &to, &via);
                }
            }
        }
    }

    /// Inline types under a paired body type, field by field.
    fn nested(&mut self, from: &str, to: &str, via: &Via) {
        let fields: Vec<(String, String, String)> = self
            .old
            .children(from)
            .filter(|(_, i)| i.kind == Kind::Field)
            .filter_map(|(p, i)| {
                let name = last(p);
                let now = self.new.get(&format!("{to}::{name}"))?;
                Some((name.to_owned(), i.sig.clone(), now.sig.clone()))
            })
            .collect();
        for (field, old_sig, new_sig) in fields {
            let Some((a, b)) = self.single_pair(&old_sig, &new_sig) else {
                continue;
            };
            let mut inner = via.clone();
            inner.fields.push(field);
            if self.pair(&a, &b, Some(inner.clone())) {
                self.nested(&a, &b, &inner);
            }
        }
    }

    /// One pass of pairing by members; whether it paired anything.
    fn by_members(&mut self) -> bool {
        let renamed = self.renames.types.clone();
        let fingerprint = |api: &Api, path: &str, rename: bool| -> Option<Vec<(String, Kind, String, bool)>> {
            let members: Vec<_> = api
                .children(path)
                .filter(|(_, i)| matches!(i.kind, Kind::Field | Kind::Variant | Kind::Setter | Kind::Send))
                .map(|(p, i)| {
                    let sig = if rename {
                        rename_idents(&i.sig, &renamed)
                    } else {
                        i.sig.clone()
                    };
                    (last(p).to_owned(), i.kind, sig, i.required)
                })
                .collect();
            (!members.is_empty()).then_some(members)
        };
        let mut found = Vec::new();
        for from in &self.gone {
            if self.renames.types.contains_key(*from) {
                continue;
            }
            let Some(print) = fingerprint(self.old, from, true) else {
                continue;
            };
            let matches: Vec<&&String> = self
                .fresh
                .iter()
                .filter(|to| !self.taken.contains(**to))
                .filter(|to| parent(to) == parent(from) && self.old.items[*from].kind == self.new.items[**to].kind)
                .filter(|to| fingerprint(self.new, to, false).as_ref() == Some(&print))
                .collect();
            if let [to] = matches.as_slice() {
                found.push(((*from).clone(), (**to).clone()));
            }
        }
        let mut any = false;
        for (from, to) in found {
            any |= self.pair(&from, &to, None);
        }
        any
    }
}

/// `types::X` → `types::builder::X`.
fn builder_of(path: &str) -> Option<String> {
    let name = path.strip_prefix("types::")?;
    (!name.contains("::")).then(|| format!("types::builder::{name}"))
}

/// The identifiers of a signature that can name a type of `types`.
fn type_names(sig: &str) -> impl Iterator<Item = &str> {
    sig.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// Replaces whole identifiers named by renamed types (`ReadJob` → `GetJob`).
pub fn rename_idents(sig: &str, renames: &BTreeMap<String, String>) -> String {
    if renames.is_empty() || sig.is_empty() {
        return sig.to_owned();
    }
    let names: BTreeMap<&str, &str> = renames.iter().map(|(f, t)| (last(f), last(t))).collect();
    let mut out = String::with_capacity(sig.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(names.get(word.as_str()).copied().unwrap_or(word));
        word.clear();
    };
    for c in sig.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}
