//! typify writes a `JsonSchema` impl by hand for some types when asked to
//! derive it (today: an integer enum, `type: integer` with `enum: [0, 1,
//! 2, 3]`, of which MX's Platform spec has one), and writes it against
//! schemars 0.8 (`gen: &mut schemars::gen::SchemaGenerator`,
//! `schemars::schema::Schema`, `schema_name() -> String`). The crate's
//! feature `schemars` is schemars 1, whose API differs, so such an impl does
//! not compile: the feature would break the day MX adds one such type.
//!
//! Each hand-written impl is rewritten to schemars 1: the same name, the
//! inner type's schema, and the enum values typify listed (read from its
//! `serde_json::from_str("…")` literals). An impl this does not recognise
//! keeps the inner type's schema, or, with no inner type found, a schema
//! that accepts any value: never a wrong restriction, never a failed build.

use quote::quote;
use syn::visit_mut::VisitMut;

/// Rewrites every schemars 0.8 `impl JsonSchema` in `file` (none when the
/// feature is off, as typify then writes none).
pub fn to_schemars_1(file: &mut syn::File) {
    Rewrite.visit_file_mut(file);
}

struct Rewrite;

impl VisitMut for Rewrite {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let Some((_, trait_path, _)) = &item.trait_ else { return };
        if trait_path.segments.last().is_none_or(|s| s.ident != "JsonSchema") || !is_schemars_0_8(item) {
            return;
        }
        let self_ty = &item.self_ty;
        let name = quote!(#self_ty).to_string().replace(' ', "");
        let inner = inner_type(item);
        let values = enum_values(item);
        let base = match &inner {
            Some(inner) => quote!(<#inner as ::schemars::JsonSchema>::json_schema(generator)),
            None => quote!(::schemars::json_schema!(true)),
        };
        let restrict = values.map(|values| {
            quote!(schema.insert(
                "enum".to_owned(),
                ::serde_json::from_str(#values).expect("JSON written by build.rs"),
            );)
        });
        let rewritten: syn::ItemImpl = syn::parse_quote! {
            impl ::schemars::JsonSchema for #self_ty {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#name)
                }
                fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    #[allow(unused_mut)]
                    let mut schema = #base;
                    #restrict
                    schema
                }
            }
        };
        *item = rewritten;
    }
}

/// typify's impls take `gen: &mut ::schemars::gen::SchemaGenerator`.
fn is_schemars_0_8(item: &syn::ItemImpl) -> bool {
    let text = quote!(#item).to_string();
    text.contains("schemars :: gen ::") || text.contains("schemars :: schema ::")
}

/// `T` of `<T as ::schemars::JsonSchema>::json_schema(gen)` in the impl.
fn inner_type(item: &syn::ItemImpl) -> Option<syn::Type> {
    struct Find(Option<syn::Type>);
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
            if let Some(qself) = &path.qself
                && path.path.segments.last().is_some_and(|s| s.ident == "json_schema")
                && self.0.is_none()
            {
                self.0 = Some((*qself.ty).clone());
            }
            syn::visit::visit_expr_path(self, path);
        }
    }
    let mut find = Find(None);
    syn::visit::Visit::visit_item_impl(&mut find, item);
    find.0
}

/// The JSON array of every `serde_json::from_str("…")` literal in the impl
/// (typify lists the enum's values that way), as text; `None` when there is
/// none. Literals that are not JSON are skipped.
fn enum_values(item: &syn::ItemImpl) -> Option<String> {
    struct Find(Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
            if let syn::Expr::Path(func) = &*call.func
                && func.path.segments.last().is_some_and(|s| s.ident == "from_str")
                && let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                })) = call.args.first()
            {
                self.0.push(text.value());
            }
            syn::visit::visit_expr_call(self, call);
        }
    }
    let mut find = Find(Vec::new());
    syn::visit::Visit::visit_item_impl(&mut find, item);
    let values: Vec<serde_json::Value> = find
        .0
        .iter()
        .filter_map(|text| serde_json::from_str(text).ok())
        .collect();
    (!values.is_empty()).then(|| serde_json::Value::Array(values).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// typify's impl for an integer enum, as it writes it (MX's Platform
    /// spec, `SpendingPlanIterationItemResponseItemType`).
    fn typify_impl() -> syn::File {
        syn::parse_quote! {
            impl ::schemars::JsonSchema for ItemType {
                fn schema_name() -> ::std::string::String {
                    "ItemType".to_string()
                }
                fn json_schema(gen: &mut ::schemars::gen::SchemaGenerator) -> ::schemars::schema::Schema {
                    let mut schema = <i64 as ::schemars::JsonSchema>::json_schema(gen).into_object();
                    schema.enum_values = ::std::option::Option::Some(
                        [::serde_json::from_str("0").unwrap(), ::serde_json::from_str("3").unwrap()]
                            .into_iter()
                            .collect(),
                    );
                    schema.into()
                }
            }
        }
    }

    #[test]
    fn a_schemars_0_8_impl_becomes_schemars_1_with_its_values() {
        let mut file = typify_impl();
        to_schemars_1(&mut file);
        let code = prettyplease::unparse(&file);
        assert!(code.contains("generator: &mut ::schemars::SchemaGenerator"), "{code}");
        assert!(code.contains("-> ::schemars::Schema"), "{code}");
        assert!(code.contains("Cow::Borrowed(\"ItemType\")"), "{code}");
        assert!(
            code.contains("<i64 as ::schemars::JsonSchema>::json_schema(generator)"),
            "{code}"
        );
        assert!(code.contains("::serde_json::from_str(\"[0,3]\")"), "{code}");
        assert!(!code.contains("schemars::gen"), "{code}");
    }

    #[test]
    fn derives_and_schemars_1_impls_are_left_alone() {
        let mut file: syn::File = syn::parse_quote! {
            #[derive(schemars::JsonSchema)]
            pub struct A { x: i64 }
            impl ::schemars::JsonSchema for B {
                fn schema_name() -> ::std::borrow::Cow<'static, str> { "B".into() }
                fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    <String as ::schemars::JsonSchema>::json_schema(generator)
                }
            }
        };
        let before = prettyplease::unparse(&file);
        to_schemars_1(&mut file);
        assert_eq!(prettyplease::unparse(&file), before);
    }
}
