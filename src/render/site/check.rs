//! What the site refuses in a book, asked by `check` before anything is
//! written (see [`crate::render::backend::Backend::check`]): page names the site
//! keeps for itself, a book without a page for its home page, a table on
//! the back cover (printed as the footer), and site templates of the
//! book's own that Tera cannot parse.

use std::path::{Path, PathBuf};

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::compile::compiled::{Compiled, Page};
use crate::compile::markdown::Block;
use crate::render::backend::CheckContext;
use crate::source::assets::Assets;
use crate::source::load::CONTENT_DIR;
use crate::source::model::PageKind;

use super::links::RESERVED;

/// Files at the root of the site that no page's folder may take; the
/// folders are [`RESERVED`].
pub(super) const SITE_FILES: [&str; 4] = ["index.html", "404.html", "sitemap.xml", "robots.txt"];

/// Every check of the site on the book of `ctx`.
pub(super) fn check(ctx: &CheckContext<'_>, diags: &mut Diagnostics) {
    templates(ctx.input.assets(), diags);
    let Some(book) = ctx.book else {
        return;
    };
    site_names(book, diags);
    home_page(book, diags);
    if let Some(page) = book.back_cover() {
        back_cover(page, diags);
    }
}

/// The site gives each page a folder named after its file: a name the site
/// uses for itself would overwrite the search page, the downloads or the
/// sitemap.
fn site_names(book: &Compiled, diags: &mut Diagnostics) {
    for page in book.pages() {
        let page = page.page;
        if page.meta.kind == PageKind::BackCover {
            continue;
        }
        let slug = page.file.slug.as_str();
        if RESERVED.contains(&slug) || SITE_FILES.contains(&slug) {
            diags.push(
                Diagnostic::new(
                    codes::RESERVED_PAGE_NAME,
                    &page.file.path,
                    Pos::default(),
                    format!(
                        "the page name `{}` is one the website uses for itself (`{}/`)",
                        page.file.slug, page.file.slug
                    ),
                )
                .with_hint(format!(
                    "rename the file; the names the site keeps are: {}, {}",
                    RESERVED.join(", "),
                    SITE_FILES.join(", ")
                )),
            );
        }
    }
}

/// The site's home page opens with the first page of plain text.
fn home_page(book: &Compiled, diags: &mut Diagnostics) {
    let pages = book.pages();
    let Some(first) = pages.first() else {
        return;
    };
    if pages.iter().any(|p| p.page.meta.kind == PageKind::Text) {
        return;
    }
    let content = first
        .page
        .file
        .path
        .ancestors()
        .find(|p| p.ends_with(CONTENT_DIR))
        .unwrap_or(Path::new(CONTENT_DIR));
    diags.push(
        Diagnostic::new(
            codes::NO_TEXT_PAGE,
            content,
            Pos::default(),
            "the book has no page of plain text: the website's home page opens with the first one",
        )
        .with_hint("add a chapter without `id`, `theme` or `kind`, such as an introduction"),
    );
}

/// The back cover is printed as the site's footer: it holds text, not
/// tables.
fn back_cover(page: &Page, diags: &mut Diagnostics) {
    let doc = &page.content;
    for (i, block) in doc.blocks.iter().enumerate() {
        let line = doc.lines.get(i).copied().unwrap_or(page.file.body_line);
        if holds_table(block) {
            diags.push(
                Diagnostic::new(
                    codes::TABLE_ON_BACK_COVER,
                    &page.file.path,
                    Pos::new(line, 1),
                    "the back cover cannot hold a budget table or the overview",
                )
                .with_hint("put the table on a page of its own; the back cover holds text"),
            );
        }
    }
}

/// Whether a computed table stands in `block`, at any depth.
fn holds_table(block: &Block) -> bool {
    match block {
        Block::Budget(_) | Block::Overview => true,
        Block::List { items, .. } => items.iter().flatten().any(holds_table),
        Block::Quote(blocks) | Block::Boxed { blocks, .. } => blocks.iter().any(holds_table),
        _ => false,
    }
}

/// The book's own site templates, loaded as a build loads them, so that a
/// template Tera cannot parse is an error at its file and line.
fn templates(assets: &Assets, diags: &mut Diagnostics) {
    let own = assets.overrides().iter().any(|rel| {
        rel.starts_with("templates/site/") && !rel.starts_with("templates/site/static/")
    });
    if !own {
        return;
    }
    if let Err(err) = super::assets::templates(assets, &super::cache::Memo::default()) {
        diags.push(tera_diagnostic(assets, &format!("{err:#}")));
    }
}

/// A site template Tera cannot parse, at its file and line: Tera names them
/// in its message (`Failed to parse 'site/page.html': --> 2:1 … = expected
/// tag`).
fn tera_diagnostic(assets: &Assets, text: &str) -> Diagnostic {
    let name = text
        .split("Failed to parse '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next());
    let path = name
        .and_then(|n| assets.own_path(&format!("templates/{n}")))
        .unwrap_or_else(|| PathBuf::from("templates/site"));
    let pos = text
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|lc| lc.split_once(':'))
        .and_then(|(l, c)| Some(Pos::new(l.parse().ok()?, c.parse().ok()?)))
        .unwrap_or_default();
    let reason = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or(text);
    Diagnostic::new(
        codes::TEMPLATE_UNREADABLE,
        path,
        pos,
        format!("the template cannot be read: {reason}"),
    )
}
