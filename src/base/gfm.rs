//! GitHub-flavoured Markdown for pull-request comments and job summaries:
//! text that an editor wrote (titles, role names, messages) escaped so that
//! it shows as written and cannot break a table or add a link or an image.

/// `text` for a Markdown paragraph or table cell: Markdown's punctuation
/// backslash-escaped, `|` too (a table's cell separator), line breaks made
/// spaces.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn editors_text_stays_text() {
        assert_eq!(escape("Werk voor iedereen"), "Werk voor iedereen");
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(
            escape("![x](https://t.example/p.png)"),
            "\\!\\[x\\](https://t.example/p.png)"
        );
        assert_eq!(escape("<b>*vet*</b>"), "\\<b\\>\\*vet\\*\\</b\\>");
        assert_eq!(escape("een\ntwee"), "een twee");
    }
}
