//! YAML through serde-saphyr, set up for editors' files: bounded in size
//! (a document made to explode through aliases is refused), duplicate keys
//! refused, and errors turned into positions in the file.

mod words;

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Options, SnippetMode};

use crate::base::diagnostics::Pos;
use crate::base::diagnostics::codes::{self, Code};

/// A YAML document that could not be read into the expected shape.
#[derive(Debug, Clone)]
pub(crate) struct YamlError {
    /// Where, relative to the start of the YAML text.
    pub pos: Pos,
    /// What is wrong, without position (the diagnostic carries that).
    pub message: String,
    /// What to do about it, when there is something to suggest.
    pub hint: Option<String>,
    /// The kind of mistake.
    pub code: Code,
    /// A line of the YAML text that `hint` names as `{line}`, turned into
    /// a line of the file when the error becomes a diagnostic.
    pub refers_to: Option<usize>,
}

impl YamlError {
    /// The error as a diagnostic in `path`, whose YAML starts after
    /// `line_offset` lines.
    pub(crate) fn diagnostic(&self, origin: &Origin<'_>) -> crate::base::diagnostics::Diagnostic {
        let d = crate::base::diagnostics::Diagnostic::new(
            self.code,
            origin.path,
            origin.pos(self.pos),
            &self.message,
        );
        match (&self.hint, self.refers_to) {
            (Some(hint), Some(line)) => {
                d.with_hint(hint.replace("{line}", &origin.pos(Pos::new(line, 0)).line.to_string()))
            }
            (Some(hint), None) => d.with_hint(hint),
            (None, _) => d,
        }
    }
}

/// Limits for front matter and config: generous for a real work plan, tiny
/// next to what an alias bomb expands to.
const MAX_ALIASES: usize = 1_000;
const MAX_ANCHORS: usize = 1_000;
const MAX_DEPTH: usize = 64;
const MAX_SCALAR_BYTES: usize = 4 * 1024 * 1024;

fn options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 200_000,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ANCHORS,
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_nodes: 100_000,
            max_total_scalar_bytes: MAX_SCALAR_BYTES,
        },
        alias_limits: alias_limits(),
        strict_booleans: true,
        // `.nan` and `1e400` reach the visitor, which reads the number back
        // from the source text and says what is wrong with it in words.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
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
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(error) = invisible_escape(text) {
        return Err(error);
    }
    serde_saphyr::from_str_with_options(text, options()).map_err(|err| {
        let pos = err
            .location()
            .map(|loc| pos_of(&loc))
            .unwrap_or(Pos::new(1, 1));
        let (code, message, hint) = message_of(&err);
        if let Some((message, hint)) = tab_message(&message) {
            return YamlError {
                pos: tab_position(text, pos).unwrap_or(pos),
                message,
                hint,
                code: codes::TAB_INDENT,
                refers_to: None,
            };
        }
        let error = YamlError {
            pos,
            message,
            hint,
            code,
            refers_to: None,
        };
        words::in_editors_words(text, error)
    })
}

/// An escape in a double-quoted string (`"\u0007"`, `"\e"`) that makes a
/// character no editor shows and no font draws (see
/// [`crate::base::text::invisible`]): refused at the backslash, whatever key it
/// is under, since every string of a book's YAML may be printed.
fn invisible_escape(text: &str) -> Option<YamlError> {
    let mut quoted = false;
    let mut previous = '\n';
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if !quoted {
            if c == '#' && (previous == ' ' || previous == '\n') {
                // A comment runs to the end of the line.
                while chars.next_if(|(_, c)| *c != '\n').is_some() {}
            } else if c == '"' && matches!(previous, ' ' | '\n' | ':' | '-' | '[' | '{' | ',' | '?')
            {
                quoted = true;
            }
            if c != ' ' {
                previous = c;
            }
            continue;
        }
        match c {
            '"' => {
                quoted = false;
                previous = c;
            }
            '\\' => {
                let Some((_, escape)) = chars.next() else {
                    break;
                };
                let hex = match escape {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                let decoded = if hex > 0 {
                    let digits: String = (0..hex)
                        .filter_map(|_| chars.next().map(|(_, c)| c))
                        .collect();
                    u32::from_str_radix(&digits, 16)
                        .ok()
                        .and_then(char::from_u32)
                } else {
                    match escape {
                        '0' => Some('\0'),
                        'a' => Some('\u{7}'),
                        'b' => Some('\u{8}'),
                        'v' => Some('\u{b}'),
                        'f' => Some('\u{c}'),
                        'e' => Some('\u{1b}'),
                        'N' => Some('\u{85}'),
                        _ => None,
                    }
                };
                if let Some(kind) =
                    decoded.and_then(|c| crate::base::text::invisible(c).map(|k| (c, k)))
                {
                    let (c, kind) = kind;
                    return Some(YamlError {
                        pos: Pos::of_offset(text, offset),
                        message: format!("{kind} (U+{:04X}), written as an escape", u32::from(c)),
                        hint: Some("delete the escape; such a character is not shown".to_owned()),
                        code: codes::INVISIBLE_CHARACTER,
                        refers_to: None,
                    });
                }
            }
            _ => {}
        }
    }
    None
}

/// The 1-based position of a serde-saphyr location.
pub(crate) fn pos_of(loc: &Location) -> Pos {
    Pos::new(
        usize::try_from(loc.line()).unwrap_or(0),
        usize::try_from(loc.column()).unwrap_or(0),
    )
}

/// The source text of the node at `loc`, when it is known.
///
/// Used to see how a number was written: YAML reads `1.500` as 1.5, but an
/// editor who typed it meant fifteen hundred.
pub(crate) fn source_text<'a>(text: &'a str, loc: &Location) -> Option<&'a str> {
    let span = loc.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    text.get(start..start + len)
}

/// The message and hint of an error, in an editor's words: no parser
/// internals, no policy names.
fn message_of(err: &serde_saphyr::Error) -> (Code, String, Option<String>) {
    use serde_saphyr::Error as E;
    let (message, hint) = match err.without_snippet() {
        E::AliasError { error, .. } => return message_of(error),
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let (message, hint) = unknown_field(field, expected);
            return (codes::UNKNOWN_KEY, message, hint);
        }
        E::DuplicateMappingKey { .. } => {
            return (
                codes::DUPLICATE_KEY,
                explain(&rendered(err.without_snippet())),
                None,
            );
        }
        E::NonFiniteFloat { value, .. } => {
            return (
                codes::NOT_A_NUMBER,
                format!("`{value}` is not a number"),
                Some("write a plain number with a decimal point, such as `12.5`".to_owned()),
            );
        }
        E::Budget { breach, .. } => {
            let (message, hint) = budget_message(breach);
            return (codes::YAML_TOO_LARGE, message, hint);
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => {
            return (
                codes::YAML_TOO_LARGE,
            "too many aliases: the aliases (`*name`) here repeat more text than a book file may \
             hold"
                .to_owned(),
                Some(ALIAS_HINT.to_owned()),
            );
        }
        E::SerdeMissingField { .. } => {
            return (
                codes::MISSING_KEY,
                explain(&rendered(err.without_snippet())),
                None,
            );
        }
        other => (explain(&rendered(other)), None),
    };
    (codes::INVALID_YAML, message, hint)
}

const ALIAS_HINT: &str = "write the values out instead of repeating them with `&name` and `*name`";

/// The first line of serde-saphyr's own message, without its position.
fn rendered(err: &serde_saphyr::Error) -> String {
    let rendered = err.render_with_options(serde_saphyr::render_options! {
        snippets: SnippetMode::Off,
    });
    let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
    // The position is reported by the diagnostic itself.
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_owned(),
        None => first.to_owned(),
    }
}

/// `unknown field `titel``, with the fields that are allowed and the one
/// the editor probably meant.
fn unknown_field(field: &str, expected: &[&str]) -> (String, Option<String>) {
    let message = format!("unknown field `{field}`");
    let list = expected
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = match crate::base::text::closest(field, expected.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? The fields here are: {list}"),
        None if expected.is_empty() => "no fields are allowed here".to_owned(),
        None => format!("the fields here are: {list}"),
    };
    (message, Some(hint))
}

/// A breached limit of the YAML reader, naming the limit.
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> (String, Option<String>) {
    use serde_saphyr::budget::BudgetBreach as B;
    let (message, hint) = match breach {
        B::Aliases { .. } | B::AliasAnchorRatio { .. } => (
            format!("too many aliases: a book file may use at most {MAX_ALIASES}"),
            ALIAS_HINT,
        ),
        B::Anchors { .. } => (
            format!("too many anchors (`&name`): a book file may define at most {MAX_ANCHORS}"),
            ALIAS_HINT,
        ),
        B::Depth { .. } => (
            format!("the YAML is nested too deeply: at most {MAX_DEPTH} levels"),
            "indent less: a front matter needs only a few levels",
        ),
        B::ScalarBytes { .. } => (
            format!(
                "document too large: the values hold more than {} of text",
                crate::base::limits::bytes(MAX_SCALAR_BYTES as u64)
            ),
            "a front matter or config holds short values; long text goes in the Markdown",
        ),
        B::Documents { .. } => (
            "more than one YAML document: a `---` line stands inside the YAML".to_owned(),
            "remove the extra `---` line",
        ),
        _ => (
            "document too large: it holds more YAML than a book file may".to_owned(),
            "a front matter or config holds a few dozen lines",
        ),
    };
    (message, Some(hint.to_owned()))
}

/// A tab in the indentation is not YAML: the parser notices it where the
/// next token does not fit, often at the end of the line before. The
/// editor's mistake is the tab, so an error about a tab points at the first
/// tab in the indentation of the reported line or the two after it.
fn tab_position(text: &str, reported: Pos) -> Option<Pos> {
    let lines: Vec<&str> = text.lines().collect();
    let first = reported.line.max(1);
    (first..first + 3).find_map(|n| {
        let line = lines.get(n - 1)?;
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        let col = indent.find('\t')?;
        Some(Pos::new(n, col + 1))
    })
}

/// An error about a tab, in an editor's words.
fn tab_message(message: &str) -> Option<(String, Option<String>)> {
    message.to_lowercase().contains("tab").then(|| {
        (
            "a tab in the indentation: YAML indents with spaces only".to_owned(),
            Some("replace the tab with spaces".to_owned()),
        )
    })
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
    message.to_owned()
}

/// A YAML mapping read in the order written, duplicates included (the parser
/// refuses duplicate keys before they get here).
#[derive(Debug, Clone)]
pub(crate) struct Entries<K, V>(pub Vec<(K, V)>);

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
pub(crate) struct Origin<'a> {
    /// The file, relative to the book root.
    pub path: &'a std::path::Path,
    /// Lines of the file before the YAML text (1 for front matter after `---`).
    pub line_offset: usize,
}

impl Origin<'_> {
    /// The position in the file of a position in the YAML text.
    pub(crate) fn pos(&self, pos: Pos) -> Pos {
        Pos::new(pos.line + self.line_offset, pos.col)
    }

    /// The position in the file of a serde-saphyr location.
    pub(crate) fn at(&self, loc: &Location) -> Pos {
        self.pos(pos_of(loc))
    }

    /// Reads a typed number (hours, a rate, euros) exactly, or records why not.
    pub(crate) fn quantity(
        &self,
        value: &serde_saphyr::Spanned<String>,
        what: &str,
        diags: &mut crate::base::diagnostics::Diagnostics,
    ) -> Option<rust_decimal::Decimal> {
        match crate::base::quantity::parse_quantity(&value.value) {
            Ok(q) => Some(q),
            Err(e) => {
                diags.push(crate::base::diagnostics::Diagnostic::new(
                    e.code(),
                    self.path,
                    self.at(&value.referenced),
                    e.message(what),
                ));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_escapes_are_found_in_double_quotes_only() {
        let found = |text: &str| invisible_escape(text).map(|e| (e.pos.line, e.pos.col));
        assert_eq!(found("a: \"x\\u0007\"\n"), Some((1, 6)));
        assert_eq!(found("a: \"ok\"\nb: [\"\\e\"]\n"), Some((2, 6)));
        assert_eq!(found("a: \"\\u202e\"\n"), Some((1, 5)));
        // Not escapes: single quotes, plain scalars, comments, visible ones.
        assert_eq!(found("a: '\\u0007'\nb: x\\u0007\n# \"\\a\"\n"), None);
        assert_eq!(found("a: \"tab\\t, \\u00e9, \\\\a\"\n"), None);
    }
}
