//! The public API of the generated client, read from its syntax tree.
//!
//! Everything a user's code can name or call becomes one [`Item`] under the
//! path the user writes (`types::JobResponse::tags`, `Client::read_job`,
//! `builder::ReadJob::job_guid`), with a signature string in the form a
//! reader expects (`Option<Vec<String>>`, not `::std::option::Option<…>`).
//! Attributes are read, not assumed: `#[non_exhaustive]` decides whether an
//! added field or variant breaks users, and a builder field that starts as
//! `Err(..)` in `new()`/`default()` is a value the user must set.

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;

/// What kind of thing a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Module,
    Struct,
    Enum,
    TypeAlias,
    Trait,
    Reexport,
    Function,
    /// A `pub` field of a struct: `sig` is its type.
    Field,
    /// An enum variant: `sig` is its shape (`()`, `(String)`, `{ a: i64 }`).
    Variant,
    /// A `pub fn` in an inherent impl: `sig` is `(args) -> output`.
    Method,
    /// A builder method taking one value (`fn x<V: TryInto<T>>(self, V)`):
    /// `sig` is `T`.
    Setter,
    /// `send()` of an operation builder: `sig` is what it returns.
    Send,
    /// `T: Trait`, derived or implemented.
    TraitImpl,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::TypeAlias => "type alias",
            Kind::Trait => "trait",
            Kind::Reexport => "re-export",
            Kind::Function => "function",
            Kind::Field => "field",
            Kind::Variant => "variant",
            Kind::Method => "method",
            Kind::Setter => "setter",
            Kind::Send => "send()",
            Kind::TraitImpl => "trait impl",
        }
    }
}

/// One public item.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    pub kind: Kind,
    /// Type, shape or signature (empty for modules and traits).
    pub sig: String,
    /// Struct or enum: `#[non_exhaustive]`.
    pub non_exhaustive: bool,
    /// Field: not an `Option` and no `#[serde(default)]`, i.e. MX must send it
    /// and a user building the struct must give it. Setter: starts unset
    /// (`Err(..)`), so `send()`/`try_into()` fail without it.
    pub required: bool,
    /// Field: the name on the wire (`#[serde(rename)]`, else the field's).
    pub wire: String,
}

impl Item {
    fn new(kind: Kind, sig: impl Into<String>) -> Item {
        Item {
            kind,
            sig: sig.into(),
            non_exhaustive: false,
            required: false,
            wire: String::new(),
        }
    }
}

/// The public API: path → item, sorted by path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Api {
    pub items: BTreeMap<String, Item>,
}

impl Api {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, path: &str) -> Option<&Item> {
        self.items.get(path)
    }

    /// Direct members of `parent` (`parent::x`, not `parent::x::y`).
    pub fn children<'a>(&'a self, parent: &'a str) -> impl Iterator<Item = (&'a String, &'a Item)> + 'a {
        let prefix = format!("{parent}::");
        let start = prefix.clone();
        self.items
            .range(start..)
            .take_while(move |(path, _)| path.starts_with(&prefix))
            .filter(move |(path, _)| !path[parent.len() + 2..].contains("::") && !path.contains(": "))
    }
}

/// Reads the public API of a generated client.
pub fn extract(file: &syn::File) -> Api {
    let mut api = Api::default();
    let mut unset = BTreeMap::new();
    walk(&file.items, "", &mut api, &mut unset);
    // Setters whose field starts as `Err(..)` must be called.
    for (path, item) in api.items.iter_mut() {
        if item.kind == Kind::Setter
            && let Some((owner, name)) = path.rsplit_once("::")
            && unset
                .get(owner)
                .is_some_and(|fields: &BTreeSet<String>| fields.contains(name))
        {
            item.required = true;
        }
    }
    api
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}::{name}")
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

fn walk(items: &[syn::Item], prefix: &str, api: &mut Api, unset: &mut BTreeMap<String, BTreeSet<String>>) {
    for item in items {
        match item {
            syn::Item::Mod(m) if is_pub(&m.vis) => {
                let path = join(prefix, &m.ident.to_string());
                api.items.insert(path.clone(), Item::new(Kind::Module, ""));
                if let Some((_, inner)) = &m.content {
                    walk(inner, &path, api, unset);
                }
            }
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let path = join(prefix, &s.ident.to_string());
                let mut item = Item::new(Kind::Struct, generics(&s.generics));
                item.non_exhaustive = has_attr(&s.attrs, "non_exhaustive");
                api.items.insert(path.clone(), item);
                derives(&s.attrs, &path, api);
                match &s.fields {
                    syn::Fields::Named(named) => {
                        for field in &named.named {
                            let name = field.ident.as_ref().expect("named").to_string();
                            if is_pub(&field.vis) {
                                let ty = type_string(&field.ty);
                                let mut item = Item::new(Kind::Field, ty.clone());
                                item.required = !ty.starts_with("Option<") && !serde_default(&field.attrs);
                                item.wire = serde_rename(&field.attrs).unwrap_or_else(|| name.clone());
                                api.items.insert(join(&path, &name), item);
                            }
                        }
                    }
                    syn::Fields::Unnamed(unnamed) => {
                        for (i, field) in unnamed.unnamed.iter().enumerate() {
                            if is_pub(&field.vis) {
                                api.items.insert(
                                    join(&path, &i.to_string()),
                                    Item::new(Kind::Field, type_string(&field.ty)),
                                );
                            }
                        }
                    }
                    syn::Fields::Unit => {}
                }
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let path = join(prefix, &e.ident.to_string());
                let mut item = Item::new(Kind::Enum, generics(&e.generics));
                item.non_exhaustive = has_attr(&e.attrs, "non_exhaustive");
                api.items.insert(path.clone(), item);
                derives(&e.attrs, &path, api);
                for variant in &e.variants {
                    let shape = match &variant.fields {
                        syn::Fields::Unit => "()".to_owned(),
                        syn::Fields::Unnamed(f) => format!(
                            "({})",
                            f.unnamed
                                .iter()
                                .map(|f| type_string(&f.ty))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        syn::Fields::Named(f) => format!(
                            "{{ {} }}",
                            f.named
                                .iter()
                                .map(|f| format!("{}: {}", f.ident.as_ref().expect("named"), type_string(&f.ty)))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    let mut item = Item::new(Kind::Variant, shape);
                    item.wire = serde_rename(&variant.attrs).unwrap_or_else(|| variant.ident.to_string());
                    api.items.insert(join(&path, &variant.ident.to_string()), item);
                }
            }
            syn::Item::Type(t) if is_pub(&t.vis) => {
                api.items.insert(
                    join(prefix, &t.ident.to_string()),
                    Item::new(Kind::TypeAlias, type_string(&t.ty)),
                );
            }
            syn::Item::Trait(t) if is_pub(&t.vis) => {
                api.items
                    .insert(join(prefix, &t.ident.to_string()), Item::new(Kind::Trait, ""));
            }
            syn::Item::Fn(f) if is_pub(&f.vis) => {
                api.items.insert(
                    join(prefix, &f.sig.ident.to_string()),
                    Item::new(Kind::Function, signature(&f.sig)),
                );
            }
            syn::Item::Use(u) if is_pub(&u.vis) => {
                let mut names = Vec::new();
                use_names(&u.tree, String::new(), &mut names);
                for (name, source) in names {
                    api.items.insert(join(prefix, &name), Item::new(Kind::Reexport, source));
                }
            }
            syn::Item::Impl(i) => impl_block(i, prefix, api, unset),
            _ => {}
        }
    }
}

fn use_names(tree: &syn::UseTree, base: String, out: &mut Vec<(String, String)>) {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree, join(&base, &p.ident.to_string()), out),
        syn::UseTree::Name(n) => out.push((n.ident.to_string(), join(&base, &n.ident.to_string()))),
        syn::UseTree::Rename(r) => out.push((r.rename.to_string(), join(&base, &r.ident.to_string()))),
        syn::UseTree::Glob(_) => out.push(("*".to_owned(), join(&base, "*"))),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_names(tree, base.clone(), out);
            }
        }
    }
}

/// The type an impl block is for, as a path in this API (`types::X`).
fn self_path(ty: &syn::Type, prefix: &str) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    let mut base: Vec<&str> = if prefix.is_empty() {
        Vec::new()
    } else {
        prefix.split("::").collect()
    };
    let mut rest = segments.as_slice();
    while let Some((first, tail)) = rest.split_first() {
        if first == "super" {
            base.pop();
            rest = tail;
        } else if first == "crate" || first == "self" {
            if first == "crate" {
                base.clear();
            }
            rest = tail;
        } else {
            break;
        }
    }
    if rest.is_empty() {
        return None;
    }
    let mut path = base.join("::");
    for segment in rest {
        path = join(&path, segment);
    }
    Some(path)
}

fn impl_block(block: &syn::ItemImpl, prefix: &str, api: &mut Api, unset: &mut BTreeMap<String, BTreeSet<String>>) {
    let Some(owner) = self_path(&block.self_ty, prefix) else {
        return;
    };
    if let Some((_, trait_path, _)) = &block.trait_ {
        // `impl Trait for T`: only traits a user can rely on, on public types.
        let name = trait_name(trait_path);
        api.items
            .insert(format!("{owner}: {name}"), Item::new(Kind::TraitImpl, ""));
        if name == "Default" {
            note_unset(block, &owner, unset);
        }
        return;
    }
    note_unset(block, &owner, unset);
    for item in &block.items {
        let syn::ImplItem::Fn(f) = item else { continue };
        if !is_pub(&f.vis) {
            continue;
        }
        let name = f.sig.ident.to_string();
        let path = join(&owner, &name);
        let item = if name == "send" && f.sig.asyncness.is_some() {
            Item::new(Kind::Send, output(&f.sig.output))
        } else if let Some(target) = setter_target(&f.sig) {
            Item::new(Kind::Setter, target)
        } else {
            Item::new(Kind::Method, signature(&f.sig))
        };
        api.items.insert(path, item);
    }
}

/// Fields set to `Err(..)` by `new()` or `default()`: values a builder needs.
fn note_unset(block: &syn::ItemImpl, owner: &str, unset: &mut BTreeMap<String, BTreeSet<String>>) {
    use syn::visit::Visit;
    struct Finder<'a>(&'a mut BTreeSet<String>);
    impl<'ast> Visit<'ast> for Finder<'_> {
        fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
            for field in &s.fields {
                if let (syn::Member::Named(name), syn::Expr::Call(call)) = (&field.member, &field.expr)
                    && let syn::Expr::Path(p) = call.func.as_ref()
                    && p.path.segments.last().is_some_and(|s| s.ident == "Err")
                {
                    self.0.insert(name.to_string());
                }
            }
            syn::visit::visit_expr_struct(self, s);
        }
    }
    for item in &block.items {
        if let syn::ImplItem::Fn(f) = item
            && (f.sig.ident == "new" || f.sig.ident == "default")
        {
            Finder(unset.entry(owner.to_owned()).or_default()).visit_block(&f.block);
        }
    }
}

fn trait_name(path: &syn::Path) -> String {
    let last = path.segments.last().expect("a trait path has a segment");
    let mut name = last.ident.to_string();
    if !last.arguments.is_empty() {
        name.push_str(&tidy(&last.arguments.to_token_stream().to_string()));
    }
    name
}

fn derives(attrs: &[syn::Attribute], path: &str, api: &mut Api) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            let name = meta
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            api.items
                .insert(format!("{path}: {name}"), Item::new(Kind::TraitImpl, ""));
            Ok(())
        });
    }
}

fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

fn serde_default(attrs: &[syn::Attribute]) -> bool {
    let mut default = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                default = true;
            }
            if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    default
}

fn generics(g: &syn::Generics) -> String {
    if g.params.is_empty() {
        String::new()
    } else {
        tidy(&g.to_token_stream().to_string())
    }
}

/// `fn x<V>(self, value: V) where V: TryInto<T>` → `T`.
fn setter_target(sig: &syn::Signature) -> Option<String> {
    let mut inputs = sig.inputs.iter();
    if !matches!(inputs.next(), Some(syn::FnArg::Receiver(r)) if r.reference.is_none()) {
        return None;
    }
    let Some(syn::FnArg::Typed(arg)) = inputs.next() else {
        return None;
    };
    if inputs.next().is_some() {
        return None;
    }
    let syn::Type::Path(p) = arg.ty.as_ref() else {
        return None;
    };
    let param = p.path.get_ident()?;
    let bounds = bounds_of(sig, param);
    let target = bounds.iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(t) = bound else {
            return None;
        };
        let last = t.path.segments.last()?;
        if last.ident != "TryInto" && last.ident != "Into" {
            return None;
        }
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        match args.args.first()? {
            syn::GenericArgument::Type(ty) => Some(type_string(ty)),
            _ => None,
        }
    });
    target.or_else(|| Some(type_string(&arg.ty)))
}

fn bounds_of(sig: &syn::Signature, param: &syn::Ident) -> Vec<syn::TypeParamBound> {
    let mut bounds = Vec::new();
    for generic in &sig.generics.params {
        if let syn::GenericParam::Type(t) = generic
            && &t.ident == param
        {
            bounds.extend(t.bounds.iter().cloned());
        }
    }
    if let Some(clause) = &sig.generics.where_clause {
        for predicate in &clause.predicates {
            if let syn::WherePredicate::Type(p) = predicate
                && matches!(&p.bounded_ty, syn::Type::Path(tp) if tp.path.is_ident(param))
            {
                bounds.extend(p.bounds.iter().cloned());
            }
        }
    }
    bounds
}

/// `(self, value: impl TryInto<T>) -> Self`: generic parameters are replaced
/// by their bounds, so a renamed type parameter is not a change.
fn signature(sig: &syn::Signature) -> String {
    let args: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(r) => tidy(&r.to_token_stream().to_string()),
            syn::FnArg::Typed(t) => match t.ty.as_ref() {
                syn::Type::Path(p) if p.path.get_ident().is_some() => {
                    let bounds = bounds_of(sig, p.path.get_ident().expect("checked"));
                    if bounds.is_empty() {
                        type_string(&t.ty)
                    } else {
                        let bounds: Vec<String> =
                            bounds.iter().map(|b| tidy(&b.to_token_stream().to_string())).collect();
                        format!("impl {}", bounds.join(" + "))
                    }
                }
                ty => type_string(ty),
            },
        })
        .collect();
    let asyncness = if sig.asyncness.is_some() { "async " } else { "" };
    let out = output(&sig.output);
    if out.is_empty() {
        format!("{asyncness}({})", args.join(", "))
    } else {
        format!("{asyncness}({}) -> {out}", args.join(", "))
    }
}

fn output(ret: &syn::ReturnType) -> String {
    match ret {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => type_string(ty),
    }
}

pub fn type_string(ty: &syn::Type) -> String {
    tidy(&ty.to_token_stream().to_string())
}

/// Token text as a person writes it: no spaces inside paths and generics,
/// standard-library and `super::`/`crate::` prefixes dropped
/// (`::std::option::Option<::std::string::String>` → `Option<String>`).
pub fn tidy(tokens: &str) -> String {
    let mut s = tokens
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" ::", "::")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" <", "<")
        .replace(" > ", ">")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& '", "&'")
        .replace("& ", "&")
        .replace("' ", "'")
        .replace("-> ", "->")
        .replace("->", " -> ");
    // `>` followed by a word needs its space back (`> where`), handled by
    // the callers never producing that; `Foo>::bar` keeps none.
    for prefix in [
        "::std::option::",
        "::std::vec::",
        "::std::string::",
        "::std::collections::",
        "::std::boxed::",
        "::std::result::",
        "::std::convert::",
        "::std::default::",
        "::std::fmt::",
        "::std::str::",
        "::std::num::",
        "::std::primitive::",
        "::std::",
        "std::option::",
        "std::vec::",
        "std::string::",
        "std::collections::",
        "::serde_json::",
        "::chrono::",
        "::uuid::",
        "crate::",
        "super::",
    ] {
        let replacement = match prefix {
            "::serde_json::" => "serde_json::",
            "::chrono::" => "chrono::",
            "::uuid::" => "uuid::",
            _ => "",
        };
        s = s.replace(prefix, replacement);
    }
    s
}
