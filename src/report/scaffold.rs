//! `kis-book new`: a new project or chapter file with valid front matter and
//! the usual sections, in the right folder with the right name.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::source::model::{Book, LoadedPage, PageKind};

/// The sections every project of a work plan has, in printed order.
const PROJECT_SECTIONS: [&str; 7] = [
    "Aanleiding",
    "Doelstelling",
    "Aanpak",
    "Communicatie en implementatieplan",
    "Resultaten",
    "Samenwerkingspartners",
    "Planning / looptijd",
];

/// Writes a new project `id` titled `title` into the folder of theme
/// `theme`, and returns the file's path. Refuses to overwrite a file or
/// reuse an id.
pub(crate) fn new_project(
    book: &Book,
    id: &str,
    title: &str,
    theme: &str,
) -> anyhow::Result<PathBuf> {
    check_id(id)?;
    if book
        .pages()
        .iter()
        .any(|p| p.meta.id.as_deref() == Some(id))
    {
        bail!("the book already has an item with id `{id}`");
    }
    let Some((_, theme_def)) = book.config.theme(theme) else {
        let known: Vec<String> = book
            .config
            .functions
            .iter()
            .flat_map(|f| f.themes.iter().map(|t| t.id.clone()))
            .collect();
        bail!(
            "there is no theme `{theme}` (the themes are {})",
            known.join(", ")
        );
    };
    let folder = theme_folder(book, theme).with_context(|| {
        format!(
            "no folder holds the introduction of theme {theme} ({})",
            theme_def.name
        )
    })?;
    let path = folder.join(format!("{}-{}.md", id.to_lowercase(), slugify(title)));
    let mut text = String::from("---\n");
    let _ = writeln!(text, "id: {}", yaml_string(id));
    let _ = writeln!(text, "title: {}", yaml_string(title));
    let _ = writeln!(text, "theme: {}", yaml_string(theme));
    text.push_str("budget:\n  hours:\n");
    for org in &book.config.organisations {
        let _ = writeln!(text, "    {}:", org.id);
        for (role, _) in &org.rates.roles {
            let _ = writeln!(text, "      {}: 0", yaml_key(role));
        }
    }
    text.push_str("  material: 0\n---\n");
    for section in PROJECT_SECTIONS {
        let _ = write!(text, "\n## {section}\n\n");
    }
    text.push_str("\n## Begroting\n\n{{ budget }}\n");
    write_new(&path, &text)?;
    Ok(path)
}

/// Writes a new chapter titled `title` with the number after the last
/// numbered chapter (see [`next_chapter_number`]), and returns the file's
/// path.
pub(crate) fn new_chapter(book: &Book, content: &Path, title: &str) -> anyhow::Result<PathBuf> {
    if let Some(same) = book
        .chapters
        .iter()
        .find(|c| c.meta.title.eq_ignore_ascii_case(title.trim()))
    {
        bail!(
            "`{}` already is a chapter titled `{title}`",
            same.file.path.display()
        );
    }
    let number = next_chapter_number(book)?;
    let path = content.join(format!("{number:02}-{}.md", slugify(title)));
    let text = format!(
        "---\ntitle: {}\n---\n\n## Inleiding\n\n",
        yaml_string(title)
    );
    write_new(&path, &text)?;
    Ok(path)
}

/// The number after the last numbered chapter, when no chapter or
/// appendix has it yet and it sorts before the appendices: a new chapter
/// never shares a number, and never lands among the appendices (where the
/// contents would list "6 Woordenlijst" after "Bijlage 1").
fn next_chapter_number(book: &Book) -> anyhow::Result<u32> {
    let numbered = |kinds: &[PageKind]| {
        book.chapters
            .iter()
            .filter(|c| kinds.contains(&c.meta.kind))
            .filter_map(|c| number_prefix(&c.file.slug).map(|n| (n, c)))
            .collect::<Vec<_>>()
    };
    let last = numbered(&[PageKind::Text, PageKind::Theme, PageKind::Item])
        .into_iter()
        .map(|(n, _)| n)
        .max()
        .unwrap_or(0);
    let next = last + 1;
    let blocking = numbered(&[PageKind::Appendix, PageKind::BackCover])
        .into_iter()
        .filter(|(n, _)| *n <= next)
        .min_by_key(|(n, _)| *n);
    if let Some((n, appendix)) = blocking {
        let name = appendix
            .file
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let rest = name.trim_start_matches(|c: char| c.is_ascii_digit());
        bail!(
            "no chapter number is free before the appendices: the last chapter is {last:02} and \
             the appendix `{name}` has {n:02}; give the appendices higher numbers (rename \
             `{name}` to `80{rest}` and change the links to it), then run this again"
        );
    }
    Ok(next)
}

fn theme_folder(book: &Book, theme: &str) -> Option<PathBuf> {
    fn find<'a>(pages: &'a [LoadedPage], theme: &str) -> Option<&'a LoadedPage> {
        pages.iter().find_map(|p| {
            let is_intro = p.meta.kind == PageKind::Theme
                && p.meta.group.as_ref().is_some_and(|g| g.id() == theme)
                && p.file.path.file_name().is_some_and(|n| n == "index.md");
            if is_intro {
                Some(p)
            } else {
                find(&p.children, theme)
            }
        })
    }
    find(&book.chapters, theme).and_then(|p| p.file.path.parent().map(Path::to_path_buf))
}

fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| {
            format!(
                "failed to create `{}` (it is not overwritten if it exists)",
                path.display()
            )
        })?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("failed to write `{}`", path.display()))
}

fn check_id(id: &str) -> anyhow::Result<()> {
    if id.is_empty() || id.len() > 16 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
    {
        bail!("`{id}` is not a valid id: use a number such as 1.5 or 3.7E");
    }
    Ok(())
}

fn number_prefix(slug: &str) -> Option<u32> {
    let digits: String = slug.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n < 90)
}

/// A file-name part from a title: lower case, ASCII letters and digits,
/// hyphens, at most six words.
pub(crate) fn slugify(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
    {
        let word: String = word
            .chars()
            .filter_map(|c| {
                let c = crate::base::text::fold_diacritic(c.to_lowercase().next().unwrap_or(c));
                c.is_ascii_alphanumeric().then_some(c)
            })
            .collect();
        if !word.is_empty() {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(&word);
        }
    }
    if out.is_empty() { "nieuw".into() } else { out }
}

/// A YAML double-quoted string: nothing an editor types can break out.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn yaml_key(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || " -/".contains(c))
        && !text.starts_with(['-', ' ']);
    if plain {
        text.to_owned()
    } else {
        yaml_string(text)
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_from_titles() {
        assert_eq!(slugify("Schakeljaren"), "schakeljaren");
        assert_eq!(
            slugify("Wat zijn effectieve strategieën?"),
            "wat-zijn-effectieve-strategieen"
        );
        assert_eq!(
            slugify("Een ‘harde aanpak’ van discriminatie in werving en selectie"),
            "een-harde-aanpak-van-discriminatie-in"
        );
        assert_eq!(slugify("!!!"), "nieuw");
    }
}
