//! Small text helpers shared by the modules that make names and search
//! words from an editor's text.

/// A lower-case letter without its diacritic (`é` → `e`), so that
/// "scholieren" finds "scholiëren" and file names stay ASCII. Other
/// characters are returned as they are.
pub fn fold_diacritic(c: char) -> char {
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

#[cfg(test)]
mod tests {
    use super::fold_diacritic;

    #[test]
    fn dutch_diacritics_fold() {
        let folded: String = "scholiëren café één ruïne"
            .chars()
            .map(fold_diacritic)
            .collect();
        assert_eq!(folded, "scholieren cafe een ruine");
    }
}
