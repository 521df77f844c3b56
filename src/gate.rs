//! `check` is the gate: whatever `build` would refuse is found here first,
//! as a diagnostic at the file and line an editor can fix.
//!
//! [`check`] is what `kis-book check` runs, and what `build` (and every
//! rebuild of `serve`) runs before it renders, so the two cannot drift: a
//! book that passes builds, I/O faults aside. It is [`crate::compile`],
//! whose stages call the checks below (limits before parsing, the book's
//! own templates and fonts, page names the site keeps, what the site's
//! home page and footer need), plus, for a book with templates of its own,
//! a trial rendering into a temporary folder. The Markdown checks (images,
//! anchors, footnotes, headings) live in the Markdown stages; the closed
//! world in [`crate::closed`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use typst::syntax::DiagSpanKind;

use crate::assets::Assets;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::limits;
use crate::markdown::{Block, Document};
use crate::model::{Book, Page, PageKind};

/// Files at the root of the site that no page's folder may take; the
/// folders are [`crate::site::links::RESERVED`].
pub const SITE_FILES: [&str; 4] = ["index.html", "404.html", "sitemap.xml", "robots.txt"];

/// `kis-book check`: compiles the book and, when it has templates of its
/// own that differ from the embedded ones, renders it once into a
/// temporary folder, so that what only rendering finds (a template that
/// calls what does not exist) is a `check` error too. The embedded
/// templates are tested with the code; a designer's are not.
pub fn check(root: &Path) -> crate::Outcome {
    let mut outcome = crate::compile(root);
    // The output folder must be the book's own, or `build` would write
    // outside the book.
    crate::publish::guard::check(root, &mut outcome.diagnostics);
    let own_templates = Assets::new(root)
        .overrides()
        .iter()
        .any(|rel| rel.starts_with("templates/"));
    if outcome.diagnostics.has_errors() || !own_templates {
        return outcome;
    }
    let scratch = std::env::temp_dir().join(format!(
        "kis-book-check-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let options = crate::build::options(false);
    let rendered = crate::build::Session::new(&options).build_to(root, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    match rendered {
        Ok(_) => {}
        Err(crate::build::BuildFailure::Book(diags)) => {
            for d in diags.sorted() {
                if !outcome.diagnostics.sorted().contains(&d) {
                    outcome.diagnostics.push(d.clone());
                }
            }
        }
        Err(crate::build::BuildFailure::Output(err)) => {
            let text = format!("{err:#}");
            // Tera names the template: "Failed to render 'site/page.html': …".
            let (path, reason) = match text.split_once("Failed to render '") {
                Some((_, rest)) => {
                    let (name, reason) = rest.split_once("': ").unwrap_or((rest, rest));
                    (root.join("templates").join(name), reason.to_owned())
                }
                None => (root.join("templates"), text.clone()),
            };
            outcome.diagnostics.push(Diagnostic::new(
                codes::TEMPLATE_ERROR,
                path,
                Pos::default(),
                format!("the template cannot be rendered: {reason}"),
            ));
        }
    }
    outcome
}

/// Runs every check on the parsed book; `documents` are the pages' bodies
/// by file.
pub fn check_book(book: &Book, documents: &HashMap<PathBuf, Document>, diags: &mut Diagnostics) {
    source_date_epoch(&book.config.date, diags);
    let pages = book.pages();
    site_names(&pages, diags);
    home_page(&pages, diags);
    for page in &pages {
        let Some(doc) = documents.get(&page.path) else {
            continue;
        };
        if page.kind == PageKind::BackCover {
            back_cover(page, doc, diags);
        }
    }
}

/// `SOURCE_DATE_EPOCH`, when set, is the PDF's timestamp instead of the
/// book's date: not part of the book, but `build` would stop on a bad one.
fn source_date_epoch(date: &str, diags: &mut Diagnostics) {
    let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") else {
        return;
    };
    if let Err(err) = crate::pdf::world::fixed_date(date, Some(&epoch)) {
        diags.push(
            Diagnostic::new(
                codes::INVALID_SOURCE_DATE_EPOCH,
                "SOURCE_DATE_EPOCH",
                Pos::default(),
                format!("{err:#}"),
            )
            .with_hint(
                "the variable holds seconds since 1970-01-01; unset it to use the book's date",
            ),
        );
    }
}

/// The site gives each page a folder named after its file: a name the site
/// uses for itself would overwrite the search page, the downloads or the
/// sitemap.
fn site_names(pages: &[&Page], diags: &mut Diagnostics) {
    for page in pages {
        if page.kind == PageKind::BackCover {
            continue;
        }
        let slug = page.slug.as_str();
        if crate::site::links::RESERVED.contains(&slug) || SITE_FILES.contains(&slug) {
            diags.push(
                Diagnostic::new(
                    codes::RESERVED_PAGE_NAME,
                    &page.path,
                    Pos::default(),
                    format!(
                        "the page name `{}` is one the website uses for itself (`{}/`)",
                        page.slug, page.slug
                    ),
                )
                .with_hint(format!(
                    "rename the file; the names the site keeps are: {}, {}",
                    crate::site::links::RESERVED.join(", "),
                    SITE_FILES.join(", ")
                )),
            );
        }
    }
}

/// The site's home page opens with the first page of plain text.
fn home_page(pages: &[&Page], diags: &mut Diagnostics) {
    if pages.is_empty() || pages.iter().any(|p| p.kind == PageKind::Text) {
        return;
    }
    let first = &pages[0].path;
    let content = first
        .ancestors()
        .find(|p| p.ends_with(crate::load::CONTENT_DIR))
        .unwrap_or(Path::new(crate::load::CONTENT_DIR));
    diags.push(
        Diagnostic::new(
            codes::NO_TEXT_PAGE,
            content,
            Pos::default(),
            "the book has no page of plain text: the website's home page opens with the first one",
        )
        .with_hint("add a chapter without `id`, `theme` or `kind`, such as an introduction"),
    );
}

/// The back cover is printed as the site's footer: it holds text, not
/// tables.
fn back_cover(page: &Page, doc: &Document, diags: &mut Diagnostics) {
    for (i, block) in doc.blocks.iter().enumerate() {
        let line = doc.lines.get(i).copied().unwrap_or(page.body_line);
        if holds_table(block) {
            diags.push(
                Diagnostic::new(
                    codes::TABLE_ON_BACK_COVER,
                    &page.path,
                    Pos::new(line, 1),
                    "the back cover cannot hold a budget table or the overview",
                )
                .with_hint("put the table on a page of its own; the back cover holds text"),
            );
        }
    }
}

/// Whether a computed table stands in `block`, at any depth.
fn holds_table(block: &Block) -> bool {
    match block {
        Block::Budget(_) | Block::Overview => true,
        Block::List { items, .. } => items.iter().flatten().any(holds_table),
        Block::Quote(blocks) | Block::Boxed { blocks, .. } => blocks.iter().any(holds_table),
        _ => false,
    }
}

/// The book's own templates and fonts: links out of the book, and files
/// that differ from the embedded defaults but cannot be read as what they
/// are (a template with a syntax error, a font Typst cannot read).
pub fn check_assets(assets: &Assets, diags: &mut Diagnostics) {
    diags.extend(assets.diagnostics());
    let overrides = assets.overrides();
    let site_templates = overrides.iter().any(|rel| {
        rel.starts_with("templates/site/") && !rel.starts_with("templates/site/static/")
    });
    if site_templates && let Err(err) = crate::site::check_templates(assets) {
        diags.push(tera_diagnostic(assets, &format!("{err:#}")));
    }
    for rel in overrides {
        let Some(path) = assets.own_path(&rel) else {
            continue;
        };
        let bytes = match assets.get(&rel) {
            Ok(bytes) => bytes,
            Err(err) => {
                diags.push(Diagnostic::new(
                    codes::UNREADABLE,
                    &path,
                    Pos::default(),
                    format!("{err:#}"),
                ));
                continue;
            }
        };
        if let Some((code, pos, message)) = asset_problem(&rel, &bytes) {
            diags.push(Diagnostic::new(code, &path, pos, message));
        }
    }
}

/// A site template Tera cannot parse, at its file and line: Tera names them
/// in its message (`Failed to parse 'site/page.html': --> 2:1 … = expected
/// tag`).
fn tera_diagnostic(assets: &Assets, text: &str) -> Diagnostic {
    let name = text
        .split("Failed to parse '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next());
    let path = name
        .and_then(|n| assets.own_path(&format!("templates/{n}")))
        .unwrap_or_else(|| PathBuf::from("templates/site"));
    let pos = text
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|lc| lc.split_once(':'))
        .and_then(|(l, c)| Some(Pos::new(l.parse().ok()?, c.parse().ok()?)))
        .unwrap_or_default();
    let reason = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or(text);
    Diagnostic::new(
        codes::TEMPLATE_UNREADABLE,
        path,
        pos,
        format!("the template cannot be read: {reason}"),
    )
}

/// What is wrong with the book's own asset `rel`, if anything.
fn asset_problem(rel: &str, bytes: &[u8]) -> Option<(codes::Code, Pos, String)> {
    let lower = rel.to_ascii_lowercase();
    let is_template = rel.starts_with("templates/")
        && [".typ", ".html", ".xml", ".txt", ".css", ".js"]
            .iter()
            .any(|ext| lower.ends_with(ext));
    if is_template && std::str::from_utf8(bytes).is_err() {
        return Some((
            codes::TEMPLATE_UNREADABLE,
            Pos::default(),
            "the template is not UTF-8 text".to_owned(),
        ));
    }
    if lower.ends_with(".typ") {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let source = typst::syntax::Source::detached(text);
        let (errors, _) = source.root().errors_and_warnings();
        let error = errors.into_iter().next()?;
        let offset = match error.span.get() {
            DiagSpanKind::Number { num, sub_range, .. } => {
                source.range(num, sub_range).map_or(0, |r| r.start)
            }
            DiagSpanKind::Range { range, .. } => range.start,
            DiagSpanKind::Detached => 0,
        };
        return Some((
            codes::TEMPLATE_UNREADABLE,
            Pos::of_offset(text, offset),
            format!("typst: {}", error.message),
        ));
    }
    if rel.starts_with("fonts/")
        && [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|ext| lower.ends_with(ext))
    {
        let data = typst::foundations::Bytes::new(bytes.to_vec());
        if typst::text::Font::iter(data).next().is_none() {
            return Some((
                codes::FONT_UNREADABLE,
                Pos::default(),
                "not a font Typst can read (TrueType or OpenType)".to_owned(),
            ));
        }
    }
    None
}

/// The limits on Markdown (see [`crate::limits`]), checked before the
/// pages are read into document trees: all text of the book together, and
/// per page the nesting depth, the longest paragraph and the longest word.
/// Returns whether the book is within them; beyond them, the pages are not
/// parsed at all (deep nesting would exhaust the stack).
pub fn check_text_limits(book: &Book, diags: &mut Diagnostics) -> bool {
    let pages = book.pages();
    let errors_before = diags.counts().0;
    let total: u64 = pages.iter().map(|p| p.body.len() as u64).sum();
    if total > limits::BOOK_BYTES {
        let content = pages
            .first()
            .and_then(|p| {
                p.path
                    .ancestors()
                    .find(|a| a.ends_with(crate::load::CONTENT_DIR))
            })
            .unwrap_or(Path::new(crate::load::CONTENT_DIR));
        diags.push(
            Diagnostic::new(codes::BOOK_TOO_LARGE,
                content,
                Pos::default(),
                format!(
                    "the book holds {} of text; a book may hold at most {} (the limit on book size)",
                    limits::bytes(total),
                    limits::bytes(limits::BOOK_BYTES)
                ),
            )
            .with_hint("a work plan of 1 000 printed pages holds about 3 MB of Markdown"),
        );
    }
    let mut blocks = 0;
    for page in &pages {
        crate::markdown::page_limits(page, &mut blocks, diags);
    }
    budget_lines(book, diags);
    diags.counts().0 == errors_before
}

/// All role lines of all budgets together: each is a row of a printed table.
fn budget_lines(book: &Book, diags: &mut Diagnostics) {
    let mut lines = 0;
    for spec in book.budgets() {
        lines += spec
            .organisations
            .iter()
            .map(|o| o.lines.len())
            .sum::<usize>();
        if lines > limits::BUDGET_LINES {
            diags.push(
                Diagnostic::new(
                    codes::TOO_MANY_BUDGET_LINES,
                    &spec.path,
                    spec.pos,
                    format!(
                        "with this budget, the book's budgets hold more than {} role lines \
                         (the limit on budget lines)",
                        limits::BUDGET_LINES
                    ),
                )
                .with_hint("a budget lists the roles of its printed table, a few per organisation"),
            );
            return;
        }
    }
}
