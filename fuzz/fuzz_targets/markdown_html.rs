//! Markdown → HTML: whatever an editor writes, the page text holds only
//! the elements and attributes the writer makes, every `&` starts one of
//! the writer's entities, and every link is one the site allows. A strict
//! tokenizer reads the HTML: anything it does not expect is a finding.

#![no_main]

#[path = "common.rs"]
mod common;

use kis_book::site::html::{self, Context, Tables};
use kis_book::site::links::{Location, is_safe_href};
use libfuzzer_sys::fuzz_target;

/// Tables stand in as an empty marker the tokenizer accepts.
struct NoTables;

impl Tables for NoTables {
    fn budget(&self, _id: &str) -> anyhow::Result<String> {
        Ok("<table></table>".to_owned())
    }
    fn overview(&self) -> anyhow::Result<String> {
        Ok("<table></table>".to_owned())
    }
}

const ELEMENTS: &[&str] = &[
    "p", "em", "strong", "s", "code", "pre", "a", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "blockquote", "div", "sup", "span",
    "section", "hr", "br", "img", "bdi",
];

const ATTRIBUTES: &[&str] = &[
    "href", "id", "class", "role", "aria-hidden", "aria-labelledby", "aria-label", "src", "alt",
    "start", "type", "scope", "lang", "dir", "tabindex",
];

const ENTITIES: &[&str] = &["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];

/// Reads `html` strictly; panics on anything the writer would not make.
fn tokenize(html: &str) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => i = tag(html, i),
            b'>' => panic!("a bare `>` at {i} in:\n{html}"),
            b'&' => {
                let rest = &html[i..];
                let entity = ENTITIES.iter().find(|e| rest.starts_with(**e));
                let entity = entity.unwrap_or_else(|| panic!("a bare `&` at {i} in:\n{html}"));
                i += entity.len();
            }
            _ => i += 1,
        }
    }
}

/// One tag starting at `start`; returns where it ends.
fn tag(html: &str, start: usize) -> usize {
    let end = html[start..]
        .find('>')
        .map(|e| start + e)
        .unwrap_or_else(|| panic!("an unclosed tag at {start} in:\n{html}"));
    let inner = &html[start + 1..end];
    assert!(!inner.contains('<'), "a `<` inside a tag at {start} in:\n{html}");
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let (name, mut attrs) = inner.split_once(' ').unwrap_or((inner, ""));
    assert!(ELEMENTS.contains(&name), "element `{name}` in:\n{html}");
    while !attrs.trim().is_empty() {
        let trimmed = attrs.trim_start();
        let (attr, rest) = trimmed
            .split_once("=\"")
            .unwrap_or_else(|| panic!("attribute without a quoted value `{trimmed}` in:\n{html}"));
        assert!(ATTRIBUTES.contains(&attr), "attribute `{attr}` in:\n{html}");
        let (value, rest) = rest
            .split_once('"')
            .unwrap_or_else(|| panic!("an unclosed attribute value in:\n{html}"));
        if attr == "href" || attr == "src" {
            let unescaped = value.replace("&amp;", "&");
            assert!(
                is_safe_href(&unescaped) || attr == "src",
                "an unsafe address `{value}` in:\n{html}"
            );
        }
        tokenize_text(value, html);
        attrs = rest;
    }
    end + 1
}

/// Text inside an attribute value: entities only.
fn tokenize_text(value: &str, html: &str) {
    for (i, _) in value.match_indices('&') {
        assert!(
            ENTITIES.iter().any(|e| value[i..].starts_with(e)),
            "a bare `&` in the attribute value `{value}` in:\n{html}"
        );
    }
    assert!(!value.contains('<') && !value.contains('>'), "`{value}` in:\n{html}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let Some(doc) = common::document(markdown) else {
        return;
    };
    let from = Location::dir("01-inleiding");
    let ctx = Context {
        from: &from,
        slug: "01-inleiding",
        heading: "Inleiding",
        page_dir: "content",
    };
    let page = html::document(&doc, ctx, &NoTables).expect("the page renders");
    tokenize(&page);
});
