//! `sync::page::find_block` (and `parse_block` after it): the page's
//! `openapi/nexus/v1.yaml` block.

use proptest::prelude::*;
use xtask::sync::page::{Page, SPEC_FILE, find_block, parse_block};

use super::{config, markdown_soup, prose};

fn page(body: &str) -> Page {
    Page {
        name: "p".into(),
        body: body.as_bytes().to_vec(),
    }
}

/// Markdown around the block: headings, prose with backticks in it, lists,
/// quotes, and code blocks that are not the block (other languages, other
/// specs, a Nexus-looking fence quoted inside a longer one, a Nexus-looking
/// line that is inline code or no fence at all).
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prose().prop_map(|t| format!("# {t}")),
        prose(),
        prose().prop_map(|t| format!("- {t}")),
        prose().prop_map(|t| format!("> {t}")),
        (prose(), prose()).prop_map(|(a, b)| format!("```bash\n{a}\n{b}\n```")),
        prose().prop_map(|t| format!("~~~json\n{{\"a\": \"```\"}}\n{t}\n~~~")),
        Just(format!("````md\n```yaml {SPEC_FILE} GET /quoted\nx: 1\n```\n````")),
        Just("````yaml openapi/platform/v2.yaml GET /other\nx: 1\n````".to_string()),
        Just("```yaml\nnot: ours\n```".to_string()),
        Just(format!("Inline ```yaml {SPEC_FILE} GET /inline``` is code.")),
        Just(format!("```yaml {SPEC_FILE} ` is not a fence")),
    ]
}

/// A valid one-operation OpenAPI document whose text quotes markdown, as the
/// real pages do: fences of three and four backticks and tildes inside a
/// literal block, backticks in a quoted string.
#[derive(Clone, Debug)]
struct Doc {
    method: &'static str,
    path: String,
    yaml: String,
}

fn doc() -> impl Strategy<Value = Doc> {
    let method = prop::sample::select(&["get", "put", "post", "delete", "patch"][..]);
    let path = "/[a-z]{1,8}(/\\{[a-z_]{1,8}\\})?";
    let line = prop_oneof![
        Just("```".to_string()),
        Just("```bash".to_string()),
        Just("````".to_string()),
        Just("~~~".to_string()),
        Just(String::new()),
        "[a-zA-Z][ -~]{0,30}",
    ];
    let description = prop::collection::vec(line, 1..8);
    let summary = "[ -~]{0,20}";
    (method, path, description, summary).prop_map(|(method, path, description, summary)| {
        let mut yaml = format!(
            "openapi: 3.0.0\ninfo:\n  title: T\n  version: 1.0.0\npaths:\n  {path}:\n    {method}:\n      \
             operationId: op\n      summary: '{}'\n      description: |\n",
            summary.replace('\'', "''")
        );
        for line in description {
            if !line.is_empty() {
                yaml.push_str("        ");
            }
            yaml.push_str(&line);
            yaml.push('\n');
        }
        yaml.push_str("      responses:\n        '200':\n          description: OK\n");
        Doc { method, path, yaml }
    })
}

/// How the block is fenced: backticks or tildes, 3 to 6 of them, indented
/// 0 to 3 spaces (the content indented as much), closed by a fence at least
/// as long.
#[derive(Clone, Debug)]
struct Fence {
    char: char,
    len: usize,
    indent: usize,
    close_len: usize,
    close_indent: usize,
}

fn fence() -> impl Strategy<Value = Fence> {
    (
        prop::sample::select(&['`', '~'][..]),
        3..7usize,
        0..4usize,
        0..3usize,
        0..4usize,
    )
        .prop_map(|(char, len, indent, longer, close_indent)| Fence {
            char,
            len,
            indent,
            close_len: len + longer,
            close_indent,
        })
}

/// The info string: the language (any case), the spec file, and the
/// operation label or none.
fn info(doc: &Doc, label: bool, upper: bool) -> String {
    let lang = if upper { "YAML" } else { "yaml" };
    if label {
        format!("{lang} {SPEC_FILE} {} {}", doc.method.to_uppercase(), doc.path)
    } else {
        format!("{lang} {SPEC_FILE}")
    }
}

/// Lines of the page up to and including the block's opening fence, and the
/// block's content lines (indented like the fence).
fn open_block(before: &[String], doc: &Doc, fence: &Fence, info: &str) -> (Vec<String>, Vec<String>) {
    let mut lines: Vec<String> = before.join("\n\n").lines().map(String::from).collect();
    // Real pages put the block under this heading; it also ends any list or
    // quote before it, so an indented fence is not taken into one.
    lines.extend(["".into(), "## OpenAPI".into(), "".into()]);
    let indent = " ".repeat(fence.indent);
    lines.push(format!("{indent}{}{info}", fence.char.to_string().repeat(fence.len)));
    let content = doc
        .yaml
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect();
    (lines, content)
}

proptest! {
    #![proptest_config(config(256))]

    /// Any bytes, or markdown-ish soup naming the spec: an answer, never a
    /// panic. A block is only found where the page names the spec file,
    /// starts on a line of the page, and errors name the page.
    #[test]
    fn any_text_gives_a_block_none_or_an_error_naming_the_page(
        body in prop_oneof![prop::collection::vec(any::<u8>(), 0..2000), markdown_soup().prop_map(String::into_bytes)],
    ) {
        let text = String::from_utf8_lossy(&body).into_owned();
        let page = Page { name: "p".into(), body };
        match find_block(&page) {
            Ok(None) => {}
            Ok(Some(block)) => {
                prop_assert!(text.contains(SPEC_FILE));
                prop_assert!((2..=text.matches('\n').count() + 2).contains(&block.first_line), "{:?}", block);
                if let Err(e) = parse_block("p", &block) {
                    prop_assert!(e.to_string().starts_with("page p: "), "{}", e);
                }
            }
            Err(e) => prop_assert!(e.to_string().starts_with("page p: "), "{}", e),
        }
    }

    /// A valid YAML block in random markdown comes out exactly: its text,
    /// its label, the line it starts on; and it parses to its operation.
    /// LF or CRLF line endings alike.
    #[test]
    fn the_embedded_block_comes_out_exactly(
        before in prop::collection::vec(piece(), 0..5),
        after in prop::collection::vec(piece(), 0..5),
        doc in doc(),
        fence in fence(),
        (label, upper, crlf, final_newline) in any::<(bool, bool, bool, bool)>(),
    ) {
        let info = info(&doc, label, upper);
        let (mut lines, content) = open_block(&before, &doc, &fence, &info);
        let first_line = lines.len() + 1;
        lines.extend(content);
        lines.push(format!(
            "{}{}  ",
            " ".repeat(fence.close_indent),
            fence.char.to_string().repeat(fence.close_len)
        ));
        lines.extend(after.join("\n\n").lines().map(String::from));
        let mut body = lines.join(if crlf { "\r\n" } else { "\n" });
        if final_newline {
            body.push('\n');
        }

        let block = find_block(&page(&body)).unwrap().expect("the block");
        prop_assert_eq!(&block.yaml, &doc.yaml);
        prop_assert_eq!(block.first_line, first_line);
        let want = label.then(|| (doc.method.to_uppercase(), doc.path.clone()));
        prop_assert_eq!(&block.operation, &want);
        let fragment = parse_block("p", &block).unwrap();
        prop_assert_eq!((fragment.method.as_str(), fragment.path.as_str()), (doc.method, doc.path.as_str()));
    }

    /// A block never closed (followed by text and lines that look like, but
    /// are not, its closing fence: too short, with an info string, indented
    /// four spaces) is an error naming the page and the opening line.
    #[test]
    fn an_unclosed_block_is_an_error_naming_its_line(
        before in prop::collection::vec(piece(), 0..5),
        doc in doc(),
        fence in fence(),
        tail in prop::collection::vec(prop_oneof![prose(), Just("not a closer".to_string())], 0..4),
        bash in any::<bool>(),
    ) {
        let fake_closers = [
            fence.char.to_string().repeat(fence.len - 1),
            format!("{}yaml", fence.char.to_string().repeat(fence.len)),
            format!("    {}", fence.char.to_string().repeat(fence.len)),
        ];
        let info = info(&doc, true, false);
        let (mut lines, content) = open_block(&before, &doc, &fence, &info);
        let opened = lines.len();
        lines.extend(content);
        if bash {
            // Or an unclosed fence just before the block swallows it (the
            // fake closers would close these three backticks).
            lines.insert(opened - 1, "```bash".into());
        } else {
            lines.extend(fake_closers);
        }
        lines.extend(tail);
        let err = find_block(&page(&lines.join("\n"))).unwrap_err().to_string();
        prop_assert_eq!(err, format!("page p: the code block opened at line {opened} is never closed"));
    }

    /// A page without the block (only other code blocks and markdown) has
    /// none: it is skipped, not an error.
    #[test]
    fn a_page_without_the_block_has_none(pieces in prop::collection::vec(piece(), 0..8)) {
        prop_assert_eq!(find_block(&page(&pieces.join("\n\n"))).unwrap(), None);
    }
}
