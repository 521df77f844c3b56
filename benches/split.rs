//! The lever "splitting the document" (issue 15) measured: a written Typst
//! project (`kis-book build --typ`) compiled as one document, against its
//! body cut into PARTS documents at theme headings, compiled one after the
//! other in one process (Typst's memoised results dropped in between),
//! their pages put into one `PagedDocument` and exported to one PDF.
//!
//! ```text
//! python3 scripts/ten-times-book.py /tmp/x10 --kis-book target/debug/kis-book
//! target/debug/kis-book build --typ /tmp/x10
//! cargo bench --profile dev --bench split -- /tmp/x10/build/typst 4 3
//! ```
//!
//! The arguments are the project, the number of parts (4) and of rounds
//! (3). Every case runs in a process of its own, since the peak memory
//! (VmHWM) is the process's; the cases alternate round by round.
//!
//! This measures what splitting would save, not a way to build the book:
//! every part starts with the cover, colophon and table of contents of
//! `book.with` (its table of contents lists only its own headings), page
//! numbers start again in every part, and a link to a heading in another
//! part is pointed at the web. Both cases write a tagged PDF without
//! PDF/UA's checks, because the parts' tags cannot be joined into one
//! structure: separately compiled documents give the same location to
//! elements that look alike (a table cell, a footer), and the split case
//! counts how many of them two parts share.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use kis_book::base::memory::status_kib;
use kis_book::render::pdf::world::{BookWorld, State};
use kis_book::source::assets::Assets;
use typst::foundations::Bytes;
use typst::introspection::Tag;
use typst::layout::{Frame, FrameItem};
use typst::model::Document as _;
use typst_layout::{Page, PagedDocument};
use typst_pdf::PdfOptions;

mod support;

use support::median;

/// Set in the child process that measures one case: its number of parts.
const CHILD: &str = "KIS_SPLIT_CASE";

/// Where a body may be cut: before a theme, which starts a page.
const CUT_BEFORE: &str = "#theme-heading(";

/// What one case measured.
struct Measured {
    time: Duration,
    peak_kib: u64,
    pages: usize,
    shared: usize,
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let project = args
        .first()
        .expect("usage: split PROJECT [PARTS] [ROUNDS]")
        .clone();
    let parts: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(4);
    let rounds: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(3);
    if let Ok(case) = std::env::var(CHILD) {
        let parts = case.parse().expect("a number of parts");
        let m = measure(Path::new(&project), parts);
        println!(
            "{} {} {} {}",
            m.time.as_micros(),
            m.peak_kib,
            m.pages,
            m.shared
        );
        return;
    }
    let mut results: HashMap<usize, Vec<Measured>> = HashMap::new();
    for round in 1..=rounds {
        for case in [1, parts] {
            let m = child(&project, case);
            println!(
                "round {round}, {case} part(s): {} ms, peak {} MiB, {} pages, {} locations shared",
                m.time.as_millis(),
                m.peak_kib / 1024,
                m.pages,
                m.shared
            );
            results.entry(case).or_default().push(m);
        }
    }
    let medians = |case: usize| -> (Duration, u64) {
        let list = &results[&case];
        (
            median(list.iter().map(|m| m.time).collect()),
            median(list.iter().map(|m| m.peak_kib).collect()),
        )
    };
    let (whole_time, whole_peak) = medians(1);
    let (split_time, split_peak) = medians(parts);
    println!("{project}: median of {rounds} rounds");
    println!(
        "  one document      {:6} ms  peak {:5} MiB",
        whole_time.as_millis(),
        whole_peak / 1024
    );
    println!(
        "  {parts} parts joined    {:6} ms  peak {:5} MiB  ({}x the time, {}x the peak)",
        split_time.as_millis(),
        split_peak / 1024,
        ratio(split_time.as_micros(), whole_time.as_micros()),
        ratio(u128::from(split_peak), u128::from(whole_peak)),
    );
}

/// `a / b` with two decimals, rounded (the crate's lints keep floats out).
fn ratio(a: u128, b: u128) -> String {
    let hundredths = (a * 100 + b / 2) / b.max(1);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Runs one case in a child process of this bench and reads its result.
fn child(project: &str, parts: usize) -> Measured {
    let exe = std::env::current_exe().expect("the bench's own path");
    let out = Command::new(exe)
        .arg(project)
        .env(CHILD, parts.to_string())
        .output()
        .expect("the bench runs itself");
    assert!(
        out.status.success(),
        "the case of {parts} part(s) failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<u128> = text
        .split_whitespace()
        .map(|f| f.parse().expect("a number"))
        .collect();
    let [micros, peak, pages, shared] = fields[..] else {
        panic!("unexpected output of a case: {text}");
    };
    Measured {
        time: Duration::from_micros(u64::try_from(micros).expect("a time")),
        peak_kib: u64::try_from(peak).expect("a size"),
        pages: usize::try_from(pages).expect("a count"),
        shared: usize::try_from(shared).expect("a count"),
    }
}

/// Compiles the project at `dir` in `parts` documents, joins their pages
/// and exports them: the time of it all and the peak of this process.
fn measure(dir: &Path, parts: usize) -> Measured {
    let main = std::fs::read_to_string(dir.join("main.typ")).expect("the project's main.typ");
    let data = Bytes::new(std::fs::read(dir.join("data.json")).expect("the project's data.json"));
    let sources = if parts <= 1 {
        vec![main]
    } else {
        split(&main, parts)
    };
    let assets = Assets::new(dir);
    let mut state = State::default();
    let start = Instant::now();
    // Every page with the part it comes from.
    let mut pages: Vec<(usize, Page)> = Vec::new();
    let mut info = None;
    for (part, source) in sources.into_iter().enumerate() {
        let world = BookWorld::new(
            dir,
            &assets,
            &mut state,
            (kis_book::render::pdf::MAIN, source),
            vec![(kis_book::render::pdf::DATA, data.clone())],
            None,
        )
        .expect("a world for the project");
        let document = match typst::compile::<PagedDocument>(&world).output {
            Ok(document) => document,
            Err(errors) => panic!("part {part} does not compile: {:?}", errors.first()),
        };
        // What a part leaves behind is its pages, not its memoised layout.
        typst::comemo::evict(0);
        info.get_or_insert_with(|| document.info().clone());
        pages.extend(document.pages().iter().map(|page| (part, page.clone())));
    }
    let shared = shared_locations(&pages);
    let pages = pages.into_iter().map(|(_, page)| page).collect();
    let document = PagedDocument::new(pages, info.unwrap_or_default());
    let options = PdfOptions::default();
    let pdf = match typst_pdf::pdf(&document, &options) {
        Ok(pdf) => pdf,
        Err(errors) => panic!("the PDF export failed: {:?}", errors.first()),
    };
    let time = start.elapsed();
    assert!(pdf.starts_with(b"%PDF-"), "the export wrote a PDF");
    Measured {
        time,
        peak_kib: status_kib("VmHWM:"),
        pages: document.pages().len(),
        shared,
    }
}

/// The project's main file cut into `parts` files at theme headings: each
/// has the header up to `#show: book.with(data)` and a run of the body. A
/// link to a label that its part does not define points to the web.
fn split(main: &str, parts: usize) -> Vec<String> {
    let lines: Vec<&str> = main.lines().collect();
    let body_start = lines
        .iter()
        .position(|l| l.starts_with("#show: book.with("))
        .map_or(0, |i| i + 1);
    let cuts: Vec<usize> = (body_start..lines.len())
        .filter(|&i| lines[i].starts_with(CUT_BEFORE))
        .collect();
    let mut bounds = vec![body_start];
    for k in 1..parts {
        let target = body_start + k * (lines.len() - body_start) / parts;
        if let Some(&cut) = cuts
            .iter()
            .find(|&&c| c >= target && c > bounds[bounds.len() - 1])
        {
            bounds.push(cut);
        }
    }
    bounds.push(lines.len());
    let header = lines[..body_start].join("\n");
    bounds
        .windows(2)
        .map(|w| {
            let body = lines[w[0]..w[1]].join("\n");
            format!("{header}\n{}\n", unlink_foreign(&body))
        })
        .collect()
}

/// `#link(label("x")` becomes a link to the web where `body` defines no
/// `label: "x"`.
fn unlink_foreign(body: &str) -> String {
    const DEFINED: &str = "label: \"";
    const LINK: &str = "#link(label(\"";
    let defined: BTreeSet<&str> = body
        .match_indices(DEFINED)
        .filter_map(|(i, _)| {
            let rest = &body[i + DEFINED.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect();
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find(LINK) {
        out.push_str(&rest[..i]);
        let after = &rest[i + LINK.len()..];
        let Some(end) = after.find("\")") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        if defined.contains(name) {
            out.push_str(&rest[i..i + LINK.len() + end + 2]);
        } else {
            out.push_str("#link(\"https://www.kis.nl\"");
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// How many element locations appear in more than one part: elements that
/// separately compiled documents cannot tell apart.
fn shared_locations(pages: &[(usize, Page)]) -> usize {
    fn walk(frame: &Frame, part: usize, seen: &mut HashMap<u128, BTreeSet<usize>>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, part, seen),
                FrameItem::Tag(Tag::Start(elem, _)) => {
                    if let Some(loc) = elem.location() {
                        seen.entry(loc.hash()).or_default().insert(part);
                    }
                }
                _ => {}
            }
        }
    }
    let mut seen = HashMap::new();
    for (part, page) in pages {
        walk(&page.frame, *part, &mut seen);
    }
    seen.values().filter(|parts| parts.len() > 1).count()
}
