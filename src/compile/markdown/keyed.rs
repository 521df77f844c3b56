//! [`PageDocument`]: a page's resolved document as the compiled book holds
//! it, shared with the memo that keeps it between a session's compiles,
//! and with a key of everything in it, made once where the document is
//! made.
//!
//! Whatever a backend keeps by a page's text (the site's rendered pages)
//! keys it by [`PageDocument::key`], so that an unchanged page costs
//! neither a copy nor a walk of its tree on a save.

use std::ops::Deref;
use std::sync::Arc;

use super::Document;

/// A resolved document and the key of its content.
#[derive(Debug, Clone)]
pub struct PageDocument {
    document: Arc<Document>,
    key: u128,
}

impl PageDocument {
    /// Keeps `document` with its key: the hash of all of it, so that two
    /// documents that differ in anything have different keys.
    pub fn new(document: Document) -> Self {
        let key = typst::utils::hash128(&document);
        Self {
            document: Arc::new(document),
            key,
        }
    }

    /// The key of the document's content.
    pub fn key(&self) -> u128 {
        self.key
    }
}

impl Default for PageDocument {
    fn default() -> Self {
        Self::new(Document::default())
    }
}

impl Deref for PageDocument {
    type Target = Document;

    fn deref(&self) -> &Document {
        &self.document
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::markdown::{Block, Inline, LinkTarget};

    fn link(slug: &str, anchor: &str) -> Document {
        let target = LinkTarget::Page {
            slug: slug.to_owned(),
            anchor: Some(anchor.to_owned()),
        };
        Document {
            blocks: vec![Block::Paragraph(vec![Inline::Link {
                target,
                content: vec![Inline::Text("zie".to_owned())],
            }])],
            footnotes: Vec::new(),
            lines: vec![3],
        }
    }

    #[test]
    fn the_key_changes_with_anything_in_the_document() {
        let key = |d: Document| PageDocument::new(d).key();
        assert_eq!(key(link("a", "x")), key(link("a", "x")));
        // Another anchor, another page: what another page's heading gives.
        assert_ne!(key(link("a", "x")), key(link("a", "y")));
        assert_ne!(key(link("a", "x")), key(link("b", "x")));
        // The same text in other pieces.
        assert_ne!(key(link("ab", "x")), key(link("a", "bx")));
        // Where the block starts in the file.
        let mut moved = link("a", "x");
        moved.lines = vec![4];
        assert_ne!(key(link("a", "x")), key(moved));
        assert_ne!(key(link("a", "x")), key(Document::default()));
    }
}
