//! What the sync reads in markdown, through a CommonMark parser: the fenced
//! code blocks of a page and the link targets of the index.
//!
//! The docs site renders pages and index as CommonMark, so they are read the
//! same way rather than scanned for patterns: a link written in a code span,
//! or a fence quoted inside a longer fence, is not one.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// A fenced code block (backticks or tildes).
#[derive(Debug)]
pub struct Fence {
    /// The info string after the opening fence, e.g. `yaml openapi/nexus/v1.yaml GET /a`.
    pub info: String,
    /// The text between the fences, with the fence's indentation removed and
    /// `\n` line endings.
    pub content: String,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// False when the page, or the list or quote holding the block, ends
    /// before a closing fence: CommonMark then runs the block to that end.
    pub closed: bool,
}

/// Every fenced code block of the text, in order.
pub fn fences(text: &str) -> Vec<Fence> {
    let mut fences = Vec::new();
    // The block being read and where its content ends so far.
    let mut open: Option<(Fence, usize)> = None;
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let source = &text[range.clone()];
                let opening_end = range.start + source.find(['\n', '\r']).unwrap_or(source.len());
                let fence = Fence {
                    info: info.into_string(),
                    content: String::new(),
                    line: text[..range.start].matches('\n').count() + 1,
                    closed: false,
                };
                open = Some((fence, opening_end));
            }
            Event::Text(content) => {
                if let Some((fence, content_end)) = &mut open {
                    fence.content.push_str(&content);
                    *content_end = (*content_end).max(range.end);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((mut fence, content_end)) = open.take() {
                    // The parser reports no missing closing fence; the block's
                    // source only goes on after its content when one is there.
                    // Container markers (`>`, spaces) and line breaks are not
                    // fence characters.
                    fence.closed = text[content_end..range.end].contains(['`', '~']);
                    fences.push(fence);
                }
            }
            _ => {}
        }
    }
    fences
}

/// The targets of every link in the text (inline, reference or autolink),
/// in order, escapes and entities decoded. Images are not links.
pub fn link_targets(text: &str) -> Vec<String> {
    Parser::new_ext(text, Options::empty())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .collect()
}
