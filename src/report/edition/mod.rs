//! `kis-book new edition YEAR --from OLD --to NEW`: next year's book from
//! this year's, in one command.
//!
//! The new book is the old one's `content/`, `templates/` and `fonts/`
//! with, in `content/book.yaml`, the new `year`, the year-bound settings
//! saying `{year}` (so that the file name, title, footers, address and
//! the PDF's date follow it), the rates, Stafkosten and Overhead indexed
//! and rounded by the book's money rule, the available budget when given
//! and the old edition added to `editions:`; in the pages' front matter
//! the roles' own rates indexed the same way and the hours kept or set to
//! zero. What the text says about years is the editors' to rewrite: every
//! sentence that names the old year or an earlier one is listed for them
//! ([`review`]), printed and written to [`REVIEW_FILE`] in the new book.

mod config_text;
mod review;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rust_decimal::Decimal;

use crate::base::diagnostics::Diagnostics;
use crate::source::model::{Config, Edition, MoneyPolicy};

pub(crate) use config_text::indexed;
pub(crate) use review::YearMention;

/// The review list's file, in the new book's root (outside `content/`, so
/// it is no page of the book).
pub(crate) const REVIEW_FILE: &str = "year-review.md";

/// The folders of a book that a new edition copies.
const BOOK_DIRS: [&str; 3] = [
    crate::source::load::CONTENT_DIR,
    crate::source::assets::DIRS[0],
    crate::source::assets::DIRS[1],
];

/// What becomes of the hours of the old edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hours {
    /// Every role keeps its hours: the plan goes on as it was.
    Keep,
    /// Every role's hours are 0, for the editors to plan afresh.
    Zero,
}

/// What `kis-book new edition` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct EditionRequest {
    /// The new edition's year.
    pub(crate) year: i32,
    /// The old book's root.
    pub(crate) from: PathBuf,
    /// Where the new book is written: a new or empty folder.
    pub(crate) to: PathBuf,
    /// The rise of every rate in percent (2.5 for 2,5 %).
    pub(crate) index: Option<Decimal>,
    /// The new edition's available budget.
    pub(crate) available: Option<Decimal>,
    /// What becomes of the hours.
    pub(crate) hours: Hours,
}

/// The outcome of [`new_edition`].
#[derive(Debug)]
pub(crate) enum EditionOutcome {
    /// The new book is written.
    Written(Written),
    /// The old book cannot be read; nothing is written.
    OldBook(Diagnostics),
}

/// A new book, written.
#[derive(Debug)]
pub(crate) struct Written {
    /// How many files it has.
    pub(crate) files: usize,
    /// The sentences that name the old year or an earlier one.
    pub(crate) mentions: Vec<YearMention>,
    /// The review list's file.
    pub(crate) review: PathBuf,
    /// What the editors should know besides: a setting that stays as the
    /// old edition's where it should not.
    pub(crate) notes: Vec<String>,
}

/// Writes the new edition `request` asks for. Refuses a target folder
/// that holds anything, a year not after the old one, and an available
/// budget finer than the book prints.
pub(crate) fn new_edition(request: &EditionRequest) -> anyhow::Result<EditionOutcome> {
    let loaded =
        crate::source::load::load_book(&crate::source::input::BookInput::open(&request.from));
    let book = match loaded.book {
        Some(book) if !loaded.diagnostics.has_errors() => book,
        _ => return Ok(EditionOutcome::OldBook(loaded.diagnostics)),
    };
    let config = &book.config;
    refuse(request, config)?;
    let previous = Edition {
        year: config.year,
        title: config.title.clone(),
        site: Some(config.base_url.clone()),
        pdf: Some(format!(
            "{}downloads/{}.pdf",
            config.base_url, config.output_name
        )),
    };
    let NewFiles {
        files,
        mentions,
        notes,
    } = new_files(request, config, &previous)?;
    for (rel, bytes) in &files {
        let path = request.to.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create the folder `{}`", dir.display()))?;
        }
        std::fs::write(&path, bytes)
            .with_context(|| format!("failed to write `{}`", path.display()))?;
    }
    let review = request.to.join(REVIEW_FILE);
    std::fs::write(
        &review,
        review::checklist(&mentions, config.year, request.year),
    )
    .with_context(|| format!("failed to write `{}`", review.display()))?;
    Ok(EditionOutcome::Written(Written {
        files: files.len(),
        mentions,
        review,
        notes,
    }))
}

/// What `request` cannot make from the book of `config`: a year not after
/// the old one, an available budget finer than the book prints, a target
/// folder that holds anything.
fn refuse(request: &EditionRequest, config: &Config) -> anyhow::Result<()> {
    if request.year <= config.year {
        bail!(
            "the book in `{}` is the plan for {}: a new edition is for a later year",
            request.from.display(),
            config.year
        );
    }
    if let Some(amount) = request.available
        && crate::source::rounding::finer_than(amount, config.money.precision)
    {
        bail!(
            "the available budget {amount} has more decimals than the book prints amounts with \
             ({})",
            config.money.precision
        );
    }
    refuse_non_empty(&request.to)
}

/// The files of the new book, before they are written, and what the
/// editors are to review.
struct NewFiles {
    /// Each file's path relative to the root, and its bytes.
    files: Vec<(String, Vec<u8>)>,
    /// The sentences that name the old year or an earlier one.
    mentions: Vec<YearMention>,
    /// See [`Written::notes`].
    notes: Vec<String>,
}

/// The old book's files as the new edition has them: book.yaml rewritten,
/// the pages' front matter indexed, every other file as it is.
fn new_files(
    request: &EditionRequest,
    config: &Config,
    previous: &Edition,
) -> anyhow::Result<NewFiles> {
    let change = config_text::ConfigChange {
        old_year: config.year,
        year: request.year,
        index: request.index,
        available: request.available,
        money: &config.money,
        previous,
    };
    let config_rel = format!(
        "{}/{}",
        crate::source::load::CONTENT_DIR,
        crate::source::config::CONFIG_FILE
    );
    let mut files = Vec::new();
    let mut mentions = Vec::new();
    let mut notes = Vec::new();
    for (rel, bytes) in book_files(&request.from)? {
        let text = String::from_utf8(bytes);
        let new = match text {
            Ok(text) if rel == config_rel => {
                let new = config_text::rewrite(&text, &change)?;
                notes.extend(same_address(&new.text, previous));
                mentions.extend(review::year_mentions(
                    &rel,
                    &new.text,
                    config.year,
                    1..usize::MAX,
                    &new.added,
                ));
                new.text.into_bytes()
            }
            Ok(text) if is_page(&rel) => {
                let (new, yaml) = page(&text, request, &config.money)
                    .with_context(|| format!("failed to read the front matter of `{rel}`"))?;
                mentions.extend(review::year_mentions(
                    &rel,
                    &new,
                    config.year,
                    yaml,
                    &(0..0),
                ));
                new.into_bytes()
            }
            Ok(text) => text.into_bytes(),
            Err(not_text) => not_text.into_bytes(),
        };
        files.push((rel, new));
    }
    Ok(NewFiles {
        files,
        mentions,
        notes,
    })
}

/// A note when the new book.yaml's `base_url` is the old edition's: its
/// `base_url` names no year, so the new site would replace the old one.
fn same_address(config: &str, previous: &Edition) -> Option<String> {
    let mut diags = Diagnostics::default();
    let path = Path::new(crate::source::config::CONFIG_FILE);
    let new = crate::source::config::parse_config(path, config, &mut diags)?;
    (previous.site.as_deref() == Some(new.base_url.as_str())).then(|| {
        format!(
            "`base_url` names no year: the new site would be published at {}, the {} plan's \
             address; give it its own, e.g. with `{{year}}` in it",
            new.base_url, previous.year
        )
    })
}

/// Whether the book file `rel` is a page, whose front matter holds hours.
fn is_page(rel: &str) -> bool {
    rel.starts_with(&format!("{}/", crate::source::load::CONTENT_DIR))
        && Path::new(rel).extension().is_some_and(|e| e == "md")
}

/// The page `text` of the new edition, and its front matter's lines: the
/// roles' own rates indexed, and their hours zeroed when asked.
fn page(
    text: &str,
    request: &EditionRequest,
    money: &MoneyPolicy,
) -> anyhow::Result<(String, std::ops::Range<usize>)> {
    let Ok(split) = crate::source::frontmatter::split(text) else {
        return Ok((text.to_owned(), 0..0));
    };
    let yaml_lines = 2..split.body_line.saturating_sub(1);
    let Some(spans) = crate::source::frontmatter::figure_spans(split.yaml) else {
        bail!("its YAML cannot be read: run `kis-book check` on the old book");
    };
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    if request.hours == Hours::Zero {
        edits.extend(spans.hours.iter().map(|r| (r.clone(), "0".to_owned())));
    }
    if let Some(percent) = request.index {
        for rate in &spans.rates {
            let written = split.yaml[rate.clone()].trim_matches(['"', '\'']);
            let old = crate::base::quantity::parse_quantity(written)
                .map_err(|e| anyhow::anyhow!(e.message("a rate")))?;
            edits.push((rate.clone(), indexed(old, percent, money).to_string()));
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_owned();
    for (at, new) in edits {
        let at = at.start + split.yaml_start..at.end + split.yaml_start;
        out.replace_range(at, &new);
    }
    Ok((out, yaml_lines))
}

/// Refuses a target that exists and holds anything.
fn refuse_non_empty(to: &Path) -> anyhow::Result<()> {
    match std::fs::read_dir(to) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "`{}` is not empty: a new edition is written into a new or empty folder only",
                    to.display()
                );
            }
            Ok(())
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) if to.is_file() => Err(err)
            .with_context(|| format!("`{}` is a file: give a new or empty folder", to.display())),
        Err(err) => Err(err).with_context(|| format!("failed to read `{}`", to.display())),
    }
}

/// Every file of the book at `root` that a new edition copies, with its
/// path relative to the root (with `/`), sorted. A symbolic link is
/// refused: the new book holds files only.
fn book_files(root: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("failed to read the folder `{}`", dir.display()))?
            .collect::<Result<_, _>>()
            .with_context(|| format!("failed to read the folder `{}`", dir.display()))?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{rel}/{name}");
            let kind = entry
                .file_type()
                .with_context(|| format!("failed to read `{}`", path.display()))?;
            if kind.is_symlink() {
                bail!(
                    "`{}` is a symbolic link: copy what it points to into the book first",
                    path.display()
                );
            } else if kind.is_dir() {
                walk(&path, &rel, out)?;
            } else {
                let bytes = std::fs::read(&path)
                    .with_context(|| format!("failed to read `{}`", path.display()))?;
                out.push((rel, bytes));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for dir in BOOK_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            walk(&path, dir, &mut out)?;
        }
    }
    Ok(out)
}
