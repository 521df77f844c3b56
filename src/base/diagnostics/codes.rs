//! The registry of diagnostic codes: one stable code per kind of mistake,
//! so that a message can be looked up (docs/diagnostics.md), filtered by a
//! machine and reworded without breaking anyone's scripts.
//!
//! Codes are grouped by the stage that finds the mistake:
//!
//! | range  | stage                                                   |
//! |--------|---------------------------------------------------------|
//! | KB01xx | loading: folders, files, encodings, a revision's files  |
//! | KB02xx | YAML: front matter and `content/book.yaml`              |
//! | KB03xx | the budget: hours, rates, organisations, totals         |
//! | KB04xx | Markdown: placeholders, links, headings, footnotes      |
//! | KB05xx | the PDF: Typst, fonts and the characters they have       |
//! | KB06xx | writing the output                                      |
//!
//! A code, once published, keeps its meaning; a kind that goes away leaves
//! its number unused (KB0000, the code of diagnostics made before every
//! kind had its own, is one: [`super::Diagnostic::new`] is the only way to
//! make a diagnostic, so each names its kind). Every code is listed, with an example and the fix, in
//! docs/diagnostics.md; a test below fails when the two disagree.

use super::Severity;

/// A kind of diagnostic: its stable code, one-line title and severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    /// The stable code, `KB` and four digits, e.g. `KB0314`.
    pub id: &'static str,
    /// What kind of mistake it is, in a line (the heading in the docs).
    pub title: &'static str,
    /// How serious a diagnostic of this kind is.
    pub severity: Severity,
}

const fn error(id: &'static str, title: &'static str) -> Code {
    Code {
        id,
        title,
        severity: Severity::Error,
    }
}

const fn warning(id: &'static str, title: &'static str) -> Code {
    Code {
        id,
        title,
        severity: Severity::Warning,
    }
}

// --- KB01xx: loading ----------------------------------------------------------

/// The book root has no `content/` folder.
pub const NO_CONTENT_FOLDER: Code = error("KB0101", "there is no content folder");
/// `content/` holds no Markdown file.
pub const NO_CHAPTERS: Code = error("KB0102", "the content folder holds no chapters");
/// A file or folder cannot be read (missing, permissions).
pub const UNREADABLE: Code = error("KB0103", "a file or folder cannot be read");
/// A file is larger than a book file may be.
pub const FILE_TOO_LARGE: Code = error("KB0104", "a file is too large");
/// A file is not UTF-8 text.
pub const NOT_UTF8: Code = error("KB0105", "a file is not UTF-8 text");
/// An invisible control or bidirectional character.
pub const INVISIBLE_CHARACTER: Code = error("KB0106", "an invisible control character");
/// A folder under content/ has Markdown files but no index.md.
pub const FOLDER_WITHOUT_INDEX: Code = error("KB0107", "a folder has no index.md");
/// Two pages have the same id.
pub const DUPLICATE_ID: Code = error("KB0108", "an id is used twice");
/// Two files give the same page name (URL).
pub const DUPLICATE_PAGE_NAME: Code = error("KB0109", "two files give the same page name");
/// A revision holds a symbolic link inside the book.
pub const SYMBOLIC_LINK: Code = error("KB0110", "a symbolic link inside the book");
/// A revision holds a git submodule inside the book.
pub const SUBMODULE: Code = error("KB0111", "a git submodule inside the book");
/// A revision holds a file name that cannot be a file of the book.
pub const UNUSABLE_FILE_NAME: Code = error("KB0112", "a file name the book cannot use");
/// A symbolic link that leads out of the book, or a path that climbs out
/// of it: a book is a closed world.
pub const OUTSIDE_THE_BOOK: Code = error("KB0113", "a link or path leads out of the book");
/// A named pipe, socket or device where a file or folder belongs.
pub const NOT_A_FILE: Code = error("KB0114", "not an ordinary file or folder");
/// All Markdown of the book together is beyond the limit on book size.
pub const BOOK_TOO_LARGE: Code = error("KB0115", "the book holds too much text");
/// A page whose name (URL) the website uses for itself.
pub const RESERVED_PAGE_NAME: Code = error("KB0116", "a page name the website keeps for itself");
/// No page of plain text for the website's home page to open with.
pub const NO_TEXT_PAGE: Code = error("KB0117", "the book has no page of plain text");
/// A file name that is not UTF-8: no page, link or address can name it.
pub const NAME_NOT_UTF8: Code = error("KB0118", "a file name that is not UTF-8");

// --- KB02xx: YAML, front matter and book.yaml --------------------------------

/// The YAML cannot be read into the expected shape.
pub const INVALID_YAML: Code = error("KB0201", "the YAML cannot be read");
/// A key appears twice in one mapping.
pub const DUPLICATE_KEY: Code = error("KB0202", "a key appears twice");
/// The YAML expands (through aliases) beyond what a book file may hold.
pub const YAML_TOO_LARGE: Code = error("KB0203", "the YAML expands too far");
/// A key that is not part of the format.
pub const UNKNOWN_KEY: Code = error("KB0204", "a key that is not part of the format");
/// A key the format requires is missing.
pub const MISSING_KEY: Code = error("KB0205", "a required key is missing");
/// A tab in the indentation, which YAML does not allow.
pub const TAB_INDENT: Code = error("KB0206", "a tab in the indentation");
/// A Markdown file without front matter.
pub const NO_FRONT_MATTER: Code = error("KB0210", "a file has no front matter");
/// Front matter without its closing `---`.
pub const FRONT_MATTER_NOT_CLOSED: Code = error("KB0211", "the front matter is never closed");
/// A page without a title, or with an empty one.
pub const NO_TITLE: Code = error("KB0212", "a page has no title");
/// An id that is not a project or function number.
pub const INVALID_ID: Code = error("KB0213", "an id is not valid");
/// Both `theme` and `function` on one page.
pub const THEME_AND_FUNCTION: Code = error("KB0214", "both a theme and a function");
/// A theme that book.yaml does not list.
pub const UNKNOWN_THEME: Code = error("KB0215", "an unknown theme");
/// A function that book.yaml does not list.
pub const UNKNOWN_FUNCTION: Code = error("KB0216", "an unknown function");
/// A `kind` other than `appendix` or `back-cover`.
pub const UNKNOWN_KIND: Code = error("KB0217", "an unknown page kind");
/// A title longer than a title may be.
pub const TITLE_TOO_LONG: Code = error("KB0218", "a title is too long");
/// A title with a straight apostrophe where the text writes ’.
pub const STRAIGHT_APOSTROPHE: Code = warning("KB0219", "a straight apostrophe in a title");
/// book.yaml lists no organisations.
pub const NO_ORGANISATIONS: Code = error("KB0230", "the config lists no organisations");
/// book.yaml lists an organisation twice.
pub const DUPLICATE_ORGANISATION: Code = error("KB0231", "an organisation is listed twice");
/// book.yaml lists a function twice.
pub const DUPLICATE_FUNCTION: Code = error("KB0232", "a function is listed twice");
/// book.yaml lists a theme twice.
pub const DUPLICATE_THEME: Code = error("KB0233", "a theme is listed twice");
/// An overview column that is not an organisation.
pub const UNKNOWN_OVERVIEW_COLUMN: Code =
    error("KB0234", "an overview column is not an organisation");
/// An organisation missing from the overview columns.
pub const MISSING_OVERVIEW_COLUMN: Code = error("KB0235", "an organisation has no overview column");
/// A date that is not `YYYY-MM-DD`.
pub const INVALID_DATE: Code = error("KB0236", "a date is not YYYY-MM-DD");
/// A `precision`, `rounding` or `round` in book.yaml that does not exist.
pub const INVALID_MONEY_SETTING: Code = error("KB0237", "a `money:` setting is not valid");
/// The PDF's name (`output`) is not a plain file name.
pub const INVALID_OUTPUT_NAME: Code = error("KB0238", "the PDF's name is not a plain file name");
/// A project whose theme is not the theme of the folder it is in.
pub const THEME_NOT_FOLDERS: Code =
    warning("KB0240", "a project's theme differs from its folder's");
/// A year-bound setting of book.yaml says `{jaar}` or another placeholder
/// than `{year}`, `{year-1}`, `{year+1}`.
pub const INVALID_YEAR_PLACEHOLDER: Code = error("KB0250", "a year placeholder is not valid");
/// `editions:` lists a year twice, or the book's own year.
pub const DUPLICATE_EDITION: Code = error("KB0251", "an edition is listed twice");
/// An edition in `editions:` has no address, or one that is not a web
/// address.
pub const INVALID_EDITION_ADDRESS: Code = error("KB0252", "an edition's address is not valid");

// --- KB03xx: the budget --------------------------------------------------------

/// Text where a number (hours, a rate, euros) belongs.
pub const NOT_A_NUMBER: Code = error("KB0301", "not a number");
/// A decimal comma, `12,5`.
pub const DECIMAL_COMMA: Code = error("KB0302", "a decimal comma");
/// A full stop between thousands, `1.500`, which YAML reads as 1.5.
pub const THOUSANDS_SEPARATOR: Code = error("KB0303", "a thousands separator");
/// A negative number of hours, a negative rate or amount.
pub const NEGATIVE_NUMBER: Code = error("KB0304", "a negative number");
/// A number left empty.
pub const MISSING_NUMBER: Code = error("KB0305", "a number is missing");
/// A rate or amount with more decimals than amounts print with.
pub const FINER_THAN_PRECISION: Code =
    error("KB0306", "a rate or amount is finer than amounts print");
/// A number beyond any hours, rate or amount of a work plan.
pub const NUMBER_TOO_LARGE: Code = error("KB0307", "a number is too large");
/// A budget on a page without an id.
pub const BUDGET_WITHOUT_ID: Code = error("KB0310", "a budget without an id");
/// A budget on a page without a theme or function.
pub const BUDGET_WITHOUT_GROUP: Code = error("KB0311", "a budget without a theme or function");
/// An organisation that book.yaml does not list.
pub const UNKNOWN_ORGANISATION: Code = error("KB0312", "an unknown organisation");
/// An organisation written twice in one budget.
pub const ORGANISATION_TWICE_IN_BUDGET: Code =
    error("KB0313", "an organisation is listed twice in a budget");
/// A role not on the organisation's rate card.
pub const UNKNOWN_ROLE: Code = error("KB0314", "an unknown role");
/// A role line with both `as` and `rate`.
pub const ALIAS_AND_RATE: Code = error("KB0315", "a role with both `as` and `rate`");
/// All budgets together hold more role lines than the limit.
pub const TOO_MANY_BUDGET_LINES: Code = error("KB0316", "the budgets hold too many role lines");
/// A budget whose computed total differs from its `declared_total`.
pub const DECLARED_TOTAL_DIFFERS: Code =
    warning("KB0320", "a budget differs from its declared total");
/// The programme total is above the available budget.
pub const PROGRAMME_OVERRUN: Code = error(
    "KB0321",
    "the programme total is above the available budget",
);
/// Part of the available budget is not allocated.
pub const UNALLOCATED: Code = warning("KB0322", "part of the available budget is not allocated");
/// Amounts finer than printed while book.yaml states no rounding rule.
pub const UNSTATED_ROUNDING: Code = warning(
    "KB0323",
    "amounts are rounded by a rule book.yaml does not state",
);
/// A budget that is counted but whose table no page shows.
pub const BUDGET_NEVER_SHOWN: Code = warning("KB0330", "a budget no page shows");

// --- KB04xx: Markdown ------------------------------------------------------------

/// Raw HTML in a page.
pub const RAW_HTML: Code = error("KB0401", "raw HTML");
/// A footnote defined twice.
pub const FOOTNOTE_DEFINED_TWICE: Code = error("KB0402", "a footnote is defined twice");
/// A footnote used but never defined.
pub const FOOTNOTE_NOT_DEFINED: Code = error("KB0403", "a footnote is never defined");
/// A footnote defined but never used.
pub const FOOTNOTE_NOT_USED: Code = warning("KB0404", "a footnote is never used");
/// `{{ budget }}` on a page without a budget.
pub const BUDGET_PLACEHOLDER_WITHOUT_BUDGET: Code =
    error("KB0405", "`{{ budget }}` on a page without a budget");
/// A placeholder names a budget that does not exist.
pub const UNKNOWN_BUDGET: Code = error("KB0406", "there is no such budget");
/// A placeholder that does not exist or stands in the wrong place.
pub const UNKNOWN_PLACEHOLDER: Code = error("KB0407", "an unknown placeholder");
/// An image without alternative text.
pub const IMAGE_WITHOUT_ALT: Code = error("KB0408", "an image without alternative text");
/// A link with a scheme other than http(s) or mailto.
pub const LINK_SCHEME: Code = error("KB0409", "a link of a kind that is not allowed");
/// A link to a file that is not a page of the book.
pub const BROKEN_LINK: Code = error("KB0410", "a link to something that is not a page");
/// A `#` heading inside a page.
pub const TITLE_HEADING: Code = error("KB0411", "a `#` heading inside a page");
/// A heading that skips a level.
pub const HEADING_SKIPS_LEVEL: Code = error("KB0412", "a heading skips a level");
/// A heading without text.
pub const EMPTY_HEADING: Code = error("KB0413", "a heading without text");
/// A link to `#anchor` that no heading of the page has.
pub const UNKNOWN_ANCHOR: Code = error("KB0414", "a link to an anchor no heading has");
/// An image file that does not exist.
pub const NO_SUCH_IMAGE: Code = error("KB0415", "there is no such image");
/// An image outside the content folder.
pub const IMAGE_OUTSIDE_CONTENT: Code = error("KB0416", "an image outside the content folder");
/// A file the PDF cannot print as an image (not an image, or a PDF).
pub const IMAGE_FORMAT: Code = error("KB0417", "an image in a format kis-book cannot print");
/// An image that cannot be read or decoded.
pub const IMAGE_UNREADABLE: Code = error("KB0418", "an image cannot be read");
/// An image beyond the limit on image files or pixels.
pub const IMAGE_TOO_LARGE: Code = error("KB0419", "an image is too large");
/// The images of the book together beyond the limit on pixels.
pub const IMAGES_TOO_LARGE: Code = error("KB0420", "the book's images are too large together");
/// A paragraph, heading, list item or table cell beyond the limit on length.
pub const PARAGRAPH_TOO_LONG: Code = error("KB0421", "a paragraph is too long");
/// A word (a run without a space) beyond the limit on length.
pub const WORD_TOO_LONG: Code = error("KB0422", "a word is too long");
/// Lists, quotes, boxes and markup nested beyond the limit.
pub const NESTED_TOO_DEEPLY: Code = error("KB0423", "the text is nested too deeply");
/// The book's blocks beyond the limit on blocks.
pub const TOO_MANY_BLOCKS: Code = error("KB0424", "the book has too many blocks");
/// A budget table or the overview on the back cover.
pub const TABLE_ON_BACK_COVER: Code = error("KB0425", "a table on the back cover");
/// A link address longer than an address may be.
pub const ADDRESS_TOO_LONG: Code = error("KB0426", "a link's address is too long");
/// An image's title that is not a width both outputs can honour.
pub const IMAGE_WIDTH: Code = error("KB0427", "an image's width cannot be read");
/// Text that looks like a placeholder but is not one (`{ budget }`).
pub const NEAR_PLACEHOLDER: Code = warning("KB0430", "text that is almost a placeholder");

// --- KB05xx: the PDF ---------------------------------------------------------------

/// Typst reports an error in the generated document.
pub const TYPST_ERROR: Code = error("KB0501", "Typst reports an error");
/// Typst reports a warning.
pub const TYPST_WARNING: Code = warning("KB0502", "Typst reports a warning");
/// Typst stopped with an internal error (a bug in Typst).
pub const TYPST_INTERNAL: Code = error("KB0503", "Typst stopped with an internal error");
/// A template of the book's own that Typst or the site cannot read.
pub const TEMPLATE_ERROR: Code = error("KB0504", "a template of the book has an error");
/// A font file of the book cannot be read.
pub const FONT_UNREADABLE: Code = error("KB0510", "a font cannot be read");
/// A character that no font of the book has (it would print as a box).
pub const CHARACTER_WITHOUT_FONT: Code = error("KB0511", "a character no font of the book has");
/// A private-use character, which means nothing outside one font.
pub const PRIVATE_USE_CHARACTER: Code = error("KB0512", "a private-use character");
/// A template of the book's own that cannot be read (syntax, encoding).
pub const TEMPLATE_UNREADABLE: Code = error("KB0513", "a template of the book cannot be read");

// --- KB06xx: output ------------------------------------------------------------------

/// The build could not write its output.
pub const OUTPUT_FAILED: Code = error("KB0601", "the output cannot be written");
/// `SOURCE_DATE_EPOCH` is set but is not a time the PDF can carry.
pub const INVALID_SOURCE_DATE_EPOCH: Code = error("KB0602", "SOURCE_DATE_EPOCH is not a time");
/// A symbolic link at `build/` or under it: a build would write through it.
pub const OUTPUT_LINK: Code = error("KB0603", "a symbolic link in the output folder");
/// Another file system mounted at `build/` or under it.
pub const OUTPUT_MOUNT: Code = error("KB0604", "a mount in the output folder");
/// A file where the build writes a folder, or a pipe, socket or device.
pub const OUTPUT_NOT_OURS: Code = error(
    "KB0605",
    "the output folder holds what a build cannot replace",
);

/// Every code, in ascending order: what docs/diagnostics.md lists.
pub const ALL: &[Code] = &[
    NO_CONTENT_FOLDER,
    NO_CHAPTERS,
    UNREADABLE,
    FILE_TOO_LARGE,
    NOT_UTF8,
    INVISIBLE_CHARACTER,
    FOLDER_WITHOUT_INDEX,
    DUPLICATE_ID,
    DUPLICATE_PAGE_NAME,
    SYMBOLIC_LINK,
    SUBMODULE,
    UNUSABLE_FILE_NAME,
    OUTSIDE_THE_BOOK,
    NOT_A_FILE,
    BOOK_TOO_LARGE,
    RESERVED_PAGE_NAME,
    NO_TEXT_PAGE,
    NAME_NOT_UTF8,
    INVALID_YAML,
    DUPLICATE_KEY,
    YAML_TOO_LARGE,
    UNKNOWN_KEY,
    MISSING_KEY,
    TAB_INDENT,
    NO_FRONT_MATTER,
    FRONT_MATTER_NOT_CLOSED,
    NO_TITLE,
    INVALID_ID,
    THEME_AND_FUNCTION,
    UNKNOWN_THEME,
    UNKNOWN_FUNCTION,
    UNKNOWN_KIND,
    TITLE_TOO_LONG,
    STRAIGHT_APOSTROPHE,
    NO_ORGANISATIONS,
    DUPLICATE_ORGANISATION,
    DUPLICATE_FUNCTION,
    DUPLICATE_THEME,
    UNKNOWN_OVERVIEW_COLUMN,
    MISSING_OVERVIEW_COLUMN,
    INVALID_DATE,
    INVALID_MONEY_SETTING,
    INVALID_OUTPUT_NAME,
    THEME_NOT_FOLDERS,
    INVALID_YEAR_PLACEHOLDER,
    DUPLICATE_EDITION,
    INVALID_EDITION_ADDRESS,
    NOT_A_NUMBER,
    DECIMAL_COMMA,
    THOUSANDS_SEPARATOR,
    NEGATIVE_NUMBER,
    MISSING_NUMBER,
    FINER_THAN_PRECISION,
    NUMBER_TOO_LARGE,
    BUDGET_WITHOUT_ID,
    BUDGET_WITHOUT_GROUP,
    UNKNOWN_ORGANISATION,
    ORGANISATION_TWICE_IN_BUDGET,
    UNKNOWN_ROLE,
    ALIAS_AND_RATE,
    TOO_MANY_BUDGET_LINES,
    DECLARED_TOTAL_DIFFERS,
    PROGRAMME_OVERRUN,
    UNALLOCATED,
    UNSTATED_ROUNDING,
    BUDGET_NEVER_SHOWN,
    RAW_HTML,
    FOOTNOTE_DEFINED_TWICE,
    FOOTNOTE_NOT_DEFINED,
    FOOTNOTE_NOT_USED,
    BUDGET_PLACEHOLDER_WITHOUT_BUDGET,
    UNKNOWN_BUDGET,
    UNKNOWN_PLACEHOLDER,
    IMAGE_WITHOUT_ALT,
    LINK_SCHEME,
    BROKEN_LINK,
    TITLE_HEADING,
    HEADING_SKIPS_LEVEL,
    EMPTY_HEADING,
    UNKNOWN_ANCHOR,
    NO_SUCH_IMAGE,
    IMAGE_OUTSIDE_CONTENT,
    IMAGE_FORMAT,
    IMAGE_UNREADABLE,
    IMAGE_TOO_LARGE,
    IMAGES_TOO_LARGE,
    PARAGRAPH_TOO_LONG,
    WORD_TOO_LONG,
    NESTED_TOO_DEEPLY,
    TOO_MANY_BLOCKS,
    TABLE_ON_BACK_COVER,
    ADDRESS_TOO_LONG,
    IMAGE_WIDTH,
    NEAR_PLACEHOLDER,
    TYPST_ERROR,
    TYPST_WARNING,
    TYPST_INTERNAL,
    TEMPLATE_ERROR,
    FONT_UNREADABLE,
    CHARACTER_WITHOUT_FONT,
    PRIVATE_USE_CHARACTER,
    TEMPLATE_UNREADABLE,
    OUTPUT_FAILED,
    INVALID_SOURCE_DATE_EPOCH,
    OUTPUT_LINK,
    OUTPUT_MOUNT,
    OUTPUT_NOT_OURS,
];

/// The code with this id, e.g. `lookup("KB0314")`.
pub fn lookup(id: &str) -> Option<Code> {
    ALL.iter().copied().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_well_formed_unique_and_in_order() {
        for code in ALL {
            let digits = code.id.strip_prefix("KB").unwrap_or_default();
            assert!(
                digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()),
                "{} is not KB and four digits",
                code.id
            );
            assert!(!code.title.is_empty() && !code.title.ends_with('.'));
        }
        for pair in ALL.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        assert_eq!(lookup("KB0314"), Some(UNKNOWN_ROLE));
        assert_eq!(lookup("KB9999"), None);
        assert_eq!(
            lookup("KB0000"),
            None,
            "no generic code: every kind has its own"
        );
    }

    /// One section per code in docs/diagnostics.md, in the registry's order,
    /// headed `### KBnnnn: title` with the registry's title and severity,
    /// each with an example block and a fix.
    #[test]
    fn the_docs_list_every_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md");
        let docs = std::fs::read_to_string(path).expect("read docs/diagnostics.md");
        let sections: Vec<&str> = docs.split("\n### ").skip(1).collect();
        let headings: Vec<&str> = sections
            .iter()
            .map(|s| s.lines().next().unwrap_or_default())
            .collect();
        let expected: Vec<String> = ALL
            .iter()
            .map(|c| format!("{}: {}", c.id, c.title))
            .collect();
        assert_eq!(
            headings, expected,
            "docs/diagnostics.md and src/base/diagnostics/codes.rs disagree"
        );
        for (section, code) in sections.iter().zip(ALL) {
            let level = match code.severity {
                Severity::Error => "*Error.*",
                Severity::Warning => "*Warning.*",
            };
            assert!(section.contains(level), "{}: say `{level}`", code.id);
            assert!(section.contains("```"), "{}: give an example", code.id);
            assert!(section.contains("**Fix:**"), "{}: say the fix", code.id);
        }
    }
}
