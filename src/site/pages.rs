//! Every file of the site, rendered in memory: the pages of the book, the
//! home page, search, the accessibility statement, 404, sitemap and robots.

use std::collections::{BTreeMap, HashMap};

use anyhow::Context as _;
use serde::Serialize;

use crate::compiled::{Compiled, Page};
use crate::markdown::Block;
use crate::model::{Group, PageKind, Words};
use crate::site::Download;
use crate::site::SiteCache;
use crate::site::cache::Memo;
use crate::site::chrome::{ChildView, DownloadView, LinkView};
use crate::site::html;
use crate::site::images;
use crate::site::links::{self, Location};
use crate::site::outline::{
    CONTENTS_ANCHOR, Contents, OutlineEntry, children, children_title, entries, link, trail,
};
use crate::site::search;
use crate::site::tables::{NoTables, SiteTables, error_chain};

use super::Files;

/// What every page shows around its own content.
#[derive(Debug, Clone, Hash, Serialize)]
struct SiteView {
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
    editions: Vec<crate::views::EditionGroup>,
    /// The book's words around its text.
    words: Words,
}

/// The page being shown.
#[derive(Debug, Clone, Hash, Serialize, Default)]
struct PageView {
    /// Contents of `<title>`.
    title: String,
    /// The one h1.
    heading: String,
    /// Meta description.
    description: String,
    /// Absolute canonical URL.
    canonical: String,
    /// Open Graph type.
    og_type: &'static str,
    /// The page's text as HTML (escaped by [`html`]).
    content: String,
    /// Breadcrumbs up to, not including, this page.
    crumbs: Vec<LinkView>,
    /// The contents as HTML: on a page of the book its sidebar, the way
    /// down to it with this page marked ([`Contents::sidebar`]); on the
    /// home page the whole tree ([`Contents::full`]); empty where a page
    /// shows none.
    nav: String,
    /// Previous page in reading order.
    prev: Option<LinkView>,
    /// Next page in reading order.
    next: Option<LinkView>,
    /// Heading of the list of sub-pages.
    children_title: String,
    /// Sub-pages listed under the text.
    children: Vec<ChildView>,
    /// Key facts of a project: (label, value, href).
    facts: Vec<(String, String, Option<String>)>,
    /// Whether the page holds the overview (and so links the exports).
    overview: bool,
}

/// The templates a build renders with.
#[derive(Debug, Clone, Copy)]
pub struct Renderer<'a> {
    /// The loaded templates.
    pub tera: &'a tera::Tera,
    /// A fingerprint of the templates' sources, part of every cache key.
    pub fingerprint: u128,
    /// Rendered pages of earlier builds.
    pub cache: &'a Memo<String>,
}

/// What the pages are made of that does not depend on the PDF, so that it
/// can be made while Typst works: every page's text as HTML and the footer.
#[derive(Debug, Default)]
pub struct PageBodies {
    /// Each page's text as HTML, by slug.
    bodies: BTreeMap<String, String>,
    /// The back-cover text as HTML.
    footer: String,
}

/// Makes every page's text, and the files that are not pages: the search
/// index, sitemap and robots.txt.
pub fn prepare(
    compiled: &Compiled,
    root: &std::path::Path,
    tera: &tera::Tera,
    cache: &SiteCache,
) -> anyhow::Result<(PageBodies, Files)> {
    let config = &compiled.config;
    let entries = entries(compiled)?;
    let footer = footer(compiled)?;
    let mut bodies = BTreeMap::new();
    for entry in &entries {
        let loc = &entry.loc;
        let page = entry.page;
        let tables = SiteTables {
            compiled,
            tera,
            from: loc,
        };
        let page_dir = images::page_dir(&page.file.path, root);
        let ctx = html::Context {
            from: loc,
            slug: &page.file.slug,
            heading: &page.heading,
            page_dir: &page_dir,
            words: &config.words,
        };
        let body = html::document(&page.content, ctx, &tables)
            .with_context(|| format!("failed to render `{}`", page.file.path.display()))?;
        bodies.insert(page.file.slug.clone(), body);
    }
    let mut files = Files::new();

    // The search index.
    let index: Vec<search::SearchEntry<'_>> = entries
        .iter()
        .map(|e| search::SearchEntry {
            href: e.loc.file(),
            title: e.page.heading.clone(),
            trail: trail(&entries, e),
            summary: description(e.page),
            document: &e.page.content,
        })
        .collect();
    files.insert(
        "static/search-index.js".to_owned(),
        search::script(&index, &cache.words).into_bytes(),
    );

    // Sitemap and robots.txt.
    let home = Location::root();
    // A copy for another address (`--base-url`) asks not to be indexed.
    let mut urls = vec![home.canonical(&config.base_url)];
    urls.extend(entries.iter().map(|e| e.loc.canonical(&config.base_url)));
    urls.push(Location::dir(links::ACCESSIBILITY_DIR).canonical(&config.base_url));
    let mut ctx = tera::Context::new();
    ctx.insert("urls", &urls);
    ctx.insert("lastmod", &config.date);
    let sitemap = tera
        .render("site/sitemap.xml", &ctx)
        .context("failed to render the sitemap")?;
    files.insert("sitemap.xml".to_owned(), sitemap.into_bytes());
    let robots = if config.indexed {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            config.base_url
        )
    } else {
        "User-agent: *\nDisallow: /\n".to_owned()
    };
    files.insert("robots.txt".to_owned(), robots.into_bytes());
    Ok((PageBodies { bodies, footer }, files))
}

/// Renders every page of the site.
pub fn render(
    compiled: &Compiled,
    prepared: &PageBodies,
    renderer: &Renderer<'_>,
    downloads: &[Download],
) -> anyhow::Result<Files> {
    let config = &compiled.config;
    let entries = &entries(compiled)?;
    let words = &config.words;
    let contents = Contents::new(entries, words);
    // Each theme's page, for the projects' facts.
    let themes: HashMap<&str, &OutlineEntry<'_>> = entries
        .iter()
        .filter_map(|e| match (&e.page.meta.kind, &e.page.meta.group) {
            (PageKind::Theme, Some(Group::Theme(id))) => Some((id.as_str(), e)),
            _ => None,
        })
        .rev()
        .collect();
    let footer = &prepared.footer;
    let editions = crate::views::edition_groups(config);
    let mut files = Files::new();

    let download = |root: &str, d: &Download| DownloadView {
        href: format!("{root}{}", d.path),
        text: d.text.clone(),
        meta: d.meta.clone(),
    };
    let site_for = |root: String| SiteView {
        title: config.title.clone(),
        subtitle: config.subtitle.clone(),
        lang: config.language.clone(),
        publisher: config.publisher.clone(),
        indexed: config.indexed,
        home: format!("{root}index.html"),
        search: format!("{root}{}/index.html", links::SEARCH_DIR),
        contents: format!("{root}index.html#{CONTENTS_ANCHOR}"),
        accessibility: format!("{root}{}/index.html", links::ACCESSIBILITY_DIR),
        downloads: downloads.iter().map(|d| download(&root, d)).collect(),
        pdf: downloads
            .iter()
            .find(|d| d.path.ends_with(".pdf"))
            .map(|d| download(&root, d)),
        footer: footer.clone(),
        editions: editions.clone(),
        words: words.clone(),
        root,
    };
    let site_title = format!("{} – {}", config.title, config.subtitle);

    for (i, entry) in entries.iter().enumerate() {
        let loc = &entry.loc;
        let page = entry.page;
        let content = prepared
            .bodies
            .get(&page.file.slug)
            .cloned()
            .with_context(|| format!("the text of `{}` was not prepared", page.file.slug))?;
        let mut crumbs = vec![LinkView {
            href: loc.to(&Location::root()),
            text: config.title.clone(),
        }];
        let mut ancestors = Vec::new();
        let mut up = entry.parent;
        while let Some(p) = up {
            ancestors.push(p);
            up = entries[p].parent;
        }
        for &p in ancestors.iter().rev() {
            crumbs.push(link(loc, &entries[p]));
        }
        let view = PageView {
            title: format!("{} – {site_title}", page.heading),
            heading: page.heading.clone(),
            description: description(page),
            canonical: loc.canonical(&config.base_url),
            og_type: "article",
            content,
            crumbs,
            nav: contents.sidebar(loc, Some(i)),
            prev: i.checked_sub(1).map(|p| link(loc, &entries[p])),
            next: entries.get(i + 1).map(|n| link(loc, n)),
            children_title: children_title(page, words).to_owned(),
            children: children(config, &contents, loc, i),
            facts: facts(compiled, &themes, loc, entry),
            overview: page.content.blocks.contains(&Block::Overview),
        };
        let html = render_page(renderer, "site/page.html", &site_for(loc.prefix()), &view)?;
        files.insert(loc.file(), html.into_bytes());
    }

    // The home page: title, introduction, contents and downloads.
    let home = Location::root();
    let intro = entries
        .iter()
        .find(|e| e.page.meta.kind == PageKind::Text)
        .context("the book has no chapters")?;
    let mut facts = vec![(
        words.total_budget.clone(),
        crate::format::printed(config, compiled.programme.total),
        None,
    )];
    let projects = compiled
        .programme
        .budgets
        .iter()
        .filter(|b| matches!(b.group, Group::Theme(_)))
        .count();
    facts.push((words.projects.clone(), projects.to_string(), None));
    let view = PageView {
        title: site_title.clone(),
        heading: config.title.clone(),
        description: format!(
            "{} {} {}: {}.",
            config.title, words.of_the, config.subtitle, words.home_description
        ),
        canonical: home.canonical(&config.base_url),
        og_type: "website",
        content: html::escape(&search::summary(&intro.page.content, 2000)),
        nav: contents.full(&home),
        next: Some(link(&home, intro)),
        facts,
        ..PageView::default()
    };
    let html = render_page(renderer, "site/home.html", &site_for(String::new()), &view)?;
    files.insert(home.file(), html.into_bytes());

    // Search, accessibility statement and 404.
    let specials = [
        (links::SEARCH_DIR, "site/search.html", &words.search),
        (
            links::ACCESSIBILITY_DIR,
            "site/toegankelijkheid.html",
            &words.accessibility_statement,
        ),
    ];
    for (dir, template, heading) in specials {
        let loc = Location::dir(dir);
        let view = PageView {
            title: format!("{heading} – {site_title}"),
            heading: heading.to_owned(),
            description: format!("{heading} – {}", config.title),
            canonical: loc.canonical(&config.base_url),
            og_type: "website",
            crumbs: vec![LinkView {
                href: loc.to(&Location::root()),
                text: config.title.clone(),
            }],
            nav: contents.sidebar(&loc, None),
            ..PageView::default()
        };
        let html = render_page(renderer, template, &site_for(loc.prefix()), &view)?;
        files.insert(loc.file(), html.into_bytes());
    }
    // The 404 page is served at any address, so it links absolutely.
    let base_path = base_path(&config.base_url);
    let view = PageView {
        title: format!("{} – {site_title}", words.not_found),
        heading: words.not_found.clone(),
        description: format!("{} – {}", words.not_found_description, config.title),
        canonical: format!("{}404.html", config.base_url),
        og_type: "website",
        ..PageView::default()
    };
    let html = render_page(renderer, "site/404.html", &site_for(base_path), &view)?;
    files.insert("404.html".to_owned(), html.into_bytes());

    Ok(files)
}

/// Renders a page, or reuses the HTML of an earlier build whose template
/// and view were the same: in `kis-book serve`, an edit to one chapter
/// renders that page anew, and the pages whose views it changed (the
/// contents, neighbours), not the rest.
fn render_page(
    renderer: &Renderer<'_>,
    template: &str,
    site: &SiteView,
    page: &PageView,
) -> anyhow::Result<String> {
    // The key hashes the views themselves: serializing them would cost
    // about as much as rendering.
    let inputs = (renderer.fingerprint, template, site, page);
    renderer.cache.get_or_make(&inputs, || {
        let mut ctx = tera::Context::new();
        ctx.insert("site", site);
        ctx.insert("page", page);
        renderer
            .tera
            .render(template, &ctx)
            .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
            .with_context(|| format!("failed to render template `{template}`"))
    })
}

/// The back-cover text as HTML for the footer (links in it are external).
fn footer(compiled: &Compiled) -> anyhow::Result<String> {
    let Some(page) = compiled.back_cover() else {
        return Ok(String::new());
    };
    let here = Location::root();
    // The footer stands on every page, at every depth: its images show
    // their text.
    let ctx = html::Context {
        from: &here,
        slug: &page.file.slug,
        heading: &page.meta.title,
        page_dir: "",
        words: &compiled.config.words,
    };
    html::document(&page.content, ctx, &NoTables)
}

/// Key facts shown at the top of a project, theme or function page.
fn facts(
    compiled: &Compiled,
    themes: &HashMap<&str, &OutlineEntry<'_>>,
    loc: &Location,
    entry: &OutlineEntry<'_>,
) -> Vec<(String, String, Option<String>)> {
    let page = entry.page;
    let mut out = Vec::new();
    if let (PageKind::Item, Some(Group::Theme(theme))) = (&page.meta.kind, &page.meta.group) {
        out.push(match themes.get(theme.as_str()) {
            Some(t) => (
                compiled.config.labels.theme.clone(),
                t.page.heading.clone(),
                Some(loc.to(&t.loc)),
            ),
            None => (compiled.config.labels.theme.clone(), theme.clone(), None),
        });
    }
    if let (PageKind::Theme, Some(Group::Theme(theme))) = (&page.meta.kind, &page.meta.group)
        && let Some(g) = compiled
            .programme
            .groups
            .iter()
            .find(|g| g.kind == crate::budget::GroupKind::Theme && g.id == *theme)
    {
        out.push((
            format!(
                "{} {} {}",
                compiled.config.labels.budget,
                compiled.config.words.of_the,
                compiled.config.labels.theme.to_lowercase()
            ),
            crate::format::printed(&compiled.config, g.total),
            None,
        ));
    }
    if let Some(budget) = &page.budget {
        let id = &budget.computed.id;
        let shown = page.content.blocks.contains(&Block::Budget(id.clone()));
        out.push((
            compiled.config.words.total_budget.clone(),
            crate::format::printed(&compiled.config, budget.computed.total),
            shown.then(|| format!("#{}", budget.table.anchor)),
        ));
    }
    out
}

/// The page's description: its own, or the start of its text.
fn description(page: &Page) -> String {
    match &page.meta.description {
        Some(d) => d.clone(),
        None => {
            let s = search::summary(&page.content, 155);
            if s.is_empty() {
                page.heading.clone()
            } else {
                s
            }
        }
    }
}

/// The path of the base URL: `https://www.kis.nl/werkplan-2019/` →
/// `/werkplan-2019/`.
fn base_path(base_url: &str) -> String {
    let without_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match without_scheme.find('/') {
        Some(i) => without_scheme[i..].to_owned(),
        None => "/".to_owned(),
    }
}
