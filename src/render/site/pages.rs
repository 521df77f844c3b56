//! Every file of the site, rendered in memory: the pages of the book, the
//! home page, search, the accessibility statement, 404, sitemap and robots.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use anyhow::Context as _;
use serde::Serialize;

use crate::compile::compiled::{Compiled, Page};
use crate::compile::markdown::Block;
use crate::render::site::Download;
use crate::render::site::SiteCache;
use crate::render::site::cache::Memo;
use crate::render::site::chrome::{ChildView, KeyedSite, LinkView, Surroundings};
use crate::render::site::html;
use crate::render::site::images;
use crate::render::site::links::{self, Location};
use crate::render::site::outline::{
    Contents, OutlineEntry, children, children_title, entries, link, trail,
};
use crate::render::site::search;
use crate::render::site::tables::{NoTables, SiteTables, error_chain};
use crate::source::model::{Group, PageKind};

use super::SiteFiles;

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
pub(super) struct Renderer<'a> {
    /// The loaded templates.
    pub tera: &'a tera::Tera,
    /// A fingerprint of the templates' sources, part of every cache key.
    pub fingerprint: u128,
    /// Rendered pages of earlier builds.
    pub cache: &'a Memo<Arc<str>>,
}

/// What the pages are made of that does not depend on the PDF, so that it
/// can be made while Typst works: every page's text as HTML and the footer.
#[derive(Debug, Default)]
pub(super) struct PageBodies {
    /// Each page's text as HTML, by slug.
    bodies: BTreeMap<String, Body>,
    /// The back-cover text as HTML.
    footer: String,
}

/// A page's text as HTML, and what else the page shows of its text.
#[derive(Debug)]
struct Body {
    /// A key of everything the text is made of (see [`bodies`]).
    key: u128,
    /// The text as HTML.
    html: Arc<str>,
    /// The page's description (see [`description`]).
    description: String,
}

/// Where the site holds its search index.
pub(super) const SEARCH_INDEX: &str = "static/search-index.js";

/// Makes every page's text, and the files that are not pages: the search
/// index (`with_index`), sitemap and robots.txt.
pub(super) fn prepare(
    compiled: &Compiled,
    root: &std::path::Path,
    renderer: &Renderer<'_>,
    cache: &SiteCache,
    with_index: bool,
) -> anyhow::Result<(PageBodies, SiteFiles)> {
    let entries = entries(compiled)?;
    let bodies = bodies(compiled, root, &entries, renderer, cache)?;
    let footer = footer(compiled)?;
    let mut files = SiteFiles::new();
    if with_index {
        let index = search_index(&entries, &bodies, cache);
        files.insert(SEARCH_INDEX.to_owned(), index.as_bytes().to_vec());
    }
    sitemap_and_robots(compiled, &entries, renderer.tera, &mut files)?;
    Ok((PageBodies { bodies, footer }, files))
}

/// Every page's text as HTML, by slug: a page whose text, place and
/// words are as in an earlier build gets that build's HTML, and a page
/// with budget tables or the overview only while the budget's views are
/// unchanged too. Each text's key stands for it in its page's key, and
/// its description is made again only when the key changed.
fn bodies(
    compiled: &Compiled,
    root: &std::path::Path,
    entries: &[OutlineEntry<'_>],
    renderer: &Renderer<'_>,
    cache: &SiteCache,
) -> anyhow::Result<BTreeMap<String, Body>> {
    let memo = &cache.bodies;
    let words = &compiled.config.words;
    let words_key = Memo::<()>::key(words);
    // The tables are made of the views only (see `SiteTables`).
    let views = typst::utils::hash128(&compiled.views);
    let mut bodies = BTreeMap::new();
    for entry in entries {
        let loc = &entry.loc;
        let page = entry.page;
        let page_dir = images::page_dir(&page.file.path, root);
        let tables = crate::render::site::tables::has_tables(&page.content).then_some(views);
        let inputs = (
            renderer.fingerprint,
            page.content.key(),
            loc,
            &page.file.slug,
            &page.heading,
            &page_dir,
            words_key,
            tables,
        );
        let key = Memo::<()>::key(&inputs);
        let made = memo.lookup(key).map(Ok).unwrap_or_else(|| {
            let tables = SiteTables {
                compiled,
                tera: renderer.tera,
                from: loc,
            };
            let ctx = html::Context {
                from: loc,
                slug: &page.file.slug,
                heading: &page.heading,
                page_dir: &page_dir,
                words,
            };
            html::document(&page.content, ctx, &tables)
                .map(Arc::from)
                .with_context(|| format!("failed to render `{}`", page.file.path.display()))
                .inspect(|body| memo.store(key, Arc::clone(body)))
        })?;
        // The description is made of the page's text and heading, which
        // the key holds, and its own description.
        let description = cache
            .descriptions
            .get_or_insert_with(&(key, &page.meta.description), || description(page));
        let body = Body {
            key,
            html: made,
            description,
        };
        bodies.insert(page.file.slug.clone(), body);
    }
    Ok(bodies)
}

/// The search index's script.
fn search_index(
    entries: &[OutlineEntry<'_>],
    bodies: &BTreeMap<String, Body>,
    cache: &SiteCache,
) -> Arc<str> {
    let index: Vec<search::SearchEntry<'_>> = entries
        .iter()
        .map(|e| search::SearchEntry {
            href: e.loc.file(),
            title: e.page.heading.clone(),
            trail: trail(entries, e),
            summary: bodies
                .get(&e.page.file.slug)
                .map_or_else(|| description(e.page), |b| b.description.clone()),
            document: &e.page.content,
        })
        .collect();
    search::script(&index, &cache.words, &cache.index)
}

/// The sitemap and robots.txt.
fn sitemap_and_robots(
    compiled: &Compiled,
    entries: &[OutlineEntry<'_>],
    tera: &tera::Tera,
    files: &mut SiteFiles,
) -> anyhow::Result<()> {
    let config = &compiled.config;
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
    Ok(())
}

/// Renders every page of the site: the book's pages, the home page, and
/// search, the accessibility statement and 404.
pub(super) fn render(
    compiled: &Compiled,
    prepared: &PageBodies,
    renderer: &Renderer<'_>,
    downloads: &[Download],
) -> anyhow::Result<PageFiles> {
    let entries = &entries(compiled)?;
    let site = Surroundings {
        config: &compiled.config,
        downloads,
        footer: &prepared.footer,
        editions: crate::compile::views::edition_groups(&compiled.config),
        title: format!("{} – {}", compiled.config.title, compiled.config.subtitle),
        made: Default::default(),
    };
    let contents = Contents::new(entries, &compiled.config.words);
    let mut files = book_pages(compiled, entries, &contents, prepared, renderer, &site)?;
    let (path, html) = home_page(compiled, entries, &contents, renderer, &site)?;
    files.insert(path, html);
    for (path, html) in other_pages(&contents, renderer, &site)? {
        files.insert(path, html);
    }
    Ok(files)
}

/// The pages of the site by their path, each with the key it was rendered
/// under: the same key, the same bytes (see [`crate::base::output::Stamps`]).
pub(super) type PageFiles = BTreeMap<String, Rendered>;

/// A page rendered: the key it was rendered under, and its HTML.
pub(super) type Rendered = (u128, Arc<str>);

/// The pages of the book, each with its text, breadcrumbs, contents,
/// neighbours, sub-pages and key facts.
fn book_pages(
    compiled: &Compiled,
    entries: &[OutlineEntry<'_>],
    contents: &Contents<'_, '_>,
    prepared: &PageBodies,
    renderer: &Renderer<'_>,
    site: &Surroundings<'_>,
) -> anyhow::Result<PageFiles> {
    let config = &compiled.config;
    let words = &config.words;
    // Each theme's page, for the projects' facts.
    let themes: HashMap<&str, &OutlineEntry<'_>> = entries
        .iter()
        .filter_map(|e| match (&e.page.meta.kind, &e.page.meta.group) {
            (PageKind::Theme, Some(Group::Theme(id))) => Some((id.as_str(), e)),
            _ => None,
        })
        .rev()
        .collect();
    let mut files = PageFiles::new();
    for (i, entry) in entries.iter().enumerate() {
        let loc = &entry.loc;
        let page = entry.page;
        let body = prepared
            .bodies
            .get(&page.file.slug)
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
        // The view without its text and sidebar, which its key holds by
        // their own keys: they are made only for a page rendered anew.
        let view = PageView {
            title: format!("{} – {}", page.heading, site.title),
            heading: page.heading.clone(),
            description: body.description.clone(),
            canonical: loc.canonical(&config.base_url),
            og_type: "article",
            content: String::new(),
            crumbs,
            nav: String::new(),
            prev: i.checked_sub(1).map(|p| link(loc, &entries[p])),
            next: entries.get(i + 1).map(|n| link(loc, n)),
            children_title: children_title(page, words).to_owned(),
            children: children(config, contents, loc, i),
            facts: facts(compiled, &themes, loc, entry),
            overview: page.content.blocks.contains(&Block::Overview),
        };
        let key = (&view, loc, body.key, contents.sidebar_key(loc, Some(i)));
        let site_view = site.view(loc.prefix());
        let html = render_page(renderer, "site/page.html", &site_view, &key, || PageView {
            content: body.html.to_string(),
            nav: contents.sidebar(loc, Some(i)),
            ..view.clone()
        })?;
        files.insert(loc.file(), html);
    }
    Ok(files)
}

/// The home page: title, introduction, contents and downloads. Returns
/// its path and its HTML.
fn home_page(
    compiled: &Compiled,
    entries: &[OutlineEntry<'_>],
    contents: &Contents<'_, '_>,
    renderer: &Renderer<'_>,
    site: &Surroundings<'_>,
) -> anyhow::Result<(String, Rendered)> {
    let config = &compiled.config;
    let words = &config.words;
    let home = Location::root();
    let intro = entries
        .iter()
        .find(|e| e.page.meta.kind == PageKind::Text)
        .context("the book has no chapters")?;
    let mut facts = vec![(
        words.total_budget.clone(),
        crate::source::format::printed(config, compiled.programme.total),
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
        title: site.title.clone(),
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
    let site_view = site.view(String::new());
    let html = render_page(renderer, "site/home.html", &site_view, &view, || {
        view.clone()
    })?;
    Ok((home.file(), html))
}

/// Search, the accessibility statement and 404: (path, HTML) each.
fn other_pages(
    contents: &Contents<'_, '_>,
    renderer: &Renderer<'_>,
    site: &Surroundings<'_>,
) -> anyhow::Result<Vec<(String, Rendered)>> {
    let config = site.config;
    let words = &config.words;
    let mut out = Vec::new();
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
            title: format!("{heading} – {}", site.title),
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
        let site_view = site.view(loc.prefix());
        let html = render_page(renderer, template, &site_view, &view, || view.clone())?;
        out.push((loc.file(), html));
    }
    // The 404 page is served at any address, so it links absolutely.
    let view = PageView {
        title: format!("{} – {}", words.not_found, site.title),
        heading: words.not_found.clone(),
        description: format!("{} – {}", words.not_found_description, config.title),
        canonical: format!("{}404.html", config.base_url),
        og_type: "website",
        ..PageView::default()
    };
    let root = base_path(&config.base_url);
    let html = render_page(renderer, "site/404.html", &site.view(root), &view, || {
        view.clone()
    })?;
    out.push(("404.html".to_owned(), html));
    Ok(out)
}

/// Renders a page, or reuses the HTML of an earlier build whose template
/// and view were the same: in `kis-book serve`, an edit to one chapter
/// renders that page anew, and the pages whose views it changed (the
/// contents, neighbours), not the rest. `page` is what the page's view
/// is made of, which `view` makes when the page must be rendered.
/// Returns the page's key and HTML.
fn render_page(
    renderer: &Renderer<'_>,
    template: &str,
    site: &KeyedSite,
    page: &impl std::hash::Hash,
    view: impl FnOnce() -> PageView,
) -> anyhow::Result<Rendered> {
    // The key hashes what the views are made of: serializing them would
    // cost about as much as rendering.
    let key = Memo::<()>::key(&(renderer.fingerprint, template, site.key, page));
    if let Some(html) = renderer.cache.lookup(key) {
        return Ok((key, html));
    }
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site.view);
    ctx.insert("page", &view());
    let html: Arc<str> = renderer
        .tera
        .render(template, &ctx)
        .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
        .with_context(|| format!("failed to render template `{template}`"))?
        .into();
    renderer.cache.store(key, Arc::clone(&html));
    Ok((key, html))
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
            .find(|g| g.kind == crate::compile::budget::GroupKind::Theme && g.id == *theme)
    {
        out.push((
            format!(
                "{} {} {}",
                compiled.config.labels.budget,
                compiled.config.words.of_the,
                compiled.config.labels.theme.to_lowercase()
            ),
            crate::source::format::printed(&compiled.config, g.total),
            None,
        ));
    }
    if let Some(budget) = &page.budget {
        let id = &budget.computed.id;
        let shown = page.content.blocks.contains(&Block::Budget(id.clone()));
        out.push((
            compiled.config.words.total_budget.clone(),
            crate::source::format::printed(&compiled.config, budget.computed.total),
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
