//! The book's pages as the site shows them: reading order, parents,
//! the contents tree, sub-page lists and search trails, all read from the
//! compiled book's tree.

use crate::compiled::{Compiled, Page};
use crate::model::{Config, PageKind};
use crate::site::chrome::{ChildView, LinkView, NavView};
use crate::site::links::{self, Location};

/// One page of the book with where it goes on the site.
#[derive(Debug)]
pub struct Entry<'a> {
    /// The compiled page.
    pub page: &'a Page,
    /// Where it lives in the site.
    pub loc: Location,
    /// The entry above it in [`entries`], if any.
    pub parent: Option<usize>,
}

/// The pages of the book that get a page of the site, in reading order
/// (all but the back cover, which is the footer).
pub fn entries(compiled: &Compiled) -> anyhow::Result<Vec<Entry<'_>>> {
    fn walk<'a>(
        page: &'a Page,
        parent: Option<usize>,
        out: &mut Vec<Entry<'a>>,
    ) -> anyhow::Result<()> {
        if page.kind == PageKind::BackCover {
            return Ok(());
        }
        if links::RESERVED.contains(&page.slug.as_str()) {
            anyhow::bail!(
                "the page `{}` would take the site's folder `{}`; rename the file",
                page.path.display(),
                page.slug
            );
        }
        out.push(Entry {
            page,
            loc: Location::dir(&page.slug),
            parent,
        });
        let me = out.len() - 1;
        for child in &page.children {
            walk(child, Some(me), out)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    for part in &compiled.parts {
        for chapter in &part.chapters {
            walk(&chapter.page, None, &mut out)?;
        }
    }
    Ok(out)
}

/// A link from the page at `from` to the page of `to`, by its heading.
pub fn link(from: &Location, to: &Entry<'_>) -> LinkView {
    LinkView {
        href: from.to(&to.loc),
        text: to.page.heading.clone(),
    }
}

/// The contents tree as seen from the page at `loc` (entry `current`).
pub fn nav(entries: &[Entry<'_>], loc: &Location, current: usize) -> Vec<NavView> {
    fn build(
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
                let children = build(entries, loc, current, Some(i));
                let open = i == current || children.iter().any(|c| c.open);
                NavView {
                    href: loc.to(&e.loc),
                    text: e.page.short_title.clone(),
                    current: i == current,
                    open,
                    children,
                }
            })
            .collect()
    }
    build(entries, loc, current, None)
}

/// The sub-pages of entry `i`, with their budget totals.
pub fn children(
    config: &Config,
    entries: &[Entry<'_>],
    loc: &Location,
    i: usize,
) -> Vec<ChildView> {
    entries
        .iter()
        .filter(|e| e.parent == Some(i))
        .map(|e| ChildView {
            href: loc.to(&e.loc),
            text: e.page.heading.clone(),
            total: e
                .page
                .budget
                .as_ref()
                .map(|b| crate::format::printed(config, b.computed.total)),
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
        parts.push(entries[p].page.heading.as_str());
        up = entries[p].parent;
    }
    parts.reverse();
    parts.join(" › ")
}
