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
//!   `x-mx-nexus-deprecation`.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use serde_json::Value;

/// Applies every transform above to the generated client.
pub fn design(file: &mut syn::File, spec: &Value) {
    for item in &mut file.items {
        match item {
            syn::Item::Mod(module) if module.ident == "types" => types_module(module),
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
}

fn types_module(module: &mut syn::ItemMod) {
    let Some((_, items)) = &mut module.content else { return };
    let mut builders = Vec::new();
    for item in items.iter_mut() {
        match item {
            syn::Item::Struct(s) => {
                s.attrs.push(syn::parse_quote!(#[non_exhaustive]));
                builders.push(s.ident.clone());
            }
            syn::Item::Enum(e) => e.attrs.push(syn::parse_quote!(#[non_exhaustive])),
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
    for item in spec["paths"].as_object().into_iter().flat_map(|paths| paths.values()) {
        for operation in item.as_object().into_iter().flat_map(|methods| methods.values()) {
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
    }
    found
}
