//! Find the Nexus API reference pages in the docs index (`llms.txt`).
//!
//! The index is a markdown list, one link a line:
//! `- [Title](https://docs.mx.com/api-reference/nexus/jobs/resume-job.md): summary`.
//! Reference pages are recognised by `/api-reference/nexus/` in the URL path;
//! links may or may not end in `.md` and may be relative to the index.

use reqwest::Url;

use super::markdown;

/// The part of a URL path that marks a Nexus API reference page.
pub const NEXUS_PREFIX: &str = "/api-reference/nexus/";

/// URLs of the markdown form of every Nexus reference page, in index order,
/// without duplicates. Only links count (not URLs in code or plain text);
/// links that do not parse as URLs are ignored: the index is prose as much
/// as data.
pub fn nexus_pages(index: &str, index_url: &Url) -> Vec<Url> {
    let mut pages: Vec<Url> = Vec::new();
    for target in markdown::link_targets(index) {
        let Ok(url) = index_url.join(&target) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") || !url.path().contains(NEXUS_PREFIX) {
            continue;
        }
        let url = markdown_url(url);
        if !pages.contains(&url) {
            pages.push(url);
        }
    }
    pages
}

/// The URL serving a page as markdown: the page URL plus `.md`, unless it
/// already ends in `.md`. Fragments never reach the server, so drop them.
pub fn markdown_url(mut url: Url) -> Url {
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_string();
    if !path.ends_with(".md") {
        url.set_path(&format!("{path}.md"));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_nexus_reference_pages_tolerantly() {
        let base = Url::parse("https://docs.mx.com/llms.txt").unwrap();
        let index = "\
# MX Docs

## Docs

- [Resume job](https://docs.mx.com/api-reference/nexus/jobs/resume-job.md): Resume.
- [Read job](https://docs.mx.com/api-reference/nexus/jobs/read-job): Read.
- [Overview](/api-reference/nexus/overview/): Guide.
- [Platform](https://docs.mx.com/api-reference/platform-api/jobs.md): Other API.
- [Nexus guide](https://docs.mx.com/nexus/guide.md): A guide.
- [Again](https://docs.mx.com/api-reference/nexus/jobs/resume-job.md#x): Duplicate.
";
        let pages: Vec<String> = nexus_pages(index, &base).into_iter().map(String::from).collect();
        assert_eq!(
            pages,
            [
                "https://docs.mx.com/api-reference/nexus/jobs/resume-job.md",
                "https://docs.mx.com/api-reference/nexus/jobs/read-job.md",
                "https://docs.mx.com/api-reference/nexus/overview.md",
            ]
        );
    }

    #[test]
    fn only_links_are_links() {
        // Found by the index properties: the scanner this parser replaced took
        // every `](` for a link, in code, images, escapes and comments alike.
        let base = Url::parse("https://docs.mx.com/llms.txt").unwrap();
        let index = "\
Write `[x](/api-reference/nexus/a)` in a code span.

![an image](/api-reference/nexus/b)

\\[x\\](/api-reference/nexus/c)

<!-- [x](/api-reference/nexus/d) -->

- [Real](/api-reference/nexus/e)
";
        let pages: Vec<String> = nexus_pages(index, &base).into_iter().map(String::from).collect();
        assert_eq!(pages, ["https://docs.mx.com/api-reference/nexus/e.md"]);
    }
}
