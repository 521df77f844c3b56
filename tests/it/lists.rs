//! List items of the 2019 book, in the document model and in both outputs:
//! an item is one paragraph however its text and links are written (issue
//! 22: `- 7a. [Regionale bijeenkomsten …](…).` fell apart into "7a." and
//! the link as a second paragraph).
//!
//! What an item should be is read from the Markdown with pulldown-cmark
//! directly, not from kis-book's parser: a tight item is one paragraph, a
//! loose one as many as it has paragraphs (blank lines inside it).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use kis_book::compile::markdown::{Block, Document, Inline, plain_text};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::common::{copy_dir, repo_root};

/// The paragraphs of each list item, in document order: the body's items,
/// and per footnote label the items of that footnote.
#[derive(Debug, Default, PartialEq)]
struct Items {
    body: Vec<usize>,
    footnotes: BTreeMap<String, Vec<usize>>,
}

/// What the Markdown says: every item's paragraphs, counted by
/// pulldown-cmark (a tight item's text comes without a paragraph tag).
fn items_in_markdown(body: &str) -> Items {
    enum Open {
        Item { paragraphs: usize, inline: bool },
        Other,
    }
    let mut items = Items::default();
    let mut footnote: Option<String> = None;
    let mut stack: Vec<Open> = Vec::new();
    for event in Parser::new_ext(body, kis_book::compile::markdown::options()) {
        let in_item = matches!(stack.last(), Some(Open::Item { .. }));
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                footnote = Some(label.to_string());
                stack.push(Open::Other);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                footnote = None;
                stack.pop();
            }
            Event::Start(Tag::Item) => stack.push(Open::Item {
                paragraphs: 0,
                inline: false,
            }),
            Event::End(TagEnd::Item) => {
                if let Some(Open::Item { paragraphs, inline }) = stack.pop() {
                    let n = paragraphs + usize::from(paragraphs == 0 && inline);
                    match &footnote {
                        Some(label) => items.footnotes.entry(label.clone()).or_default().push(n),
                        None => items.body.push(n),
                    }
                }
            }
            Event::Start(tag) => {
                if let (true, Some(Open::Item { paragraphs, inline })) = (in_item, stack.last_mut())
                {
                    match tag {
                        Tag::Paragraph => *paragraphs += 1,
                        Tag::Emphasis
                        | Tag::Strong
                        | Tag::Strikethrough
                        | Tag::Link { .. }
                        | Tag::Image { .. } => *inline = true,
                        _ => {}
                    }
                }
                stack.push(Open::Other);
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::InlineHtml(_) => {
                if let Some(Open::Item { inline, .. }) = stack.last_mut() {
                    *inline = true;
                }
            }
            _ => {}
        }
    }
    items
}

/// What the document model made of them.
fn items_in_document(doc: &Document) -> Items {
    fn walk(blocks: &[Block], out: &mut Vec<usize>) {
        for block in blocks {
            match block {
                Block::List { items, .. } => {
                    for item in items {
                        let paragraphs = item
                            .iter()
                            .filter(|b| matches!(b, Block::Paragraph(_)))
                            .count();
                        out.push(paragraphs);
                        walk(item, out);
                    }
                }
                Block::Quote(blocks) | Block::Boxed { blocks, .. } => walk(blocks, out),
                _ => {}
            }
        }
    }
    let mut items = Items::default();
    walk(&doc.blocks, &mut items.body);
    for footnote in &doc.footnotes {
        let mut found = Vec::new();
        walk(&footnote.blocks, &mut found);
        if !found.is_empty() {
            items.footnotes.insert(footnote.label.clone(), found);
        }
    }
    items
}

fn body_of(text: &str) -> &str {
    kis_book::source::frontmatter::split(text).map_or(text, |split| split.body)
}

/// Every list item of the 2019 book's Markdown: its paragraphs, as
/// pulldown-cmark counts them.
fn markdown_items() -> Vec<usize> {
    let root = repo_root();
    let compiled = kis_book::compile(&kis_book::source::input::BookInput::open(&root))
        .compiled
        .expect("the 2019 book compiles");
    let mut all = Vec::new();
    for page in compiled.pages() {
        let text = std::fs::read_to_string(root.join(&page.page.file.path)).expect("read page");
        let items = items_in_markdown(body_of(&text));
        all.extend(items.body);
        all.extend(items.footnotes.into_values().flatten());
    }
    all
}

#[test]
fn every_list_item_of_the_2019_book_is_as_many_paragraphs_as_written() {
    let root = repo_root();
    let outcome = kis_book::compile(&kis_book::source::input::BookInput::open(&root));
    let compiled = outcome.compiled.expect("the 2019 book compiles");
    for page in compiled.pages() {
        let page = page.page;
        let text = std::fs::read_to_string(root.join(&page.file.path)).expect("read page");
        let want = items_in_markdown(body_of(&text));
        let got = items_in_document(&page.content);
        assert_eq!(got, want, "{}", page.file.path.display());
    }
    // The 2019 book's lists: hundreds of items, four of them (in the
    // chapter on the functions) with blank lines inside, all others one
    // paragraph.
    let items = markdown_items();
    assert!(items.len() > 300, "{} list items", items.len());
    let more = items.iter().filter(|n| **n > 1).count();
    assert_eq!(more, 4);
    assert_eq!(
        items.iter().filter(|n| **n == 1).count(),
        items.len() - more
    );
}

#[test]
fn an_item_with_a_link_reads_as_one_paragraph_in_the_model() {
    let outcome = kis_book::compile(&kis_book::source::input::BookInput::open(&repo_root()));
    let compiled = outcome.compiled.expect("the 2019 book compiles");
    let page = compiled
        .page("3-inclusie-en-toegankelijkheid")
        .expect("Thema 3's page");
    let mut found = None;
    let mut find = |blocks: &[Block]| {
        for block in blocks {
            if let Block::List { items, .. } = block {
                for item in items {
                    if let [Block::Paragraph(inlines)] = item.as_slice()
                        && plain_text(inlines).starts_with("7a.")
                    {
                        found = Some(inlines.clone());
                    }
                }
            }
        }
    };
    find(&page.content.blocks);
    let inlines = found.expect("item 7a as one paragraph");
    assert_eq!(
        plain_text(&inlines),
        "7a. Regionale bijeenkomsten zorg- en hulpverlening (wijkteams, intercultureel \
         vakmanschap & samenwerking MZO)."
    );
    assert!(
        matches!(inlines.get(1), Some(Inline::Link { .. })),
        "{inlines:?}"
    );
}

/// The site and the PDF of the 2019 book, built once into a copy.
fn built() -> &'static (tempfile::TempDir, std::path::PathBuf) {
    static BUILT: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&repo_root().join("content"), &dir.path().join("content"));
        let out = Command::new(env!("CARGO_BIN_EXE_kis-book"))
            .arg("build")
            .arg(dir.path())
            .output()
            .expect("run kis-book");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let build = dir.path().join("build");
        (dir, build)
    })
}

/// The number of `<p>` of each `<li>` of `html` before its own nested
/// list or its end (footnotes, `<li id="_fn-N">`, are not list items of
/// the Markdown).
fn paragraphs_per_item(html: &str) -> Vec<usize> {
    html.split("<li")
        .skip(1)
        .filter(|rest| rest.starts_with('>') || rest.starts_with(' '))
        .filter(|rest| !rest.starts_with(" id=\"_fn-"))
        .map(|rest| {
            let end = ["</li>", "<ul", "<ol"]
                .iter()
                .filter_map(|m| rest.find(m))
                .min()
                .unwrap_or(rest.len());
            rest[..end].matches("<p>").count() + rest[..end].matches("<p ").count()
        })
        .collect()
}

fn site_pages(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            site_pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).expect("read page");
            out.push((path.display().to_string(), html));
        }
    }
}

#[test]
fn no_list_item_of_the_site_holds_two_paragraphs() {
    let (_, build) = built();
    let mut pages = Vec::new();
    site_pages(&build.join("site"), &mut pages);
    // An item is written as `<li>text</li>`, its paragraphs as `<p>` only
    // when it has more than one: exactly the items with blank lines inside.
    let mut on_site: Vec<usize> = pages
        .iter()
        .flat_map(|(_, html)| paragraphs_per_item(html))
        .filter(|n| *n > 0)
        .collect();
    let mut written: Vec<usize> = markdown_items().into_iter().filter(|n| *n > 1).collect();
    on_site.sort_unstable();
    written.sort_unstable();
    assert_eq!(on_site, written);
    assert!(on_site.iter().all(|n| *n > 1), "an <li> with a single <p>");
    let thema3 = pages
        .iter()
        .find(|(p, _)| p.ends_with("3-inclusie-en-toegankelijkheid/index.html"))
        .map(|(_, html)| html)
        .expect("Thema 3's page");
    assert!(
        thema3.contains(
            "<li>7a. <a href=\"../3.7a-diversiteit-sociaal-domein/index.html\">Regionale \
             bijeenkomsten"
        ),
        "item 7a on the site"
    );
}

#[test]
fn an_item_with_a_link_is_one_line_in_the_pdf() {
    let (_, build) = built();
    let out = Command::new("pdftotext")
        .arg(build.join("kis-werkplan-2019.pdf"))
        .arg("-")
        .output()
        .expect("run pdftotext (apt-get install poppler-utils)");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("7a."))
        .expect("item 7a in the PDF");
    assert!(
        line.contains("7a. Regionale bijeenkomsten zorg- en hulpverlening"),
        "{line:?}"
    );
}
