//! [`super::parse_pages`]: every page's body parsed, checked and
//! resolved; in a session that rebuilds, what a page's body gives is kept
//! for the next compile ([`crate::base::memo`]).
//!
//! Parsing a page and the checks that need no book (validate, the
//! near-placeholders) depend on its body alone, and are kept by it.
//! Resolving depends on the rest of the book too (which file is which
//! page, the anchors of the pages it links to, the budgets, the images):
//! what it asked of the book is recorded with its answers, and the page is
//! resolved again only when one of those answers changed. So an edit that
//! renames a heading another page links to resolves that other page
//! again, and a budget edit the pages that print its figures.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::memo::{Memo, Memos, Told};
use crate::compile::budget::Programme;
use crate::source::images::ImageProblem;
use crate::source::input::BookInput;
use crate::source::model::{Book, LoadedPage};

use super::index::{BookIndex, anchors, page_source};
use super::parsed::Parsed;
use super::{PageDocument, Resolver, Source, parse, resolve, silent, validate};

/// A page body parsed, with the anchors of its headings and what the
/// checks that need no book found in it.
#[derive(Debug)]
struct ParsedPage {
    tree: Parsed,
    anchors: Vec<String>,
    found: Vec<Diagnostic>,
}

/// A page resolved: what it asked of the book, the document (shared with
/// the compiled book, keyed once here) and what resolving found.
#[derive(Debug)]
struct ResolvedPage {
    asked: Vec<Query>,
    document: PageDocument,
    found: Vec<Diagnostic>,
}

/// Compiles the body of every page of the book, as
/// [`super::parse_pages`] says: from scratch in a one-off build (`memos`
/// is `None`), else reusing what `memos` kept. Both take the same steps in
/// the same order, so a session tells what a cold compile tells.
pub(super) fn parse_pages(
    memos: Option<&Memos>,
    input: &BookInput,
    book: &Book,
    programme: &Programme,
    diags: &mut Diagnostics,
) -> HashMap<PathBuf, PageDocument> {
    let parsed_memo = memos.map(Memos::of::<Arc<ParsedPage>>);
    let resolved_memo = memos.map(Memos::of::<Arc<ResolvedPage>>);
    let parsed: Vec<(&LoadedPage, u128, Arc<ParsedPage>)> = book
        .pages()
        .into_iter()
        .map(|page| {
            let key = Memo::<()>::key(&(&page.file.path, &page.body, page.file.body_line));
            let kept = match &parsed_memo {
                Some(memo) => memo.lookup(key).unwrap_or_else(|| {
                    let made = Arc::new(parse_page(page));
                    memo.store(key, made.clone());
                    made
                }),
                None => Arc::new(parse_page(page)),
            };
            (page, key, kept)
        })
        .collect();
    let anchors = parsed
        .iter()
        .map(|(page, _, kept)| (page.file.slug.clone(), kept.anchors.clone()))
        .collect();
    let index = BookIndex::new(book, programme)
        .with_anchors(anchors)
        .with_images(input.book_root(), memos)
        .with_load_errors(diags);
    parsed
        .into_iter()
        .map(|(page, key, kept)| {
            tell(&kept.found, diags);
            let source = page_source(page);
            let document = match &resolved_memo {
                Some(memo) => {
                    let key = Memo::<()>::key(&(key, source.budget));
                    let resolved = memo
                        .lookup(key)
                        .filter(|r| r.asked.iter().all(|q| q.holds(&index)))
                        .unwrap_or_else(|| {
                            let made = Arc::new(resolve_recorded(&kept, source, &index));
                            memo.store(key, made.clone());
                            made
                        });
                    tell(&resolved.found, diags);
                    resolved.document.clone()
                }
                None => {
                    // Kept by nobody else: the tree itself, not a copy.
                    let tree = Arc::try_unwrap(kept).map_or_else(|k| k.tree.clone(), |k| k.tree);
                    PageDocument::new(resolve::resolve(tree, source, &index, diags))
                }
            };
            (page.file.path.clone(), document)
        })
        .collect()
}

/// Resolves a parsed page against `book`, recording what it asked.
fn resolve_recorded(kept: &ParsedPage, source: Source<'_>, book: &BookIndex) -> ResolvedPage {
    let recorder = Recorder {
        book,
        asked: RefCell::default(),
    };
    let told = Told::make(|found| resolve::resolve(kept.tree.clone(), source, &recorder, found));
    ResolvedPage {
        asked: recorder.asked.into_inner(),
        document: PageDocument::new(told.value),
        found: told.found,
    }
}

/// Tells again what a stage found before.
fn tell(found: &[Diagnostic], diags: &mut Diagnostics) {
    for d in found {
        diags.push(d.clone());
    }
}

/// Parses `page` and runs the checks that need no book.
fn parse_page(page: &LoadedPage) -> ParsedPage {
    let tree = parse::parse(&page.body, page.file.body_line);
    let mut found = Vec::new();
    anchors(&tree.blocks, &mut found);
    let told = Told::make(|diags| {
        validate::validate(&tree, &page.file.path, diags);
        silent::near_placeholders(&page.file.path, &page.body, page.file.body_line, diags);
    });
    ParsedPage {
        tree,
        anchors: found,
        found: told.found,
    }
}

/// One question resolving asked of the book, with its answer.
#[derive(Debug, Clone, PartialEq)]
enum Query {
    PageSlug(PathBuf, Option<String>),
    HasBudget(String, bool),
    Inline(String, Option<String>, Result<String, String>),
    NoBudget(String, String),
    LoadError(PathBuf, Option<Pos>),
    Anchors(String, Option<Vec<String>>),
    Image(PathBuf, String, Result<Option<(u32, u32)>, ImageProblem>),
}

impl Query {
    /// Whether `book` gives the same answer now.
    fn holds(&self, book: &dyn Resolver) -> bool {
        match self {
            Query::PageSlug(path, slug) => book.page_slug(path) == *slug,
            Query::HasBudget(id, has) => book.has_budget(id) == *has,
            Query::Inline(name, arg, text) => book.inline(name, arg.as_deref()) == *text,
            Query::NoBudget(id, why) => book.no_budget(id) == *why,
            Query::LoadError(path, pos) => book.load_error(path) == *pos,
            Query::Anchors(slug, found) => book.anchors(slug) == found.as_deref(),
            Query::Image(page, src, image) => book.image(page, src) == *image,
        }
    }
}

/// The book as resolving sees it, noting every question and answer.
struct Recorder<'a> {
    book: &'a dyn Resolver,
    asked: RefCell<Vec<Query>>,
}

impl Recorder<'_> {
    fn note<T: Clone>(&self, answer: T, query: impl FnOnce(T) -> Query) -> T {
        self.asked.borrow_mut().push(query(answer.clone()));
        answer
    }
}

impl Resolver for Recorder<'_> {
    fn page_slug(&self, path: &Path) -> Option<String> {
        let slug = self.book.page_slug(path);
        self.note(slug, |s| Query::PageSlug(path.to_path_buf(), s))
    }

    fn has_budget(&self, id: &str) -> bool {
        let has = self.book.has_budget(id);
        self.note(has, |h| Query::HasBudget(id.to_owned(), h))
    }

    fn inline(&self, name: &str, arg: Option<&str>) -> Result<String, String> {
        let text = self.book.inline(name, arg);
        self.note(text, |t| {
            Query::Inline(name.to_owned(), arg.map(str::to_owned), t)
        })
    }

    fn no_budget(&self, id: &str) -> String {
        let why = self.book.no_budget(id);
        self.note(why, |w| Query::NoBudget(id.to_owned(), w))
    }

    fn load_error(&self, path: &Path) -> Option<Pos> {
        let pos = self.book.load_error(path);
        self.note(pos, |p| Query::LoadError(path.to_path_buf(), p))
    }

    fn anchors(&self, slug: &str) -> Option<&[String]> {
        let found = self.book.anchors(slug);
        self.asked.borrow_mut().push(Query::Anchors(
            slug.to_owned(),
            found.map(<[String]>::to_vec),
        ));
        found
    }

    fn image(&self, page: &Path, src: &str) -> Result<Option<(u32, u32)>, ImageProblem> {
        let image = self.book.image(page, src);
        self.note(image, |i| {
            Query::Image(page.to_path_buf(), src.to_owned(), i)
        })
    }
}
