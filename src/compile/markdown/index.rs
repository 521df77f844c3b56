//! What resolving a page may ask of the book: which file is which page,
//! and the computed budget for placeholders.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::base::closed::BookRoot;
use crate::base::diagnostics::{Diagnostics, Pos, Severity};
use crate::base::memo::Memos;
use crate::compile::budget::Programme;
use crate::source::format;
use crate::source::model::{Book, LoadedPage};

use crate::source::images::{ImageProblem, Images};

use super::parsed::{RawBlock, RawKind};
use super::{Resolver, Source};

/// The book as the Markdown stages see it: its files with their page
/// slugs, the anchors of every page's headings, the computed programme and
/// its images.
#[derive(Debug)]
pub struct BookIndex<'a> {
    /// The slug of every Markdown file of the book by its normalised path,
    /// and of every folder with an index.md by the folder's path (the
    /// first file in the book's order wins where both name one path).
    pages: HashMap<PathBuf, String>,
    /// The computed budget, for `{{ total 1.1 }}` and the like.
    programme: &'a Programme,
    /// The currency sign printed before an amount, e.g. "€".
    sign: String,
    /// Each page's heading anchors, by slug, once every page is parsed.
    anchors: HashMap<String, Vec<String>>,
    /// The book's images, once its root is known.
    images: Option<Images>,
    /// Markdown files whose front matter had errors, with the first one's
    /// position: a budget missing from them is an echo of those errors.
    load_errors: Vec<(PathBuf, Pos)>,
}

impl<'a> BookIndex<'a> {
    /// The index of `book`, with `programme` computed from it.
    pub fn new(book: &Book, programme: &'a Programme) -> Self {
        Self {
            pages: slugs(&book.files),
            programme,
            sign: book.config.labels.currency_sign.clone(),
            anchors: HashMap::new(),
            images: None,
            load_errors: Vec::new(),
        }
    }

    /// The same index, knowing which Markdown files had errors while the
    /// book was loaded (the errors in `diags` so far).
    pub fn with_load_errors(mut self, diags: &Diagnostics) -> Self {
        for d in diags.sorted() {
            let markdown = d.path.extension().is_some_and(|x| x == "md");
            if d.severity == Severity::Error
                && markdown
                && !self.load_errors.iter().any(|(p, _)| *p == d.path)
            {
                self.load_errors.push((d.path.clone(), d.pos));
            }
        }
        self
    }

    /// The same index, checking images through the book's reader (and, in
    /// a session that rebuilds, keeping each image decoded in `memos`).
    pub fn with_images(mut self, closed: Option<&BookRoot>, memos: Option<&Memos>) -> Self {
        self.images = Some(Images::new(closed, memos));
        self
    }

    /// The same index, knowing the anchors of every page's headings.
    pub fn with_anchors(mut self, anchors: HashMap<String, Vec<String>>) -> Self {
        self.anchors = anchors;
        self
    }
}

impl BookIndex<'_> {
    /// An amount as the book prints it: "€ 2.620.019".
    fn currency(&self, value: rust_decimal::Decimal) -> String {
        format::currency(value, self.programme.policy.precision, &self.sign)
    }
}

impl Resolver for BookIndex<'_> {
    fn page_slug(&self, path: &Path) -> Option<String> {
        self.pages.get(&normalise(path)).cloned()
    }

    fn has_budget(&self, id: &str) -> bool {
        self.programme.budget(id).is_some()
    }

    fn no_budget(&self, id: &str) -> String {
        // A page is usually named after its id: `1.1-werk.md`, `3.7-…/index.md`.
        let named = |path: &Path| {
            let name = match path.file_name().and_then(|n| n.to_str()) {
                Some("index.md") => path.parent().and_then(Path::file_name),
                _ => path.file_stem(),
            };
            name.and_then(|n| n.to_str()).is_some_and(|n| {
                n.eq_ignore_ascii_case(id)
                    || n.to_lowercase()
                        .starts_with(&format!("{}-", id.to_lowercase()))
            })
        };
        match self.load_errors.iter().find(|(path, _)| named(path)) {
            Some((path, pos)) => format!(
                "budget `{id}` could not be read: see the error in `{}` at line {}",
                path.display(),
                pos.line
            ),
            None => match self.load_errors.first() {
                Some((path, _)) => format!(
                    "there is no budget `{id}`, unless it is in `{}`, whose front matter has errors",
                    path.display()
                ),
                None => format!("there is no budget `{id}`"),
            },
        }
    }

    fn load_error(&self, path: &Path) -> Option<Pos> {
        self.load_errors
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, pos)| *pos)
    }

    fn inline(&self, name: &str, arg: Option<&str>) -> Result<String, String> {
        let budget = |id: &str| self.programme.budget(id).ok_or_else(|| self.no_budget(id));
        match (name, arg) {
            ("available", None) => Ok(self.currency(self.programme.available)),
            ("total", None) => Ok(self.currency(self.programme.total)),
            ("total", Some(id)) => Ok(self.currency(budget(id)?.total)),
            ("material", Some(id)) => Ok(self.currency(budget(id)?.material)),
            ("budget" | "overview", _) => {
                Err("a table placeholder must stand alone in its paragraph".into())
            }
            _ => Err("no such placeholder".into()),
        }
    }

    fn anchors(&self, slug: &str) -> Option<&[String]> {
        self.anchors.get(slug).map(Vec::as_slice)
    }

    fn image(&self, page: &Path, src: &str) -> Result<Option<(u32, u32)>, ImageProblem> {
        match &self.images {
            Some(images) => images.check(page, src),
            None => Ok(None),
        }
    }
}

/// The slug of each file of `files` (in the book's order) by its path,
/// and by its folder's for an index.md: what a link to either names.
fn slugs(files: &[(PathBuf, String)]) -> HashMap<PathBuf, String> {
    let mut slugs = HashMap::with_capacity(files.len() * 2);
    for (path, slug) in files {
        let path = normalise(path);
        if path.file_name().is_some_and(|n| n == "index.md")
            && let Some(folder) = path.parent()
        {
            slugs
                .entry(folder.to_path_buf())
                .or_insert_with(|| slug.clone());
        }
        slugs.entry(path).or_insert_with(|| slug.clone());
    }
    slugs
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
pub fn page_source(page: &LoadedPage) -> Source<'_> {
    Source {
        path: &page.file.path,
        body: &page.body,
        body_line: page.file.body_line,
        budget: page.meta.budget.as_ref().map(|b| b.id.as_str()),
    }
}

/// The anchors of the headings in `blocks`, as the PDF labels them.
/// Headings in footnotes are left out: a note is printed only where it is
/// referenced.
pub(super) fn anchors(blocks: &[RawBlock], out: &mut Vec<String>) {
    for block in blocks {
        match &block.kind {
            RawKind::Heading { anchor, .. } => out.push(anchor.clone()),
            RawKind::List { items, .. } => items.iter().for_each(|item| anchors(item, out)),
            RawKind::Quote(inner) | RawKind::Boxed { blocks: inner, .. } => anchors(inner, out),
            _ => {}
        }
    }
}
