//! The html backend: the work plan as a static, accessible website.
//!
//! ```text
//! Compiled -> prepare: page texts (document tree -> HTML), search index,
//!             exports, static files (while Typst makes the PDF)
//!          -> pages (through Tera templates, with the PDF's size)
//!          -> site/ in the publication being staged, which becomes
//!             build/site together with the PDF (see [`crate::report::publish`])
//! ```
//!
//! Links between pages are relative (see [`links`]), so the site works from
//! disk and under any sub-path; everything an editor wrote is escaped (see
//! [`html`]); output is deterministic: the same book gives the same bytes.

mod assets;
pub(crate) mod cache;
mod check;
mod chrome;
pub(crate) mod html;
pub(crate) mod images;
pub(crate) mod links;
mod outline;
mod pages;
pub(crate) mod search;
mod tables;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::base::diagnostics::Diagnostics;
use crate::compile::compiled::Compiled;
use crate::render::backend::{Artifact, Backend, CheckContext, Output, RenderContext};
// Named as the site lists the exports it offers.
use crate::base::output::{self, Content};
use crate::render::export::{self, ExportFormat as Format};

/// The files of a site: path under the site root → bytes, sorted.
pub(crate) type SiteFiles = std::collections::BTreeMap<String, Vec<u8>>;

/// What the site backend keeps between builds.
#[derive(Debug, Default)]
pub(crate) struct SiteCache {
    /// Rendered HTML pages.
    pub pages: cache::Memo<Arc<str>>,
    /// Each page's description, by its text's key.
    pub descriptions: cache::Memo<String>,
    /// Each page's stemmed words.
    pub words: cache::Memo<Arc<search::PageWords>>,
    /// The parsed templates.
    pub templates: cache::Memo<Arc<tera::Tera>>,
    /// Each page's text as HTML.
    pub bodies: cache::Memo<Arc<str>>,
    /// The search index's script.
    pub index: cache::Memo<Arc<str>>,
    /// The budget's exports and workbook, as offered for download.
    pub(crate) downloads: cache::Memo<Arc<(Vec<Download>, SiteFiles)>>,
    /// The key of what the exports were last made of.
    exports_key: cache::ExportsKey,
    /// The book's images, by their files.
    pub(crate) images: cache::Memo<images::Image>,
    /// The static files and web fonts.
    statics: cache::Memo<Arc<assets::StaticFiles>>,
}

impl SiteCache {
    /// Ends a build: results not used in the last `max_age` builds are
    /// dropped, so that memory stays flat over many rebuilds.
    pub(crate) fn evict(&self, max_age: u64) {
        self.pages.evict(max_age);
        self.descriptions.evict(max_age);
        self.words.evict(max_age);
        self.templates.evict(max_age);
        self.bodies.evict(max_age);
        self.index.evict(max_age);
        self.downloads.evict(max_age);
        self.images.evict(max_age);
        self.statics.evict(max_age);
    }
}

/// A download offered on every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Download {
    /// Its path in the site: `downloads/kis-werkplan-2019.pdf`.
    pub path: String,
    /// The link text: "Werkplan 2019 als PDF".
    pub text: String,
    /// Its type and size: "PDF, 1,2 MB".
    pub meta: String,
}

impl Download {
    /// The download at `path`, linked as `text`, described by `meta`.
    fn of(path: String, text: String, meta: String) -> Self {
        Self { path, text, meta }
    }
}

/// The site backend, with what it keeps between the builds of a session.
#[derive(Debug, Default)]
pub(crate) struct Site {
    /// Templates, pages and search words of earlier builds.
    cache: SiteCache,
    /// What [`Backend::prepare`] made for the coming [`Backend::render`].
    prepared: Option<PreparedSite>,
    /// Whether the search index is left as the publication being staged
    /// holds it, for a publication that follows to make.
    index_later: bool,
    /// The pages written by the last build, by key, so that a page whose
    /// key and staged file are unchanged is not read to be compared.
    stamps: output::Stamps,
}

impl Site {
    /// Leaves the search index of the coming builds to a publication that
    /// follows each (`later`), or makes it with the pages (`!later`, as
    /// always in `kis-book build`). `kis-book serve` publishes a save's
    /// pages, exports and downloads first and tells the open pages; the
    /// index, made of every page's words, follows with the PDF's
    /// publication, whose site is a cold build's, byte for byte.
    pub(crate) fn make_index_later(&mut self, later: bool) {
        self.index_later = later;
    }
}

/// The part of the site that does not depend on the PDF, made while Typst
/// works (see [`Backend::prepare`]).
#[derive(Debug)]
struct PreparedSite {
    tera: Arc<tera::Tera>,
    fingerprint: u128,
    pages: pages::PageBodies,
    /// The budget's exports and workbook, with the key of what they are
    /// made of.
    downloads: (u128, Arc<(Vec<Download>, SiteFiles)>),
    /// The book's images by their path in the site.
    images: std::collections::BTreeMap<String, images::Image>,
    /// The static files and web fonts.
    statics: Arc<assets::StaticFiles>,
    /// Every other file but the pages and the PDF.
    files: SiteFiles,
    took: Duration,
}

impl PreparedSite {
    /// Every file of the site but the PDF's copy: the `pages` rendered,
    /// each with its key, the exports, the images, the static files and
    /// the rest. What a key names is written again only when its staged
    /// file is not the one last written (see [`output::Stamps`]).
    fn folder<'a>(&'a self, pages: &'a pages::PageFiles) -> Vec<(&'a str, Content<'a>)> {
        let (downloads_key, made) = &self.downloads;
        let statics = &self.statics;
        let pages = pages
            .iter()
            .map(|(rel, (key, html))| (rel.as_str(), Content::Known(html.as_bytes(), *key)));
        // The same exports, the same bytes; and so for the static files.
        let exports = made.1.iter().map(|(rel, bytes)| {
            let key = cache::Memo::<()>::key(&(downloads_key, rel));
            (rel.as_str(), Content::Known(bytes, key))
        });
        let static_files = statics.files.iter().map(|(rel, bytes)| {
            let key = cache::Memo::<()>::key(&(statics.key, rel));
            (rel.as_str(), Content::Known(bytes, key))
        });
        let images = self
            .images
            .iter()
            .filter(|(rel, _)| !self.files.contains_key(*rel) && !statics.files.contains_key(*rel))
            .map(|(rel, (key, bytes))| (rel.as_str(), Content::Known(bytes, *key)));
        let rest = self
            .files
            .iter()
            .map(|(rel, bytes)| (rel.as_str(), Content::Bytes(bytes)));
        pages
            .chain(exports)
            .chain(images)
            .chain(static_files)
            .chain(rest)
            .collect()
    }
}

impl Backend for Site {
    fn name(&self) -> &'static str {
        "site"
    }

    /// Page names the site keeps for itself, a book without a text page
    /// for the home page, a table on the back cover (the footer) and site
    /// templates Tera cannot parse.
    fn check(&self, ctx: &CheckContext<'_>, diags: &mut Diagnostics) {
        check::check(ctx, diags);
    }

    /// Makes what the site needs besides the PDF: the templates, every
    /// page's text, the search index, the budget exports and the static
    /// files.
    fn prepare(&mut self, ctx: &RenderContext<'_>) -> anyhow::Result<()> {
        self.prepared = Some(prepare(ctx, &self.cache, self.index_later)?);
        Ok(())
    }

    /// Builds the site into `site/` of the publication being staged,
    /// offering the artifacts of the backends before it for download; the
    /// publication is switched in whole or not at all (see
    /// [`crate::report::publish`]), so a failed build leaves the previous site.
    fn render(
        &mut self,
        ctx: &RenderContext<'_>,
        _diags: &mut Diagnostics,
    ) -> anyhow::Result<Option<Output>> {
        let prepared = match self.prepared.take() {
            Some(prepared) => prepared,
            None => prepare(ctx, &self.cache, self.index_later)?,
        };
        let out_dir = ctx.out_dir.join("site");
        let start = Instant::now();
        let book = ctx.book;
        let mut downloads = Vec::new();
        let mut copies = Vec::new();
        for artifact in ctx.artifacts {
            let offered = download(artifact)?;
            copies.push((offered.path.clone(), artifact.path.as_path()));
            downloads.push(offered);
        }
        let made = &prepared.downloads.1;
        downloads.extend(made.0.iter().cloned());
        let renderer = pages::Renderer {
            tera: &prepared.tera,
            fingerprint: prepared.fingerprint,
            cache: &self.cache.pages,
        };
        let rendered = pages::render(book, &prepared.pages, &renderer, &downloads)?;
        let render = start.elapsed();
        let written = Instant::now();
        let pages = rendered.len();
        let mut folder = prepared.folder(&rendered);
        for (rel, path) in &copies {
            folder.push((rel, Content::Copy(path)));
        }
        if self.index_later {
            folder.push((pages::SEARCH_INDEX, Content::Kept));
        }
        let files = folder.len();
        let wrote = output::write_folder_stamped(&out_dir, folder, &mut self.stamps)?;
        Ok(Some(Output {
            artifacts: Vec::new(),
            summary: vec![format!(
                "wrote {pages} pages ({files} files, {} unchanged) to {}",
                wrote.unchanged,
                out_dir.display(),
            )],
            timings: vec![
                ("site: prepare (beside the PDF)", prepared.took),
                ("site: render", render),
                ("site: write", written.elapsed()),
            ],
        }))
    }

    fn trim(&mut self, max_age: u64) {
        self.cache.evict(max_age);
    }
}

/// Makes what the site needs besides the PDF: the budget's downloads on a
/// thread of their own while the pages are made, when they must be made
/// (in `kis-book serve` the site is what a save waits for).
fn prepare(
    ctx: &RenderContext<'_>,
    cache: &SiteCache,
    index_later: bool,
) -> anyhow::Result<PreparedSite> {
    let start = Instant::now();
    let book: &Compiled = ctx.book;
    let (tera, fingerprint) = assets::templates(ctx.assets, &cache.templates)?;
    let renderer = pages::Renderer {
        tera: &tera,
        fingerprint,
        cache: &cache.pages,
    };
    let make_pages = || pages::prepare(book, ctx.root, &renderer, cache, !index_later);
    // What the exports are made of: the settings and the computed budget.
    let inputs = cache.exports_key.of(&book.config, &book.programme);
    let (pages, downloads) = match cache.downloads.get(&inputs) {
        // A text edit: the exports of an earlier build, no thread needed.
        Some(made) => (make_pages(), Ok(made)),
        None => std::thread::scope(|scope| {
            let made = || {
                cache
                    .downloads
                    .get_or_make(&inputs, || budget_downloads(book).map(Arc::new))
            };
            let thread = std::thread::Builder::new()
                .name("kis-book-downloads".into())
                .spawn_scoped(scope, made);
            let pages = make_pages();
            let downloads = match thread {
                Ok(thread) => thread.join().unwrap_or_else(|_| {
                    Err(anyhow::anyhow!("internal error in the budget exports"))
                }),
                Err(_) => made(),
            };
            (pages, downloads)
        }),
    };
    let (pages, mut files) = pages?;
    let downloads = (inputs, downloads?);
    let images = images::collect(book, ctx.root, &cache.images);
    let statics = assets::static_kept(ctx.assets, &cache.statics)?;
    // A static file of the same name goes before any other.
    files.retain(|rel, _| !statics.files.contains_key(rel));
    Ok(PreparedSite {
        tera,
        fingerprint,
        pages,
        downloads,
        images,
        statics,
        files,
        took: start.elapsed(),
    })
}

/// The budget's exports and workbook, as offered for download, and their
/// files. `kis-book serve` makes them when the budget or the book's
/// settings changed, else takes those of an earlier build (a text edit
/// changes neither).
fn budget_downloads(book: &Compiled) -> anyhow::Result<(Vec<Download>, SiteFiles)> {
    let config = &book.config;
    let mut downloads = Vec::new();
    let mut files = SiteFiles::new();
    let budget = &config.labels.budget;
    let words = &config.words;
    let exports = [
        (Format::Csv, "begroting.csv", "CSV", &words.csv_kind),
        (
            Format::CsvLines,
            "begroting-regels.csv",
            words.csv_lines.as_str(),
            &words.csv_lines_kind,
        ),
        (Format::Json, "begroting.json", "JSON", &words.json_kind),
    ];
    let download_as = &words.download_as;
    for (format, file, name, kind) in exports {
        let text = format!("{budget} {download_as} {name}");
        let body = export::render(format, config, &book.programme);
        let path = format!("downloads/{}-{file}", config.output_name);
        downloads.push(Download::of(
            path.clone(),
            text,
            format!("{kind}, {}", size(body.len())),
        ));
        files.insert(path, body.into_bytes());
    }
    // The workbook: the same budget with live formulas, for finance.
    let workbook = export::xlsx::workbook(config, &book.programme)?;
    let path = format!("downloads/{}-begroting.xlsx", config.output_name);
    downloads.push(Download::of(
        path.clone(),
        format!("{budget} {download_as} {}", words.workbook),
        format!("{}, {}", words.workbook_kind, size(workbook.len())),
    ));
    files.insert(path, workbook);
    Ok((downloads, files))
}

/// How every page offers an artifact: its path in the site, its link text
/// and its type and size. The pages depend on an artifact through this
/// only, so `kis-book serve` knows from it whether a new PDF changes them.
pub(crate) fn download(artifact: &Artifact) -> anyhow::Result<Download> {
    let len = std::fs::metadata(&artifact.path)
        .with_context(|| format!("failed to read `{}`", artifact.path.display()))?
        .len();
    Ok(Download::of(
        download_path(artifact)?,
        artifact.title.clone(),
        format!(
            "{}, {}",
            artifact.kind.format_name(),
            size(usize::try_from(len).unwrap_or(usize::MAX))
        ),
    ))
}

/// Where the site offers an artifact: `downloads/<its file name>`.
fn download_path(artifact: &Artifact) -> anyhow::Result<String> {
    let name = artifact
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("`{}` has no file name", artifact.path.display()))?;
    Ok(format!("downloads/{name}"))
}

/// A file size in Dutch notation: "12 kB", "1,2 MB".
fn size(bytes: usize) -> String {
    let kb = bytes.div_ceil(1000);
    if kb < 1000 {
        format!("{kb} kB")
    } else {
        let tenths = bytes.div_ceil(100_000);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

/// Builds the book for `base_url` instead of its own address: the site's
/// absolute links (the 404 page, the sitemap) point there. An address other
/// than the book's own is a staging or review copy, so its pages say
/// `noindex`, name no canonical URL and robots.txt disallows everything.
pub(crate) fn readdress(config: &mut crate::source::model::Config, base_url: &str) {
    if config.base_url != base_url {
        config.base_url = base_url.to_owned();
        config.indexed = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_dutch() {
        assert_eq!(size(1), "1 kB");
        assert_eq!(size(12_345), "13 kB");
        assert_eq!(size(1_234_567), "1,3 MB");
    }
}
