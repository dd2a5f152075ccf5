//! Property tests of what `cargo xtask sync` reads from the network: the docs
//! index, the pages, their YAML, and the merge of the pages. Everything here
//! comes from a web server, so each parser must give an answer (a value or an
//! error) for any input, and the right answer for well-formed input whatever
//! surrounds it.
//!
//! Bounded for CI: 128 to 256 cases per property, inputs of at most a few
//! kilobytes.

mod index;
mod merge;
mod page;
mod yaml;

use proptest::prelude::*;

/// The runner settings of every property. No regression files: an input a
/// property once failed on is kept as a plain unit test next to the fix.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A line of text that is not a markdown block start (it begins with a
/// letter), with any printable characters after it: backticks, brackets,
/// `<`, `&`, `\`... so it cannot open a fence, an HTML block or a list that
/// would swallow the lines after it.
fn prose() -> impl Strategy<Value = String> {
    "[a-zA-Z]\\PC{0,40}"
}

/// Markdown-significant pieces glued at random: stresses the parsers' corner
/// cases far more often than uniformly random text does.
fn markdown_soup() -> impl Strategy<Value = String> {
    const TOKENS: &[&str] = &[
        "[",
        "]",
        "(",
        ")",
        "](",
        "<",
        ">",
        "`",
        "```",
        "````",
        "~~~",
        "\\",
        "!",
        "*",
        "_",
        "#",
        "- ",
        "> ",
        "    ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\"",
        "'",
        ":",
        "&amp;",
        "&#96;",
        "<!--",
        "-->",
        "<div>",
        "x",
        "é",
        "yaml",
        "openapi/nexus/v1.yaml",
        "GET",
        "/a",
    ];
    prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|tokens| tokens.concat())
}
