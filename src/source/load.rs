//! Loading a book: walk `content/` in file-name order, read the config and
//! every chapter, and build the page tree with its budgets.
//!
//! Problems in the sources are diagnostics, not Rust errors: loading goes on
//! so that one run reports them all.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::base::closed::BookRoot;
pub(crate) use crate::base::closed::{display_path, refusal_diagnostic};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::base::memo::{ByDebug, Memo, Told};
use crate::source::config::{CONFIG_FILE, parse_config};
use crate::source::frontmatter::{self, SplitError};
use crate::source::input::BookInput;
use crate::source::model::{Book, Config, LoadedPage, PageFile, PageKind};

mod text;

use text::{KeptTexts, read_kept_text};
pub(crate) use text::{Text, read_text};

/// The folder of a book that holds the text.
pub(crate) const CONTENT_DIR: &str = "content";

/// A book that loaded, and everything found wrong with it on the way.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// The book, when the config and the folder could be read at all.
    pub book: Option<Book>,
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// The text of each file read (the config and every page, front
    /// matter included), for the stages that look at a whole file.
    pub texts: Texts,
}

/// The text of each book file read, by its path.
pub(crate) type Texts = HashMap<PathBuf, Text>;

/// Loads the book of `input`.
pub(crate) fn load_book(input: &BookInput) -> Loaded {
    let mut diags = Diagnostics::default();
    let mut texts = Texts::new();
    let book = load(input, &mut texts, &mut diags);
    Loaded {
        book,
        diagnostics: diags,
        texts,
    }
}

fn load(input: &BookInput, texts: &mut Texts, diags: &mut Diagnostics) -> Option<Book> {
    let content = display_path(&input.root().join(CONTENT_DIR));
    let closed = match input.book_root() {
        Some(closed) if closed.is_dir(&content) => closed,
        _ => {
            diags.push(
                Diagnostic::new(
                    codes::NO_CONTENT_FOLDER,
                    &content,
                    Pos::default(),
                    "there is no content folder",
                )
                    .with_hint(format!(
                        "a book is a folder with `{CONTENT_DIR}/` holding `{CONFIG_FILE}` and the chapters"
                    )),
            );
            return None;
        }
    };
    // content/ itself may be a link out of the book.
    if let Err(refusal) = closed.resolve(&content) {
        diags.push(refusal_diagnostic(&refusal));
        return None;
    }
    let kept = input.memos().map(KeptTexts::of);
    let config_path = content.join(CONFIG_FILE);
    let config = match read_kept_text(closed, &config_path, kept.as_ref(), diags) {
        Some(text) => {
            let config = parse_config(&config_path, &text.text, diags);
            texts.insert(config_path.clone(), text);
            config
        }
        None => None,
    };
    let entries = walk(closed, &content, diags);
    if entries.iter().all(|e| e.is_dir) {
        diags.report(
            codes::NO_CHAPTERS,
            &content,
            Pos::default(),
            "the content folder holds no chapters (Markdown files)",
        );
        return None;
    }
    let config = config?;
    let loader = Loader {
        closed,
        config: &config,
        texts: RefCell::new(std::mem::take(texts)),
        kept,
        memo: input.memos().map(|memos| {
            // What a page's front matter reads of the book: the config.
            let config = Memo::<()>::key(&ByDebug(&config));
            (memos.of(), config)
        }),
    };
    let chapters = loader.level(&entries.iter().collect::<Vec<_>>(), 0, diags);
    *texts = loader.texts.into_inner();
    check_unique(&chapters, diags);
    check_theme_folders(&chapters, None, diags);
    let files = entries
        .iter()
        .filter(|e| !e.is_dir)
        .map(|e| (e.path.clone(), slug_of(&e.path)))
        .collect();
    Some(Book {
        config,
        chapters,
        files,
    })
}

/// One file or folder under content/.
#[derive(Debug)]
struct ContentEntry {
    path: PathBuf,
    depth: usize,
    is_dir: bool,
}

/// Every folder and Markdown file under content/, through the closed
/// world: a link that leads out of the book is reported, never followed.
fn walk(root: &BookRoot, content: &Path, diags: &mut Diagnostics) -> Vec<ContentEntry> {
    let (found, refused) = root.walk(content, compare_names);
    for refusal in refused {
        diags.push(refusal_diagnostic(&refusal));
    }
    found
        .into_iter()
        .filter(|w| w.is_dir || w.path.extension().is_some_and(|x| x == "md"))
        .map(|w| ContentEntry {
            path: w.path,
            depth: w.depth,
            is_dir: w.is_dir,
        })
        .collect()
}

/// Orders names as an editor numbers them: numeric runs compare as numbers
/// (`2-` before `10-`, `3.6` before `3.10`), `index.md` first.
pub(crate) fn compare_names(a: &str, b: &str) -> Ordering {
    let rank = |s: &str| if s == "index.md" { 0 } else { 1 };
    rank(a).cmp(&rank(b)).then_with(|| natural(a, b))
}

fn natural(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let na = a.len() - a.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let nb = b.len() - b.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let (da, db) = (
                    a[..na].trim_start_matches('0'),
                    b[..nb].trim_start_matches('0'),
                );
                let ord = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[na..];
                b = &b[nb..];
            }
            (Some(x), Some(y)) => {
                let ord = x.to_lowercase().cmp(y.to_lowercase()).then(x.cmp(&y));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

/// What reading the pages needs: the closed world and the config; in a
/// session that rebuilds, the pages read before, with the config's key.
struct Loader<'a> {
    closed: &'a BookRoot,
    config: &'a Config,
    /// The text of each file read so far.
    texts: RefCell<Texts>,
    /// The texts read in the compiles before, in a session that rebuilds.
    kept: Option<KeptTexts>,
    memo: Option<(KeptPages, u128)>,
}

/// The pages read before, by the file's text and the config.
type KeptPages = Arc<Memo<Told<Option<LoadedPage>>>>;

impl Loader<'_> {
    /// Builds the pages of one level from `entries`, which are this level's
    /// entries each followed by its descendants.
    fn level(
        &self,
        entries: &[&ContentEntry],
        depth: usize,
        diags: &mut Diagnostics,
    ) -> Vec<LoadedPage> {
        let mut pages = Vec::new();
        let mut i = 0;
        while i < entries.len() {
            let entry = &entries[i];
            let end = entries[i + 1..]
                .iter()
                .position(|e| e.depth <= entry.depth)
                .map_or(entries.len(), |p| i + 1 + p);
            let inner = &entries[i + 1..end];
            if entry.is_dir {
                let index = inner.iter().copied().find(|e| {
                    e.depth == entry.depth + 1
                        && !e.is_dir
                        && e.path.file_name().is_some_and(|n| n == "index.md")
                });
                match index {
                    Some(index) => {
                        if let Some(mut page) = self.page(&index.path, depth, diags) {
                            let rest: Vec<&ContentEntry> = inner
                                .iter()
                                .copied()
                                .filter(|e| !std::ptr::eq(*e, index))
                                .collect();
                            page.children = self.level(&rest, depth + 1, diags);
                            pages.push(page);
                        }
                    }
                    None if inner.iter().any(|e| !e.is_dir) => diags.push(
                        Diagnostic::new(
                            codes::FOLDER_WITHOUT_INDEX,
                            &entry.path,
                            Pos::default(),
                            "this folder has no index.md",
                        )
                        .with_hint(
                            "a folder is a chapter or section: add an index.md with its title",
                        ),
                    ),
                    None => {}
                }
            } else if (entry.path.file_name().is_some_and(|n| n != "index.md") || depth == 0)
                && let Some(page) = self.page(&entry.path, depth, diags)
            {
                pages.push(page);
            }
            i = end;
        }
        pages
    }

    fn page(&self, path: &Path, depth: usize, diags: &mut Diagnostics) -> Option<LoadedPage> {
        let text = read_kept_text(self.closed, path, self.kept.as_ref(), diags)?;
        let page = match &self.memo {
            Some((memo, config)) => memo.told(&(path, depth, text.key, config), diags, |diags| {
                self.read_page(path, depth, &text.text, diags)
            }),
            None => self.read_page(path, depth, &text.text, diags),
        };
        self.texts.borrow_mut().insert(path.to_path_buf(), text);
        page
    }

    /// The page of the file `path`, whose text is `text`.
    fn read_page(
        &self,
        path: &Path,
        depth: usize,
        text: &str,
        diags: &mut Diagnostics,
    ) -> Option<LoadedPage> {
        let split = match frontmatter::split(text) {
            Ok(split) => split,
            Err(SplitError::Missing) => {
                diags.push(
                    Diagnostic::new(
                        codes::NO_FRONT_MATTER,
                        path,
                        Pos::new(1, 1),
                        "the file has no front matter",
                    )
                    .with_hint("start the file with a line `---`, then `title: …`, then `---`"),
                );
                return None;
            }
            Err(SplitError::Unclosed) => {
                diags.push(
                    Diagnostic::new(
                        codes::FRONT_MATTER_NOT_CLOSED,
                        path,
                        Pos::new(1, 1),
                        "the front matter is never closed",
                    )
                    .with_hint("end the front matter with a line `---`"),
                );
                return None;
            }
        };
        let meta = frontmatter::read_front_matter(self.config, path, split.yaml, 1, diags)?;
        Some(LoadedPage {
            file: PageFile {
                path: path.to_path_buf(),
                slug: slug_of(path),
                body_line: split.body_line,
                depth,
            },
            meta,
            body: split.body.to_owned(),
            children: Vec::new(),
        })
    }
}

/// The page's name for URLs: the file name, or the folder's for index.md.
fn slug_of(path: &Path) -> String {
    let name = if path.file_name().is_some_and(|n| n == "index.md") {
        path.parent().and_then(Path::file_name)
    } else {
        path.file_stem()
    };
    let name = name
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Where the book is when a command is run at `start` and `start` holds no
/// `content/` folder: the nearest folder above it that does, as git finds
/// its repository from any folder inside it (an editor in
/// `content/03-themas-en-projecten/` means the book two folders up).
/// `None` when `start` holds `content/` itself, is no folder (a mistyped
/// path is reported as such, never replaced by the book around it), or no
/// folder above it holds `content/`.
/// A relative `start` gives a relative root (`..`, `../..`), so paths in
/// messages stay short and valid from where the command was run.
pub(crate) fn root_above(start: &Path) -> Option<PathBuf> {
    if !start.is_dir() || start.join(CONTENT_DIR).is_dir() {
        return None;
    }
    let absolute = std::path::absolute(start).ok()?;
    let found = absolute
        .ancestors()
        .skip(1)
        .position(|folder| folder.join(CONTENT_DIR).is_dir())?;
    if start.is_absolute() {
        return absolute.ancestors().nth(found + 1).map(Path::to_path_buf);
    }
    // `start` followed by as many `..` as folders were climbed, with each
    // `..` taking back a named folder of `start` where it has one.
    let mut parts: Vec<Component<'_>> = Vec::new();
    let ups = std::iter::repeat_n(Component::ParentDir, found + 1);
    for part in start.components().chain(ups) {
        match (part, parts.last()) {
            (Component::CurDir, _) => {}
            (Component::ParentDir, Some(Component::Normal(_))) => {
                parts.pop();
            }
            (part, _) => parts.push(part),
        }
    }
    let root: PathBuf = parts.iter().collect();
    Some(if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    })
}

/// Ids and slugs must be unique: they name budgets, pages and URLs.
/// Warns about a project whose theme is not that of the folder it is in
/// (the folder's index.md names the theme): it would be counted under one
/// theme and printed under another. `folder` is the theme of the folder
/// that holds `pages`, with its index.md.
fn check_theme_folders(
    pages: &[LoadedPage],
    folder: Option<(&str, &Path)>,
    diags: &mut Diagnostics,
) {
    for page in pages {
        let theme = match &page.meta.group {
            Some(crate::source::model::Group::Theme(id)) => Some(id.as_str()),
            _ => None,
        };
        // A project's id may itself be wrong (reported elsewhere): the
        // file then names it.
        let project = (page.meta.kind == PageKind::Item).then(|| {
            page.meta.id.clone().unwrap_or_else(|| {
                let file = page.file.path.file_name().unwrap_or_default();
                format!("`{}`", file.to_string_lossy())
            })
        });
        if let (Some((expected, index)), Some(theme), Some(id)) = (folder, theme, project)
            && theme != expected
        {
            diags.push(
                Diagnostic::new(
                    codes::THEME_NOT_FOLDERS,
                    &page.file.path,
                    page.meta.group_pos,
                    format!(
                        "project {id} counts towards theme {theme}, but it stands in the folder \
                         of theme {expected} (`{}`)",
                        index.display()
                    ),
                )
                .with_hint(format!(
                    "write `theme: \"{expected}\"`, or move the file to the folder of theme \
                     {theme}"
                )),
            );
        }
        let inner = match (&page.meta.kind, theme) {
            (PageKind::Theme, Some(theme)) if !page.children.is_empty() => {
                Some((theme, page.file.path.as_path()))
            }
            _ => folder,
        };
        check_theme_folders(&page.children, inner, diags);
    }
}

fn check_unique(chapters: &[LoadedPage], diags: &mut Diagnostics) {
    fn walk<'a>(pages: &'a [LoadedPage], out: &mut Vec<&'a LoadedPage>) {
        for p in pages {
            out.push(p);
            walk(&p.children, out);
        }
    }
    let mut all = Vec::new();
    walk(chapters, &mut all);
    for (i, page) in all.iter().enumerate() {
        if let Some(id) = &page.meta.id
            && let Some(first) = all[..i].iter().find(|p| p.meta.id.as_ref() == Some(id))
        {
            diags.push(
                Diagnostic::new(
                    codes::DUPLICATE_ID,
                    &page.file.path,
                    page.meta.id_pos,
                    format!("id `{id}` is used twice"),
                )
                .with_hint(format!("`{}` has the same id", first.file.path.display())),
            );
        }
        if let Some(first) = all[..i].iter().find(|p| p.file.slug == page.file.slug) {
            diags.push(Diagnostic::new(
                codes::DUPLICATE_PAGE_NAME,
                &page.file.path,
                Pos::default(),
                format!(
                    "the page name `{}` is also that of `{}`: rename one file",
                    page.file.slug,
                    first.file.path.display()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_numbering_order() {
        let mut names = vec![
            "10-slot.md",
            "2-b.md",
            "index.md",
            "3.10-x.md",
            "3.7-verdere-implementatie",
            "3.6-y.md",
            "4.5-z.md",
            "6-zelfbeschikking",
            "book.yaml",
        ];
        names.sort_by(|a, b| compare_names(a, b));
        assert_eq!(
            names,
            [
                "index.md",
                "2-b.md",
                "3.6-y.md",
                "3.7-verdere-implementatie",
                "3.10-x.md",
                "4.5-z.md",
                "6-zelfbeschikking",
                "10-slot.md",
                "book.yaml"
            ]
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug_of(Path::new("content/01-inleiding.md")),
            "01-inleiding"
        );
        assert_eq!(slug_of(Path::new("content/3-x/index.md")), "3-x");
        assert_eq!(slug_of(Path::new("content/a b&c.md")), "a-b-c");
    }
}
