//! YAML through serde-saphyr, set up for editors' files: bounded in size
//! (a document made to explode through aliases is refused), duplicate keys
//! refused, and errors turned into positions in the file.

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Options, SnippetMode};

use crate::diagnostics::Pos;

/// A YAML document that could not be read into the expected shape.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// Where, relative to the start of the YAML text.
    pub pos: Pos,
    /// What is wrong, without position (the diagnostic carries that).
    pub message: String,
}

/// Limits for front matter and config: generous for a real work plan, tiny
/// next to what an alias bomb expands to.
fn options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 200_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_depth: 64,
            max_documents: 1,
            max_nodes: 100_000,
            max_total_scalar_bytes: 4 * 1024 * 1024,
        },
        alias_limits: alias_limits(),
        strict_booleans: true,
    }
}

fn alias_limits() -> serde_saphyr::options::AliasLimits {
    let mut limits = serde_saphyr::options::AliasLimits::default();
    limits.max_total_replayed_events = 20_000;
    limits.max_replay_stack_depth = 16;
    limits.max_alias_expansions_per_anchor = 100;
    limits
}

/// Reads `text` as one YAML document of type `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|err| {
        let pos = err
            .location()
            .map(|loc| pos_of(&loc))
            .unwrap_or(Pos::new(1, 1));
        YamlError {
            pos,
            message: message_of(&err),
        }
    })
}

/// The 1-based position of a serde-saphyr location.
pub fn pos_of(loc: &Location) -> Pos {
    Pos::new(
        usize::try_from(loc.line()).unwrap_or(0),
        usize::try_from(loc.column()).unwrap_or(0),
    )
}

/// The source text of the node at `loc`, when it is known.
///
/// Used to see how a number was written: YAML reads `1.500` as 1.5, but an
/// editor who typed it meant fifteen hundred.
pub fn source_text<'a>(text: &'a str, loc: &Location) -> Option<&'a str> {
    let span = loc.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    text.get(start..start + len)
}

fn message_of(err: &serde_saphyr::Error) -> String {
    let rendered = err
        .without_snippet()
        .render_with_options(serde_saphyr::render_options! {
            snippets: SnippetMode::Off,
        });
    let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
    // The position is reported by the diagnostic itself.
    let message = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    explain(message)
}

/// Rewords the messages an editor is most likely to meet.
fn explain(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return format!("the key `{key}` appears twice");
    }
    // What the parser expected where the editor wrote something else.
    let shape = match message {
        "expected string scalar" | "expected scalar" => Some(
            "expected a single value here (text or a number), not a list or a set of \
             `key: value` lines",
        ),
        "expected mapping start" => {
            Some("expected `key: value` lines here, not a single value or a list")
        }
        "expected sequence start" => {
            Some("expected a list here: one `- item` line per item, indented under this key")
        }
        _ => None,
    };
    if let Some(shape) = shape {
        return shape.to_owned();
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        // serde's words for YAML's shapes, in an editor's words.
        let rest =
            rest.replacen("sequence", "a list", 1)
                .replacen("map,", "`key: value` lines,", 1);
        return format!("wrong kind of value: {rest}");
    }
    let lower = message.to_lowercase();
    if lower.contains("budget") || lower.contains("alias") && lower.contains("limit") {
        format!("the YAML expands beyond what a book file may hold ({message})")
    } else {
        message.to_owned()
    }
}

/// A YAML mapping read in the order written, duplicates included (the parser
/// refuses duplicate keys before they get here).
#[derive(Debug, Clone)]
pub struct Entries<K, V>(pub Vec<(K, V)>);

impl<'de, K, V> serde::Deserialize<'de> for Entries<K, V>
where
    K: serde::Deserialize<'de>,
    V: serde::Deserialize<'de>,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<K, V>(std::marker::PhantomData<(K, V)>);

        impl<'de, K, V> serde::de::Visitor<'de> for EntriesVisitor<K, V>
        where
            K: serde::Deserialize<'de>,
            V: serde::Deserialize<'de>,
        {
            type Value = Entries<K, V>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping of names to values")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

/// A YAML text inside a file: where it starts, to turn positions in the YAML
/// into positions in the file.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The file, relative to the book root.
    pub path: &'a std::path::Path,
    /// Lines of the file before the YAML text (1 for front matter after `---`).
    pub line_offset: usize,
}

impl Origin<'_> {
    /// The position in the file of a position in the YAML text.
    pub fn pos(&self, pos: Pos) -> Pos {
        Pos::new(pos.line + self.line_offset, pos.col)
    }

    /// The position in the file of a serde-saphyr location.
    pub fn at(&self, loc: &Location) -> Pos {
        self.pos(pos_of(loc))
    }

    /// Reads a typed number (hours, a rate, euros) exactly, or records why not.
    pub fn quantity(
        &self,
        value: &serde_saphyr::Spanned<String>,
        what: &str,
        diags: &mut crate::diagnostics::Diagnostics,
    ) -> Option<rust_decimal::Decimal> {
        match crate::quantity::parse_quantity(&value.value) {
            Ok(q) => Some(q),
            Err(e) => {
                diags.error(self.path, self.at(&value.referenced), e.message(what));
                None
            }
        }
    }
}
