//! What this crate adds to progenitor's httpmock helpers (feature `mock`):
//!
//! - path parameter matchers match the value literally: progenitor puts the
//!   value into a regular expression as is, so `job_guid("JOB.1")` also
//!   matched `JOB-1`; the value is now percent-encoded as the client sends it
//!   and escaped;
//! - every operation's `Then` gets typed error answers besides `ok(..)`:
//!   `mx_error(status, code, message)`, `session_expired()` and
//!   `gateway_page(status, html)`, all served with MX's media type (the
//!   bodies are written by `src/ext/mock_answers.rs`);
//! - the docs of the `When`/`Then` wrappers and their methods.

use syn::visit_mut::VisitMut;

pub fn improve(file: &mut syn::File) {
    LiteralPaths.visit_file_mut(file);
    for item in &mut file.items {
        if let syn::Item::Trait(ext) = item
            && ext.ident == "MockServerExt"
        {
            for item in &mut ext.items {
                if let syn::TraitItem::Fn(method) = item {
                    let doc = format!(
                        "Mocks `{}`: `config_fn` gets the operation's typed `When` and `Then`.",
                        method.sig.ident
                    );
                    method.attrs.push(syn::parse_quote!(#[doc = #doc]));
                }
            }
        }
        if let syn::Item::Mod(module) = item
            && module.ident == "operations"
            && let Some((_, items)) = &mut module.content
        {
            for item in items.iter_mut() {
                match item {
                    syn::Item::Struct(s) => {
                        let name = s.ident.to_string();
                        let doc = if let Some(operation) = name.strip_suffix("When") {
                            format!(
                                "What a request to `{operation}` must look like: each method narrows the match \
                                 (a path parameter matches its value literally); `into_inner()` gives httpmock's \
                                 own `When`."
                            )
                        } else {
                            let operation = name.trim_end_matches("Then");
                            format!(
                                "How the mock answers `{operation}`: `ok(..)` with the documented body, or an \
                                 error MX could send (`mx_error`, `session_expired`, `gateway_page`), all with \
                                 MX's media type; `into_inner()` gives httpmock's own `Then`."
                            )
                        };
                        s.attrs.push(syn::parse_quote!(#[doc = #doc]));
                    }
                    syn::Item::Impl(implementation) => document_methods(implementation),
                    _ => {}
                }
            }
            let answers: Vec<syn::Item> = items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Struct(s) if s.ident.to_string().ends_with("Then") => Some(error_answers(&s.ident)),
                    _ => None,
                })
                .collect();
            items.extend(answers);
        }
    }
}

/// `format!("^/jobs/{}$", value.to_string())` in a `When` method: the value
/// as the client sends it (percent-encoded), escaped for the regex.
struct LiteralPaths;

impl VisitMut for LiteralPaths {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if mac.path.is_ident("format") {
            let tokens = mac.tokens.to_string();
            let plain = "value . to_string ()";
            if tokens.starts_with("\"^/") && tokens.contains(plain) {
                let literal = tokens.replace(
                    plain,
                    "regex :: escape (& :: progenitor_client :: encode_path (& value . to_string ()))",
                );
                if let Ok(parsed) = literal.parse() {
                    mac.tokens = parsed;
                }
            }
        }
    }
}

fn document_methods(implementation: &mut syn::ItemImpl) {
    for item in &mut implementation.items {
        let syn::ImplItem::Fn(method) = item else { continue };
        let doc = match method.sig.ident.to_string().as_str() {
            "new" => "Wraps httpmock's own value (the `MockServerExt` methods do this).".to_owned(),
            "into_inner" => "httpmock's own value, to match or answer what this wrapper does not offer.".to_owned(),
            "ok" => "Answers `200` with this body, in MX's media type.".to_owned(),
            parameter => format!("Matches requests whose `{parameter}` is exactly `value`."),
        };
        method.attrs.push(syn::parse_quote!(#[doc = #doc]));
    }
}

fn error_answers(then: &syn::Ident) -> syn::Item {
    syn::parse_quote! {
        impl #then {
            /// Answers `status` with MX's error body,
            /// `{"error": {"code": code, "message": message}}` (the shape the
            /// sandbox uses; MX documents a code and a message, not the JSON
            /// around them), in MX's media type.
            pub fn mx_error(self, status: u16, code: u32, message: &str) -> Self {
                Self(crate::ext::mock_answers::mx_error(self.0, status, code, message))
            }
            /// Answers as MX does for an expired session: `401` with MX code
            /// `4011`, in MX's media type.
            pub fn session_expired(self) -> Self {
                Self(crate::ext::mock_answers::session_expired(self.0))
            }
            /// Answers `status` with a page that is not JSON (what a gateway
            /// in front of MX sends when it fails), in MX's media type.
            pub fn gateway_page(self, status: u16, html: &str) -> Self {
                Self(crate::ext::mock_answers::gateway_page(self.0, status, html))
            }
        }
    }
}
