//! Which characters of a book file are printed: everything but comments.
//! YAML comments (`# …` at the start of a line or after a space, outside
//! quotes and block scalars) and HTML comments in Markdown (`<!-- … -->`,
//! outside fenced code) are never shown to a reader, so a character there
//! needs no font.
//!
//! Everything else counts, YAML keys included (role names are keys, and
//! they are printed in the budget tables), and so does Markdown syntax:
//! it is ASCII, which the body font has.

use crate::source::frontmatter;

/// Calls `f` with the byte offset and the character of every printed
/// character of `text`: a Markdown page (`markdown`, its front matter read
/// as YAML) or a YAML file.
pub(super) fn for_each_printed(text: &str, markdown: bool, mut f: impl FnMut(usize, char)) {
    if !markdown {
        yaml(text, 0, &mut f);
        return;
    }
    match frontmatter::split(text) {
        Ok(split) => {
            yaml(split.yaml, offset_in(text, split.yaml), &mut f);
            markdown_body(split.body, offset_in(text, split.body), &mut f);
        }
        // The loader reports it; the whole file is looked at as Markdown.
        Err(_) => markdown_body(text, 0, &mut f),
    }
}

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// A Markdown body without its HTML comments (which stay comments only
/// outside fenced code).
fn markdown_body(body: &str, base: usize, f: &mut impl FnMut(usize, char)) {
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let marker = ["```", "~~~"]
            .into_iter()
            .find(|m| trimmed.starts_with(m) && line.len() - trimmed.len() <= 3);
        match (fence, marker) {
            (None, Some(m)) if !in_comment => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            _ => {}
        }
        let mut rest = line;
        let mut at = line_start;
        while !rest.is_empty() {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        in_comment = false;
                        at += end + 3;
                        rest = &rest[end + 3..];
                    }
                    None => break,
                }
            } else {
                let end = match (fence, rest.find("<!--")) {
                    (None, Some(start)) => {
                        in_comment = true;
                        start
                    }
                    _ => rest.len(),
                };
                for (i, c) in rest[..end].char_indices() {
                    f(base + at + i, c);
                }
                at += end + if in_comment { 4 } else { 0 };
                rest = rest
                    .get(end + if in_comment { 4 } else { 0 }..)
                    .unwrap_or("");
            }
        }
        line_start += line.len();
    }
}

/// A YAML text without its comments.
fn yaml(text: &str, base: usize, f: &mut impl FnMut(usize, char)) {
    let mut quote: Option<char> = None;
    // The indentation of the key or item whose block scalar (`|`, `>`)
    // the following, deeper indented lines are.
    let mut block: Option<usize> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let in_block = block.is_some_and(|b| content.trim().is_empty() || indent > b);
        if in_block {
            for (i, c) in content.char_indices() {
                f(base + line_start + i, c);
            }
        } else {
            block = None;
            let end = yaml_line(content, &mut quote, |i, c| f(base + line_start + i, c));
            if quote.is_none() && starts_block_scalar(&content[..end]) {
                block = Some(indent);
            }
        }
        // The line end, so that positions stay on their lines.
        for (i, c) in line[content.len()..].char_indices() {
            f(base + line_start + content.len() + i, c);
        }
        line_start += line.len();
    }
}

/// Scans one YAML line, carrying the open quote over from the line before
/// and to the next; returns where a comment starts (or the line's end).
fn yaml_line(line: &str, quote: &mut Option<char>, mut f: impl FnMut(usize, char)) -> usize {
    // Whether a scalar may start here: at the start of the line, and after
    // `: `, `- `, `? `, `[`, `{` and `,`. Only there does a quote open.
    let mut scalar_start = true;
    let mut prev: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match *quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => *quote = None,
            Some(_) => {}
            None => {
                if c == '#' && prev.is_none_or(char::is_whitespace) {
                    return i;
                }
                if (c == '"' || c == '\'') && scalar_start {
                    *quote = Some(c);
                }
                if !c.is_whitespace() {
                    scalar_start = matches!(c, '[' | '{' | ',');
                } else if matches!(prev, Some(':' | '-' | '?')) {
                    scalar_start = true;
                }
            }
        }
        f(i, c);
        prev = Some(c);
    }
    line.len()
}

/// Whether a line (without its comment) ends in a block scalar indicator:
/// `key: |`, `- >-`, `key: |2+`.
fn starts_block_scalar(line: &str) -> bool {
    let trimmed = line.trim_end();
    let indicator = trimmed.trim_end_matches(|c: char| c == '+' || c == '-' || c.is_ascii_digit());
    let Some(before) = indicator
        .strip_suffix('|')
        .or_else(|| indicator.strip_suffix('>'))
    else {
        return false;
    };
    let before = before.trim_end();
    before.is_empty() || before.ends_with(':') || before.ends_with('-') || before.ends_with('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(text: &str, markdown: bool) -> String {
        let mut out = String::new();
        for_each_printed(text, markdown, |offset, c| {
            assert_eq!(text[offset..].chars().next(), Some(c), "offset {offset}");
            out.push(c);
        });
        out
    }

    #[test]
    fn yaml_comments_are_not_printed() {
        let text = "# kop ☃\ntitle: \"C# en ☂\" # noot ☃\nname: Project #3 ☃\nrole: it's ☂ # x\n";
        assert_eq!(
            printed(text, false),
            "\ntitle: \"C# en ☂\" \nname: Project \nrole: it's ☂ \n"
        );
    }

    #[test]
    fn block_scalars_and_multi_line_quotes_are_printed_whole() {
        let text = "a: |\n  # geen commentaar ☂\n  tekst\nb: x # weg\nc: 'twee\n  # regels'\n";
        assert_eq!(
            printed(text, false),
            "a: |\n  # geen commentaar ☂\n  tekst\nb: x \nc: 'twee\n  # regels'\n"
        );
    }

    #[test]
    fn markdown_pages_lose_yaml_and_html_comments_but_not_code() {
        let text = "---\ntitle: T # ☃\n---\n\nTekst <!-- ☃\n☃ --> ☂\n\n```\n<!-- ☂ -->\n```\n";
        assert_eq!(
            printed(text, true),
            "title: T \n\nTekst  ☂\n\n```\n<!-- ☂ -->\n```\n"
        );
    }
}
