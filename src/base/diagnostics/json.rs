//! `kis-book check --format json`: the diagnostics for machines.
//!
//! One JSON array (not JSON Lines): a single document that every JSON
//! reader takes whole, `[]` when the book is clean. The diagnostics are all
//! known before anything is written, so nothing is gained by streaming. Each
//! element is an object:
//!
//! ```json
//! {"severity": "error", "file": "content/book.yaml", "line": 11,
//!  "column": 19, "code": "KB0321", "message": "…", "hint": "…"}
//! ```
//!
//! `line` and `column` are 1-based, and `null` where the whole file (or the
//! whole line) is meant; `hint` is `null` when there is none.

use serde::Serialize;

use super::{Diagnostic, Diagnostics};

#[derive(Serialize)]
struct Item<'a> {
    severity: &'static str,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    code: &'static str,
    message: &'a str,
    hint: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for Item<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        Self {
            severity: d.severity.as_str(),
            file: super::file_name(&d.path),
            line: (d.pos.line > 0).then_some(d.pos.line),
            column: (d.pos.line > 0 && d.pos.col > 0).then_some(d.pos.col),
            code: d.code.id,
            message: &d.message,
            hint: d.hint.as_deref(),
        }
    }
}

/// The diagnostics, sorted by file and position, as a JSON array, with a
/// final line break.
pub fn render(diags: &Diagnostics) -> String {
    let items: Vec<Item<'_>> = diags.sorted().into_iter().map(Item::from).collect();
    let mut text = serde_json::to_string_pretty(&items)
        .unwrap_or_else(|e| format!("[{{\"severity\": \"error\", \"message\": \"{e}\"}}]"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::{Pos, codes};

    #[test]
    fn one_object_per_diagnostic() {
        let mut diags = Diagnostics::default();
        diags
            .report(
                codes::UNKNOWN_ROLE,
                std::path::Path::new("content/a.md"),
                Pos::new(3, 5),
                "unknown role `Chef`",
            )
            .hint = Some("the roles are: Senior".into());
        diags.push(Diagnostic::new(
            codes::NO_CONTENT_FOLDER,
            "content",
            Pos::default(),
            "there is no content folder",
        ));
        let json: serde_json::Value = serde_json::from_str(&render(&diags)).expect("JSON");
        assert_eq!(json[0]["file"], "content");
        assert_eq!(json[0]["line"], serde_json::Value::Null);
        assert_eq!(json[0]["hint"], serde_json::Value::Null);
        assert_eq!(json[1]["severity"], "error");
        assert_eq!(json[1]["line"], 3);
        assert_eq!(json[1]["column"], 5);
        assert_eq!(json[1]["code"], "KB0314");
        assert_eq!(json[1]["hint"], "the roles are: Senior");
        assert_eq!(render(&Diagnostics::default()), "[]\n");
    }
}
