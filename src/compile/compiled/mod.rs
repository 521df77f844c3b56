//! The compiled book: the one tree that every backend reads.
//!
//! After loading and computing, the book is a tree of parts, chapters and
//! pages. Each page holds what every output needs of it, derived once here:
//! its number, its printed heading and short title, its anchor, its
//! resolved content and, where it has one, its budget with the table that
//! shows it. The programme overview and the book's labels are here too, as
//! display-ready views (see [`crate::compile::views`]). Backends only read this tree;
//! nothing in it is matched to anything else by position.

mod assemble;

use crate::compile::budget::{ComputedBudget, Programme};
use crate::compile::markdown::PageDocument;
use crate::compile::views::{BookViews, BudgetTable};
use crate::source::model::{Config, PageFile, PageMeta};

pub(crate) use assemble::assemble;

/// A book with its budget computed and every page resolved.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The book config from `content/book.yaml`.
    pub config: Config,
    /// The computed budget: every budget, the theme and function subtotals
    /// and the programme total.
    pub programme: Programme,
    /// The parts of the book in reading order.
    pub parts: Vec<Part>,
    /// The display-ready views of the book as a whole: metadata, labels,
    /// every budget table by id and the programme overview.
    pub views: BookViews,
}

/// What a part of the book is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// The numbered chapters.
    Main,
    /// The appendices (Bijlagen), numbered on their own.
    Appendices,
    /// The text on the back cover.
    BackCover,
}

/// A part of the book: its chapters in reading order.
#[derive(Debug, Clone)]
pub struct Part {
    /// What the part is.
    pub kind: PartKind,
    /// Its chapters (top-level pages) in reading order.
    pub chapters: Vec<Chapter>,
}

/// A top-level page with its number within its part.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// 1-based number within the part: chapter 3, Bijlage 1.
    pub number: usize,
    /// The chapter's own page, holding its sections as children.
    pub page: Page,
}

/// One page of the book (one Markdown file), resolved: its file and
/// front matter as loaded, and what compiling derives from them.
#[derive(Debug, Clone)]
pub struct Page {
    /// The Markdown file and the page's place in the tree.
    pub file: PageFile,
    /// What the front matter says: title, id, theme or function, kind,
    /// description and the budget in hours.
    pub meta: PageMeta,
    /// The printed number: "3" for chapter 3, "1" for Bijlage 1, "1.3" for
    /// a project, "B" for a function, "1" for theme 1.
    pub number: Option<String>,
    /// The heading as a reader sees it: "Project 1.3 …", "Thema 1. Nieuwe
    /// migratie", "B. Portaalfunctie", "Bijlage 1. Raad van Advies", else
    /// the title. (The PDF opens a chapter with its number and its title.)
    pub heading: String,
    /// The short title in a table of contents: "1.3 …", "Thema 1 Nieuwe
    /// migratie".
    pub short_title: String,
    /// The page's text, with placeholders, links and footnotes resolved,
    /// and its key.
    pub content: PageDocument,
    /// The page's own budget computed, and its table, when it has one.
    pub budget: Option<PageBudget>,
    /// Sub-pages in reading order.
    pub children: Vec<Page>,
}

/// A page's own budget.
#[derive(Debug, Clone)]
pub struct PageBudget {
    /// The computed amounts.
    pub computed: ComputedBudget,
    /// The table that shows them.
    pub table: BudgetTable,
}

impl Compiled {
    /// Every page in reading order, depth first, each with its parent's
    /// slug; the back cover included.
    pub fn pages(&self) -> Vec<PageRef<'_>> {
        pages_of(&self.parts)
    }

    /// The page with this slug.
    pub fn page(&self, slug: &str) -> Option<&Page> {
        self.pages()
            .into_iter()
            .find(|p| p.page.file.slug == slug)
            .map(|p| p.page)
    }

    /// The back cover's page, if the book has one.
    pub fn back_cover(&self) -> Option<&Page> {
        self.parts
            .iter()
            .filter(|p| p.kind == PartKind::BackCover)
            .flat_map(|p| &p.chapters)
            .map(|c| &c.page)
            .next()
    }
}

/// Every page of `parts` in reading order, depth first.
fn pages_of(parts: &[Part]) -> Vec<PageRef<'_>> {
    fn walk<'a>(page: &'a Page, parent: Option<&'a Page>, out: &mut Vec<PageRef<'a>>) {
        out.push(PageRef { page, parent });
        for child in &page.children {
            walk(child, Some(page), out);
        }
    }
    let mut out = Vec::new();
    for part in parts {
        for chapter in &part.chapters {
            walk(&chapter.page, None, &mut out);
        }
    }
    out
}

/// A page with the page above it.
#[derive(Debug, Clone, Copy)]
pub struct PageRef<'a> {
    /// The page.
    pub page: &'a Page,
    /// The page it belongs to; `None` for a chapter.
    pub parent: Option<&'a Page>,
}
