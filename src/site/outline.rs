//! The book's pages as the site shows them: reading order, parents,
//! the contents tree, sub-page lists and search trails, all read from the
//! compiled book's tree.

use std::collections::HashMap;

use crate::compiled::{Compiled, Page};
use crate::model::{Config, PageKind};
use crate::site::chrome::{ChildView, LinkView};
use crate::site::html::escape;
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

/// The contents tree, as the sidebar and the home page show it: the whole
/// tree on every page, the page shown and the entries above it marked.
///
/// Every page carries the whole tree, so the site's HTML grows with the
/// square of its pages (56 kB of sidebar on each page of the ten-times
/// book). It is written here rather than by a recursive template macro,
/// which cost 0.8 of the ten-times site's 1.8 CPU-seconds: a branch without
/// the page shown is the same on every page of its depth, so it is
/// rendered once and then copied, and a page renders only the entries on
/// the way down to itself.
pub struct Contents<'e, 'a> {
    tree: Tree<'e, 'a>,
    /// A closed branch's HTML by the page's path to the site root (`""` or
    /// `"../"`), which is all its links depend on, and by entry.
    closed: HashMap<String, HashMap<usize, String>>,
}

/// The entries with their sub-entries, indexed once.
struct Tree<'e, 'a> {
    entries: &'e [Entry<'a>],
    roots: Vec<usize>,
    below: Vec<Vec<usize>>,
}

/// The page a tree is written for.
struct Shown<'l> {
    loc: &'l Location,
    /// Its entry, or `usize::MAX` on a page that is none of them.
    current: usize,
    /// Whether each entry is the page or above it.
    open: Vec<bool>,
}

impl<'e, 'a> Contents<'e, 'a> {
    /// Indexes the entries by parent.
    pub fn new(entries: &'e [Entry<'a>]) -> Self {
        let mut roots = Vec::new();
        let mut below = vec![Vec::new(); entries.len()];
        for (i, e) in entries.iter().enumerate() {
            match e.parent {
                Some(p) => below[p].push(i),
                None => roots.push(i),
            }
        }
        Self {
            tree: Tree {
                entries,
                roots,
                below,
            },
            closed: HashMap::new(),
        }
    }

    /// The tree as HTML for the page at `loc`, which is entry `current`
    /// (or none of them: `usize::MAX`): nested lists of links, each entry
    /// on the way to the page shown `class="open"`, the page itself
    /// `aria-current="page"`.
    pub fn html(&mut self, loc: &Location, current: usize) -> String {
        let entries = self.tree.entries;
        let mut open = vec![false; entries.len()];
        let mut up = (current < entries.len()).then_some(current);
        while let Some(i) = up {
            open[i] = true;
            up = entries[i].parent;
        }
        let shown = Shown { loc, current, open };
        // Closed branches are shared by the pages at the same depth.
        let closed = self.closed.entry(loc.prefix()).or_default();
        let mut out = String::new();
        self.tree.list(&self.tree.roots, &shown, closed, &mut out);
        out
    }
}

impl Tree<'_, '_> {
    fn list(
        &self,
        ids: &[usize],
        shown: &Shown<'_>,
        closed: &mut HashMap<usize, String>,
        out: &mut String,
    ) {
        out.push_str("\n<ul>\n");
        for &i in ids {
            if shown.open[i] {
                self.item(i, shown, closed, out);
                continue;
            }
            if let Some(html) = closed.get(&i) {
                out.push_str(html);
            } else {
                let mut html = String::new();
                self.item(i, shown, closed, &mut html);
                out.push_str(&html);
                closed.insert(i, html);
            }
        }
        out.push_str("</ul>\n");
    }

    fn item(
        &self,
        i: usize,
        shown: &Shown<'_>,
        closed: &mut HashMap<usize, String>,
        out: &mut String,
    ) {
        let entry = &self.entries[i];
        out.push_str(if shown.open[i] {
            "<li class=\"open\">"
        } else {
            "<li>"
        });
        out.push_str("<a href=\"");
        out.push_str(&escape(&shown.loc.to(&entry.loc)));
        out.push('"');
        if i == shown.current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        out.push_str(&escape(&entry.page.short_title));
        out.push_str("</a>");
        if !self.below[i].is_empty() {
            self.list(&self.below[i], shown, closed, out);
        }
        out.push_str("</li>\n");
    }
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
