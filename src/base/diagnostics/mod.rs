//! Diagnostics for editors: mistakes in the book, each at a file, line and
//! column, collected so that one run reports all of them.
//!
//! An editor's mistake is not a Rust error: loading goes on after one, so that
//! `kis-book check` shows every problem at once. Only the command decides what
//! an error means for the exit code.
//!
//! Every diagnostic carries a stable [`Code`] from the registry in
//! [`codes`]; [`json`] and [`github`](crate::report::github) write diagnostics for machines.

pub mod codes;
pub mod json;

pub use codes::Code;

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The book cannot be built as it is.
    Error,
    /// The book builds, but something is probably not what the editor meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as compilers and CI systems write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A diagnostic's file as machines expect it: `/` between folders on every
/// system.
pub(crate) fn file_name(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// A place in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// 1-based line number; 0 when the whole file is meant.
    pub line: usize,
    /// 1-based column in characters; 0 when the whole line is meant.
    pub col: usize,
}

impl Pos {
    /// A position at `line`, `col` (both 1-based).
    pub fn new(line: usize, col: usize) -> Self {
        Self { line, col }
    }

    /// The position of byte `offset` in `text`, counting lines and characters.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Self { line, col }
    }
}

/// One problem found in the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of mistake it is: its stable code.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// The file it is in, as given to the loader (relative to the book root).
    pub path: PathBuf,
    /// Where in that file.
    pub pos: Pos,
    /// What is wrong, in words an editor understands.
    pub message: String,
    /// What to do about it, when there is something to suggest.
    pub hint: Option<String>,
    /// What the mistake is about, when diagnostics in several files may
    /// share one cause (an unknown role: the organisation and the role), so
    /// that the stage that sees them all can report the cause once.
    pub cause: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of kind `code` at `pos` in `path`, as serious as the
    /// code says. The only way to make one: every diagnostic names its kind.
    pub fn new(code: Code, path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity,
            path: path.into(),
            pos,
            message: message.into(),
            hint: None,
            cause: None,
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error[KB0314]: message` with its hint, the form
    /// compilers use, so that editors and terminals can jump to the place:
    /// the same text as [`human`] prints, without its colours.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = anstyle::Style::new();
        write_human(f, self, plain, plain, plain)
    }
}

/// One diagnostic for a person, `path:line:col: error[KB0314]: message`
/// and its hint on the next line, with `place`, `severity` and `hint`
/// styling those parts: the one way a diagnostic is printed for humans.
fn write_human(
    out: &mut impl fmt::Write,
    d: &Diagnostic,
    place: anstyle::Style,
    severity: anstyle::Style,
    hint: anstyle::Style,
) -> fmt::Result {
    use fmt::Write as _;
    let mut at = file_name(&d.path);
    if d.pos.line > 0 {
        write!(at, ":{}", d.pos.line)?;
        if d.pos.col > 0 {
            write!(at, ":{}", d.pos.col)?;
        }
    }
    write!(
        out,
        "{place}{at}:{place:#} {severity}{}[{}]:{severity:#} {}",
        d.severity.as_str(),
        d.code.id,
        d.message
    )?;
    if let Some(text) = &d.hint {
        write!(out, "\n  {hint}= hint:{hint:#} {text}")?;
    }
    Ok(())
}

/// Every diagnostic of `diags` for a person at a terminal, sorted, each as
/// `path:line:col: error[KB0314]: message` (the code as rustc shows its
/// own, to look up in docs/diagnostics.md) with its hint, then a count and
/// where the codes are explained. The severity, place and hint are styled
/// with ANSI colours; the caller's stream (anstream) removes them when it
/// is not a terminal or NO_COLOR is set. Empty when there is nothing.
pub fn human(diags: &Diagnostics) -> String {
    use anstyle::{AnsiColor, Style};
    use std::fmt::Write as _;
    if diags.is_empty() {
        return String::new();
    }
    let place = Style::new().bold();
    let hint = Style::new().bold().fg_color(Some(AnsiColor::Cyan.into()));
    let mut out = String::new();
    let mut codes: Vec<&str> = Vec::new();
    for d in diags.sorted() {
        let severity = match d.severity {
            Severity::Error => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            Severity::Warning => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        };
        let _ = write_human(&mut out, d, place, severity, hint);
        out.push('\n');
        if !codes.contains(&d.code.id) {
            codes.push(d.code.id);
        }
    }
    let (errors, warnings) = diags.counts();
    let _ = writeln!(
        out,
        "{place}{errors} error(s), {warnings} warning(s){place:#}"
    );
    codes.sort_unstable();
    let _ = writeln!(
        out,
        "what each code means and how to fix it: docs/diagnostics.md ({})",
        codes.join(", ")
    );
    out
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records a diagnostic of kind `code` at `pos` in `path`, and returns
    /// it to add a hint.
    pub fn report(
        &mut self,
        code: Code,
        path: &Path,
        pos: Pos,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let index = self.items.len();
        self.push(Diagnostic::new(code, path, pos, message));
        &mut self.items[index]
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        (errors, self.items.len() - errors)
    }

    /// All diagnostics, sorted by file and position so that output is stable.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| (&a.path, a.pos).cmp(&(&b.path, b.pos)));
        items
    }

    /// Removes and returns the diagnostics `which` selects, in the order
    /// they were found.
    pub fn take(&mut self, which: impl Fn(&Diagnostic) -> bool) -> Vec<Diagnostic> {
        let (taken, kept) = std::mem::take(&mut self.items)
            .into_iter()
            .partition(|d| which(d));
        self.items = kept;
        taken
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Moves all diagnostics of `other` into this one.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "een\ntwee ë\ndrie";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, 4), Pos::new(2, 1));
        // 'ë' is two bytes but one column.
        assert_eq!(Pos::of_offset(text, 11), Pos::new(2, 7));
        assert_eq!(Pos::of_offset(text, 12), Pos::new(3, 1));
    }

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic::new(
            codes::UNKNOWN_ROLE,
            "content/a.md",
            Pos::new(3, 5),
            "unknown role `Chef`",
        )
        .with_hint("roles of Movisie: Senior, Medior");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:5: error[KB0314]: unknown role `Chef`\n  = hint: roles of Movisie: Senior, Medior"
        );
    }

    #[test]
    fn the_code_gives_the_severity() {
        let d = Diagnostic::new(codes::UNALLOCATED, "content/book.yaml", Pos::new(2, 1), "x");
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.code.id, "KB0322");
        let d = Diagnostic::new(codes::UNKNOWN_ROLE, "a.md", Pos::default(), "x");
        assert_eq!((d.severity, d.code.id), (Severity::Error, "KB0314"));
        let mut diags = Diagnostics::default();
        diags
            .report(codes::UNKNOWN_ROLE, Path::new("a.md"), Pos::new(1, 1), "x")
            .hint = Some("h".into());
        assert_eq!(diags.sorted()[0].hint.as_deref(), Some("h"));
        assert_eq!(diags.counts(), (1, 0));
    }
}
