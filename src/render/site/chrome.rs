//! The site's own views around the book's content: navigation, links,
//! breadcrumbs and downloads, with every href relative to the page that
//! shows it. The book's content itself (budget tables, the overview, the
//! labels) comes from [`crate::compile::views`], shared with the PDF.

use serde::Serialize;

/// A link: where to and what it says.
#[derive(Debug, Clone, Hash, Serialize)]
pub(super) struct LinkView {
    /// Relative href.
    pub href: String,
    /// Link text.
    pub text: String,
}

/// A file to download, e.g. the PDF or a budget export.
#[derive(Debug, Clone, Hash, Serialize)]
pub(super) struct DownloadView {
    /// Relative href.
    pub href: String,
    /// What it is, e.g. "Werkplan 2019 (PDF)".
    pub text: String,
    /// Its format and size, e.g. "PDF, 1,2 MB".
    pub meta: String,
}

/// A sub-page listed on its parent page.
#[derive(Debug, Clone, Hash, Serialize)]
pub(super) struct ChildView {
    /// Relative href.
    pub href: String,
    /// Heading of the sub-page.
    pub text: String,
    /// Its budget total, if it has a budget.
    pub total: Option<String>,
}
