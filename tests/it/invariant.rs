//! The gate's promise, tested on generated books: for any book, when
//! `check` finds no error, `build` succeeds; when it finds errors, `build`
//! refuses with the same diagnostics and leaves the previous PDF and site
//! as they were.
//!
//! Each case is the small fixture book, already built once, with its
//! introduction replaced by a generated page and, at times, a second
//! generated page beside it: random front matter (valid, or broken in the
//! ways editors break it) and random Markdown (headings, lists, tables,
//! quotes, boxes, footnotes, links, images, placeholders, emphasis, code)
//! made of hostile text (Typst and HTML syntax, backslashes, braces,
//! diacritics, Greek, Cyrillic, Arabic, Hebrew, Ethiopic, emoji, characters
//! no shipped font has, invisible control characters). Both run in this
//! process, through the library, as `check` and `build` do.
//!
//! 48 cases by default, each a build of a small book; `PROPTEST_CASES=1000`
//! for a long run.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngAlgorithm, TestRng, TestRunner};

use crate::common::{copy_dir, read_tree, small_book};

/// Text an editor might type, chosen to break an escaping that is not
/// thorough: Typst's markup and code syntax, HTML entities, Markdown that is
/// not meant as Markdown, and letters of several scripts that Open Sans
/// holds.
const WORDS: &[&str] = &[
    "gewoon",
    "tekst",
    "#set page(width: 1pt)",
    "#{panic()}",
    "$x^2$",
    "@ref",
    "]",
    "[",
    ")",
    "\\",
    "\\\\",
    "}}",
    "`",
    "~",
    "=",
    "/* c",
    "// c",
    "'",
    "\"",
    "&amp;",
    "&",
    "%",
    "^",
    "|",
    "*",
    "_",
    "--",
    "...",
    "€ 12.000",
    "1.500",
    "12,5",
    "één",
    "scholiëren",
    "ğışçöü",
    "ąęłńśźż",
    "Tiếng Việt",
    "Ελληνικά",
    "Привет",
    "“aanhaling”",
    "½ №",
    "ß",
    "a\u{2028}b",
    // Scripts the shipped fallback fonts cover: Arabic and Hebrew (right
    // to left), Tigrinya (Ethiopic), an emoji.
    "مرحبا بكم",
    "שלום",
    "ሰላም",
    "🙂",
];

/// Text that `check` must refuse, or that makes a placeholder of what
/// follows: invisible characters, a character no shipped font has, raw
/// HTML, an unknown placeholder.
const BAD_WORDS: &[&str] = &[
    "a\u{202E}b",
    // No shipped font has it: `check` names the character.
    "漢字",
    "x\u{7}y",
    "<label>",
    "<script>",
    "{{",
    "{{ onbekend }}",
];

/// Images in the book (see [`prepare_images`]) and on the web.
const IMAGES: &[&str] = &[
    "img/rood.png",
    "img/vlak.svg",
    "https://example.org/foto.png",
];

/// Images that are not there, not images, or outside the book.
const BAD_IMAGES: &[&str] = &[
    "img/kapot.png",
    "img/document.pdf",
    "img/nergens.png",
    "../../buiten.png",
];

/// Link targets that exist.
const LINKS: &[&str] = &[
    "https://example.org/a?b=c&d=<e>",
    "02-projecten/1.1-werk.md",
    "02-projecten/1.1-werk.md#aanleiding",
    "04-overzicht.md",
    "mailto:bureau@example.org",
];

/// Links to what does not exist, or that are not allowed.
const BAD_LINKS: &[&str] = &[
    "02-projecten/1.1-werk.md#nergens",
    "#nergens",
    "bestaat-niet.md",
    "javascript:alert(1)",
];

const PLACEHOLDERS: &[&str] = &[
    "{{ available }}",
    "{{ total }}",
    "{{ total 1.1 }}",
    "{{ material E }}",
];

const BAD_PLACEHOLDERS: &[&str] = &["{{ total 9.9 }}", "{{ budget }}"];

fn words() -> BoxedStrategy<String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..4)
        .prop_map(|w| w.join(" "))
        .boxed()
}

fn inline() -> BoxedStrategy<String> {
    let links = || prop::sample::select(LINKS);
    let images = || prop::sample::select(IMAGES);
    prop_oneof![
        8 => words(),
        1 => words().prop_map(|t| format!("*{t}*")),
        1 => words().prop_map(|t| format!("**{t}**")),
        1 => words().prop_map(|t| format!("~~{t}~~")),
        1 => words().prop_map(|t| format!("`{}`", t.replace('`', "'"))),
        2 => (words(), links()).prop_map(|(t, l)| format!("[{t}]({l})")),
        1 => links().prop_map(|l| format!("[]({l})")),
        1 => (words(), images()).prop_map(|(t, i)| format!("![{t}]({i})")),
        1 => (1..4u8).prop_map(|n| format!("[^{n}]")),
        1 => prop::sample::select(PLACEHOLDERS).prop_map(str::to_owned),
        1 => Just("<https://www.kis.nl>".to_owned()),
    ]
    .boxed()
}

fn line() -> BoxedStrategy<String> {
    prop::collection::vec(inline(), 1..5)
        .prop_map(|parts| parts.join(" "))
        .boxed()
}

fn block() -> BoxedStrategy<String> {
    prop_oneof![
        6 => line(),
        2 => line().prop_map(|t| format!("## {t}")),
        2 => prop::collection::vec(line(), 1..4)
            .prop_map(|items| items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n")),
        1 => prop::collection::vec(line(), 1..3).prop_map(|items| {
            items.iter().enumerate().map(|(n, i)| format!("{}. {i}", n + 1)).collect::<Vec<_>>().join("\n")
        }),
        1 => (line(), line()).prop_map(|(a, b)| format!("- {a}\n  - {b}")),
        1 => (line(), line()).prop_map(|(a, b)| format!("- a. {a}\n- b. {b}")),
        2 => (line(), line(), line()).prop_map(|(a, b, c)| {
            format!("| Kop | Bedrag |\n|---|--:|\n| {a} | {b} |\n| {c} |")
        }),
        1 => line().prop_map(|t| format!("> {t}")),
        1 => (words(), line()).prop_map(|(title, t)| format!("> [!NOTE]\n> **{title}**\n>\n> {t}")),
        1 => words().prop_map(|t| format!("```\n{t}\n```")),
        1 => Just("---".to_owned()),
        1 => (1..4u8, line()).prop_map(|(n, t)| format!("[^{n}]: {t}")),
        1 => Just("{{ overview }}".to_owned()),
        1 => Just("{{ budget 1.1 }}".to_owned()),
        1 => Just("<!-- opmerking -->".to_owned()),
    ]
    .boxed()
}

/// A page body; the notes its references may name are defined at its end
/// (a note defined and not used is only a warning).
fn body() -> BoxedStrategy<String> {
    (prop::collection::vec(block(), 0..7), words())
        .prop_map(|(blocks, note)| {
            let notes: Vec<String> = (1..4).map(|n| format!("[^{n}]: {note}")).collect();
            format!("{}\n\n{}", blocks.join("\n\n"), notes.join("\n\n"))
        })
        .boxed()
}

/// A YAML double-quoted string holding `text`.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Front matter of a page of plain text.
fn front_matter() -> BoxedStrategy<String> {
    prop_oneof![
        6 => words().prop_map(|t| format!("title: {}\n", quoted(&t))),
        1 => words().prop_map(|t| format!("title: {}\ndescription: {}\n", quoted(&t), quoted(&t))),
        1 => words().prop_map(|t| format!("title: {}\nkind: appendix\n", quoted(&t))),
    ]
    .boxed()
}

/// One mistake put into an otherwise good book.
#[derive(Debug, Clone)]
enum Fault {
    /// A paragraph or block at the end of the introduction.
    Block(String),
    /// The introduction's front matter instead of its own.
    FrontMatter(String),
    /// The second page under a name the site keeps for itself.
    PageName(&'static str),
    /// A link in `content/` to a file outside the book.
    LinkOut,
}

fn fault() -> BoxedStrategy<Fault> {
    let inline = prop_oneof![
        prop::sample::select(BAD_WORDS).prop_map(str::to_owned),
        (words(), prop::sample::select(BAD_IMAGES)).prop_map(|(t, i)| format!("![{t}]({i})")),
        prop::sample::select(IMAGES).prop_map(|i| format!("![]({i})")),
        (words(), prop::sample::select(BAD_LINKS)).prop_map(|(t, l)| format!("[{t}]({l})")),
        prop::sample::select(BAD_PLACEHOLDERS).prop_map(str::to_owned),
        Just("[^9]".to_owned()),
    ];
    let block = prop_oneof![
        (line(), inline.clone()).prop_map(|(l, f)| format!("{l} {f}")),
        (inline.clone(), line()).prop_map(|(f, l)| format!("- {l}\n- {f}")),
        inline.prop_map(|f| format!("| A |\n|---|\n| {f} |")),
        Just("##".to_owned()),
        line().prop_map(|t| format!("#### {t}")),
        line().prop_map(|t| format!("# {t}")),
        Just("<div>blok</div>".to_owned()),
        Just("{{ overview }}\n\n{{ budget 1.1 }}".to_owned()),
    ];
    let front = prop_oneof![
        words().prop_map(|t| format!("title: {}\nkind: back-cover\n", quoted(&t))),
        words().prop_map(|t| format!("titel: {}\n", quoted(&t))),
        Just("title: \"niet gesloten\n".to_owned()),
        Just("title: Werk\n\tkind: appendix\n".to_owned()),
        Just("title: \"\"\n".to_owned()),
        Just("title: [een, lijst]\n".to_owned()),
        Just("title: \"x\\u0007\"\n".to_owned()),
        Just(
            "title: Project\nid: \"7.1\"\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n      Senior: .nan\n"
                .to_owned()
        ),
    ];
    prop_oneof![
        6 => block.prop_map(Fault::Block),
        2 => front.prop_map(Fault::FrontMatter),
        1 => prop::sample::select(&["zoeken", "static", "404.html"][..]).prop_map(Fault::PageName),
        1 => Just(Fault::LinkOut),
    ]
    .boxed()
}

/// One generated book: the introduction, maybe a second page (with its
/// file name), and maybe one mistake.
#[derive(Debug, Clone)]
struct Case {
    intro: (String, String),
    extra: Option<(&'static str, String, String)>,
    fault: Option<Fault>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        (front_matter(), body()),
        prop::option::weighted(
            0.3,
            (
                prop::sample::select(&["05-extra", "06-bijlage"][..]),
                front_matter(),
                body(),
            ),
        ),
        // Half the books hold one mistake; the other half only hostile
        // text that `check` must let through and `build` must print.
        prop::option::of(fault()),
    )
        .prop_map(|(intro, extra, fault)| Case {
            intro,
            extra,
            fault,
        })
}

/// A two-by-two PNG, made by hand (two red and two blue pixels).
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 253, 212, 154, 115, 0, 0, 0, 17, 73, 68, 65, 84, 120, 156, 99, 56, 33, 39, 7, 68, 12, 96,
    242, 4, 0, 28, 126, 4, 17, 141, 220, 74, 24, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// The images of [`IMAGES`] that are files in the book.
fn prepare_images(root: &Path) {
    let img = root.join("content/img");
    std::fs::create_dir_all(&img).expect("mkdir img");
    std::fs::write(img.join("rood.png"), PNG).expect("write png");
    std::fs::write(
        img.join("vlak.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"10\"><rect width=\"20\" height=\"10\" fill=\"#36c\"/></svg>",
    )
    .expect("write svg");
    std::fs::write(img.join("kapot.png"), "dit is geen afbeelding").expect("write text");
    std::fs::write(
        img.join("document.pdf"),
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )
    .expect("write pdf");
}

/// The fixture book with images, built once: every case starts from a copy
/// of it, previous build included.
fn built_base() -> &'static Path {
    static BASE: OnceLock<tempfile::TempDir> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("boek");
        copy_dir(&small_book(), &root);
        prepare_images(&root);
        std::fs::write(dir.path().join("buiten.png"), PNG).expect("write outside");
        let report =
            kis_book::report::build::build(&root, &kis_book::report::build::options(false));
        assert!(report.is_ok(), "the base book builds: {report:?}");
        dir
    })
    .path()
}

fn write_page(root: &Path, name: &str, front: &str, body: &str) {
    let text = format!("---\n{front}---\n\n{body}\n");
    std::fs::write(root.join("content").join(format!("{name}.md")), text).expect("write page");
}

/// Cases that `check` passed and `build` built, and cases it refused.
static BUILT: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);

/// Runs one case; `Err` says how the promise was broken.
fn run(case: &Case) -> Result<(), TestCaseError> {
    let work = tempfile::tempdir().expect("temp dir");
    copy_dir(built_base(), work.path());
    let root = work.path().join("boek");
    let (mut front, mut body) = case.intro.clone();
    let mut extra = case.extra.clone();
    match &case.fault {
        Some(Fault::Block(block)) => body = format!("{body}\n\n{block}"),
        Some(Fault::FrontMatter(fm)) => front = fm.clone(),
        Some(Fault::PageName(name)) => {
            let (_, f, b) = extra.unwrap_or(("", "title: Extra\n".into(), String::new()));
            extra = Some((name, f, b));
        }
        Some(Fault::LinkOut) => {
            std::os::unix::fs::symlink(work.path().join("buiten.png"), root.join("content/lek.md"))
                .expect("symlink");
        }
        None => {}
    }
    write_page(&root, "01-inleiding", &front, &body);
    if let Some((name, front, body)) = &extra {
        write_page(&root, name, front, body);
    }
    let before = read_tree(&root.join("build"));
    let outcome = kis_book::report::build::Session::new(&kis_book::report::build::options(false))
        .check(&root);
    let clean = outcome.compiled.is_some() && !outcome.diagnostics.has_errors();
    let built = kis_book::report::build::build(&root, &kis_book::report::build::options(false));
    typst::comemo::evict(0);
    let shown = |d: &kis_book::base::diagnostics::Diagnostics| {
        d.sorted()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    let counter = if clean { &BUILT } else { &REFUSED };
    counter.fetch_add(1, Ordering::Relaxed);
    match built {
        Ok(_) if clean => Ok(()),
        Ok(_) => Err(TestCaseError::fail(format!(
            "check found errors, build succeeded:\n{}",
            shown(&outcome.diagnostics).join("\n")
        ))),
        Err(failure) if clean => Err(TestCaseError::fail(format!(
            "check was clean, build failed: {failure:?}"
        ))),
        Err(kis_book::report::build::BuildFailure::Book(diags)) => {
            prop_assert_eq!(shown(&diags), shown(&outcome.diagnostics));
            let after: BTreeMap<String, Vec<u8>> = read_tree(&root.join("build"));
            prop_assert!(before == after, "the failed build changed build/");
            Ok(())
        }
        Err(failure) => Err(TestCaseError::fail(format!(
            "check found errors, build failed otherwise: {failure:?}"
        ))),
    }
}

#[test]
fn check_clean_means_build_succeeds() {
    let cases: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48);
    let config = Config {
        cases,
        // Each case is a build: shrink a little, not for an hour.
        max_shrink_iters: 64,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    };
    // The same cases on every run, so that CI is repeatable; a long run
    // may pick other ones with `INVARIANT_SEED=<number>`.
    let seed: u64 = std::env::var("INVARIANT_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let result = runner.run(&case(), |case| run(&case));
    let (built, refused) = (
        BUILT.load(Ordering::Relaxed),
        REFUSED.load(Ordering::Relaxed),
    );
    eprintln!(
        "{cases} generated books: {built} passed check and built, {refused} refused by check"
    );
    if let Err(err) = result {
        panic!("{err}");
    }
    // Neither half may be empty, or the promise was not tested.
    let fifth = usize::try_from(cases / 5).unwrap_or(usize::MAX);
    assert!(
        built >= fifth && refused >= fifth,
        "{built} built, {refused} refused"
    );
}
