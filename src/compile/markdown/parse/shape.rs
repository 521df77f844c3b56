//! Blocks whose shape depends on what they contain: a paragraph that is
//! one placeholder, a list lettered `a.`, `b.`, and a GitHub alert box
//! with a bold title line.

use crate::compile::markdown::ListMarker;
use crate::compile::markdown::parsed::{RawBlock, RawInline, RawKind, is_comment};

/// A paragraph, or the placeholder that stands alone in it (HTML comments
/// and spaces aside).
pub(super) fn paragraph(inlines: Vec<RawInline>) -> RawKind {
    let mut rest = inlines.iter().filter(|inline| match inline {
        RawInline::Text(t) => !t.trim().is_empty(),
        RawInline::Html { html, .. } => !is_comment(html),
        _ => true,
    });
    if let (Some(RawInline::Placeholder(p)), None) = (rest.next(), rest.next()) {
        return RawKind::Placeholder(p.clone());
    }
    RawKind::Paragraph(inlines)
}

pub(super) fn list(start: Option<u64>, items: Vec<Vec<RawBlock>>) -> RawKind {
    if start.is_none()
        && let Some((upper, first)) = lettered(&items)
    {
        let items = items.into_iter().map(strip_letter).collect();
        return RawKind::List {
            marker: ListMarker::Lettered {
                upper,
                start: first,
            },
            items,
        };
    }
    RawKind::List {
        marker: start.map_or(ListMarker::Bullet, ListMarker::Numbered),
        items,
    }
}

/// Whether every item starts with consecutive letters `a. `, `b. ` ….
fn lettered(items: &[Vec<RawBlock>]) -> Option<(bool, u8)> {
    let letters: Vec<char> = items
        .iter()
        .map(|item| match item.first().map(|b| &b.kind) {
            Some(RawKind::Paragraph(inl)) => match inl.first() {
                Some(RawInline::Text(t)) => {
                    let mut cs = t.chars();
                    match (cs.next(), cs.next(), cs.next()) {
                        (Some(c), Some('.'), Some(' ')) if c.is_ascii_alphabetic() => Some(c),
                        _ => None,
                    }
                }
                _ => None,
            },
            _ => None,
        })
        .collect::<Option<Vec<char>>>()?;
    let first = *letters.first()?;
    let upper = first.is_ascii_uppercase();
    let consecutive = letters.windows(2).all(|w| w[1] as u32 == w[0] as u32 + 1);
    let same_case = letters.iter().all(|c| c.is_ascii_uppercase() == upper);
    (consecutive && same_case && letters.len() >= 2).then(|| {
        let base = if upper { b'A' } else { b'a' };
        (upper, first as u8 - base)
    })
}

fn strip_letter(mut item: Vec<RawBlock>) -> Vec<RawBlock> {
    if let Some(RawKind::Paragraph(inl)) = item.first_mut().map(|b| &mut b.kind)
        && let Some(RawInline::Text(t)) = inl.first_mut()
    {
        *t = t.get(3..).unwrap_or_default().to_owned();
    }
    item
}

/// A GitHub alert block; a first paragraph that is one bold line (HTML
/// comments aside) is its title.
pub(super) fn boxed(mut blocks: Vec<RawBlock>) -> RawKind {
    let title = match blocks.first().map(|b| &b.kind) {
        Some(RawKind::Paragraph(inl)) => {
            let mut rest = inl.iter().filter(
                |inline| !matches!(inline, RawInline::Html { html, .. } if is_comment(html)),
            );
            match (rest.next(), rest.next()) {
                (Some(RawInline::Strong(title)), None) => Some(title.clone()),
                _ => None,
            }
        }
        _ => None,
    };
    if title.is_some() {
        blocks.remove(0);
    }
    RawKind::Boxed { title, blocks }
}
