//! `sync::index::nexus_pages`: the operation pages the docs index links to.

use std::collections::BTreeSet;

use proptest::prelude::*;
use reqwest::Url;
use xtask::sync::index::nexus_pages;

use super::{config, markdown_soup, prose};

fn base() -> Url {
    Url::parse("https://docs.mx.com/llms.txt").unwrap()
}

/// Where an operation page lives under `/api-reference/nexus/`, e.g.
/// `jobs/resume-job`. Slugs start with a letter; decoys (below) with a digit,
/// so a decoy can never pass for an operation.
fn slug() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,8}(/[a-z][a-z0-9-]{0,8})?"
}

/// The markdown URL the sync must fetch for a slug, written out by hand (not
/// through `index::markdown_url`) so the expectation is independent.
fn page_url(slug: &str) -> String {
    format!("https://docs.mx.com/api-reference/nexus/{slug}.md")
}

/// The ways an index line can link a page: absolute or relative, with or
/// without `.md`, a trailing slash, a fragment, angle brackets and a title.
const FORMS: usize = 7;

fn link_line(slug: &str, form: usize, summary: &str) -> String {
    let target = match form {
        0 => format!("https://docs.mx.com/api-reference/nexus/{slug}.md"),
        1 => format!("https://docs.mx.com/api-reference/nexus/{slug}"),
        2 => format!("/api-reference/nexus/{slug}"),
        3 => format!("api-reference/nexus/{slug}.md"),
        4 => format!("/api-reference/nexus/{slug}/"),
        5 => format!("/api-reference/nexus/{slug}.md#response"),
        _ => format!("<https://docs.mx.com/api-reference/nexus/{slug}> \"Title\""),
    };
    format!("- [(Deprecated) {slug}]({target}): {summary}")
}

/// Text that mentions a Nexus page without linking it (or links another
/// API): none of it may come out of the parser.
fn decoy(kind: usize, n: usize) -> String {
    let url = format!("https://docs.mx.com/api-reference/nexus/{n}decoy");
    match kind {
        0 => format!("Write `[x]({url})` in a code span."),
        1 => format!("```md\n- [x]({url})\n```"),
        2 => format!("## Indented code\n\n    - [x]({url})"),
        3 => format!("\\[x\\]({url}) with escaped brackets"),
        4 => format!("![an image]({url})"),
        5 => format!("See {url} (a bare URL)."),
        6 => format!("<!-- - [x]({url}) -->"),
        7 => format!("[unused]: {url}"),
        _ => format!("- [Platform](https://docs.mx.com/api-reference/platform-api/{n}.md): another API"),
    }
}

/// Lines around the links that cannot swallow the lines after them (no open
/// fence, no HTML block without its blank line).
fn junk_line() -> impl Strategy<Value = String> {
    prop_oneof![
        prose(),
        prose().prop_map(|t| format!("## {t}")),
        prose().prop_map(|t| format!("> {t}")),
        Just(String::new()),
        Just("---".to_string()),
        prose().prop_map(|t| format!("<div>{t}</div>\n")),
        // A paragraph of its own: a backtick left open on the line before
        // would pair with the decoy's and make its link a real one.
        (0..9usize, 0..1000usize).prop_map(|(kind, n)| format!("\n{}", decoy(kind, n))),
    ]
}

/// An index: link lines (some slugs linked twice, in other forms) among
/// junk lines, in random order; and the pages expected from it, in order.
fn index_with_links(junk: impl Strategy<Value = String>) -> impl Strategy<Value = (String, Vec<String>)> {
    let links = prop::collection::vec((slug(), 0..FORMS, "\\PC{0,30}"), 0..6);
    let repeats = prop::collection::vec((any::<prop::sample::Index>(), 0..FORMS), 0..3);
    let junk = prop::collection::vec(junk, 0..12);
    (links, repeats, junk)
        .prop_flat_map(|(links, repeats, junk)| {
            let mut lines: Vec<(Option<String>, String)> = junk.into_iter().map(|j| (None, j)).collect();
            for (slug, form, summary) in &links {
                lines.push((Some(slug.clone()), link_line(slug, *form, summary)));
            }
            if !links.is_empty() {
                for (index, form) in repeats {
                    let slug = &index.get(&links).0;
                    lines.push((Some(slug.clone()), link_line(slug, form, "again")));
                }
            }
            Just(lines).prop_shuffle()
        })
        .prop_map(|lines| {
            let mut expected: Vec<String> = Vec::new();
            for slug in lines.iter().filter_map(|(slug, _)| slug.as_deref()) {
                let url = page_url(slug);
                if !expected.contains(&url) {
                    expected.push(url);
                }
            }
            let text: Vec<String> = lines.into_iter().map(|(_, line)| line).collect();
            (text.join("\n"), expected)
        })
}

proptest! {
    #![proptest_config(config(256))]

    /// On any text, with or without real links in it, every page returned is
    /// one a link in the text points to, as the URL to fetch (`.md`, no
    /// fragment), once. Junk may hide links (an unclosed fence swallows the
    /// rest), so this is about what comes out, not what must.
    #[test]
    fn every_page_returned_is_linked_in_the_index(
        (text, linked) in index_with_links(prop_oneof!["\\PC{0,60}", markdown_soup()]),
    ) {
        let pages: Vec<String> = nexus_pages(&text, &base()).into_iter().map(String::from).collect();
        let unique: BTreeSet<&String> = pages.iter().collect();
        prop_assert_eq!(unique.len(), pages.len(), "duplicates in {:?}", pages);
        for page in &pages {
            prop_assert!(linked.contains(page), "{} is not linked in the index:\n{}", page, text);
        }
    }

    /// A well-formed index yields exactly its operation pages, in index order,
    /// each once, whatever the lines around the links: prose with markdown
    /// punctuation, headings, quotes, HTML, and Nexus URLs that are not links
    /// (code spans, code blocks, escaped brackets, images, bare URLs,
    /// comments, unused definitions).
    #[test]
    fn a_valid_index_yields_exactly_its_operation_pages((text, expected) in index_with_links(junk_line())) {
        let pages: Vec<String> = nexus_pages(&text, &base()).into_iter().map(String::from).collect();
        prop_assert_eq!(pages, expected, "index:\n{}", text);
    }
}
