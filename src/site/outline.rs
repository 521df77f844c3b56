//! The book's pages as the site shows them: reading order, parents,
//! the contents tree, sub-page lists and search trails.

use crate::Compiled;
use crate::markdown::Document;
use crate::model::{Page, PageKind};
use crate::site::links::{self, Location};
use crate::site::views::{self, ChildView, LinkView, NavView};

/// One page of the book with where it goes.
#[derive(Debug)]
pub struct Entry<'a> {
    /// The page as loaded.
    pub page: &'a Page,
    /// Its parsed text.
    pub doc: &'a Document,
    /// Where it lives in the site.
    pub loc: Location,
    /// Its heading as a reader sees it: "Project 1.3 …".
    pub heading: String,
    /// Index of the entry above it, if any.
    pub parent: Option<usize>,
}

/// The pages of the book that get a page of the site, in reading order.
pub fn entries<'a>(compiled: &'a Compiled, all: &[&'a Page]) -> anyhow::Result<Vec<Entry<'a>>> {
    let config = &compiled.book.config;
    let mut out: Vec<Entry<'a>> = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (depth, entry index)
    let mut appendices = 0;
    for (page, doc) in all.iter().zip(&compiled.documents) {
        if page.kind == PageKind::BackCover {
            continue;
        }
        if links::RESERVED.contains(&page.slug.as_str()) {
            anyhow::bail!(
                "the page `{}` would take the site's folder `{}`; rename the file",
                page.path.display(),
                page.slug
            );
        }
        while stack.last().is_some_and(|(d, _)| *d >= page.depth) {
            stack.pop();
        }
        let appendix = (page.kind == PageKind::Appendix).then(|| {
            appendices += 1;
            appendices
        });
        out.push(Entry {
            page,
            doc,
            loc: Location::dir(&page.slug),
            heading: views::heading(config, page, appendix),
            parent: stack.last().map(|(_, i)| *i),
        });
        stack.push((page.depth, out.len() - 1));
    }
    Ok(out)
}

pub fn link(from: &Location, to: &Entry<'_>) -> LinkView {
    LinkView {
        href: from.to(&to.loc),
        text: to.heading.clone(),
    }
}

/// The contents tree as seen from the page at `loc` (entry `current`).
pub fn nav(
    compiled: &Compiled,
    entries: &[Entry<'_>],
    loc: &Location,
    current: usize,
) -> Vec<NavView> {
    fn build(
        compiled: &Compiled,
        entries: &[Entry<'_>],
        loc: &Location,
        current: usize,
        parent: Option<usize>,
    ) -> Vec<NavView> {
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.parent == parent)
            .map(|(i, e)| {
                let children = build(compiled, entries, loc, current, Some(i));
                let open = i == current || children.iter().any(|c| c.open);
                NavView {
                    href: loc.to(&e.loc),
                    text: views::nav_title(&compiled.book.config, e.page),
                    current: i == current,
                    open,
                    children,
                }
            })
            .collect()
    }
    build(compiled, entries, loc, current, None)
}

/// The sub-pages of entry `i`, with their budget totals.
pub fn children(
    compiled: &Compiled,
    entries: &[Entry<'_>],
    loc: &Location,
    i: usize,
) -> Vec<ChildView> {
    entries
        .iter()
        .filter(|e| e.parent == Some(i))
        .map(|e| ChildView {
            href: loc.to(&e.loc),
            text: e.heading.clone(),
            total: e
                .page
                .budget
                .and_then(|b| compiled.programme.budgets.get(b))
                .map(|b| crate::format::euro(b.total)),
        })
        .collect()
}

/// The heading above the list of sub-pages.
pub fn children_title(page: &Page) -> &'static str {
    match page.kind {
        PageKind::Theme => "Projecten in dit thema",
        PageKind::Item => "Onderdelen van dit project",
        _ if page.depth == 0 => "In dit hoofdstuk",
        _ => "Onderdelen",
    }
}

/// "Thema's en projecten › Thema 1. Nieuwe migratie" for a search result.
pub fn trail(entries: &[Entry<'_>], entry: &Entry<'_>) -> String {
    let mut parts = Vec::new();
    let mut up = entry.parent;
    while let Some(p) = up {
        parts.push(entries[p].heading.as_str());
        up = entries[p].parent;
    }
    parts.reverse();
    parts.join(" › ")
}
