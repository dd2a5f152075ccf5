//! What users see of the generated client, made into a designed API:
//!
//! - every type in `types` is `#[non_exhaustive]`, so MX adding an optional
//!   response property or an enum value is not a breaking change of the
//!   crate; outside the crate a type is built with its builder, which gets a
//!   `build()` (`types::JobResponse::builder().guid("JOB-1").build()?`);
//! - `Client::new` and `Client::new_with_client` need crate-internal state,
//!   so they are `pub(crate)` (build a client with `ClientConfig`), and
//!   progenitor's `ClientInfo` impl is hidden from the docs;
//! - `Client`'s doc is this crate's own (`src/ext/client.md`), not MX's
//!   description of the API;
//! - operations MX documents as deprecated (`deprecated: true`, set by the
//!   overlay where MX's page says so) are `#[deprecated]` with the note in
//!   `x-mx-nexus-deprecation`;
//! - the operation methods grouped by MX's tags on the `Client` page, with
//!   an index at the top (`groups.rs`);
//! - docs a reader can use: each type says which operations send or return
//!   it, each builder setter which field it sets, and MX's site-relative
//!   links (`/nexus/`) point to `https://docs.mx.com/...` instead of docs.rs.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use serde_json::Value;
use syn::visit_mut::VisitMut;

/// Where MX's site-relative links (`[Nexus guide](/nexus/)`) point.
const MX_DOCS: &str = "https://docs.mx.com";

/// Applies every transform above to the generated client.
pub fn design(file: &mut syn::File, spec: &Value) {
    let usage = schema_usage(spec);
    for item in &mut file.items {
        match item {
            syn::Item::Mod(module) if module.ident == "types" => types_module(module, &usage),
            syn::Item::Mod(module) if module.ident == "builder" => request_builders(module),
            syn::Item::Struct(client) if client.ident == "Client" => {
                client.attrs.retain(|a| !a.path().is_ident("doc"));
                client.attrs.insert(
                    0,
                    syn::parse_quote!(#[doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/ext/client.md"))]),
                );
            }
            syn::Item::Impl(implementation) if is_client_info_impl(implementation) => {
                implementation.attrs.push(syn::parse_quote!(#[doc(hidden)]));
            }
            syn::Item::Impl(implementation) if is_type(&implementation.self_ty, "Client") => {
                client_impl(implementation, &deprecations(spec));
            }
            _ => {}
        }
    }
    super::groups::group_client(file, spec);
    // Last, so it fixes the links of MX's text added above too (tags'
    // descriptions).
    AbsoluteLinks.visit_file_mut(file);
}

fn types_module(module: &mut syn::ItemMod, usage: &BTreeMap<String, Usage>) {
    let Some((_, items)) = &mut module.content else { return };
    // typify gives most structs a builder, but not newtypes or enums.
    let with_builders: std::collections::BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref(),
            _ => None,
        })
        .flat_map(|(_, builder_items)| builder_items.iter())
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut builders = Vec::new();
    for item in items.iter_mut() {
        match item {
            syn::Item::Struct(s) => {
                s.attrs.push(syn::parse_quote!(#[non_exhaustive]));
                let has_builder = with_builders.contains(&s.ident.to_string());
                describe_type(&mut s.attrs, &s.ident, usage, has_builder);
                builders.push(s.ident.clone());
            }
            syn::Item::Impl(implementation) if implementation.trait_.is_none() => {
                for item in &mut implementation.items {
                    if let syn::ImplItem::Fn(method) = item
                        && method.sig.ident == "builder"
                    {
                        let doc = "A builder: set fields with its methods, then `build()`.";
                        method.attrs.push(syn::parse_quote!(#[doc = #doc]));
                    }
                }
            }
            syn::Item::Enum(e) => {
                e.attrs.push(syn::parse_quote!(#[non_exhaustive]));
                describe_type(&mut e.attrs, &e.ident, usage, false);
            }
            _ => {}
        }
    }
    for item in items.iter_mut() {
        if let syn::Item::Mod(builder) = item
            && builder.ident == "builder"
            && let Some((_, builder_items)) = &mut builder.content
        {
            builder.attrs.retain(|a| !a.path().is_ident("doc"));
            let doc = "Builders of the types in [`types`](crate::types): `types::X::builder()` gives one, each setter \
                       sets one field, and `build()` checks that every required field was set.";
            builder.attrs.push(syn::parse_quote!(#[doc = #doc]));
            let with_builder: Vec<syn::Ident> = builders
                .iter()
                .filter(|name| has_struct(builder_items, name))
                .cloned()
                .collect();
            for item in builder_items.iter_mut() {
                if let syn::Item::Impl(implementation) = item {
                    document_setters(implementation);
                }
            }
            for name in with_builder {
                let doc =
                    format!("The [`{name}`](crate::types::{name}), or which required field is missing or invalid.");
                builder_items.push(syn::parse_quote!(
                    impl #name {
                        #[doc = #doc]
                        pub fn build(self) -> ::std::result::Result<super::#name, super::error::ConversionError> {
                            self.try_into()
                        }
                    }
                ));
            }
        }
    }
}

fn has_struct(items: &[syn::Item], name: &syn::Ident) -> bool {
    items
        .iter()
        .any(|item| matches!(item, syn::Item::Struct(s) if &s.ident == name))
}

fn is_type(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident(name))
}

fn is_client_info_impl(implementation: &syn::ItemImpl) -> bool {
    implementation
        .trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
        .is_some_and(|segment| segment.ident == "ClientInfo")
}

/// `pub(crate)` constructors; `#[deprecated]` operation methods.
fn client_impl(implementation: &mut syn::ItemImpl, deprecated: &BTreeMap<String, String>) {
    for item in &mut implementation.items {
        let syn::ImplItem::Fn(method) = item else { continue };
        let name = method.sig.ident.to_string();
        if name == "new" || name == "new_with_client" {
            method.vis = syn::parse_quote!(pub(crate));
            // `ClientConfig::build` uses `new_with_client` only.
            method.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
        } else if let Some(note) = deprecated.get(&name) {
            method.attrs.push(syn::parse_quote!(#[deprecated(note = #note)]));
        }
    }
}

/// progenitor method name -> deprecation note, for every deprecated operation.
fn deprecations(spec: &Value) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for (_, _, operation) in super::pipeline::each_operation(spec) {
        if operation["deprecated"] != Value::Bool(true) {
            continue;
        }
        let Some(id) = operation["operationId"].as_str() else {
            continue;
        };
        let note = operation["x-mx-nexus-deprecation"]
            .as_str()
            .unwrap_or("MX documents this operation as deprecated");
        found.insert(
            id.to_snake_case(),
            note.split_whitespace().collect::<Vec<_>>().join(" "),
        );
    }
    found
}

/// progenitor's request builders (`builder::ReadJob`, ...): `new` is what
/// `client.read_job()` calls, so it is hidden; each setter says what it sets.
fn request_builders(module: &mut syn::ItemMod) {
    let Some((_, items)) = &mut module.content else { return };
    for item in items.iter_mut() {
        let syn::Item::Impl(implementation) = item else {
            continue;
        };
        if implementation.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(ty) = implementation.self_ty.as_ref() else {
            continue;
        };
        let Some(operation) = ty.path.segments.last().map(|s| s.ident.to_string().to_snake_case()) else {
            continue;
        };
        for item in &mut implementation.items {
            let syn::ImplItem::Fn(method) = item else { continue };
            let name = method.sig.ident.to_string();
            let doc = match name.as_str() {
                "send" => continue,
                "new" => {
                    method.attrs.push(syn::parse_quote!(#[doc(hidden)]));
                    continue;
                }
                "body" => format!(
                    "Sets the request body (a type of [`types`](crate::types), or its builder); see \
                     [`Client::{operation}`](crate::Client::{operation})."
                ),
                "body_map" => {
                    "Sets the request body by changing its builder, starting from the one set so far.".to_owned()
                }
                parameter => format!(
                    "Sets the `{parameter}` parameter; see [`Client::{operation}`](crate::Client::{operation})."
                ),
            };
            method.attrs.push(syn::parse_quote!(#[doc = #doc]));
        }
    }
}

/// Which operations send a schema (in a request body, directly or nested)
/// and which return it.
#[derive(Default)]
struct Usage {
    sent_by: Vec<String>,
    returned_by: Vec<String>,
}

fn schema_usage(spec: &Value) -> BTreeMap<String, Usage> {
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    for (_, _, operation) in super::pipeline::each_operation(spec) {
        let Some(id) = operation["operationId"].as_str() else {
            continue;
        };
        let method = id.to_snake_case();
        for schema in reachable(spec, &operation["requestBody"]) {
            usage.entry(schema).or_default().sent_by.push(method.clone());
        }
        for schema in reachable(spec, &operation["responses"]) {
            usage.entry(schema).or_default().returned_by.push(method.clone());
        }
    }
    usage
}

/// Every component schema `value` refers to, following references.
fn reachable(spec: &Value, value: &Value) -> std::collections::BTreeSet<String> {
    super::pipeline::reachable_refs(spec, value)
        .into_iter()
        .filter_map(|pointer| pointer.strip_prefix("/components/schemas/").map(str::to_owned))
        .collect()
}

/// typify documents a schema without a description by its name alone
/// ("`JobResponse`"): say instead which operations send or return it.
fn describe_type(
    attrs: &mut Vec<syn::Attribute>,
    name: &syn::Ident,
    usage: &BTreeMap<String, Usage>,
    has_builder: bool,
) {
    let links = |methods: &[String]| {
        methods
            .iter()
            .map(|m| format!("[`Client::{m}`](crate::Client::{m})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let name = name.to_string();
    let mut lines = Vec::new();
    if let Some(usage) = usage.get(&name) {
        let body = name.ends_with("Body");
        if !usage.returned_by.is_empty() {
            let what = if body {
                "The JSON body of the answer of"
            } else {
                "Part of the answer of"
            };
            lines.push(format!("{what} {}.", links(&usage.returned_by)));
        }
        if !usage.sent_by.is_empty() {
            let what = if body {
                "The JSON body sent by"
            } else {
                "Part of the body sent by"
            };
            lines.push(format!("{what} {}.", links(&usage.sent_by)));
        }
    }
    lines.push(if has_builder {
        format!("Build one with [`{name}::builder`](crate::types::{name}::builder); MX may add fields (`#[non_exhaustive]`).")
    } else {
        "MX may add to it (`#[non_exhaustive]`).".to_owned()
    });
    let typify_default = format!("`{name}`");
    let only_its_name = attrs
        .iter()
        .any(|a| doc_text(a).is_some_and(|t| t.trim() == typify_default));
    if only_its_name {
        attrs.retain(|a| !a.path().is_ident("doc"));
    } else {
        lines.insert(0, String::new());
    }
    for line in lines {
        attrs.push(syn::parse_quote!(#[doc = #line]));
        attrs.push(syn::parse_quote!(#[doc = ""]));
    }
}

fn doc_text(attr: &syn::Attribute) -> Option<String> {
    let syn::Meta::NameValue(meta) = &attr.meta else {
        return None;
    };
    if !meta.path.is_ident("doc") {
        return None;
    }
    match &meta.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => Some(text.value()),
        _ => None,
    }
}

/// `builder::X::field(value)`: "Sets [`X::field`]", with the field's link.
fn document_setters(implementation: &mut syn::ItemImpl) {
    let syn::Type::Path(ty) = implementation.self_ty.as_ref() else {
        return;
    };
    let Some(name) = ty.path.segments.last().map(|s| s.ident.to_string()) else {
        return;
    };
    if implementation.trait_.is_some() {
        return;
    }
    for item in &mut implementation.items {
        if let syn::ImplItem::Fn(setter) = item
            && setter.sig.ident != "build"
            && setter.attrs.iter().all(|a| !a.path().is_ident("doc"))
        {
            let field = setter.sig.ident.to_string();
            let doc = format!("Sets [`{name}::{field}`](crate::types::{name}::{field}).");
            setter.attrs.push(syn::parse_quote!(#[doc = #doc]));
        }
    }
}

/// `](/nexus/)` in any doc becomes `](https://docs.mx.com/nexus/)`: a
/// site-relative link would resolve against docs.rs. So does
/// `](docs.mx.com/...)`, a link without its scheme (MX's Platform tags
/// describe themselves with such links), which a browser reads as a path.
struct AbsoluteLinks;

impl VisitMut for AbsoluteLinks {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        let without_scheme = "](docs.mx.com/";
        if let Some(text) = doc_text(attr)
            && (text.contains("](/") || text.contains(without_scheme))
        {
            let absolute = text
                .replace("](/", &format!("]({MX_DOCS}/"))
                .replace(without_scheme, &format!("]({MX_DOCS}/"));
            *attr = syn::parse_quote!(#[doc = #absolute]);
        }
    }
}
