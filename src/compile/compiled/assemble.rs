//! Assembling the compiled book from the loaded pages, their resolved
//! documents and the computed budget: numbering, headings and parts are
//! derived here, once, for every backend.

use std::collections::BTreeMap;

use crate::compile::budget::Programme;
use crate::compile::compiled::{Chapter, Compiled, Page, PageBudget, Part, PartKind};
use crate::compile::markdown::PageDocument;
use crate::compile::views::{BookViews, BudgetTable, Meta, Overview, RowTarget};
use crate::source::model::{self, Config, Group, Labels, LoadedPage, PageKind, PageMeta};

/// The compiled book of `book`, whose budget is `programme`; `document`
/// resolves a page's text (called once per page, in reading order).
pub(crate) fn assemble(
    book: model::Book,
    programme: Programme,
    document: &mut dyn FnMut(&LoadedPage) -> PageDocument,
) -> Compiled {
    let config = book.config;
    let tables: BTreeMap<String, BudgetTable> = programme
        .budgets
        .iter()
        .map(|b| (b.id.clone(), BudgetTable::new(&config, b)))
        .collect();
    let mut numbers = Numbers::default();
    let mut parts: Vec<Part> = Vec::new();
    for page in book.chapters {
        let kind = part_kind(&page);
        let number = numbers.chapter(&page);
        let page = compile_page(
            &config,
            &programme,
            &tables,
            &mut numbers,
            document,
            page,
            number,
        );
        let chapter = Chapter { number, page };
        match parts.last_mut() {
            Some(part) if part.kind == kind => part.chapters.push(chapter),
            _ => parts.push(Part {
                kind,
                chapters: vec![chapter],
            }),
        }
    }
    let overview = Overview::new(&config, &programme, &|of| target(&config, &parts, of));
    Compiled {
        views: BookViews {
            meta: Meta::new(&config),
            labels: config.labels.clone(),
            words: config.words.clone(),
            budgets: tables,
            overview,
        },
        config,
        programme,
        parts,
    }
}

/// Which part a top-level page opens.
fn part_kind(page: &LoadedPage) -> PartKind {
    match page.meta.kind {
        PageKind::Appendix => PartKind::Appendices,
        PageKind::BackCover => PartKind::BackCover,
        _ => PartKind::Main,
    }
}

/// The counters of chapters and appendices, in reading order.
#[derive(Debug, Default)]
struct Numbers {
    chapters: usize,
    appendices: usize,
}

impl Numbers {
    /// The number of a top-level page within its part.
    fn chapter(&mut self, page: &LoadedPage) -> usize {
        match page.meta.kind {
            PageKind::Appendix => {
                self.appendices += 1;
                self.appendices
            }
            PageKind::BackCover => 1,
            _ => {
                self.chapters += 1;
                self.chapters
            }
        }
    }
}

fn compile_page(
    config: &Config,
    programme: &Programme,
    tables: &BTreeMap<String, BudgetTable>,
    numbers: &mut Numbers,
    document: &mut dyn FnMut(&LoadedPage) -> PageDocument,
    page: LoadedPage,
    chapter_number: usize,
) -> Page {
    let content = document(&page);
    let (file, meta) = (page.file, page.meta);
    // An appendix below the top level is numbered with the others.
    let number = match (&meta.kind, file.depth) {
        (PageKind::BackCover, _) => None,
        (_, 0) => Some(chapter_number.to_string()),
        (PageKind::Appendix, _) => {
            numbers.appendices += 1;
            Some(numbers.appendices.to_string())
        }
        (PageKind::Theme, _) => meta.group.as_ref().map(|g| g.id().to_owned()),
        _ => meta.id.clone(),
    };
    let heading = heading(&config.labels, &meta, number.as_deref());
    let short_title = short_title(config, &meta);
    let budget = meta.budget.as_ref().and_then(|spec| {
        Some(PageBudget {
            computed: programme.budget(&spec.id)?.clone(),
            table: tables.get(&spec.id)?.clone(),
        })
    });
    let children = page
        .children
        .into_iter()
        .map(|child| compile_page(config, programme, tables, numbers, document, child, 0))
        .collect();
    Page {
        file,
        meta,
        number,
        heading,
        short_title,
        content,
        budget,
        children,
    }
}

/// The heading of a page as printed: "Project 1.3 …", "Thema 1. …",
/// "B. …", "Bijlage 1. …", else its title. (A chapter's number is set
/// apart from its title in the PDF, which prints the title beside it.)
fn heading(labels: &Labels, meta: &PageMeta, number: Option<&str>) -> String {
    let title = &meta.title;
    let (appendix, theme, project) = (&labels.appendix, &labels.theme, &labels.project);
    match (&meta.kind, &meta.group, &meta.id, number) {
        (PageKind::Appendix, _, _, Some(n)) => format!("{appendix} {n}. {title}"),
        (PageKind::Theme, Some(Group::Theme(t)), _, _) => format!("{theme} {t}. {title}"),
        (PageKind::Item, Some(Group::Function(_)), Some(id), _) => format!("{id}. {title}"),
        (PageKind::Item, _, Some(id), _) => format!("{project} {id} {title}"),
        _ => title.clone(),
    }
}

/// The short title of a page in a table of contents: "1.3 …",
/// "Thema 1 Nieuwe migratie".
fn short_title(config: &Config, meta: &PageMeta) -> String {
    match (&meta.kind, &meta.id, &meta.group) {
        (PageKind::Item, Some(id), _) => format!("{id} {}", meta.title),
        (PageKind::Theme, _, Some(Group::Theme(theme))) => match config.theme(theme) {
            Some((_, t)) => format!("{} {} {}", config.labels.theme, t.id, t.name),
            None => meta.title.clone(),
        },
        _ => meta.title.clone(),
    }
}

/// The slug of the page an overview row stands for: the budget's page, the
/// theme's introduction, the function's own page or else the page above
/// its themes.
fn target(config: &Config, parts: &[Part], of: RowTarget<'_>) -> Option<String> {
    let pages = super::pages_of(parts);
    let with_id = |id: &str| {
        pages
            .iter()
            .find(|p| p.page.meta.id.as_deref() == Some(id))
            .map(|p| p.page.file.slug.clone())
    };
    let theme_page = |theme: &str| {
        pages.iter().find(|p| {
            p.page.meta.kind == PageKind::Theme
                && p.page.meta.group == Some(Group::Theme(theme.to_owned()))
        })
    };
    match of {
        RowTarget::Budget(id) => with_id(id),
        RowTarget::Theme(id) => theme_page(id).map(|p| p.page.file.slug.clone()),
        RowTarget::Function(id) => with_id(id).or_else(|| {
            let theme = config.function(id)?.themes.first()?;
            theme_page(&theme.id)?.parent.map(|p| p.file.slug.clone())
        }),
    }
}
