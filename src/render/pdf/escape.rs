//! Editor text into Typst, inert: whatever an editor writes prints as
//! written and can neither run code nor change the layout.
//!
//! Two forms: [`markup`] for text in a content block, where every ASCII
//! character that Typst markup might read as syntax gets a backslash (Typst
//! reads `\` + any character as that character), and [`string`] for a Typst
//! string literal, where only `\` and `"` need escaping.

/// Text for Typst markup: every markup-significant character escaped,
/// line breaks folded into spaces.
pub(super) fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if needs_escape(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Typst string literal (with its quotes) holding `text` exactly.
pub(super) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether Typst markup could read `c` as syntax: `#` code, `$` math,
/// `*` `_` emphasis, `` ` `` raw, `<` `>` labels, `@` references, `=` `-`
/// `+` `/` `.` `:` headings, lists, comments, shorthands and links, `~`
/// non-breaking space, `[` `]` `{` `}` `(` `)` blocks and call arguments,
/// `"` `'` smart quotes, `\` escapes, and `;`, which ends an embedded
/// call (`#strong[x];` swallows it: found by fuzzing). Escaping all ASCII
/// punctuation but a few harmless marks is simpler to trust than a list of
/// the exact rules.
fn needs_escape(c: char) -> bool {
    c.is_ascii_punctuation() && !matches!(c, ',' | '!' | '?' | '%' | '&' | '|' | '^')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_typst_syntax() {
        let cases = [
            ("gewoon tekst", "gewoon tekst"),
            ("#set page(width: 1pt)", "\\#set page\\(width\\: 1pt\\)"),
            ("$x^2$", "\\$x^2\\$"),
            ("<label> @ref", "\\<label\\> \\@ref"),
            ("// comment", "\\/\\/ comment"),
            ("= heading", "\\= heading"),
            ("#{panic()}", "\\#\\{panic\\(\\)\\}"),
            ("1. eerste", "1\\. eerste"),
            ("a\\b", "a\\\\b"),
            ("“aanhalingen” – € 12.000", "“aanhalingen” – € 12\\.000"),
            ("regel\nnieuw", "regel nieuw"),
            // After an embedded call, Typst would take `;` as its end.
            ("; en", "\\; en"),
        ];
        for (input, expected) in cases {
            assert_eq!(markup(input), expected, "markup({input:?})");
        }
    }

    #[test]
    fn strings_escape_quotes_and_backslashes() {
        assert_eq!(string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(string("x\ny"), "\"x\\ny\"");
        assert_eq!(string("#{panic()}"), "\"#{panic()}\"");
    }
}
