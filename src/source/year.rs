//! The year placeholder of book.yaml: `{year}` in a year-bound setting
//! (title, running title, output name, base_url, date) stands for the
//! book's `year`, `{year-1}` for the year before it, so that the next
//! edition changes its year in one place (`year:`) and every setting
//! follows.

/// Why a text's placeholder cannot be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadPlaceholder {
    /// The placeholder as written, braces included: `{jaar}`.
    pub written: String,
}

/// `text` with every `{year}`, `{year-N}` and `{year+N}` replaced by the
/// year it names. A brace group that looks like a placeholder but is not
/// one of these (a group starting with a letter: `{jaar}`, `{year - 1}`,
/// `{Year}`) is refused; other braces (`{1}`, `{ x }`) stay as they are.
pub(crate) fn expand(text: &str, year: i32) -> Result<String, BadPlaceholder> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return Ok(out);
        };
        let inner = &after[..close];
        let written = &rest[open..open + close + 2];
        if looks_like_placeholder(inner) {
            let shift = offset(inner).ok_or_else(|| BadPlaceholder {
                written: written.to_owned(),
            })?;
            let named = year.checked_add(shift).ok_or_else(|| BadPlaceholder {
                written: written.to_owned(),
            })?;
            out.push_str(&named.to_string());
        } else {
            out.push_str(written);
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Whether the inside of a brace group is meant as a placeholder: it
/// starts with a letter, the way `{year-1}` does.
fn looks_like_placeholder(inner: &str) -> bool {
    inner.chars().next().is_some_and(char::is_alphabetic)
}

/// The years a placeholder adds to the book's year: 0 for `year`, -1 for
/// `year-1`; `None` for anything else.
fn offset(inner: &str) -> Option<i32> {
    let rest = inner.strip_prefix("year")?;
    if rest.is_empty() {
        return Some(0);
    }
    let (sign, digits) = match rest.split_at(1) {
        ("-", digits) => (-1, digits),
        ("+", digits) => (1, digits),
        _ => return None,
    };
    if digits.is_empty() || digits.len() > 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i32>().ok().map(|n| sign * n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_name_years() {
        let cases = [
            ("Werkplan {year}", "Werkplan 2019"),
            (
                "https://www.kis.nl/werkplan-{year}/",
                "https://www.kis.nl/werkplan-2019/",
            ),
            ("{year-1}-12-01", "2018-12-01"),
            ("{year+1}", "2020"),
            ("{year}-{year+10}", "2019-2029"),
            ("Werkplan 2019", "Werkplan 2019"),
            ("a { b } and {1} and {", "a { b } and {1} and {"),
            ("", ""),
        ];
        for (text, expanded) in cases {
            assert_eq!(expand(text, 2019).as_deref(), Ok(expanded), "{text}");
        }
    }

    #[test]
    fn near_misses_are_refused() {
        for text in [
            "{jaar}",
            "{Year}",
            "{year - 1}",
            "{year-}",
            "{year*2}",
            "{year-1000}",
            "x {years} y",
        ] {
            assert!(expand(text, 2019).is_err(), "{text}");
        }
        assert_eq!(
            expand("Werkplan {jaar}", 2019),
            Err(BadPlaceholder {
                written: "{jaar}".to_owned()
            })
        );
    }
}
