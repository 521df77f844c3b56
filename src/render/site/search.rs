//! The search index: every page's words, stemmed with the Dutch Snowball
//! stemmer, written as a script the search page loads (a script rather
//! than a fetched JSON file, so search also works opened from disk).
//!
//! The browser side (templates/site/static/search.js) stems a query word
//! with the same algorithm (stemmer-nl.js), so "schakeljaren" and
//! "schakeljaar" find the same pages; the browser test checks that both
//! stemmers agree on every word of the site.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::compile::markdown::{Block, Document, plain_text};
use crate::render::site::cache::Memo;

/// How much a word counts where it stands.
const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 3;
const TEXT_WEIGHT: u32 = 1;

/// A page as the search index knows it.
#[derive(Debug, Clone)]
pub(crate) struct SearchEntry<'a> {
    /// Href relative to the site root, e.g. `1.3-schakeljaren/index.html`.
    pub href: String,
    /// The page heading.
    pub title: String,
    /// Where it stands, e.g. "Thema's en projecten › Thema 1. Nieuwe migratie".
    pub trail: String,
    /// One or two sentences shown under the result.
    pub summary: String,
    /// The page's text.
    pub document: &'a Document,
}

/// The index as the script holds it, borrowed from the pages' words.
#[derive(Debug, Serialize)]
struct Index<'a> {
    /// The pages: [href, title, trail, summary, text]; the text is for the
    /// snippet around a match.
    pages: Vec<[&'a str; 5]>,
    /// Stem → [[page, weight], …], pages in site order.
    stems: BTreeMap<&'a str, Vec<[u32; 2]>>,
    /// Every word seen (folded) → its stem.
    words: BTreeMap<&'a str, &'a str>,
}

/// The index as JavaScript that sets `window.KIS_SEARCH_INDEX`: that of an
/// earlier build when every page's place and words are as they were (a
/// budget edit), else made from each page's stemmed words.
pub(crate) fn script(
    entries: &[SearchEntry<'_>],
    cache: &Memo<Arc<PageWords>>,
    scripts: &Memo<Arc<str>>,
) -> Arc<str> {
    let texts: Vec<Vec<(String, Weight)>> = entries.iter().map(page_texts).collect();
    let inputs: Vec<_> = entries
        .iter()
        .zip(&texts)
        .map(|(e, texts)| (&e.href, &e.trail, &e.summary, texts))
        .collect();
    let key = typst::utils::hash128(&inputs);
    scripts.get_or_insert_with(&key, || Arc::from(make_script(entries, &texts, cache)))
}

/// A page's texts, each with where it stands: its title first.
fn page_texts(entry: &SearchEntry<'_>) -> Vec<(String, Weight)> {
    let mut texts = vec![(entry.title.clone(), Weight::Title)];
    collect_text(&entry.document.blocks, &mut texts);
    for note in &entry.document.footnotes {
        collect_text(&note.blocks, &mut texts);
    }
    texts
}

/// Makes the index's script from every page's texts.
fn make_script(
    entries: &[SearchEntry<'_>],
    texts: &[Vec<(String, Weight)>],
    cache: &Memo<Arc<PageWords>>,
) -> String {
    let stemmer = Stemmer::create(Algorithm::Dutch);
    // Every word's stem, as far as this build has seen it.
    let mut known: HashMap<String, String> = HashMap::new();
    let words: Vec<Arc<PageWords>> = texts
        .iter()
        .map(|texts| {
            cache.get_or_insert_with(texts, || {
                Arc::new(PageWords::of(texts, &stemmer, &mut known))
            })
        })
        .collect();
    let mut index = Index {
        pages: Vec::with_capacity(entries.len()),
        stems: BTreeMap::new(),
        words: BTreeMap::new(),
    };
    for (n, (entry, page_words)) in entries.iter().zip(&words).enumerate() {
        let page = u32::try_from(n).unwrap_or(u32::MAX);
        for (stem, weight) in &page_words.weights {
            index.stems.entry(stem).or_default().push([page, *weight]);
        }
        for (word, stem) in &page_words.words {
            index.words.entry(word).or_insert(stem);
        }
        index.pages.push([
            &entry.href,
            &entry.title,
            &entry.trail,
            &entry.summary,
            &page_words.plain,
        ]);
    }
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "{}".to_owned());
    // `</` cannot end the script early: JSON allows `<\/`.
    let json = json.replace("</", "<\\/");
    format!("window.KIS_SEARCH_INDEX = {json};\n")
}

/// Where a text stands on its page, which sets how much its words count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Weight {
    Title,
    Heading,
    Text,
}

impl Weight {
    fn value(self) -> u32 {
        match self {
            Weight::Title => TITLE_WEIGHT,
            Weight::Heading => HEADING_WEIGHT,
            Weight::Text => TEXT_WEIGHT,
        }
    }
}

/// What one page adds to the index; kept between builds of one process
/// (see [`super::cache`]), since stemming is most of the index's work.
#[derive(Debug)]
pub(crate) struct PageWords {
    /// Stem → summed weight, sorted by stem.
    weights: Vec<(String, u32)>,
    /// Every distinct word → its stem, sorted by word.
    words: Vec<(String, String)>,
    /// The running text, for the snippet around a match.
    plain: String,
}

impl PageWords {
    /// The words of one page; `known` holds the stems of the words other
    /// pages had, so that a word is stemmed once per build.
    fn of(
        texts: &[(String, Weight)],
        stemmer: &Stemmer,
        known: &mut HashMap<String, String>,
    ) -> Self {
        // Hash maps while counting, sorted once at the end: the index must
        // come out the same on every build.
        let mut weights: HashMap<String, u32> = HashMap::new();
        let mut stems: HashMap<String, String> = HashMap::new();
        let mut plain = Vec::new();
        for (text, weight) in texts {
            for word in words(text) {
                let stem = match stems.get(&word) {
                    Some(stem) => stem.clone(),
                    None => {
                        let stem = known
                            .entry(word.clone())
                            .or_insert_with(|| stemmer.stem(&word).into_owned())
                            .clone();
                        stems.insert(word, stem.clone());
                        stem
                    }
                };
                *weights.entry(stem).or_default() += weight.value();
            }
            if *weight == Weight::Text {
                plain.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
        let mut weights: Vec<(String, u32)> = weights.into_iter().collect();
        weights.sort_unstable();
        let mut words: Vec<(String, String)> = stems.into_iter().collect();
        words.sort_unstable();
        Self {
            weights,
            words,
            plain: plain.join(" "),
        }
    }
}

/// The words of a text: lower case, accents folded (`financiële` →
/// `financiele`), letters and digits only. search.js folds the same way.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            word.push(crate::base::text::fold_diacritic(c));
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The text of blocks, each with where it stands.
fn collect_text(blocks: &[Block], out: &mut Vec<(String, Weight)>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } => out.push((plain_text(content), Weight::Heading)),
            Block::Paragraph(inlines) => out.push((plain_text(inlines), Weight::Text)),
            Block::List { items, .. } => {
                for item in items {
                    collect_text(item, out);
                }
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    out.push((plain_text(cell), Weight::Text));
                }
            }
            Block::Quote(blocks) => collect_text(blocks, out),
            Block::Boxed { title, blocks } => {
                if let Some(title) = title {
                    out.push((plain_text(title), Weight::Heading));
                }
                collect_text(blocks, out);
            }
            Block::Code(text) => out.push((text.clone(), Weight::Text)),
            Block::Rule | Block::Budget(_) | Block::Overview => {}
        }
    }
}

/// A summary of a document: its first paragraph, cut at a word near
/// `max` characters.
pub(crate) fn summary(doc: &Document, max: usize) -> String {
    let first = doc.blocks.iter().find_map(|b| match b {
        Block::Paragraph(inlines) => Some(plain_text(inlines)),
        _ => None,
    });
    shorten(&first.unwrap_or_default(), max)
}

/// `text` cut at a word boundary before `max` characters, with "…".
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) => &cut[..i],
        None => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded() {
        assert_eq!(
            words("Financiële (beroeps)opleidingen, 2019!"),
            ["financiele", "beroeps", "opleidingen", "2019"]
        );
    }

    #[test]
    fn dutch_stems_join_plural_and_singular() {
        let stemmer = Stemmer::create(Algorithm::Dutch);
        assert_eq!(stemmer.stem("schakeljaren"), stemmer.stem("schakeljaar"));
    }

    #[test]
    fn summaries_cut_at_a_word() {
        assert_eq!(shorten("een twee drie vier", 12), "een twee…");
        assert_eq!(shorten("kort", 12), "kort");
    }
}
