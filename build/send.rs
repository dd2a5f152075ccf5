//! Makes every generated `send()` return `mx_nexus::Error`.
//!
//! progenitor's builders end `send()` with its own pipeline: hooks, then a
//! `match` on the status that parses the body or returns
//! `progenitor_client::Error`, which knows neither the operation nor, for a
//! body that does not parse, the status. That error type cannot carry what
//! the hand-written layer finds (the stage a transport failure reached, MX's
//! code, whether the call may have had an effect), so the end of each
//! `send()` is replaced by one call into `src/ext/call.rs`, where the error is
//! built knowing the operation:
//!
//! ```text
//! pub async fn send(self) -> Result<ResponseValue<T>, crate::Error> {
//!     let operation = &crate::ext::operations::READ_JOB;
//!     let (client, request) = (move || -> Result<_, Error<()>> {
//!         <progenitor's statements that check the parameters and build the request>
//!         Ok((client, request))
//!     })()
//!     .map_err(|e| crate::ext::call::not_built(operation, e))?;
//!     crate::ext::call::send_json(client, request, operation, &[200u16..=200u16]).await
//! }
//! ```
//!
//! The statements that build the request are kept as progenitor wrote them;
//! the success statuses and how their body is read (JSON: `send_json`; none:
//! `send_empty`; any other media type, a PDF or a CSV, as progenitor's
//! `ByteStream`: `send_stream`) are taken from progenitor's own `match`, so
//! the two cannot disagree. A `send()` of another shape (success statuses
//! answered in different shapes, or one progenitor adds later) is returned
//! as [`Unsupported`], and `generate::client_file` leaves its operation out
//! of the crate instead of failing the build.

use heck::ToShoutySnakeCase;
use quote::quote;
use syn::visit_mut::VisitMut;

/// A `send()` this rewrite cannot make (its success answers have a shape
/// no `src/ext/call.rs` function reads): progenitor's operation id and why.
/// Its operation is left out of the crate (`generate::supported`).
#[derive(Clone, Debug)]
pub struct Unsupported {
    /// progenitor's id (`read_job`).
    pub operation_id: String,
    pub reason: String,
}

/// Rewrites every builder's `send()` in `file` and returns the ones it
/// cannot rewrite (left as progenitor wrote them). An error is a `send()`
/// that is not progenitor's shape at all (no operation id to name).
pub fn return_nexus_error(file: &mut syn::File) -> Result<Vec<Unsupported>, String> {
    let mut rewrite = Rewrite {
        error: None,
        unsupported: Vec::new(),
    };
    rewrite.visit_file_mut(file);
    rewrite.error.map_or(Ok(rewrite.unsupported), Err)
}

struct Rewrite {
    error: Option<String>,
    unsupported: Vec<Unsupported>,
}

impl VisitMut for Rewrite {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        if function.sig.ident != "send" || function.sig.asyncness.is_none() || self.error.is_some() {
            return;
        }
        match rewrite_send(function) {
            Ok(()) => {}
            Err((Some(operation_id), reason)) => self.unsupported.push(Unsupported { operation_id, reason }),
            Err((None, e)) => self.error = Some(e),
        }
    }
}

/// How the body of a success answer becomes the `T` of `ResponseValue<T>`.
#[derive(PartialEq)]
enum Body {
    /// `ResponseValue::from_response`: JSON parsed into `T`.
    Json,
    /// `ResponseValue::empty`: no body, `T = ()`.
    Empty,
    /// `ResponseValue::stream`: any other media type (PDF, CSV, ...), the
    /// bytes as a `ByteStream`.
    Stream,
}

fn rewrite_send(function: &mut syn::ImplItemFn) -> Result<(), (Option<String>, String)> {
    let statements = &function.block.stmts;
    let Some((info_at, operation_id)) = statements
        .iter()
        .enumerate()
        .find_map(|(i, s)| operation_info(s).map(|id| (i, id)))
    else {
        return Err((
            None,
            "a generated send() has no `let info = OperationInfo { .. }`".to_owned(),
        ));
    };
    let named = |e: String| (Some(operation_id.clone()), e);
    rewrite_named(function, info_at, &operation_id).map_err(named)
}

fn rewrite_named(function: &mut syn::ImplItemFn, info_at: usize, operation_id: &str) -> Result<(), String> {
    let statements = &function.block.stmts;
    let Some(syn::Stmt::Expr(syn::Expr::Match(status_match), None)) = statements.last() else {
        return Err(format!(
            "{operation_id}: send() does not end with a match on the status"
        ));
    };
    let (body, statuses) = success_arms(operation_id, status_match)?;
    let syn::ReturnType::Type(_, return_type) = &function.sig.output else {
        return Err(format!("{operation_id}: send() has no return type"));
    };
    let value_type = ok_type(return_type).ok_or_else(|| format!("{operation_id}: send() does not return a Result"))?;

    let build = &statements[..info_at];
    let operation = syn::Ident::new(&operation_id.to_shouty_snake_case(), proc_macro2::Span::call_site());
    let send = match body {
        Body::Json => quote!(send_json),
        Body::Empty => quote!(send_empty),
        Body::Stream => quote!(send_stream),
    };
    let ranges = statuses.iter().map(|(low, high)| quote!(#low..=#high));
    function.sig.output = syn::parse_quote!(-> Result<#value_type, crate::Error>);
    let doc = format!(
        "\n\nReturns [`ResponseValue`](crate::ResponseValue)<{}>, or an [`Error`](crate::Error) that says what \
         failed: nothing is sent when a required parameter is missing.",
        answer_link(&value_type)
    );
    function.attrs.push(syn::parse_quote!(#[doc = #doc]));
    function.block = syn::parse_quote!({
        let operation = &crate::ext::operations::#operation;
        let (client, request) = (move || -> Result<_, Error<()>> {
            #(#build)*
            Ok((client, request))
        })()
        .map_err(|e| crate::ext::call::not_built(operation, e))?;
        crate::ext::call::#send(client, request, operation, &[#(#ranges),*]).await
    });
    Ok(())
}

/// `[`types::JobResponseBody`](crate::types::JobResponseBody)` for
/// `ResponseValue<types::JobResponseBody>`; the type as code otherwise.
fn answer_link(value_type: &syn::Type) -> String {
    let inner = quote!(#value_type).to_string().replace(' ', "");
    let inner = inner
        .strip_prefix("ResponseValue<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(&inner)
        .to_owned();
    match inner.strip_prefix("types::") {
        Some(name) if name.chars().all(|c| c.is_alphanumeric() || c == '_') => {
            format!("[`types::{name}`](crate::types::{name})")
        }
        _ => format!("`{inner}`"),
    }
}

/// `"read_job"` from `let info = OperationInfo { operation_id: "read_job" };`.
fn operation_info(statement: &syn::Stmt) -> Option<String> {
    let syn::Stmt::Local(local) = statement else {
        return None;
    };
    let syn::Expr::Struct(init) = local.init.as_ref()?.expr.as_ref() else {
        return None;
    };
    if !init.path.is_ident("OperationInfo") {
        return None;
    }
    init.fields.iter().find_map(|field| match (&field.member, &field.expr) {
        (
            syn::Member::Named(name),
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(id), ..
            }),
        ) if name == "operation_id" => Some(id.value()),
        _ => None,
    })
}

/// The success statuses (as inclusive ranges) of progenitor's status match
/// and how their body is read. Error arms (`Err(..)`, `_`) are dropped: the
/// hand-written layer describes every other answer itself.
fn success_arms(operation_id: &str, status_match: &syn::ExprMatch) -> Result<(Body, Vec<(u16, u16)>), String> {
    let mut body = None;
    let mut statuses = Vec::new();
    for arm in &status_match.arms {
        let code = quote!(#arm).to_string().replace(' ', "");
        let kind = if code.contains("Err(") {
            continue;
        } else if code.contains("ResponseValue::from_response") {
            Body::Json
        } else if code.contains("ResponseValue::empty") {
            Body::Empty
        } else if code.contains("ResponseValue::stream") {
            Body::Stream
        } else {
            return Err(format!(
                "{operation_id}: progenitor answers a success status with `{}`, which mx-nexus cannot send \
                 (only JSON, no body, and bytes are)",
                quote!(#arm)
            ));
        };
        let range = status_range(&arm.pat)
            .ok_or_else(|| format!("{operation_id}: unexpected status pattern `{}`", quote!(#arm)))?;
        match &body {
            Some(seen) if *seen != kind => {
                return Err(format!(
                    "{operation_id}: its success statuses are answered in different shapes (JSON, no body, bytes)"
                ));
            }
            _ => body = Some(kind),
        }
        statuses.push(range);
    }
    match body {
        Some(body) => Ok((body, statuses)),
        None => Err(format!("{operation_id}: send() has no success status")),
    }
}

/// `200u16` or `200u16..=299u16` as an inclusive range.
fn status_range(pattern: &syn::Pat) -> Option<(u16, u16)> {
    let number = |expr: &syn::Expr| match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(n), ..
        }) => n.base10_parse::<u16>().ok(),
        _ => None,
    };
    match pattern {
        syn::Pat::Lit(lit) => {
            let code = number(&syn::Expr::Lit(lit.clone()))?;
            Some((code, code))
        }
        syn::Pat::Range(range) => Some((number(range.start.as_deref()?)?, number(range.end.as_deref()?)?)),
        _ => None,
    }
}

/// `T` of `Result<T, E>`.
fn ok_type(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        syn::GenericArgument::Type(ok) => Some(ok.clone()),
        _ => None,
    }
}

/// progenitor's CLI hands a failed call to `CliConfig::error<T>(&Error<T>)`
/// and `list_end_error<T>(..)`; with `send()` returning `mx_nexus::Error`
/// those take it directly and lose their type parameter.
pub fn cli_takes_nexus_error(file: &mut syn::File) {
    struct CliError;
    impl VisitMut for CliError {
        fn visit_signature_mut(&mut self, signature: &mut syn::Signature) {
            if signature.ident != "error" && signature.ident != "list_end_error" {
                return;
            }
            signature.generics = syn::Generics::default();
            for input in signature.inputs.iter_mut() {
                if let syn::FnArg::Typed(argument) = input {
                    *argument.ty = syn::parse_quote!(&mx_nexus::Error);
                }
            }
        }
    }
    CliError.visit_file_mut(file);
}
