//! `sync::yaml::parse`: any text is a value or an error, and a value is
//! written back (`render`) as text that reads as the same value.

use proptest::prelude::*;
use serde_json::Value;
use xtask::sync::yaml::{parse, render};

use super::config;

/// YAML-significant pieces glued at random: indicators, anchors, aliases,
/// merge keys, tags, block scalars, special scalars, odd whitespace.
fn yaml_soup() -> impl Strategy<Value = String> {
    const TOKENS: &[&str] = &[
        "a",
        "b",
        ":",
        ": ",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\t",
        "- ",
        "? ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x ",
        "*x",
        "<<",
        "!!str ",
        "!!map ",
        "!t ",
        "'",
        "\"",
        "\\",
        "|",
        "|-",
        ">",
        "#",
        "---",
        "...",
        "%YAML 1.1\n",
        "1",
        "-1.5e3",
        "1e400",
        "0x1F",
        ".nan",
        ".inf",
        "~",
        "null",
        "no",
        "2001-01-01",
        "é",
        "\u{85}",
        "\u{2028}",
        "\u{FEFF}",
    ];
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|tokens| tokens.concat())
}

/// Flow and block collections nested `depth` deep, past the reader's
/// recursion limit.
fn nested() -> impl Strategy<Value = String> {
    (0..400usize, any::<bool>()).prop_map(|(depth, flow)| {
        if flow {
            format!("{}{}", "[".repeat(depth), "]".repeat(depth))
        } else {
            (0..depth).map(|i| format!("{}k:\n", " ".repeat(i))).collect()
        }
    })
}

/// JSON text (JSON is YAML) of values whose strings are the ones a YAML
/// writer must quote: words YAML 1.1 reads as booleans, nulls, numbers or
/// dates, indicators, line breaks of all kinds, edge spaces.
fn json_text() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "no",
        "On",
        "y",
        "~",
        "null",
        "1e3",
        "0x1F",
        ".inf",
        "2001-01-01",
        "12:30",
        "- a",
        "? a",
        "a: b",
        "a #b",
        "#a",
        "&a",
        "*a",
        "!a",
        "|",
        ">",
        "@a",
        "%a",
        "'",
        "\"",
        "<<",
        "a\nb\n",
        "\n a",
        "a \nb",
        "a\r\n",
        "\u{85}",
        "\u{2028}",
        "\u{FEFF}",
        "\t",
        " a",
        "a ",
        "",
        "---",
        "...",
    ];
    let word = prop_oneof![prop::sample::select(WORDS).prop_map(String::from), "\\PC{0,12}"];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        word.clone().prop_map(Value::from),
    ];
    let value = leaf.prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(word.clone(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    value.prop_map(|v| v.to_string())
}

proptest! {
    #![proptest_config(config(256))]

    /// Never a panic; and when the text reads as a value, the spec writer's
    /// rendering of it reads back as the same value and renders the same.
    #[test]
    fn any_text_is_an_error_or_a_value_that_round_trips(
        text in prop_oneof![
            1 => prop::collection::vec(any::<u8>(), 0..500).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
            1 => "\\PC{0,200}",
            2 => yaml_soup(),
            1 => nested(),
            // Most other text is an error or a scalar: this is where values come from.
            3 => json_text(),
        ],
    ) {
        if let Ok(value) = parse(&text) {
            let rendered = render(&value);
            let again = parse(&rendered);
            prop_assert_eq!(again.as_ref(), Ok(&value), "rendered:\n{}", rendered);
            prop_assert_eq!(render(&again.unwrap()), rendered);
        }
    }
}

/// Found by the property above: a merge that brings in a `<<` key would be
/// read one way now and another way once written back, so it is refused.
#[test]
fn a_merge_key_nested_inside_a_merge_is_refused() {
    let error = parse(r#"{"<<": {"<<": null}}"#).unwrap_err();
    assert!(error.contains("`<<` merge key nested inside a merge"), "{error}");
    assert_eq!(parse("base: &b {a: 1}\nuse: {<<: *b, c: 2}\n").unwrap()["use"]["a"], 1);
}
