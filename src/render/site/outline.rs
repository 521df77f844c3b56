//! The book's pages as the site shows them: reading order, parents,
//! the contents tree, sub-page lists and search trails, all read from the
//! compiled book's tree.

use crate::compile::compiled::{Compiled, Page};
use crate::render::site::chrome::{ChildView, LinkView};
use crate::render::site::html::escape;
use crate::render::site::links::{self, CONTENTS_ANCHOR, Location};
use crate::source::model::{Config, PageKind, Words};

/// One page of the book with where it goes on the site.
#[derive(Debug)]
pub(super) struct OutlineEntry<'a> {
    /// The compiled page.
    pub page: &'a Page,
    /// Where it lives in the site.
    pub loc: Location,
    /// The entry above it in [`entries`], if any.
    pub parent: Option<usize>,
}

/// The pages of the book that get a page of the site, in reading order
/// (all but the back cover, which is the footer).
pub(super) fn entries(compiled: &Compiled) -> anyhow::Result<Vec<OutlineEntry<'_>>> {
    fn walk<'a>(
        page: &'a Page,
        parent: Option<usize>,
        out: &mut Vec<OutlineEntry<'a>>,
    ) -> anyhow::Result<()> {
        if page.meta.kind == PageKind::BackCover {
            return Ok(());
        }
        if links::RESERVED.contains(&page.file.slug.as_str()) {
            anyhow::bail!(
                "the page `{}` would take the site's folder `{}`; rename the file",
                page.file.path.display(),
                page.file.slug
            );
        }
        out.push(OutlineEntry {
            page,
            loc: Location::dir(&page.file.slug),
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
pub(super) fn link(from: &Location, to: &OutlineEntry<'_>) -> LinkView {
    LinkView {
        href: from.to(&to.loc),
        text: to.page.heading.clone(),
    }
}

/// The most entries of one list a sidebar shows. A longer list (the
/// chapters of a book of thousands, the themes of a plan ten times the 2019
/// one) shows this many around the way down to the page, and says how many
/// more the full contents holds, so that a page's size does not grow with
/// the book.
pub(super) const SIDEBAR_LIST: usize = 15;

/// The contents tree, as the home page and the sidebars show it.
///
/// The home page shows the whole tree ([`Contents::full`]), once. A
/// sidebar shows the way down to its page ([`Contents::sidebar`]): the
/// top-level chapters, then under each entry on the way, the page itself
/// included, its sub-pages, at most [`SIDEBAR_LIST`] of each list. Every
/// page once carried the whole tree, so the site grew with the square of
/// its pages (5 000 small chapters: a 1.8 GB site, 5.2 GB of memory to build
/// it); now a sidebar's size depends on the depth of the tree only.
pub(super) struct Contents<'e, 'a> {
    entries: &'e [OutlineEntry<'a>],
    roots: Vec<usize>,
    below: Vec<Vec<usize>>,
    /// Each entry's place in its list (`roots` or its parent's `below`).
    rank: Vec<usize>,
    /// The book's words, for the entries a sidebar leaves out.
    words: &'e Words,
}

impl<'e, 'a> Contents<'e, 'a> {
    /// Indexes the entries by parent.
    pub(super) fn new(entries: &'e [OutlineEntry<'a>], words: &'e Words) -> Self {
        let mut roots = Vec::new();
        let mut below = vec![Vec::new(); entries.len()];
        let mut rank = vec![0; entries.len()];
        for (i, e) in entries.iter().enumerate() {
            let list = match e.parent {
                Some(p) => &mut below[p],
                None => &mut roots,
            };
            rank[i] = list.len();
            list.push(i);
        }
        Self {
            entries,
            roots,
            below,
            rank,
            words,
        }
    }

    /// The sub-entries of entry `i`, in reading order.
    pub(super) fn below(&self, i: usize) -> &[usize] {
        &self.below[i]
    }

    /// The whole tree as nested lists of links, for the home page at `loc`.
    pub(super) fn full(&self, loc: &Location) -> String {
        let mut out = String::new();
        self.full_list(&self.roots, loc, &mut out);
        out
    }

    fn full_list(&self, ids: &[usize], loc: &Location, out: &mut String) {
        out.push_str("\n<ul>\n");
        for &i in ids {
            out.push_str("<li>");
            self.link(i, loc, false, out);
            if !self.below[i].is_empty() {
                self.full_list(&self.below[i], loc, out);
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }

    /// The sidebar of the page at `loc`, which is entry `current` (or none
    /// of them: search, the accessibility statement): nested lists of
    /// links, each entry on the way down to the page `class="open"` with its
    /// sub-entries below it, the page itself `aria-current="page"`. A list
    /// longer than [`SIDEBAR_LIST`] shows that many entries around the one
    /// on the way (or its first ones), and for the rest a link to the full
    /// contents on the home page, saying how many it leaves out.
    pub(super) fn sidebar(&self, loc: &Location, current: Option<usize>) -> String {
        let mut out = Html {
            contents: self,
            loc,
            more: format!("{}#{CONTENTS_ANCHOR}", loc.to(&Location::root())),
            out: String::new(),
        };
        self.way_list(&self.roots, true, &self.way(current), &mut out);
        out.out
    }

    /// A key of what [`Contents::sidebar`] makes of the same arguments,
    /// without making it: the entries it shows (their folders and short
    /// titles), how many it leaves out, and the book's words. In `kis-book
    /// serve` a page's sidebar is made only when its key changed.
    pub(super) fn sidebar_key(&self, loc: &Location, current: Option<usize>) -> u128 {
        let mut out = Shown(Vec::new());
        self.way_list(&self.roots, true, &self.way(current), &mut out);
        crate::render::site::cache::Memo::<()>::key(&(loc, self.words, out.0))
    }

    /// The entries from the top down to `current`.
    fn way(&self, current: Option<usize>) -> Vec<usize> {
        let mut way = Vec::new();
        let mut up = current;
        while let Some(i) = up {
            way.push(i);
            up = self.entries[i].parent;
        }
        way.reverse();
        way
    }

    /// One list of the sidebar (`top`: the top-level chapters), and below
    /// the entry on the way (`way[0]`, if any) the lists of the rest of
    /// the way.
    fn way_list<'s>(
        &'s self,
        list: &[usize],
        top: bool,
        way: &[usize],
        out: &mut impl Sidebar<'s>,
    ) {
        let on_way = way.first().copied();
        let (start, end) = window(list.len(), on_way.map(|i| self.rank[i]));
        out.text("\n<ul>\n");
        out.more(start, top);
        for &i in &list[start..end] {
            if Some(i) == on_way {
                out.text("<li class=\"open\">");
                out.link(&self.entries[i], way.len() == 1);
                if !self.below[i].is_empty() {
                    self.way_list(&self.below[i], false, &way[1..], out);
                }
            } else {
                out.text("<li>");
                out.link(&self.entries[i], false);
            }
            out.text("</li>\n");
        }
        out.more(list.len() - end, top);
        out.text("</ul>\n");
    }

    /// A link to entry `i` by its short title.
    fn link(&self, i: usize, loc: &Location, current: bool, out: &mut String) {
        link_to(&self.entries[i], loc, current, out);
    }
}

/// A link from the page at `loc` to `entry` by its short title.
fn link_to(entry: &OutlineEntry<'_>, loc: &Location, current: bool, out: &mut String) {
    out.push_str("<a href=\"");
    out.push_str(&escape(&loc.to(&entry.loc)));
    out.push('"');
    if current {
        out.push_str(" aria-current=\"page\"");
    }
    out.push('>');
    out.push_str(&escape(&entry.page.short_title));
    out.push_str("</a>");
}

/// What a sidebar is written into: its HTML ([`Html`]) or what its HTML
/// is made of ([`Shown`]).
trait Sidebar<'s> {
    /// Markup of the lists.
    fn text(&mut self, text: &'static str);
    /// A link to `entry`, marked as the page itself when `current`.
    fn link(&mut self, entry: &'s OutlineEntry<'s>, current: bool);
    /// The item that stands for `n` entries left out of a list (`top`: of
    /// the top-level chapters).
    fn more(&mut self, n: usize, top: bool);
}

/// A sidebar's HTML, written for the page at `loc`.
struct Html<'c, 'e, 'a, 'l> {
    contents: &'c Contents<'e, 'a>,
    loc: &'l Location,
    /// The href of the full contents on the home page.
    more: String,
    out: String,
}

impl<'s> Sidebar<'s> for Html<'_, '_, '_, '_> {
    fn text(&mut self, text: &'static str) {
        self.out.push_str(text);
    }

    fn link(&mut self, entry: &'s OutlineEntry<'s>, current: bool) {
        link_to(entry, self.loc, current, &mut self.out);
    }

    fn more(&mut self, n: usize, top: bool) {
        more(n, top, &self.more, self.contents.words, &mut self.out);
    }
}

/// What a sidebar shows, as a key: the markup, each entry linked (its
/// folder and short title) and each count of entries left out.
struct Shown<'s>(Vec<Part<'s>>);

/// One part of a sidebar.
#[derive(Hash)]
enum Part<'s> {
    Text(&'static str),
    Link(&'s Location, &'s str, bool),
    More(usize, bool),
}

impl<'s> Sidebar<'s> for Shown<'s> {
    fn text(&mut self, text: &'static str) {
        self.0.push(Part::Text(text));
    }

    fn link(&mut self, entry: &'s OutlineEntry<'s>, current: bool) {
        self.0
            .push(Part::Link(&entry.loc, &entry.page.short_title, current));
    }

    fn more(&mut self, n: usize, top: bool) {
        self.0.push(Part::More(n, top));
    }
}

/// The part `start..end` of a list of `len` entries a sidebar shows: all of
/// it up to [`SIDEBAR_LIST`] entries, else that many, centred on the entry
/// at `at` where the list holds one on the way down, else the first ones.
fn window(len: usize, at: Option<usize>) -> (usize, usize) {
    if len <= SIDEBAR_LIST {
        return (0, len);
    }
    let start = at
        .map_or(0, |at| at.saturating_sub(SIDEBAR_LIST / 2))
        .min(len - SIDEBAR_LIST);
    (start, start + SIDEBAR_LIST)
}

/// The item that stands for `n` entries a sidebar leaves out of a list
/// (`top`: of the top-level chapters): a link to the full contents.
fn more(n: usize, top: bool, contents: &str, words: &Words, out: &mut String) {
    if n == 0 {
        return;
    }
    let what = match (top, n) {
        (true, 1) => &words.more_chapter,
        (true, _) => &words.more_chapters,
        (false, 1) => &words.more_part,
        (false, _) => &words.more_parts,
    };
    out.push_str("<li class=\"nav-more\"><a href=\"");
    out.push_str(&escape(contents));
    // The ellipsis is for the eye; a screen reader says "nog 246 …".
    out.push_str("\"><span aria-hidden=\"true\">… </span>");
    out.push_str(&escape(&words.more));
    out.push(' ');
    out.push_str(&crate::source::format::number(rust_decimal::Decimal::from(
        n,
    )));
    out.push(' ');
    out.push_str(&escape(what));
    out.push(' ');
    out.push_str(&escape(&words.more_in_contents));
    out.push_str("</a></li>\n");
}

/// The sub-pages of entry `i`, with their budget totals.
pub(super) fn children(
    config: &Config,
    contents: &Contents<'_, '_>,
    loc: &Location,
    i: usize,
) -> Vec<ChildView> {
    contents
        .below(i)
        .iter()
        .map(|&c| {
            let e = &contents.entries[c];
            ChildView {
                href: loc.to(&e.loc),
                text: e.page.heading.clone(),
                total: e
                    .page
                    .budget
                    .as_ref()
                    .map(|b| crate::source::format::printed(config, b.computed.total)),
            }
        })
        .collect()
}

/// The heading above the list of sub-pages.
pub(super) fn children_title<'w>(page: &Page, words: &'w Words) -> &'w str {
    match page.meta.kind {
        PageKind::Theme => &words.theme_parts,
        PageKind::Item => &words.project_parts,
        _ if page.file.depth == 0 => &words.chapter_parts,
        _ => &words.parts,
    }
}

/// "Thema's en projecten › Thema 1. Nieuwe migratie" for a search result.
pub(super) fn trail(entries: &[OutlineEntry<'_>], entry: &OutlineEntry<'_>) -> String {
    let mut parts = Vec::new();
    let mut up = entry.parent;
    while let Some(p) = up {
        parts.push(entries[p].page.heading.as_str());
        up = entries[p].parent;
    }
    parts.reverse();
    parts.join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_up_to_fifteen_is_shown_whole() {
        for (len, at) in [(0, None), (1, Some(0)), (15, None), (15, Some(14))] {
            assert_eq!(window(len, at), (0, len), "{len} entries, at {at:?}");
        }
    }

    #[test]
    fn a_longer_list_shows_fifteen_around_the_entry_on_the_way() {
        // (entries, the entry on the way) -> the shown range, by hand:
        // seven either side where there is room, else against an end.
        let cases = [
            (16, None, (0, 15)),
            (16, Some(0), (0, 15)),
            (16, Some(15), (1, 16)),
            (504, Some(253), (246, 261)),
            (504, Some(3), (0, 15)),
            (504, Some(7), (0, 15)),
            (504, Some(8), (1, 16)),
            (504, Some(496), (489, 504)),
            (504, Some(503), (489, 504)),
            (5004, None, (0, 15)),
        ];
        for (len, at, shown) in cases {
            assert_eq!(window(len, at), shown, "{len} entries, at {at:?}");
        }
    }
}
