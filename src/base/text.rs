//! Small text helpers shared by the modules that make names and search
//! words from an editor's text.

/// A lower-case letter without its diacritic (`é` → `e`), so that
/// "scholieren" finds "scholiëren" and file names stay ASCII. Other
/// characters are returned as they are.
pub(crate) fn fold_diacritic(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        c => c,
    }
}

/// What kind of invisible character `c` is, when it is one an editor's
/// text may not hold: a control character (tabs and line ends are fine) or
/// a bidirectional override. Both are invisible in an editor but change
/// what a reader sees, or hide text from a reviewer; no font draws them.
pub(crate) fn invisible(c: char) -> Option<&'static str> {
    if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
        Some("an invisible bidirectional control character")
    } else if (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || c == '\u{feff}' {
        Some("an invisible control character")
    } else {
        None
    }
}

/// The byte offset of the first carriage return not followed by a line
/// feed: an old Mac line ending, which some tools count as a line break and
/// others do not, so that no line number would be certain.
pub(crate) fn lone_carriage_return(text: &str) -> Option<usize> {
    text.match_indices('\r')
        .map(|(i, _)| i)
        .find(|&i| text.as_bytes().get(i + 1) != Some(&b'\n'))
}

/// The candidate closest to `word` by edit distance (ignoring case), when
/// one is close enough to be what an editor meant: at most a third of its
/// letters differ. For "did you mean `title`?" hints.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: Vec<char> = word.to_lowercase().chars().collect();
    candidates
        .into_iter()
        .map(|c| {
            let cand: Vec<char> = c.to_lowercase().chars().collect();
            (edit_distance(&word, &cand), c)
        })
        .filter(|(d, c)| *d > 0 && *d <= word.len().max(c.chars().count()).div_ceil(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance between two character sequences.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, fold_diacritic, lone_carriage_return};

    #[test]
    fn lone_carriage_returns_are_found() {
        assert_eq!(lone_carriage_return("a\r\nb\r\n"), None);
        assert_eq!(lone_carriage_return("a\r\nb\rc"), Some(4));
        assert_eq!(lone_carriage_return("a\r"), Some(1));
    }

    #[test]
    fn close_names_are_suggested() {
        let fields = [
            "title",
            "id",
            "theme",
            "function",
            "kind",
            "description",
            "budget",
        ];
        assert_eq!(closest("titel", fields), Some("title"));
        assert_eq!(closest("Thema", fields), Some("theme"));
        assert_eq!(closest("budgt", fields), Some("budget"));
        assert_eq!(closest("omschrijving", fields), None);
        assert_eq!(closest("title", fields), None);
    }

    #[test]
    fn dutch_diacritics_fold() {
        let folded: String = "scholiëren café één ruïne"
            .chars()
            .map(fold_diacritic)
            .collect();
        assert_eq!(folded, "scholieren cafe een ruine");
    }
}
