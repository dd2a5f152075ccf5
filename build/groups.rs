//! The `Client` page grouped by MX's tags. progenitor (`TagStyle::Merged`)
//! writes every operation method into one `impl Client`, so rustdoc lists
//! them on one page in one run (173 at MX's full size, README "Scale") and
//! nothing tells a reader where the member or job operations are. This
//! splits that block into one `impl Client` per tag, each with a doc comment
//! (rustdoc shows an impl block's docs as a heading above its methods), and
//! adds an "Operations by tag" index to the `Client` docs: one line per
//! tag, linking each method.
//!
//! - An operation belongs to its first tag (MX gives each one tag).
//! - Groups follow the spec's top-level `tags:` list (MX's order), then the
//!   tags it does not list, by name, then the operations without a tag
//!   ("Other operations"); a listed tag without operations is skipped.
//! - In a group, methods are sorted by name, as in rustdoc's sidebar, so the
//!   order never depends on the document's (or `serde_json`'s) map order.
//! - A group's doc is the tag's name as a heading and MX's description of the
//!   tag when the spec's `tags:` has one.
//!
//! Nothing is renamed or moved out of `Client`: the methods, their docs and
//! attributes are progenitor's (and `api.rs`'s), only the impl blocks change.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use serde_json::Value;

/// One group of operations: a tag of the spec, or the untagged ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The tag as MX writes it (`member credentials`); `None` for the
    /// operations without a tag.
    pub tag: Option<String>,
    /// MX's description of the tag, from the spec's top-level `tags:`.
    pub description: Option<String>,
    /// The group's operations, sorted by method name.
    pub operations: Vec<Operation>,
}

/// One operation, as the `Client` page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// progenitor's method name (`read_job`).
    pub method: String,
    /// MX's one-line summary (`Read job`), when the spec has one.
    pub summary: Option<String>,
    pub deprecated: bool,
}

impl Group {
    /// The heading of the group on the `Client` page: the tag with its first
    /// letter in upper case (`Member credentials`), or `Other operations`.
    pub fn title(&self) -> String {
        match &self.tag {
            Some(tag) => {
                let mut chars = tag.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                }
            }
            None => "Other operations".to_owned(),
        }
    }

    /// The id rustdoc gives the group's heading (its text, lower case,
    /// spaces as `-`, other punctuation dropped), for the index's links.
    pub fn anchor(&self) -> String {
        self.title()
            .chars()
            .filter_map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    Some(c.to_lowercase().collect::<String>())
                } else if c.is_whitespace() {
                    Some("-".to_owned())
                } else {
                    None
                }
            })
            .collect()
    }

    /// `1 operation`, `3 operations`.
    fn count(&self) -> String {
        match self.operations.len() {
            1 => "1 operation".to_owned(),
            n => format!("{n} operations"),
        }
    }

    /// The doc comment of the group's `impl Client` block.
    pub fn doc(&self) -> String {
        let mut doc = format!("# {}\n\n", markdown_text(&self.title()));
        match (&self.tag, &self.description) {
            (Some(_), Some(description)) if !description.trim().is_empty() => {
                doc.push_str(description.trim());
            }
            (Some(tag), _) => doc.push_str(&format!("The {} MX tags `{tag}`.", self.count())),
            (None, _) => doc.push_str(&format!("The {} MX gives no tag.", self.count())),
        }
        doc
    }
}

/// The operations of `spec` (normalised: every operation has its
/// `operationId`) grouped as the `Client` page shows them.
pub fn groups(spec: &Value) -> Vec<Group> {
    let listed: Vec<(String, Option<String>)> = spec["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|tag| {
            let name = tag["name"].as_str()?;
            Some((name.to_owned(), tag["description"].as_str().map(str::to_owned)))
        })
        .collect();
    let mut by_tag: BTreeMap<Option<String>, Vec<Operation>> = BTreeMap::new();
    for (_, _, operation) in super::pipeline::each_operation(spec) {
        let Some(id) = operation["operationId"].as_str() else {
            continue;
        };
        let tag = operation["tags"]
            .as_array()
            .and_then(|tags| tags.first())
            .and_then(Value::as_str)
            .map(str::to_owned);
        let summary = operation["summary"]
            .as_str()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty());
        by_tag.entry(tag).or_default().push(Operation {
            method: id.to_snake_case(),
            summary,
            deprecated: operation["deprecated"] == Value::Bool(true),
        });
    }
    let mut groups = Vec::new();
    for (name, description) in &listed {
        if let Some(operations) = by_tag.remove(&Some(name.clone())) {
            groups.push(Group {
                tag: Some(name.clone()),
                description: description.clone(),
                operations,
            });
        }
    }
    // Tags the list does not name, by name (the map's order), and `None`,
    // which a `BTreeMap` puts first, last.
    let untagged = by_tag.remove(&None);
    groups.extend(by_tag.into_iter().map(|(tag, operations)| Group {
        tag,
        description: None,
        operations,
    }));
    groups.extend(untagged.map(|operations| Group {
        tag: None,
        description: None,
        operations,
    }));
    for group in &mut groups {
        group.operations.sort_by(|a, b| a.method.cmp(&b.method));
    }
    groups
}

/// The "Operations by tag" section of the `Client` docs: one line per group,
/// the tag linking to its heading, then every method, linked, with MX's
/// summary as the link's title (shown on hover).
pub fn index(groups: &[Group]) -> String {
    let count: usize = groups.iter().map(|g| g.operations.len()).sum();
    let mut doc = String::from("# Operations by tag\n\n");
    doc.push_str(&format!(
        "The {count} operation{} of MX's spec by the tag MX gives each, in MX's order of \
         tags (operations without a tag last); below, each group follows under its \
         heading, its methods sorted by name.\n\n",
        if count == 1 { "" } else { "s" }
    ));
    for group in groups {
        let methods: Vec<String> = group
            .operations
            .iter()
            .map(|operation| {
                let title = operation
                    .summary
                    .as_deref()
                    .map(|s| format!(" \"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
                    .unwrap_or_default();
                let deprecated = if operation.deprecated { " (deprecated)" } else { "" };
                format!("[`{0}`](Self::{0}{title}){deprecated}", operation.method)
            })
            .collect();
        doc.push_str(&format!(
            "- [**{}**](#{}): {}\n",
            markdown_text(&group.title()),
            group.anchor(),
            methods.join(", ")
        ));
    }
    doc
}

/// Splits progenitor's `impl Client` of operation methods into one block per
/// group, in the groups' order, where that block was, and appends the index
/// to the `Client` struct's docs. The constructors' block and any method the
/// spec does not name stay in the block they were in.
pub fn group_client(file: &mut syn::File, spec: &Value) {
    let groups = groups(spec);
    let wanted: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(i, group)| group.operations.iter().map(move |op| (op.method.as_str(), i)))
        .collect();
    let is_client_impl = |item: &syn::Item| {
        matches!(item, syn::Item::Impl(i) if i.trait_.is_none()
            && matches!(i.self_ty.as_ref(), syn::Type::Path(p) if p.path.is_ident("Client")))
    };
    let Some(at) = file.items.iter().position(|item| {
        is_client_impl(item)
            && matches!(item, syn::Item::Impl(i) if i.items.iter().any(|m| {
                matches!(m, syn::ImplItem::Fn(f) if wanted.contains_key(f.sig.ident.to_string().as_str()))
            }))
    }) else {
        return;
    };
    let syn::Item::Impl(original) = &mut file.items[at] else {
        unreachable!("found as an impl above")
    };
    let mut methods: Vec<Vec<syn::ImplItem>> = vec![Vec::new(); groups.len()];
    let mut kept = Vec::new();
    for item in std::mem::take(&mut original.items) {
        let group = match &item {
            syn::ImplItem::Fn(f) => wanted.get(f.sig.ident.to_string().as_str()).copied(),
            _ => None,
        };
        match group {
            Some(i) => methods[i].push(item),
            None => kept.push(item),
        }
    }
    let mut blocks = Vec::new();
    for (group, mut items) in groups.iter().zip(methods) {
        if items.is_empty() {
            continue;
        }
        items.sort_by_key(|item| match item {
            syn::ImplItem::Fn(f) => f.sig.ident.to_string(),
            _ => String::new(),
        });
        let doc = group.doc();
        let mut block = original.clone();
        block.attrs.push(syn::parse_quote!(#[doc = #doc]));
        block.items = items;
        blocks.push(syn::Item::Impl(block));
    }
    original.items = kept;
    let remove_original = original.items.is_empty();
    let tail = file.items.split_off(at + usize::from(!remove_original));
    file.items.extend(blocks);
    file.items.extend(tail.into_iter().skip(usize::from(remove_original)));

    let index = index(&groups);
    for item in &mut file.items {
        if let syn::Item::Struct(client) = item
            && client.ident == "Client"
        {
            // Right after the hand-written doc (`src/ext/client.md`).
            let after = client
                .attrs
                .iter()
                .rposition(|a| a.path().is_ident("doc"))
                .map_or(0, |i| i + 1);
            client.attrs.insert(after, syn::parse_quote!(#[doc = #index]));
            client.attrs.insert(after, syn::parse_quote!(#[doc = ""]));
        }
    }
}

/// `text` with the characters Markdown would read as markup escaped (a tag
/// such as `managed data [deprecated]` is not a link).
fn markdown_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    //! Run by `cargo test -p xtask --lib` (xtask compiles `build/` in).

    use super::*;
    use serde_json::json;

    fn operation(id: &str, tags: &[&str]) -> Value {
        json!({
            "operationId": id,
            "tags": tags,
            "summary": format!("Summary of {id}"),
            "responses": {"204": {"description": "No content"}},
        })
    }

    /// A spec with listed and unlisted tags, a listed tag no operation has,
    /// an operation with two tags and one without.
    fn spec() -> Value {
        let mut untagged = operation("pingServer", &[]);
        untagged.as_object_mut().unwrap().remove("tags");
        json!({
            "openapi": "3.0.0",
            "info": {"title": "t", "version": "1"},
            "tags": [
                {"name": "members", "description": "Members connect a user to an institution. See [the guide](/nexus/) and [members](docs.mx.com/api-reference/reference/members)."},
                {"name": "unused"},
                {"name": "jobs"},
            ],
            "paths": {
                "/widgets": {"get": operation("listWidgets", &["widgets"])},
                "/jobs/current": {"get": operation("readJob", &["jobs"])},
                "/jobs/current/resume": {"get": operation("resumeJob", &["jobs", "members"])},
                "/members": {"get": operation("listMembers", &["members"]), "post": operation("createMember", &["members"])},
                "/accounts": {"get": operation("listAccounts", &["accounts"])},
                "/ping": {"get": untagged},
            },
        })
    }

    #[test]
    fn groups_follow_the_tag_list_then_other_tags_by_name_then_untagged() {
        let groups = groups(&spec());
        let shown: Vec<(Option<&str>, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                (
                    g.tag.as_deref(),
                    g.operations.iter().map(|o| o.method.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (Some("members"), vec!["create_member", "list_members"]),
                (Some("jobs"), vec!["read_job", "resume_job"]),
                (Some("accounts"), vec!["list_accounts"]),
                (Some("widgets"), vec!["list_widgets"]),
                (None, vec!["ping_server"]),
            ]
        );
        assert_eq!(groups[0].title(), "Members");
        assert_eq!(groups[4].title(), "Other operations");
    }

    #[test]
    fn a_tag_is_a_heading_with_mx_description_and_markup_escaped() {
        let group = |tag: &str, description: Option<&str>| Group {
            tag: Some(tag.to_owned()),
            description: description.map(str::to_owned),
            operations: vec![],
        };
        assert_eq!(
            group("members", Some("  Members connect.\n")).doc(),
            "# Members\n\nMembers connect."
        );
        assert_eq!(
            group("managed data [deprecated]", None).doc(),
            "# Managed data \\[deprecated\\]\n\nThe 0 operations MX tags `managed data [deprecated]`."
        );
        assert_eq!(group("member credentials", None).anchor(), "member-credentials");
        assert_eq!(
            group("managed data [deprecated]", None).anchor(),
            "managed-data-deprecated"
        );
    }

    /// Every `impl Client` block of `file` that has a doc: (its doc, its
    /// methods), in order; and the `Client` struct's docs.
    fn client_page(file: &syn::File) -> (Vec<(String, Vec<String>)>, String) {
        let docs = |attrs: &[syn::Attribute]| {
            attrs
                .iter()
                .filter_map(|a| match &a.meta {
                    syn::Meta::NameValue(meta) if meta.path.is_ident("doc") => match &meta.value {
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(text),
                            ..
                        }) => Some(text.value()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut blocks = Vec::new();
        let mut struct_doc = String::new();
        for item in &file.items {
            match item {
                syn::Item::Impl(block)
                    if block.trait_.is_none()
                        && matches!(block.self_ty.as_ref(), syn::Type::Path(p) if p.path.is_ident("Client")) =>
                {
                    let methods = block
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                            _ => None,
                        })
                        .collect();
                    blocks.push((docs(&block.attrs), methods));
                }
                syn::Item::Struct(s) if s.ident == "Client" => struct_doc = docs(&s.attrs),
                _ => {}
            }
        }
        (blocks, struct_doc)
    }

    /// What the `Client` page shows, against the spec it was generated
    /// from: every operation once, in the block headed by its first tag,
    /// and on that tag's line of the index; blocks and index lines in the
    /// groups' order.
    fn assert_grouped_by_tag(spec: &Value) {
        let mut spec = spec.clone();
        super::super::pipeline::normalise(&mut spec).unwrap();
        let (file, left_out) = super::super::generate::client_file(&spec).unwrap();
        assert!(left_out.is_empty(), "{left_out:?}");
        let (blocks, struct_doc) = client_page(&file);
        let headed: Vec<&(String, Vec<String>)> = blocks.iter().filter(|(doc, _)| doc.starts_with("# ")).collect();
        let index: Vec<&str> = struct_doc
            .split("# Operations by tag")
            .nth(1)
            .expect("the Client docs have an index")
            .lines()
            .filter(|l| l.starts_with("- "))
            .collect();
        let expected = groups(&spec);
        assert_eq!(headed.len(), expected.len());
        assert_eq!(index.len(), expected.len());
        let mut seen = Vec::new();
        for (_, _, operation) in super::super::pipeline::each_operation(&spec) {
            let method = operation["operationId"].as_str().unwrap().to_snake_case();
            let title = match operation["tags"][0].as_str() {
                Some(tag) => markdown_text(
                    &Group {
                        tag: Some(tag.to_owned()),
                        description: None,
                        operations: vec![],
                    }
                    .title(),
                ),
                None => "Other operations".to_owned(),
            };
            let at = headed
                .iter()
                .position(|(doc, _)| doc.lines().next() == Some(format!("# {title}").as_str()))
                .unwrap_or_else(|| panic!("no block headed {title:?}"));
            assert!(headed[at].1.contains(&method), "{method} is not under {title:?}");
            assert!(
                index[at].starts_with(&format!("- [**{title}**]"))
                    && index[at].contains(&format!("[`{method}`](Self::{method} ")),
                "{method} is not on {title:?}'s line of the index: {}",
                index[at]
            );
            seen.push(method);
        }
        let mut listed: Vec<&String> = headed.iter().flat_map(|(_, methods)| methods).collect();
        listed.sort();
        seen.sort();
        assert_eq!(
            listed,
            seen.iter().collect::<Vec<_>>(),
            "every operation once, nothing else"
        );
        for ((doc, methods), group) in headed.iter().zip(&expected) {
            assert_eq!(
                doc.lines().next(),
                Some(format!("# {}", markdown_text(&group.title())).as_str())
            );
            let mut sorted = methods.clone();
            sorted.sort();
            assert_eq!(methods, &sorted, "a group's methods are sorted by name");
        }
    }

    #[test]
    fn the_client_page_of_a_spec_with_untagged_and_unlisted_tags() {
        let spec = spec();
        assert_grouped_by_tag(&spec);
        let mut spec = spec;
        super::super::pipeline::normalise(&mut spec).unwrap();
        let (file, _) = super::super::generate::client_file(&spec).unwrap();
        let (blocks, struct_doc) = client_page(&file);
        let headings: Vec<&str> = blocks
            .iter()
            .filter_map(|(doc, _)| doc.lines().next().filter(|l| l.starts_with("# ")))
            .collect();
        assert_eq!(
            headings,
            ["# Members", "# Jobs", "# Accounts", "# Widgets", "# Other operations"]
        );
        // MX's description of the tag, its site-relative link made absolute.
        assert!(blocks[1].0.contains(
            "Members connect a user to an institution. See [the guide](https://docs.mx.com/nexus/) and \
             [members](https://docs.mx.com/api-reference/reference/members)."
        ));
        let other = blocks
            .iter()
            .find(|(doc, _)| doc.starts_with("# Other operations"))
            .unwrap();
        assert_eq!(other.0, "# Other operations\n\nThe 1 operation MX gives no tag.");
        assert_eq!(other.1, ["ping_server"]);
        // The constructors keep their own block, before the groups.
        assert_eq!(blocks[0].1, ["new", "new_with_client"]);
        assert!(struct_doc.contains(
            "- [**Other operations**](#other-operations): [`ping_server`](Self::ping_server \"Summary of pingServer\")"
        ));
    }

    #[test]
    fn the_client_page_of_the_vendored_spec() {
        // xtask's manifest directory is the workspace's `xtask/`.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let spec = super::super::pipeline::load(&root).unwrap();
        assert_grouped_by_tag(&spec);
    }
}
