//! Turning page bodies into documents, with placeholders and cross
//! references resolved against the whole book.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::budget::Programme;
use crate::diagnostics::Diagnostics;
use crate::format;
use crate::markdown::{self, Document, Resolver, Source};
use crate::model::Book;

/// What the Markdown parser may ask of the book.
#[derive(Debug)]
struct BookIndex<'a> {
    pages: Vec<(PathBuf, String)>,
    programme: &'a Programme,
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

/// Parses the body of every page, by file.
pub fn parse_pages(
    book: &Book,
    programme: &Programme,
    diags: &mut Diagnostics,
) -> HashMap<PathBuf, Document> {
    let index = BookIndex {
        pages: book
            .files
            .iter()
            .map(|(path, slug)| (normalise(path), slug.clone()))
            .collect(),
        programme,
    };
    book.pages()
        .into_iter()
        .map(|page| {
            let source = Source {
                path: &page.path,
                body: &page.body,
                body_line: page.body_line,
                budget: page.budget.as_ref().map(|b| b.id.as_str()),
            };
            (page.path.clone(), markdown::parse(source, &index, diags))
        })
        .collect()
}
