//! The site's own views around the book's content: navigation, links,
//! breadcrumbs and downloads, with every href relative to the page that
//! shows it. The book's content itself (budget tables, the overview, the
//! labels) comes from [`crate::compile::views`], shared with the PDF.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::Serialize;

use crate::render::site::Download;
use crate::render::site::cache::Memo;
use crate::render::site::links::{self, CONTENTS_ANCHOR};
use crate::source::model::Words;

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

/// What every page shows around its own content.
#[derive(Debug, Clone, Hash, Serialize)]
pub(super) struct SiteView {
    /// "Werkplan 2019".
    title: String,
    /// "Kennisplatform Integratie & Samenleving".
    subtitle: String,
    /// Language of the text, `nl`.
    lang: String,
    /// Who publishes it.
    publisher: String,
    /// False on a copy for another address (`--base-url`): its pages say
    /// `noindex` and name no canonical URL.
    indexed: bool,
    /// Relative path to the site root, `""` or `"../"` (or the base path on
    /// the 404 page).
    root: String,
    /// Href of the home page.
    home: String,
    /// Href of the search page.
    search: String,
    /// Href of the full contents on the home page.
    contents: String,
    /// Href of the accessibility statement.
    accessibility: String,
    /// The PDF and the budget exports.
    downloads: Vec<DownloadView>,
    /// The PDF of the work plan, when the PDF backend has made one.
    pdf: Option<DownloadView>,
    /// The back-cover text as HTML, shown in the footer.
    footer: String,
    /// The plans of other years (home page and footer), by group.
    editions: Vec<crate::compile::views::EditionGroup>,
    /// The book's words around its text.
    words: Words,
}

/// What every page shows around its own content, at any depth.
pub(super) struct Surroundings<'a> {
    pub config: &'a crate::source::model::Config,
    pub downloads: &'a [Download],
    /// The back-cover text as HTML.
    pub footer: &'a str,
    pub editions: Vec<crate::compile::views::EditionGroup>,
    /// "Werkplan 2019 – Kennisplatform Integratie & Samenleving".
    pub title: String,
    /// The views made so far, by the path to the site root.
    pub made: RefCell<HashMap<String, Rc<KeyedSite>>>,
}

/// The view around the pages at one depth, with its key.
#[derive(Debug)]
pub(super) struct KeyedSite {
    /// The view.
    pub view: SiteView,
    /// A key of the view: every page's cache key holds it instead of the
    /// view itself (the footer, the downloads, the words).
    pub key: u128,
}

impl Surroundings<'_> {
    /// The view around a page whose path to the site root is `root`, made
    /// once for all the pages at that depth.
    pub(super) fn view(&self, root: String) -> Rc<KeyedSite> {
        if let Some(made) = self.made.borrow().get(&root) {
            return Rc::clone(made);
        }
        let view = self.make_view(root.clone());
        let key = Memo::<()>::key(&view);
        let made = Rc::new(KeyedSite { view, key });
        self.made.borrow_mut().insert(root, Rc::clone(&made));
        made
    }

    fn make_view(&self, root: String) -> SiteView {
        let config = self.config;
        let download = |d: &Download| DownloadView {
            href: format!("{root}{}", d.path),
            text: d.text.clone(),
            meta: d.meta.clone(),
        };
        SiteView {
            title: config.title.clone(),
            subtitle: config.subtitle.clone(),
            lang: config.language.clone(),
            publisher: config.publisher.clone(),
            indexed: config.indexed,
            home: format!("{root}index.html"),
            search: format!("{root}{}/index.html", links::SEARCH_DIR),
            contents: format!("{root}index.html#{CONTENTS_ANCHOR}"),
            accessibility: format!("{root}{}/index.html", links::ACCESSIBILITY_DIR),
            downloads: self.downloads.iter().map(download).collect(),
            pdf: self
                .downloads
                .iter()
                .find(|d| d.path.ends_with(".pdf"))
                .map(download),
            footer: self.footer.to_owned(),
            editions: self.editions.clone(),
            words: config.words.clone(),
            root,
        }
    }
}
