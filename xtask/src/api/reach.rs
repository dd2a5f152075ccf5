//! Which generated types a call reaches: the types its builder's setters
//! take and its `send()` answers, and every type their fields name. The
//! compare uses it to tell the types users send from those they only
//! receive; the report, to list a change under the operations it touches.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use super::compare::last;
use super::extract::{Api, Kind};

/// The types of `types` by name (`JobResponse` → `types::JobResponse`);
/// progenitor's type builders and error types are not users' data.
pub struct TypeIndex<'a> {
    api: &'a Api,
    by_name: BTreeMap<&'a str, &'a String>,
}

impl<'a> TypeIndex<'a> {
    pub fn of(api: &'a Api) -> TypeIndex<'a> {
        let by_name = api
            .items
            .iter()
            .filter(|(p, i)| p.starts_with("types::") && matches!(i.kind, Kind::Struct | Kind::Enum | Kind::TypeAlias))
            .filter(|(p, _)| !p.starts_with("types::builder::") && !p.starts_with("types::error::"))
            .map(|(p, _)| (last(p), p))
            .collect();
        TypeIndex { api, by_name }
    }

    /// The types named in `sigs`, and every type their members name.
    pub fn reached<'s>(&self, sigs: impl IntoIterator<Item = &'s str>) -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        let mut queue: Vec<String> = sigs.into_iter().flat_map(|sig| self.named(sig)).collect();
        while let Some(ty) = queue.pop() {
            if !reached.insert(ty.clone()) {
                continue;
            }
            let alias = self
                .api
                .get(&ty)
                .filter(|i| i.kind == Kind::TypeAlias)
                .map(|i| i.sig.as_str());
            for sig in self.api.children(&ty).map(|(_, i)| i.sig.as_str()).chain(alias) {
                queue.extend(self.named(sig));
            }
        }
        reached
    }

    fn named(&self, sig: &str) -> Vec<String> {
        sig.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter_map(|word| self.by_name.get(word).map(|p| (*p).clone()))
            .collect()
    }
}

/// The operations each public path belongs to, in one API.
pub struct Owners {
    /// progenitor's method name (`read_job`) → the operation (`GET /jobs/{job_guid}`).
    operations: BTreeMap<String, String>,
    /// `types::X` → the operations whose calls reach it.
    types: BTreeMap<String, BTreeSet<String>>,
}

impl Owners {
    /// `operations`: `(label, operationId)` of each operation the API was
    /// generated from.
    pub fn of(api: &Api, operations: &[(String, String)]) -> Owners {
        let index = TypeIndex::of(api);
        let by_name: BTreeMap<String, String> = operations
            .iter()
            .map(|(label, id)| (id.to_snake_case(), label.clone()))
            .collect();
        let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (path, item) in &api.items {
            let Some(name) = path.strip_prefix("builder::").filter(|n| !n.contains("::")) else {
                continue;
            };
            let Some(label) = by_name.get(&name.to_snake_case()).filter(|_| item.kind == Kind::Struct) else {
                continue;
            };
            for ty in index.reached(api.children(path).map(|(_, i)| i.sig.as_str())) {
                types.entry(ty).or_default().insert(label.clone());
            }
        }
        Owners {
            operations: by_name,
            types,
        }
    }

    /// The operations whose calls `path` is part of: an operation's own
    /// method and builder, or a type (and its builder) its calls reach.
    pub fn of_path(&self, path: &str) -> BTreeSet<String> {
        let path = path.split(": ").next().unwrap_or(path);
        let mut segments = path.split("::");
        let operation = match (segments.next(), segments.next(), segments.next()) {
            (Some("Client"), Some(method), _) => Some(method.to_owned()),
            (Some("builder"), Some(builder), _) => Some(builder.to_snake_case()),
            (Some("types"), Some("builder"), Some(ty)) | (Some("types"), Some(ty), _) => {
                return self.types.get(&format!("types::{ty}")).cloned().unwrap_or_default();
            }
            _ => None,
        };
        operation
            .and_then(|name| self.operations.get(&name))
            .into_iter()
            .cloned()
            .collect()
    }
}
