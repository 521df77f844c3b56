//! Every file of the site, rendered in memory: the pages of the book, the
//! home page, search, the accessibility statement, 404, sitemap and robots.

use std::collections::BTreeMap;

use anyhow::Context as _;
use serde::Serialize;

use crate::Compiled;
use crate::markdown::{Block, Document, anchor_of};
use crate::model::{Group, Page, PageKind};
use crate::site::html::{self, Tables};
use crate::site::links::{self, Location};
use crate::site::search;
use crate::site::views::{self, ChildView, DownloadView, LinkView, NavView, RowTarget};

/// The files of a site: path under the site root → bytes, sorted.
pub type Files = BTreeMap<String, Vec<u8>>;

/// What every page shows around its own content.
#[derive(Debug, Clone, Serialize)]
struct SiteView {
    /// "Werkplan 2019".
    title: String,
    /// "Kennisplatform Integratie & Samenleving".
    subtitle: String,
    /// Language of the text, `nl`.
    lang: String,
    /// Who publishes it.
    publisher: String,
    /// Relative path to the site root, `""` or `"../"` (or the base path on
    /// the 404 page).
    root: String,
    /// Href of the home page.
    home: String,
    /// Href of the search page.
    search: String,
    /// Href of the accessibility statement.
    accessibility: String,
    /// The PDF and the budget exports.
    downloads: Vec<DownloadView>,
    /// The PDF of the work plan, when the PDF backend has made one.
    pdf: Option<DownloadView>,
    /// The back-cover text as HTML, shown in the footer.
    footer: String,
}

/// The page being shown.
#[derive(Debug, Clone, Serialize, Default)]
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
    /// The contents tree, with this page marked.
    nav: Vec<NavView>,
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

/// One page of the book with where it goes.
struct Entry<'a> {
    page: &'a Page,
    doc: &'a Document,
    loc: Location,
    heading: String,
    parent: Option<usize>,
}

/// Renders every file of the site.
pub fn render(
    compiled: &Compiled,
    tera: &tera::Tera,
    downloads: &[(String, String, String)],
) -> anyhow::Result<Files> {
    let book = &compiled.book;
    let config = &book.config;
    let all = book.pages();
    let entries = entries(compiled, &all)?;
    let footer = footer(compiled, &all)?;
    let mut files = Files::new();

    let download = |root: &str, (path, text, meta): &(String, String, String)| DownloadView {
        href: format!("{root}{path}"),
        text: text.clone(),
        meta: meta.clone(),
    };
    let site_for = |root: String| SiteView {
        title: config.title.clone(),
        subtitle: config.subtitle.clone(),
        lang: config.language.clone(),
        publisher: config.publisher.clone(),
        home: format!("{root}index.html"),
        search: format!("{root}{}/index.html", links::SEARCH_DIR),
        accessibility: format!("{root}{}/index.html", links::ACCESSIBILITY_DIR),
        downloads: downloads.iter().map(|d| download(&root, d)).collect(),
        pdf: downloads
            .iter()
            .find(|(path, _, _)| path.ends_with(".pdf"))
            .map(|d| download(&root, d)),
        footer: footer.clone(),
        root,
    };
    let site_title = format!("{} – {}", config.title, config.subtitle);

    for (i, entry) in entries.iter().enumerate() {
        let loc = &entry.loc;
        let tables = SiteTables {
            compiled,
            tera,
            entries: &entries,
            from: loc,
        };
        let ctx = html::Context {
            from: loc,
            slug: &entry.page.slug,
            heading: &entry.heading,
        };
        let content = html::document(entry.doc, ctx, &tables)
            .with_context(|| format!("failed to render `{}`", entry.page.path.display()))?;
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
            title: format!("{} – {site_title}", entry.heading),
            heading: entry.heading.clone(),
            description: description(entry.page, entry.doc, &entry.heading),
            canonical: loc.canonical(&config.base_url),
            og_type: "article",
            content,
            crumbs,
            nav: nav(compiled, &entries, loc, i),
            prev: i.checked_sub(1).map(|p| link(loc, &entries[p])),
            next: entries.get(i + 1).map(|n| link(loc, n)),
            children_title: children_title(entry.page).to_owned(),
            children: children(compiled, &entries, loc, i),
            facts: facts(compiled, &entries, loc, entry),
            overview: entry.doc.blocks.contains(&Block::Overview),
        };
        let html = render_page(tera, "site/page.html", &site_for(loc.prefix()), &view)?;
        files.insert(loc.file(), html.into_bytes());
    }

    // The home page: title, introduction, contents and downloads.
    let home = Location::root();
    let intro = entries
        .iter()
        .find(|e| e.page.kind == PageKind::Text)
        .context("the book has no chapters")?;
    let mut facts = vec![(
        "Totale begroting".to_owned(),
        crate::format::euro(compiled.programme.total),
        None,
    )];
    let projects = compiled
        .programme
        .budgets
        .iter()
        .filter(|b| matches!(b.group, Group::Theme(_)))
        .count();
    facts.push(("Projecten".to_owned(), projects.to_string(), None));
    let view = PageView {
        title: site_title.clone(),
        heading: config.title.clone(),
        description: format!(
            "{} van het {}: de projecten en hun begroting.",
            config.title, config.subtitle
        ),
        canonical: home.canonical(&config.base_url),
        og_type: "website",
        content: html::escape(&search::summary(intro.doc, 2000)),
        nav: nav(compiled, &entries, &home, usize::MAX),
        next: Some(link(&home, intro)),
        facts,
        ..PageView::default()
    };
    let html = render_page(tera, "site/home.html", &site_for(String::new()), &view)?;
    files.insert(home.file(), html.into_bytes());

    // Search, accessibility statement and 404.
    let specials = [
        (links::SEARCH_DIR, "site/search.html", "Zoeken"),
        (
            links::ACCESSIBILITY_DIR,
            "site/toegankelijkheid.html",
            "Toegankelijkheidsverklaring",
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
            nav: nav(compiled, &entries, &loc, usize::MAX),
            ..PageView::default()
        };
        let html = render_page(tera, template, &site_for(loc.prefix()), &view)?;
        files.insert(loc.file(), html.into_bytes());
    }
    // The 404 page is served at any address, so it links absolutely.
    let base_path = base_path(&config.base_url);
    let view = PageView {
        title: format!("Pagina niet gevonden – {site_title}"),
        heading: "Pagina niet gevonden".to_owned(),
        description: format!("Deze pagina bestaat niet – {}", config.title),
        canonical: format!("{}404.html", config.base_url),
        og_type: "website",
        ..PageView::default()
    };
    let html = render_page(tera, "site/404.html", &site_for(base_path), &view)?;
    files.insert("404.html".to_owned(), html.into_bytes());

    // The search index.
    let index: Vec<search::Entry<'_>> = entries
        .iter()
        .map(|e| search::Entry {
            href: e.loc.file(),
            title: e.heading.clone(),
            trail: trail(&entries, e),
            summary: description(e.page, e.doc, &e.heading),
            document: e.doc,
        })
        .collect();
    files.insert(
        "static/search-index.js".to_owned(),
        search::script(&index).into_bytes(),
    );

    // Sitemap and robots.txt.
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
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        config.base_url
    );
    files.insert("robots.txt".to_owned(), robots.into_bytes());
    Ok(files)
}

fn render_page(
    tera: &tera::Tera,
    template: &str,
    site: &SiteView,
    page: &PageView,
) -> anyhow::Result<String> {
    let mut ctx = tera::Context::new();
    ctx.insert("site", site);
    ctx.insert("page", page);
    tera.render(template, &ctx)
        .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
        .with_context(|| format!("failed to render template `{template}`"))
}

/// Tera hides the useful part of its errors in the source chain.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// The pages of the book that get a page of the site, in reading order.
fn entries<'a>(compiled: &'a Compiled, all: &[&'a Page]) -> anyhow::Result<Vec<Entry<'a>>> {
    let config = &compiled.book.config;
    let mut out: Vec<Entry<'a>> = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (depth, entry index)
    let mut appendices = 0;
    for (page, doc) in all.iter().zip(&compiled.documents) {
        if page.kind == PageKind::BackCover {
            continue;
        }
        if links::RESERVED.contains(&page.slug.as_str()) {
            anyhow::bail!(
                "the page `{}` would take the site's folder `{}`; rename the file",
                page.path.display(),
                page.slug
            );
        }
        while stack.last().is_some_and(|(d, _)| *d >= page.depth) {
            stack.pop();
        }
        let appendix = (page.kind == PageKind::Appendix).then(|| {
            appendices += 1;
            appendices
        });
        out.push(Entry {
            page,
            doc,
            loc: Location::dir(&page.slug),
            heading: views::heading(config, page, appendix),
            parent: stack.last().map(|(_, i)| *i),
        });
        stack.push((page.depth, out.len() - 1));
    }
    Ok(out)
}

fn link(from: &Location, to: &Entry<'_>) -> LinkView {
    LinkView {
        href: from.to(&to.loc),
        text: to.heading.clone(),
    }
}

/// The back-cover text as HTML for the footer (links in it are external).
fn footer(compiled: &Compiled, all: &[&Page]) -> anyhow::Result<String> {
    let Some((page, doc)) = all
        .iter()
        .zip(&compiled.documents)
        .find(|(p, _)| p.kind == PageKind::BackCover)
    else {
        return Ok(String::new());
    };
    let here = Location::root();
    let ctx = html::Context {
        from: &here,
        slug: &page.slug,
        heading: &page.title,
    };
    html::document(doc, ctx, &NoTables)
}

struct NoTables;

impl Tables for NoTables {
    fn budget(&self, id: &str) -> anyhow::Result<String> {
        anyhow::bail!("the back cover cannot hold the budget table `{id}`")
    }
    fn overview(&self) -> anyhow::Result<String> {
        anyhow::bail!("the back cover cannot hold the overview")
    }
}

/// The contents tree as seen from the page at `loc` (entry `current`).
fn nav(compiled: &Compiled, entries: &[Entry<'_>], loc: &Location, current: usize) -> Vec<NavView> {
    fn build(
        compiled: &Compiled,
        entries: &[Entry<'_>],
        loc: &Location,
        current: usize,
        parent: Option<usize>,
    ) -> Vec<NavView> {
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.parent == parent)
            .map(|(i, e)| {
                let children = build(compiled, entries, loc, current, Some(i));
                let open = i == current || children.iter().any(|c| c.open);
                NavView {
                    href: loc.to(&e.loc),
                    text: views::nav_title(&compiled.book.config, e.page),
                    current: i == current,
                    open,
                    children,
                }
            })
            .collect()
    }
    build(compiled, entries, loc, current, None)
}

/// The sub-pages of entry `i`, with their budget totals.
fn children(
    compiled: &Compiled,
    entries: &[Entry<'_>],
    loc: &Location,
    i: usize,
) -> Vec<ChildView> {
    entries
        .iter()
        .filter(|e| e.parent == Some(i))
        .map(|e| ChildView {
            href: loc.to(&e.loc),
            text: e.heading.clone(),
            total: e
                .page
                .budget
                .and_then(|b| compiled.programme.budgets.get(b))
                .map(|b| crate::format::euro(b.total)),
        })
        .collect()
}

/// The heading above the list of sub-pages.
fn children_title(page: &Page) -> &'static str {
    match page.kind {
        PageKind::Theme => "Projecten in dit thema",
        PageKind::Item => "Onderdelen van dit project",
        _ if page.depth == 0 => "In dit hoofdstuk",
        _ => "Onderdelen",
    }
}

/// Key facts shown at the top of a project, theme or function page.
fn facts(
    compiled: &Compiled,
    entries: &[Entry<'_>],
    loc: &Location,
    entry: &Entry<'_>,
) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    if let (PageKind::Item, Some(Group::Theme(theme))) = (&entry.page.kind, &entry.page.group) {
        let page = entries
            .iter()
            .find(|e| e.page.kind == PageKind::Theme && e.page.group == entry.page.group);
        out.push(match page {
            Some(t) => ("Thema".to_owned(), t.heading.clone(), Some(loc.to(&t.loc))),
            None => ("Thema".to_owned(), theme.clone(), None),
        });
    }
    if let (PageKind::Theme, Some(Group::Theme(theme))) = (&entry.page.kind, &entry.page.group)
        && let Some(g) = compiled
            .programme
            .groups
            .iter()
            .find(|g| g.kind == crate::budget::GroupKind::Theme && g.id == *theme)
    {
        out.push((
            "Begroting van het thema".to_owned(),
            crate::format::euro(g.total),
            None,
        ));
    }
    if let Some(b) = entry
        .page
        .budget
        .and_then(|b| compiled.programme.budgets.get(b))
    {
        let anchor = budget_anchor(&b.id);
        let shown = entry.doc.blocks.contains(&Block::Budget(b.id.clone()));
        out.push((
            "Totale begroting".to_owned(),
            crate::format::euro(b.total),
            shown.then(|| format!("#{anchor}")),
        ));
    }
    out
}

/// The id of a budget table on its page.
pub fn budget_anchor(id: &str) -> String {
    format!("_begroting-{}", anchor_of(id))
}

fn description(page: &Page, doc: &Document, heading: &str) -> String {
    match &page.description {
        Some(d) => d.clone(),
        None => {
            let s = search::summary(doc, 155);
            if s.is_empty() { heading.to_owned() } else { s }
        }
    }
}

/// "Thema's en projecten › Thema 1. Nieuwe migratie" for a search result.
fn trail(entries: &[Entry<'_>], entry: &Entry<'_>) -> String {
    let mut parts = Vec::new();
    let mut up = entry.parent;
    while let Some(p) = up {
        parts.push(entries[p].heading.as_str());
        up = entries[p].parent;
    }
    parts.reverse();
    parts.join(" › ")
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

/// Renders budget tables and the overview with the site's templates.
struct SiteTables<'a> {
    compiled: &'a Compiled,
    tera: &'a tera::Tera,
    entries: &'a [Entry<'a>],
    from: &'a Location,
}

impl SiteTables<'_> {
    fn href_of(&self, target: RowTarget<'_>) -> Option<String> {
        let config = &self.compiled.book.config;
        let found = match target {
            RowTarget::Budget(id) => self
                .entries
                .iter()
                .find(|e| e.page.id.as_deref() == Some(id)),
            RowTarget::Theme(id) => self.entries.iter().find(|e| {
                e.page.kind == PageKind::Theme && e.page.group == Some(Group::Theme(id.to_owned()))
            }),
            RowTarget::Function(id) => {
                // A function page of its own, else the page above its themes.
                let own = self
                    .entries
                    .iter()
                    .find(|e| e.page.id.as_deref() == Some(id));
                own.or_else(|| {
                    let theme = config.function(id)?.themes.first()?;
                    let page = self.entries.iter().find(|e| {
                        e.page.kind == PageKind::Theme
                            && e.page.group == Some(Group::Theme(theme.id.clone()))
                    })?;
                    page.parent.map(|p| &self.entries[p])
                })
            }
        }?;
        Some(self.from.to(&found.loc))
    }
}

impl Tables for SiteTables<'_> {
    fn budget(&self, id: &str) -> anyhow::Result<String> {
        let budget = self
            .compiled
            .programme
            .budget(id)
            .with_context(|| format!("there is no budget `{id}`"))?;
        let mut ctx = tera::Context::new();
        ctx.insert("table", &views::budget(&self.compiled.book.config, budget));
        ctx.insert("anchor", &budget_anchor(id));
        self.tera
            .render("site/budget-table.html", &ctx)
            .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
    }

    fn overview(&self) -> anyhow::Result<String> {
        let view = views::overview(&self.compiled.book.config, &self.compiled.programme, &|t| {
            self.href_of(t)
        });
        let mut ctx = tera::Context::new();
        ctx.insert("table", &view);
        self.tera
            .render("site/overview-table.html", &ctx)
            .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
    }
}
