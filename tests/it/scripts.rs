//! Every script the platform writes about is typeset: Latin with its
//! diacritics, Greek, Cyrillic, Arabic and Hebrew (right to left), Ethiopic
//! and emoji come out of the PDF as the right glyphs and text, and are
//! marked with their direction and language on the site; a character that
//! no font of the book has is a `check` error at its place, and `build`
//! refuses it the same way, leaving the previous PDF and site in place.
//!
//! The PDF is read back with poppler (`pdffonts`, `pdftotext`; Debian:
//! poppler-utils). Expected words, lines and columns are written here by
//! hand from the chapters below.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{copy_book, kis_book, read_tree, small_book};

const PDF: &str = "build/proef-werkplan.pdf";

/// A chapter in many scripts, in a Dutch book.
const CHAPTER: &str = "---
title: Talen en schriften
---

Turks: İstanbul, Ağrı, Şanlıurfa; ğ, ş, ı. Pools: Łódź, Gdańsk, żółć. Vietnamees: Tiếng Việt, Hà Nội.

Grieks: Αθήνα, ελληνικά. Cyrillisch: Москва, українська, български.

De Syrische schrijver محمد الماغوط woonde in Damascus.

العربية هي لغة رسمية في أكثر من عشرين دولة. مرحباً بكم في هولندا!

עברית היא שפה שמית.

Tigrinya: ትግርኛ. Amhaars: አማርኛ.

Emoji: 👩‍👩‍👧, 🇳🇱, ❤️ en 🧿.
";

/// The small fixture book with `chapter` as its fifth chapter.
fn book_with(chapter: &str) -> tempfile::TempDir {
    let dir = copy_book(&small_book());
    std::fs::write(dir.path().join("content/05-talen.md"), chapter).expect("write chapter");
    dir
}

fn run(args: &[&str], root: &Path) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.push(root.to_str().expect("UTF-8 temp path"));
    kis_book(&all)
}

/// Standard output and error together.
fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdffonts" {
            &[][..]
        } else {
            &["-"][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("run {tool} (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without the bidi embedding marks pdftotext puts around
/// right-to-left runs (U+202A to U+202E).
fn without_marks(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect()
}

/// The words of `pdftotext -bbox` on the last page: (xMin, xMax, word).
fn words_of_last_page(pdf: &Path) -> Vec<(f64, f64, String)> {
    // The page count, from `pdfinfo` (the pages depend on the page flow).
    let info = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo (apt-get install poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    let last = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .map(|pages| pages.trim().to_owned())
        .expect("a page count");
    let xml = poppler("pdftotext", &["-bbox", "-f", &last, "-l", &last], pdf);
    let attr = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let end = start + line[start..].find('"').expect("closing quote");
        line[start..end].parse().expect("a number")
    };
    xml.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let word =
                l[l.find('>').expect(">") + 1..l.rfind("</word>").expect("</word>")].to_owned();
            (attr(l, "xMin"), attr(l, "xMax"), without_marks(&word))
        })
        .collect()
}

#[test]
fn every_script_is_typeset_and_right_to_left_passages_are_marked() {
    let dir = book_with(CHAPTER);
    let check = run(&["check"], dir.path());
    assert!(check.status.success(), "check:\n{}", said(&check));
    assert!(!said(&check).contains("error["), "{}", said(&check));
    let build = run(&["build"], dir.path());
    assert!(build.status.success(), "build:\n{}", said(&build));
    let pdf = dir.path().join(PDF);

    // The fallback fonts are embedded beside Open Sans.
    let fonts = poppler("pdffonts", &[], &pdf);
    for font in [
        "OpenSans",
        "NotoSansArabic-Regular",
        "NotoSansHebrew-Regular",
        "NotoSansEthiopic-Regular",
        "NotoEmoji-Regular",
    ] {
        assert!(fonts.contains(font), "{font} not embedded:\n{fonts}");
    }

    // Every word comes back as text. pdftotext writes right-to-left runs
    // in logical order (the order they were typed), between embedding
    // marks: العربية, not its mirror image.
    let text = without_marks(&poppler("pdftotext", &[], &pdf));
    for word in [
        "İstanbul",
        "Şanlıurfa",
        "Łódź",
        "żółć",
        "Tiếng Việt",
        "Hà Nội",
        "Αθήνα",
        "ελληνικά",
        "Москва",
        "українська",
        "محمد",
        "العربية",
        "هولندا",
        "עברית",
        "שמית",
        "ትግርኛ",
        "አማርኛ",
        "👩\u{200D}👩\u{200D}👧",
        "🇳🇱",
        "❤",
        "🧿",
    ] {
        assert!(text.contains(word), "{word} missing in:\n{text}");
    }
    let mirrored: String = "العربية".chars().rev().collect();
    assert!(!text.contains(&mirrored), "Arabic in visual order:\n{text}");

    // Where the words stand. The page's margins are equal (22 mm); the
    // Dutch paragraph starts at the left one, the Arabic paragraph is set
    // right to left: its first word ends at the right margin, and its
    // last word, with the "!", stands to the left of it.
    let words = words_of_last_page(&pdf);
    let find = |visual: &str| {
        words
            .iter()
            .find(|(_, _, w)| w.contains(visual))
            .unwrap_or_else(|| panic!("{visual} not on the page: {words:?}"))
    };
    let rev = |s: &str| s.chars().rev().collect::<String>();
    let (_, de_max, _) = find("schrijver");
    let right = 595.276 - find("Turks:").0;
    let (first_min, first_max, _) = find(&rev("العربية"));
    assert!(
        (first_max - right).abs() < 1.0,
        "{first_max} is not at {right}"
    );
    let (last_min, _, last) = find(&rev("هولندا"));
    assert!(last.contains('!') && *last_min < *first_min, "{last}");
    let (_, hebrew_max, _) = find(&rev("עברית"));
    assert!((hebrew_max - right).abs() < 1.0, "Hebrew at {hebrew_max}");
    // The Arabic name inside the Dutch sentence reads right to left there:
    // محمد (typed first) stands right of الماغوط, both after "schrijver".
    let (name_min, _, _) = find(&rev("محمد"));
    let (surname_min, surname_max, _) = find(&rev("الماغو"));
    assert!(*surname_min > *de_max && *name_min > *surname_max);

    // The tagged PDF names the language of each right-to-left paragraph.
    let bytes = std::fs::read(&pdf).expect("read pdf");
    for lang in [&b"/Lang(ar)"[..], &b"/Lang(he)"[..]] {
        assert!(
            bytes.windows(lang.len()).any(|w| w == lang),
            "{} missing",
            String::from_utf8_lossy(lang)
        );
    }

    // The site marks the passages with their direction and language.
    let page = std::fs::read_to_string(dir.path().join("build/site/05-talen/index.html"))
        .expect("the chapter's page");
    for html in [
        "<p dir=\"rtl\" lang=\"ar\">العربية هي لغة",
        "<p dir=\"rtl\" lang=\"he\">עברית",
        "De Syrische schrijver <span dir=\"rtl\" lang=\"ar\">محمد الماغوط</span> woonde",
        "<p>Tigrinya: ትግርኛ. Amhaars: አማርኛ.</p>",
    ] {
        assert!(page.contains(html), "{html} missing in:\n{page}");
    }
}

/// A chapter with a Linear B syllable, which none of the fonts has, twice
/// on line 7 (first at column 26, after "Een teken uit Lineair B: ") and
/// once on line 9; and another one in an HTML comment, which is not
/// printed.
const LINEAR_B: &str = "---
title: Oud schrift
---

Een gewone zin.

Een teken uit Lineair B: 𐀀, en nog eens: 𐀀.

Nog een: 𐀀 <!-- en hier niet: 𐀁 -->
";

#[test]
fn a_character_no_font_has_is_a_check_error_and_build_keeps_the_last_good_output() {
    let dir = book_with("---\ntitle: Talen\n---\n\nNog niets.\n");
    let build = run(&["build"], dir.path());
    assert!(build.status.success(), "build:\n{}", said(&build));
    let before = read_tree(&dir.path().join("build"));

    std::fs::write(dir.path().join("content/05-talen.md"), LINEAR_B).expect("write");
    // book.yaml: a cuneiform sign in the printed publisher's name (line 6,
    // after "publisher: Proefplatform ", 25 characters), and one in a
    // comment, which is not printed.
    let config = dir.path().join("content/book.yaml");
    let yaml = std::fs::read_to_string(&config).expect("read config");
    let yaml = yaml
        .replace("publisher: Proefplatform", "publisher: Proefplatform 𒀀 # 𒀁")
        .replacen("# A small book", "# 𒀂 A small book", 1);
    std::fs::write(&config, yaml).expect("write config");

    let expected = [
        "content/05-talen.md:7:26: error[KB0511]: no font of the book has the character \
         U+10000 LINEAR B SYLLABLE B008 A (here and 2 more times in this file)",
        "content/book.yaml:6:26: error[KB0511]: no font of the book has the character \
         U+12000 CUNEIFORM SIGN A",
    ];
    let check = run(&["check"], dir.path());
    assert!(!check.status.success(), "check must fail");
    let said_check = said(&check);
    for line in expected {
        assert!(said_check.contains(line), "{line}\nnot in:\n{said_check}");
    }
    assert!(said_check.contains("hint: add a font that has it to the book's `fonts/` folder"));
    // Nothing about the characters in comments.
    for quiet in ["U+10001", "U+12001", "U+12002"] {
        assert!(
            !said_check.contains(quiet),
            "{quiet} is in a comment:\n{said_check}"
        );
    }

    let build = run(&["build"], dir.path());
    assert!(!build.status.success(), "build must refuse");
    let said_build = said(&build);
    for line in expected {
        assert!(said_build.contains(line), "{line}\nnot in:\n{said_build}");
    }
    assert!(
        read_tree(&dir.path().join("build")) == before,
        "a refused build changed the previous PDF or site"
    );
}

#[test]
fn the_books_own_fonts_are_the_ones_checked() {
    // The book replaces the embedded emoji font with one that has no
    // emoji (the Hebrew font under the emoji font's name): its emoji are
    // errors now.
    let dir = book_with("---\ntitle: Emoji\n---\n\nEen oog: 🧿.\n");
    let fonts = dir.path().join("fonts");
    std::fs::create_dir_all(&fonts).expect("fonts dir");
    let repo = crate::common::repo_root();
    std::fs::copy(
        repo.join("fonts/NotoSansHebrew-Regular.ttf"),
        fonts.join("NotoEmoji-Regular.ttf"),
    )
    .expect("copy font");
    let check = run(&["check"], dir.path());
    assert!(!check.status.success());
    assert!(
        said(&check).contains(
            "content/05-talen.md:5:10: error[KB0511]: no font of the book has the character \
             U+1F9FF NAZAR AMULET"
        ),
        "{}",
        said(&check)
    );
}
