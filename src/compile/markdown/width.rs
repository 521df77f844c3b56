//! The width an editor gives an image, written as the image's title:
//! `![Kaart](kaart.png "width=50%")`, `"width=8cm"` or `"width=75mm"`.
//!
//! A title is plain CommonMark, so every Markdown tool keeps it (GitHub
//! shows it as the image's tooltip), where pandoc's `{width=50%}` would be
//! printed as text by the others. Both outputs honour the width as the
//! most the image takes: neither ever shows an image larger than its
//! natural size (see [`PRINT_DPI`]) or wider than its column.

use std::fmt;

use super::ImageWidth;

/// The print resolution: a raster image is printed at most one inch wide
/// per 150 of its pixels (a 600-pixel-wide photo at most 10,16 cm), so that
/// it is never enlarged into visible blur. 150 dpi is what a printer needs
/// for an image to look sharp at reading distance; a wider image is scaled
/// down to its column.
pub const PRINT_DPI: u32 = 150;

/// What an editor may write, for the messages.
pub const WIDTH_SYNTAX: &str =
    "`width=50%` (a multiple of 5, at most 100%), `width=8cm` or `width=75mm`";

/// Why a title is not a width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BadWidth(String);

impl fmt::Display for BadWidth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The width a title asks for: `None` for no title, an error for a title
/// that is not a width an image can have.
pub(super) fn parse_title(title: &str) -> Result<Option<ImageWidth>, BadWidth> {
    let title = title.trim();
    if title.is_empty() {
        return Ok(None);
    }
    let Some(value) = title.strip_prefix("width=") else {
        return Err(BadWidth(format!(
            "the image's title `{title}` is not a width; an image's title can only give its width"
        )));
    };
    let value = value.trim();
    let (number, unit) = split_unit(value).ok_or_else(|| {
        BadWidth(format!(
            "`{value}` is not a width: give a number with %, cm or mm"
        ))
    })?;
    let tenths = tenths(number)
        .ok_or_else(|| BadWidth(format!("`{number}` in `{value}` is not a number")))?;
    if tenths == 0 {
        return Err(BadWidth(format!("an image cannot be `{value}` wide")));
    }
    if unit == "%" {
        if tenths % 50 != 0 || tenths > 1000 {
            return Err(BadWidth(format!(
                "`{value}` is not a width the site can show: a percentage is a multiple of 5, \
                 at most 100%"
            )));
        }
        return Ok(Some(ImageWidth::Percent(tenths / 10)));
    }
    let tenths_mm = if unit == "cm" { tenths * 10 } else { tenths };
    if tenths_mm > MAX_TENTHS_MM {
        return Err(BadWidth(format!(
            "`{value}` is wider than any page; an image is at most 100 cm wide"
        )));
    }
    Ok(Some(ImageWidth::Length { tenths_mm }))
}

/// The widest length an editor may give, in tenths of a millimetre: a
/// metre, far beyond any page, so that a typo (`800cm`) is caught.
const MAX_TENTHS_MM: u32 = 10_000;

fn split_unit(value: &str) -> Option<(&str, &str)> {
    ["%", "cm", "mm"]
        .into_iter()
        .find_map(|unit| value.strip_suffix(unit).map(|n| (n.trim_end(), unit)))
}

/// `8`, `7,5` or `7.5` in tenths (75); `None` for anything else, more
/// than one decimal, or a number too large to be a width.
fn tenths(number: &str) -> Option<u32> {
    let (whole, fraction) = match number.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (number, "0"),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() != 1 {
        return None;
    }
    Some(whole.parse::<u32>().ok()? * 10 + fraction.parse::<u32>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_an_editor_can_write() {
        let cases: &[(&str, Option<ImageWidth>)] = &[
            ("", None),
            ("  ", None),
            ("width=50%", Some(ImageWidth::Percent(50))),
            ("width=100%", Some(ImageWidth::Percent(100))),
            ("width= 5 %", Some(ImageWidth::Percent(5))),
            ("width=8cm", Some(ImageWidth::Length { tenths_mm: 800 })),
            ("width=7,5cm", Some(ImageWidth::Length { tenths_mm: 750 })),
            ("width=7.5cm", Some(ImageWidth::Length { tenths_mm: 750 })),
            ("width=75mm", Some(ImageWidth::Length { tenths_mm: 750 })),
            (
                "width=100cm",
                Some(ImageWidth::Length { tenths_mm: 10_000 }),
            ),
        ];
        for (title, want) in cases {
            assert_eq!(parse_title(title), Ok(*want), "{title:?}");
        }
    }

    #[test]
    fn titles_that_are_no_width() {
        let cases = [
            ("Kaart van Nederland", "is not a width"),
            ("width=", "give a number with %, cm or mm"),
            ("width=50", "give a number with %, cm or mm"),
            ("width=50px", "give a number with %, cm or mm"),
            ("width=abc%", "is not a number"),
            ("width=-5%", "is not a number"),
            ("width=7,25cm", "is not a number"),
            ("width=1e3mm", "is not a number"),
            ("width=99999999cm", "is not a number"),
            ("width=0%", "cannot be"),
            ("width=0,0mm", "cannot be"),
            ("width=33%", "a multiple of 5"),
            ("width=150%", "at most 100%"),
            ("width=101cm", "wider than any page"),
        ];
        for (title, want) in cases {
            let err = parse_title(title).expect_err(title);
            assert!(err.to_string().contains(want), "{title:?}: {err}");
        }
    }
}
