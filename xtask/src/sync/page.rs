//! Pull the OpenAPI fragment out of one documentation page.
//!
//! A reference page served as markdown carries one fenced block opened by four
//! backticks and an info string naming the spec file and the operation:
//!
//! `````text
//! ````yaml openapi/nexus/v1.yaml GET /jobs/{job_guid}/resume
//! openapi: 3.0.0
//! ...
//! ````
//! `````
//!
//! The YAML inside quotes markdown with three-backtick fences of its own (the
//! `securitySchemes` description): the page is read as CommonMark
//! ([`markdown`]), where those are content of the longer fence.

use serde_json::{Map, Value};

use super::Error;
use super::{markdown, yaml};

/// The spec file whose blocks this tool collects; blocks for other specs
/// (another MX API documented on the same site) are ignored.
pub const SPEC_FILE: &str = "openapi/nexus/v1.yaml";

/// HTTP methods an OpenAPI 3.0 path item can hold, in the order the merged
/// document lists them.
pub use crate::codegen::pipeline::HTTP_METHODS as METHODS;

/// One page as read from disk or from the network, before any parsing.
#[derive(Clone, Debug)]
pub struct Page {
    /// How errors and SOURCE name the page: its file name or its URL.
    pub name: String,
    pub body: Vec<u8>,
}

/// The parsed block of one page: a whole OpenAPI document with one operation.
#[derive(Clone, Debug)]
pub struct Fragment {
    /// The page it came from (for error messages).
    pub page: String,
    /// Lower-case method, e.g. `get`.
    pub method: String,
    pub path: String,
    pub doc: Map<String, Value>,
}

/// The raw block before parsing.
#[derive(Debug, PartialEq, Eq)]
pub struct Block {
    /// `METHOD PATH` from the info string, when the page gives it.
    pub operation: Option<(String, String)>,
    pub yaml: String,
    /// 1-based line of the page where the YAML starts, to point at parse errors.
    pub first_line: usize,
}

/// Finds the `openapi/nexus/v1.yaml` block of a page.
///
/// `Ok(None)` means the page has no such block (a guide, an overview, a page
/// rendered to text): the caller skips it. A code block that is never closed,
/// or a second block for the same spec, is an error: the page is malformed and
/// guessing could drop an operation silently (an unclosed fence swallows the
/// rest of the page, the block included).
pub fn find_block(page: &Page) -> Result<Option<Block>, Error> {
    let text = String::from_utf8_lossy(&page.body);
    let mut found: Option<Block> = None;
    for fence in markdown::fences(&text) {
        if !fence.closed {
            return Err(Error::new(format!(
                "page {}: the code block opened at line {} is never closed",
                page.name, fence.line
            )));
        }
        let Some(operation) = nexus_info(&fence.info) else {
            continue;
        };
        if found.is_some() {
            return Err(Error::new(format!(
                "page {}: more than one `{SPEC_FILE}` block (the second at line {}); \
                 expected one operation per page",
                page.name, fence.line
            )));
        }
        found = Some(Block {
            operation,
            yaml: fence.content,
            first_line: fence.line + 1,
        });
    }
    Ok(found)
}

/// Parses a page's block into a fragment: a mapping whose `paths` hold exactly
/// one operation, matching the info string when the page gives one.
pub fn parse_block(page: &str, block: &Block) -> Result<Fragment, Error> {
    let value = yaml::parse(&block.yaml).map_err(|e| {
        Error::new(format!(
            "page {page}: the OpenAPI block (from line {} of the page) does not parse: {e}",
            block.first_line
        ))
    })?;
    let Value::Object(doc) = value else {
        return Err(Error::new(format!("page {page}: the OpenAPI block is not a mapping")));
    };
    let paths = match doc.get("paths") {
        Some(Value::Object(paths)) => paths,
        _ => {
            return Err(Error::new(format!(
                "page {page}: the OpenAPI block has no `paths` mapping"
            )));
        }
    };
    let mut operations = Vec::new();
    for (path, item) in paths {
        let Value::Object(item) = item else {
            return Err(Error::new(format!("page {page}: path `{path}` is not a mapping")));
        };
        for method in item.keys().filter(|k| METHODS.contains(&k.as_str())) {
            operations.push((method.clone(), path.clone()));
        }
    }
    let [(method, path)] = <[_; 1]>::try_from(operations).map_err(|ops: Vec<_>| {
        let listed: Vec<String> = ops.iter().map(|(m, p)| format!("{} {p}", m.to_uppercase())).collect();
        Error::new(format!(
            "page {page}: expected exactly one operation in the OpenAPI block, found {} [{}]",
            listed.len(),
            listed.join(", ")
        ))
    })?;
    if let Some((want_method, want_path)) = &block.operation
        && (!want_method.eq_ignore_ascii_case(&method) || want_path != &path)
    {
        return Err(Error::new(format!(
            "page {page}: the block is labelled `{want_method} {want_path}` but holds `{} {path}`",
            method.to_uppercase()
        )));
    }
    Ok(Fragment {
        page: page.to_string(),
        method,
        path,
        doc,
    })
}

/// For an info string naming our spec, `Some(operation)` where the operation
/// (`METHOD PATH`) is optional; `None` for any other block.
fn nexus_info(info: &str) -> Option<Option<(String, String)>> {
    let mut words = info.split_whitespace();
    let lang = words.next()?;
    if !(lang.eq_ignore_ascii_case("yaml") || lang.eq_ignore_ascii_case("yml")) {
        return None;
    }
    if words.next()? != SPEC_FILE {
        return None;
    }
    match (words.next(), words.next()) {
        (Some(method), Some(path)) => Some(Some((method.to_string(), path.to_string()))),
        _ => Some(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Page {
        Page {
            name: "p".into(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn finds_the_nexus_block_and_ignores_inner_fences() {
        let body = "# T\n\n```bash\ncurl x\n```\n\n````yaml openapi/nexus/v1.yaml GET /a\nopenapi: 3.0.0\nd: |\n  ```\n  x\n  ```\n````\ntrailer\n";
        let block = find_block(&page(body)).unwrap().unwrap();
        assert_eq!(block.operation, Some(("GET".into(), "/a".into())));
        assert_eq!(block.yaml, "openapi: 3.0.0\nd: |\n  ```\n  x\n  ```\n");
        assert_eq!(block.first_line, 8);
    }

    #[test]
    fn an_indented_fence_in_the_yaml_does_not_close_the_block() {
        // Found by the page properties: a closing fence is indented three
        // spaces at most; the finder this parser replaced closed a
        // three-backtick block at the YAML's own indented fence.
        let body = "```yaml openapi/nexus/v1.yaml\nd: |\n    ```\n    x\nk: 1\n```\n";
        let block = find_block(&page(body)).unwrap().unwrap();
        assert_eq!(block.yaml, "d: |\n    ```\n    x\nk: 1\n");
    }

    #[test]
    fn no_block_and_other_specs_are_none() {
        assert!(find_block(&page("just text\n")).unwrap().is_none());
        let other = "````yaml openapi/platform/v2.yaml GET /a\nx: 1\n````\n";
        assert!(find_block(&page(other)).unwrap().is_none());
    }

    #[test]
    fn unclosed_and_duplicate_blocks_are_errors() {
        let open = "````yaml openapi/nexus/v1.yaml GET /a\nx: 1\n";
        assert!(find_block(&page(open)).is_err());
        let two = format!("{open}````\n{open}````\n");
        let err = find_block(&page(&two)).unwrap_err().to_string();
        assert!(err.contains("more than one"), "{err}");
    }

    #[test]
    fn label_must_match_the_operation() {
        let block = Block {
            operation: Some(("POST".into(), "/a".into())),
            yaml: "paths:\n  /a:\n    get: {}\n".into(),
            first_line: 1,
        };
        let err = parse_block("p", &block).unwrap_err().to_string();
        assert!(err.contains("labelled `POST /a` but holds `GET /a`"), "{err}");
    }

    #[test]
    fn exactly_one_operation() {
        let block = Block {
            operation: None,
            yaml: "paths:\n  /a:\n    get: {}\n    post: {}\n".into(),
            first_line: 1,
        };
        let err = parse_block("p", &block).unwrap_err().to_string();
        assert!(err.contains("found 2 [GET /a, POST /a]"), "{err}");
    }
}
