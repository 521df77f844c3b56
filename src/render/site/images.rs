//! The images the book's pages show, copied into the site: every local
//! image a page names, resolved against the page's folder, goes to
//! `static/<its path from the book root>` (e.g.
//! `static/content/03-themas/beeld/kaart.png`), so that the site shows what
//! the PDF shows.
//!
//! The book is a closed world: an image whose path leaves `content/`, or
//! that is reached through a symbolic link (which `check` refuses), is not
//! copied, and the page shows its alternative text instead.

use std::collections::BTreeMap;
use std::path::{Component, Path};
use std::sync::Arc;
use std::time::SystemTime;

use crate::base::closed::BookRoot;
use crate::base::limits;
use crate::compile::compiled::Compiled;
use crate::compile::markdown::{Block, Document, Inline};
use crate::render::site::cache::Memo;

/// The folder of the book the images must be in.
const CONTENT: &str = "content";

/// Where the site keeps the images: `static/` + the path from the book root.
pub(crate) fn site_path(book_path: &str) -> String {
    format!("static/{book_path}")
}

/// A path as a URL path: every byte but letters, digits, `-._~/` encoded.
pub(crate) fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The folder of a page, from the book root (`content/03-themas`), given its
/// file as the loader named it, under `root` or relative to it.
pub(crate) fn page_dir(page_path: &Path, root: &Path) -> String {
    let rel = page_path.strip_prefix(root).unwrap_or(page_path);
    let mut parts: Vec<String> = rel
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    // A path not under `root` as given (`./content/…` under `.`): the
    // page's folder starts at `content`.
    if parts.first().is_some_and(|p| p != CONTENT)
        && let Some(at) = parts.iter().position(|p| p == CONTENT)
    {
        parts.drain(..at);
    }
    parts.join("/")
}

/// The image `src` of a page in `page_dir`, as a path from the book root
/// (`content/…`); `None` for a web address or a path that leaves
/// `content/`.
pub(crate) fn resolve(page_dir: &str, src: &str) -> Option<String> {
    if src.contains("://") || src.starts_with('/') || src.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = page_dir.split('/').filter(|s| !s.is_empty()).collect();
    for part in src.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    (parts.len() > 1 && parts[0] == CONTENT).then(|| parts.join("/"))
}

/// An image as the site copies it: a key of its bytes, and its bytes.
pub(crate) type Image = (u128, Arc<[u8]>);

/// Every local image of the book's pages, read from under `root`, by its
/// path in the site. Images outside `content/`, reached through a link, or
/// that cannot be read, are left out (the PDF backend reports a missing image at its line). An
/// image whose file has settled with the stamp of one read before (see
/// [`FileStamp`](crate::base::closed::FileStamp)) is taken from `kept`
/// instead of read.
pub(crate) fn collect(
    compiled: &Compiled,
    root: &Path,
    kept: &Memo<Image>,
) -> BTreeMap<String, Image> {
    let mut files = BTreeMap::new();
    // The closed world: a link on the way is refused (as `check` refused
    // it); each folder is looked at once, not once for each image in it.
    let Ok(closed) = BookRoot::new(root).map(BookRoot::remembering_folders) else {
        return files;
    };
    let now = SystemTime::now();
    for page_ref in compiled.pages() {
        let page = page_ref.page;
        let sources = sources(&page.content);
        if sources.is_empty() {
            continue;
        }
        let dir = page_dir(&page.file.path, root);
        for src in sources {
            let Some(rel) = resolve(&dir, src) else {
                continue;
            };
            let site = site_path(&rel);
            if files.contains_key(&site) {
                continue;
            }
            if let Some(image) = read(&closed, &root.join(&rel), now, kept) {
                files.insert(site, image);
            }
        }
    }
    files
}

/// The image at `path` (a file of the book, read as `check` read it),
/// from `kept` when its file has settled with the stamp of one read before.
fn read(closed: &BookRoot, path: &Path, now: SystemTime, kept: &Memo<Image>) -> Option<Image> {
    let stamp = closed.settled_stamp(path, now).ok()?;
    let key = stamp.map(|stamp| Memo::<()>::key(&(path, stamp)));
    if let Some(image) = key.and_then(|key| kept.lookup(key)) {
        return Some(image);
    }
    let bytes = closed.read(path, limits::IMAGE_BYTES).ok()?;
    let image: Image = (Memo::<()>::key(&bytes[..]), Arc::from(bytes));
    if let Some(key) = key {
        kept.store(key, image.clone());
    }
    Some(image)
}

/// The `src` of every image in a document, footnotes included.
fn sources(doc: &Document) -> Vec<&str> {
    let mut out = Vec::new();
    blocks(&doc.blocks, &mut out);
    for note in &doc.footnotes {
        blocks(&note.blocks, &mut out);
    }
    out
}

fn blocks<'a>(list: &'a [Block], out: &mut Vec<&'a str>) {
    for block in list {
        match block {
            Block::Heading { content, .. } | Block::Paragraph(content) => inlines(content, out),
            Block::List { items, .. } => items.iter().for_each(|item| blocks(item, out)),
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    inlines(cell, out);
                }
            }
            Block::Quote(inner) => blocks(inner, out),
            Block::Boxed {
                title,
                blocks: inner,
            } => {
                if let Some(title) = title {
                    inlines(title, out);
                }
                blocks(inner, out);
            }
            Block::Code(_) | Block::Rule | Block::Budget(_) | Block::Overview => {}
        }
    }
}

fn inlines<'a>(list: &'a [Inline], out: &mut Vec<&'a str>) {
    for inline in list {
        match inline {
            Inline::Image { src, .. } => out.push(src),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => inlines(c, out),
            Inline::Link { content, .. } => inlines(content, out),
            Inline::Text(_)
            | Inline::Code(_)
            | Inline::FootnoteRef(_)
            | Inline::HardBreak
            | Inline::SoftBreak => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_resolve_inside_content_only() {
        let dir = "content/03-themas/1-migratie";
        let cases = [
            ("kaart.png", Some("content/03-themas/1-migratie/kaart.png")),
            (
                "./beeld/a.svg",
                Some("content/03-themas/1-migratie/beeld/a.svg"),
            ),
            (
                "../beeld/logo.png",
                Some("content/03-themas/beeld/logo.png"),
            ),
            ("../../../book.yaml", None),
            ("../../../../etc/passwd", None),
            ("/etc/passwd", None),
            ("https://www.kis.nl/logo.png", None),
        ];
        for (src, expected) in cases {
            assert_eq!(resolve(dir, src).as_deref(), expected, "{src}");
        }
    }

    #[test]
    fn image_paths_are_url_encoded() {
        assert_eq!(
            url_path("static/content/beeld/één kaart.png"),
            "static/content/beeld/%C3%A9%C3%A9n%20kaart.png"
        );
    }

    #[test]
    fn a_page_dir_is_from_the_book_root() {
        let root = Path::new("/tmp/boek");
        assert_eq!(
            page_dir(Path::new("/tmp/boek/content/03-themas/p.md"), root),
            "content/03-themas"
        );
        assert_eq!(
            page_dir(Path::new("content/01-inleiding.md"), Path::new(".")),
            "content"
        );
        assert_eq!(
            page_dir(Path::new("./content/a/b.md"), Path::new(".")),
            "content/a"
        );
    }
}
