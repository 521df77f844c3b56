//! What resolving a page may ask of the book: which file is which page,
//! and the computed budget for placeholders.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::budget::Programme;
use crate::diagnostics::Diagnostics;
use crate::format;
use crate::model::{Book, Page};

use super::{Document, Resolver, Source, compile_page};

/// The book as the Markdown stages see it: its files with their page
/// slugs, and the computed programme.
#[derive(Debug)]
pub struct BookIndex<'a> {
    /// Every Markdown file of the book (normalised path) with its slug.
    pages: Vec<(PathBuf, String)>,
    /// The computed budget, for `{{ total 1.1 }}` and the like.
    programme: &'a Programme,
}

impl<'a> BookIndex<'a> {
    /// The index of `book`, with `programme` computed from it.
    pub fn new(book: &Book, programme: &'a Programme) -> Self {
        Self {
            pages: book
                .files
                .iter()
                .map(|(path, slug)| (normalise(path), slug.clone()))
                .collect(),
            programme,
        }
    }
}

impl Resolver for BookIndex<'_> {
    fn page_slug(&self, path: &Path) -> Option<String> {
        let wanted = normalise(path);
        self.pages
            .iter()
            .find(|(p, _)| {
                *p == wanted
                    || (p.file_name().is_some_and(|n| n == "index.md")
                        && p.parent() == Some(&wanted))
            })
            .map(|(_, slug)| slug.clone())
    }

    fn has_budget(&self, id: &str) -> bool {
        self.programme.budget(id).is_some()
    }

    fn inline(&self, name: &str, arg: Option<&str>) -> Result<String, String> {
        let budget = |id: &str| {
            self.programme
                .budget(id)
                .ok_or_else(|| format!("there is no budget `{id}`"))
        };
        match (name, arg) {
            ("available", None) => Ok(format::euro(self.programme.available)),
            ("total", None) => Ok(format::euro(self.programme.total)),
            ("total", Some(id)) => Ok(format::euro(budget(id)?.total)),
            ("material", Some(id)) => Ok(format::euro(budget(id)?.material)),
            ("budget" | "overview", _) => {
                Err("a table placeholder must stand alone in its paragraph".into())
            }
            _ => Err("no such placeholder".into()),
        }
    }
}

/// `content/a/../b.md` → `content/b.md`, without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The [`Source`] of `page`.
pub fn page_source(page: &Page) -> Source<'_> {
    Source {
        path: &page.path,
        body: &page.body,
        body_line: page.body_line,
        budget: page.budget.as_ref().map(|b| b.id.as_str()),
    }
}

/// Compiles the body of every page, by file.
pub fn parse_pages(
    book: &Book,
    programme: &Programme,
    diags: &mut Diagnostics,
) -> HashMap<PathBuf, Document> {
    let index = BookIndex::new(book, programme);
    book.pages()
        .into_iter()
        .map(|page| {
            (
                page.path.clone(),
                compile_page(page_source(page), &index, diags),
            )
        })
        .collect()
}
