//! `kis-book schema`: the JSON Schemas of the front matter and of
//! book.yaml, printed or written beside book.yaml.

use std::path::Path;
use std::process::ExitCode;

use crate::source::input::BookInput;

use super::report;

/// `kis-book schema`: the front matter's schema (or with `config`,
/// book.yaml's) on standard output, or with `write` both beside book.yaml.
pub(super) fn run(root: &Path, config: bool, write: bool) -> anyhow::Result<ExitCode> {
    if write {
        return write_schemas(root);
    }
    let schema = if config {
        crate::source::schema::config()
    } else {
        let loaded = crate::source::load::load_book(&BookInput::open(root));
        let Some(book) = loaded.book else {
            report(&loaded.diagnostics);
            return Ok(ExitCode::FAILURE);
        };
        crate::source::schema::front_matter(&book.config)
    };
    println!("{}", serde_json::to_string_pretty(&schema)?);
    Ok(ExitCode::SUCCESS)
}

/// `kis-book schema --write`: both schemas beside book.yaml, so that its
/// `yaml-language-server` line works in a repository holding only the book.
fn write_schemas(root: &Path) -> anyhow::Result<ExitCode> {
    let loaded = crate::source::load::load_book(&BookInput::open(root));
    let Some(book) = loaded.book else {
        report(&loaded.diagnostics);
        return Ok(ExitCode::FAILURE);
    };
    let content = root.join(crate::source::load::CONTENT_DIR);
    for (name, schema) in [
        (
            crate::source::schema::CONFIG_FILE,
            crate::source::schema::config(),
        ),
        (
            crate::source::schema::FRONT_MATTER_FILE,
            crate::source::schema::front_matter(&book.config),
        ),
    ] {
        let path = content.join(name);
        let text = serde_json::to_string_pretty(&schema)? + "\n";
        crate::base::output::write_file(&path, text.as_bytes())?;
        eprintln!(
            "wrote {}",
            crate::source::load::display_path(&path).display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
