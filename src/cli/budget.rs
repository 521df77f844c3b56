//! `kis-book budget`: the computed budget as a table, CSV, JSON or the
//! xlsx workbook.

use std::path::Path;
use std::process::ExitCode;

use crate::render::export::{self, ExportFormat};
use crate::source::input::BookInput;

use super::{FormatArg, exit_code, print_stdout, report};

/// `kis-book budget`: the computed budget on standard output or in a file.
pub(super) fn budget(
    root: &Path,
    format: FormatArg,
    lines: bool,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if lines && !matches!(format, FormatArg::Csv) {
        eprintln!("error: --lines is a CSV for pivot tables: use it with `--format csv`");
        return Ok(ExitCode::from(2));
    }
    if matches!(format, FormatArg::Xlsx) && output.is_none() {
        eprintln!(
            "error: a workbook is a binary file: give the file to write with -o, e.g. \
             `kis-book budget --format xlsx -o begroting.xlsx`"
        );
        return Ok(ExitCode::from(2));
    }
    let outcome = crate::compile::compile(&BookInput::open(root));
    report(&outcome.diagnostics);
    let Some(compiled) = outcome.compiled else {
        return Ok(ExitCode::FAILURE);
    };
    let (config, programme) = (&compiled.config, &compiled.programme);
    let bytes = match format {
        FormatArg::Table => export::render(ExportFormat::Table, config, programme).into_bytes(),
        FormatArg::Csv if lines => {
            export::render(ExportFormat::CsvLines, config, programme).into_bytes()
        }
        FormatArg::Csv => export::render(ExportFormat::Csv, config, programme).into_bytes(),
        FormatArg::Json => export::render(ExportFormat::Json, config, programme).into_bytes(),
        FormatArg::Xlsx => export::xlsx::workbook(config, programme)?,
    };
    if let Some(path) = output {
        crate::base::output::write_file(path, &bytes)?;
        eprintln!("wrote {}", path.display());
        return Ok(exit_code(&outcome.diagnostics));
    }
    print_stdout(&bytes)?;
    Ok(exit_code(&outcome.diagnostics))
}
