//! Stage 2: checks on the parsed tree that need nothing but the page
//! itself. Each check is one function over the tree, listed in [`CHECKS`];
//! a new check is a new function there.
//!
//! They read the parsed tree rather than the resolved [`super::Document`]
//! because that is where the positions, the raw HTML and the footnote
//! references pulldown-cmark left as text are.

use std::path::Path;

use crate::base::diagnostics::codes::{self, Code};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};

use super::parsed::{Node, Parsed, RawInline, RawKind, is_comment, walk};

/// Where a check reports: the page's file and the run's diagnostics.
#[derive(Debug)]
pub(super) struct Report<'a> {
    /// The page's file, relative to the book root.
    pub path: &'a Path,
    /// Where the diagnostics go.
    pub diags: &'a mut Diagnostics,
}

impl Report<'_> {
    /// Records an error with a hint.
    fn error(&mut self, code: Code, pos: Pos, message: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::new(code, self.path, pos, message);
        d.hint = hint;
        self.diags.push(d);
    }
}

/// The checks, in the order they run.
const CHECKS: &[fn(&Parsed, &mut Report<'_>)] = &[
    raw_html,
    heading_levels,
    heading_text,
    image_alt_text,
    image_width,
    footnotes_defined_once,
    footnote_references_defined,
    footnote_definitions_used,
];

/// Runs every check on a parsed page of the file `path`.
pub(super) fn validate(parsed: &Parsed, path: &Path, diags: &mut Diagnostics) {
    let mut report = Report { path, diags };
    for check in CHECKS {
        check(parsed, &mut report);
    }
}

/// Raw HTML is refused: the PDF cannot show it and the site must not run
/// it. Comments are allowed, also when pulldown-cmark hands one over in
/// several pieces (one per line of an HTML block).
fn raw_html(parsed: &Parsed, report: &mut Report<'_>) {
    let mut in_comment = false;
    let mut open: Vec<String> = Vec::new();
    walk(&parsed.blocks, &mut |node| {
        let (html, pos) = match node {
            Node::Block(block) => match &block.kind {
                RawKind::Html(html) => (html, block.pos),
                _ => return,
            },
            Node::Inline(RawInline::Html { html, pos }) => (html, *pos),
            Node::Inline(_) => return,
        };
        let trimmed = html.trim();
        if in_comment || trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            return;
        }
        if is_comment(html) {
            return;
        }
        // One element, one message: the closing tag of an element whose
        // opening tag was reported is not news.
        if let Some(name) = tag_name(trimmed, "</") {
            if let Some(i) = open.iter().rposition(|o| *o == name) {
                open.remove(i);
                return;
            }
        } else if let Some(name) = tag_name(trimmed, "<")
            && !trimmed.contains("</")
        {
            open.push(name);
        }
        let shown: String = trimmed.chars().take(40).collect();
        report.error(
            codes::RAW_HTML,
            pos,
            format!("raw HTML is not allowed: `{shown}`"),
            Some(html_hint(tag_name(trimmed, "<").as_deref())),
        );
    });
}

/// The lower-case name of the tag `html` starts with after `prefix`
/// (`<b>` → `b` with prefix `<`, `</b>` with prefix `</`).
fn tag_name(html: &str, prefix: &str) -> Option<String> {
    let rest = html.strip_prefix(prefix)?;
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    (!name.is_empty()).then(|| name.to_ascii_lowercase())
}

/// What to write in Markdown instead of the element `name`.
fn html_hint(name: Option<&str>) -> String {
    let instead = match name {
        Some("b" | "strong") => "write bold text as `**tekst**`",
        Some("i" | "em") => "write italic text as `*tekst*`",
        Some("a") => "write a link as `[tekst](adres)`",
        Some("br") => "end the line with a backslash `\\` for a line break",
        _ => "write it in Markdown",
    };
    format!("{instead}; HTML comments `<!-- … -->` are allowed")
}

/// Headings go down one level at a time: the page title is `#`, its
/// sections `##`, theirs `###`. A skipped level breaks the outline of an
/// accessible PDF (PDF/UA) and screen readers' navigation.
fn heading_levels(parsed: &Parsed, report: &mut Report<'_>) {
    let marks = |n: u8| "#".repeat(usize::from(n));
    // The page title counts as level 1.
    let mut last = 1;
    walk(&parsed.blocks, &mut |node| {
        let Node::Block(block) = node else { return };
        let RawKind::Heading { level, .. } = block.kind else {
            return;
        };
        if level == 1 {
            report.error(
                codes::TITLE_HEADING,
                block.pos,
                "a `#` heading inside a page: the page title comes from the front matter",
                Some("start the page's sections at `##`".into()),
            );
        } else if level > last + 1 {
            report.error(
                codes::HEADING_SKIPS_LEVEL,
                block.pos,
                format!(
                    "the heading skips from `{}` to `{}`",
                    marks(last),
                    marks(level)
                ),
                Some(format!("use `{}` here", marks(last + 1))),
            );
        }
        last = level.max(2);
    });
}

/// A heading needs text: the accessible PDF (PDF/UA) titles every entry of
/// its outline. An image does not count, since Typst leaves images out of
/// a heading.
fn heading_text(parsed: &Parsed, report: &mut Report<'_>) {
    walk(&parsed.blocks, &mut |node| {
        if let Node::Block(block) = node
            && let RawKind::Heading { content, .. } = &block.kind
            && printed_text(content).trim().is_empty()
        {
            report.error(
                codes::EMPTY_HEADING,
                block.pos,
                "a heading needs text",
                Some("write the section's title after the `#` marks, or remove the line".into()),
            );
        }
    });
}

/// The text of a heading as the PDF prints it: without images and
/// footnote marks.
fn printed_text(inlines: &[RawInline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            RawInline::Text(t) | RawInline::Code(t) => out.push_str(t),
            RawInline::Emph(c)
            | RawInline::Strong(c)
            | RawInline::Strike(c)
            | RawInline::Link { content: c, .. } => out.push_str(&printed_text(c)),
            RawInline::LiteralFootnoteRef { label, .. } => out.push_str(label),
            RawInline::Placeholder(p) => out.push_str(&p.written),
            RawInline::SoftBreak | RawInline::HardBreak => out.push(' '),
            RawInline::Image { .. } | RawInline::FootnoteRef { .. } | RawInline::Html { .. } => {}
        }
    }
    out
}

/// An image needs alternative text, for screen readers and PDF/UA.
fn image_alt_text(parsed: &Parsed, report: &mut Report<'_>) {
    walk(&parsed.blocks, &mut |node| {
        if let Node::Inline(RawInline::Image { alt, pos, .. }) = node
            && alt.trim().is_empty()
        {
            report.error(
                codes::IMAGE_WITHOUT_ALT,
                *pos,
                "an image needs alternative text",
                Some("write what the image shows: `![Beschrijving](pad.png)`".into()),
            );
        }
    });
}

/// An image's title gives its width, in a form both outputs can honour.
fn image_width(parsed: &Parsed, report: &mut Report<'_>) {
    walk(&parsed.blocks, &mut |node| {
        if let Node::Inline(RawInline::Image { title, pos, .. }) = node
            && let Err(bad) = super::width::parse_title(title)
        {
            report.error(
                codes::IMAGE_WIDTH,
                *pos,
                bad.to_string(),
                Some(format!(
                    "write the width as the image's title: {}",
                    super::WIDTH_SYNTAX
                )),
            );
        }
    });
}

/// Every footnote definition of the page with its position, in the order
/// written.
fn definitions(parsed: &Parsed) -> Vec<(&str, Pos)> {
    let mut out = Vec::new();
    walk(&parsed.blocks, &mut |node| {
        if let Node::Block(block) = node
            && let RawKind::FootnoteDef { label, .. } = &block.kind
        {
            out.push((label.as_str(), block.pos));
        }
    });
    out
}

/// Every footnote reference of the page with its position, matched by
/// pulldown-cmark or left as text, in the order written.
fn references(parsed: &Parsed) -> Vec<(&str, Pos)> {
    let mut out = Vec::new();
    walk(&parsed.blocks, &mut |node| {
        if let Node::Inline(
            RawInline::FootnoteRef { label, pos } | RawInline::LiteralFootnoteRef { label, pos },
        ) = node
        {
            out.push((label.as_str(), *pos));
        }
    });
    out
}

/// A label is defined once; the first definition counts.
fn footnotes_defined_once(parsed: &Parsed, report: &mut Report<'_>) {
    let definitions = definitions(parsed);
    for (i, (label, pos)) in definitions.iter().enumerate() {
        if definitions[..i].iter().any(|(l, _)| l == label) {
            report.error(
                codes::FOOTNOTE_DEFINED_TWICE,
                *pos,
                format!("footnote `[^{label}]` is defined twice"),
                None,
            );
        }
    }
}

/// A reference needs a definition. pulldown-cmark prints a reference
/// without one as text, so that is where most are found.
fn footnote_references_defined(parsed: &Parsed, report: &mut Report<'_>) {
    let definitions = definitions(parsed);
    for (label, pos) in references(parsed) {
        if !definitions.iter().any(|(l, _)| *l == label) {
            report.error(
                codes::FOOTNOTE_NOT_DEFINED,
                pos,
                format!("footnote `[^{label}]` is used but never defined"),
                Some(format!(
                    "add the note on a line of its own: `[^{label}]: De tekst van de noot.`"
                )),
            );
        }
    }
}

/// A definition nobody refers to is probably a reference that went
/// missing: a warning at the definition.
fn footnote_definitions_used(parsed: &Parsed, report: &mut Report<'_>) {
    let references = references(parsed);
    let definitions = definitions(parsed);
    for (i, (label, pos)) in definitions.iter().enumerate() {
        let first = !definitions[..i].iter().any(|(l, _)| l == label);
        if first && !references.iter().any(|(l, _)| l == label) {
            report.diags.push(Diagnostic::new(
                codes::FOOTNOTE_NOT_USED,
                report.path,
                *pos,
                format!("footnote `[^{label}]` is defined but never used"),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
