//! What `kis-book serve` does on every save: the rebuild time after a
//! one-chapter edit as a share of a cold build, and the memory after 200
//! rebuilds of one session against after the first 10.
//!
//! `cargo bench --profile dev --bench rebuild` (add `-- 200` for the number
//! of rebuilds). Works on a copy of content/ in a temporary folder; a plain
//! timing loop, since one round takes seconds. `KIS_BENCH_BOOK=ROOT` runs it
//! on another book (e.g. the ten-times book of `scripts/ten-times-book.py`)
//! and `KIS_BENCH_CHAPTER=content/…md` edits another chapter.
//! `KIS_BENCH_OWN_TEMPLATES=1` gives the copy a PDF template of its own (the
//! embedded `book.typ` with a comment added): a book whose `check` renders
//! once on trial, which must not cost a serve session its memoised layout.
//! `KIS_BENCH_APPEND=1` adds a sentence to the chapter on every save and
//! keeps it, as `benches/preview.py --scenario memory` did, so that the
//! book grows by one paragraph a rebuild. `KIS_BENCH_ONLY=pdf` (or `site`)
//! rebuilds that output alone. `KIS_BENCH_MEMO=1` tells, now
//! and then, how much of the heap Typst's memoised results hold (it drops
//! them to find out, so the rebuild after is slower).
//!
//! At the end it tells whose the heap in use is: Typst's memoised results
//! are cleared (`comemo::evict(0)`) and then the session is dropped with
//! everything kis-book kept; what is left is the engine's own statics.
//! Run it with 10 and with 200 rebuilds to see which of the three grows.

use std::path::Path;
use std::time::{Duration, Instant};

use kis_book::base::memory::{heap_in_use_kib, status_kib};
use kis_book::report::build::{self, BuildFailure, OutputKind, Session};

mod support;

use support::median;

#[path = "../tests/it/common.rs"]
#[allow(dead_code, reason = "the bench uses one helper of the tests")]
mod common;

use common::copy_dir;

/// The chapter that is edited, as an editor would: a sentence more on
/// every save.
const CHAPTER: &str = "content/03-themas-en-projecten/1-nieuwe-migratie/1.3-schakeljaren.md";

fn main() {
    let rebuilds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200);
    let book = std::env::var_os("KIS_BENCH_BOOK")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf());
    let chapter = std::env::var("KIS_BENCH_CHAPTER").unwrap_or_else(|_| CHAPTER.to_owned());
    let dir = std::env::temp_dir().join(format!("kis-book-bench-{}", std::process::id()));
    copy_dir(&book.join("content"), &dir.join("content"));
    if std::env::var_os("KIS_BENCH_OWN_TEMPLATES").is_some() {
        own_template(&dir);
    }
    eprintln!("rebuilding {} (edits {chapter})", book.display());
    // One session, as `kis-book serve` keeps one for all its rebuilds.
    let outputs: Vec<OutputKind> = match std::env::var("KIS_BENCH_ONLY").as_deref() {
        Ok("pdf") => vec![OutputKind::Pdf],
        Ok("site") => vec![OutputKind::Site],
        _ => OutputKind::ALL.to_vec(),
    };
    let mut session = Session::with_outputs(&build::serve_options(), &outputs);
    let mut build_once = || {
        let start = Instant::now();
        match session.build(&dir) {
            Ok(r) => {
                if std::env::var_os("KIS_BENCH_VERBOSE").is_some() {
                    let phases: Vec<String> = r
                        .outputs
                        .iter()
                        .flat_map(|(_, o)| &o.timings)
                        .map(|(name, d)| format!("{name} {} ms", d.as_millis()))
                        .collect();
                    eprintln!(
                        "    {}; all {} ms",
                        phases.join(", "),
                        start.elapsed().as_millis()
                    );
                }
            }
            Err(BuildFailure::Book(d)) => panic!("{d:?}"),
            Err(BuildFailure::Output(e)) => panic!("{e:#}"),
        }
        // The rebuild is done when the new PDF and site are in place; like
        // serve, the session is trimmed after that.
        let built = start.elapsed();
        session.trim();
        built
    };

    // Cold: `kis-book build` in a fresh process, as an editor runs it: no
    // caches of any kind. The first run also warms the disk cache.
    // Its peak memory comes from GNU time (`/usr/bin/time -f %M`, KiB).
    let peak_file = dir.join("cold-peak.txt");
    let mut cold_peak = 0_u64;
    let mut cold_build = || {
        let start = Instant::now();
        let timed = Path::new("/usr/bin/time").is_file();
        let mut command = if timed {
            let mut c = std::process::Command::new("/usr/bin/time");
            c.arg("-f").arg("%M").arg("-o").arg(&peak_file);
            c.arg(env!("CARGO_BIN_EXE_kis-book"));
            c
        } else {
            std::process::Command::new(env!("CARGO_BIN_EXE_kis-book"))
        };
        let status = command
            .arg("build")
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .expect("run kis-book build");
        assert!(status.success(), "kis-book build failed");
        let took = start.elapsed();
        let peak = std::fs::read_to_string(&peak_file)
            .ok()
            .and_then(|s| s.trim().lines().last()?.trim().parse().ok())
            .unwrap_or(0);
        cold_peak = cold_peak.max(peak);
        took
    };
    cold_build();

    // Warm: serve's rebuild after an edit of one chapter. Cold builds are
    // interleaved with the rebuilds, so that both see the same machine
    // (a busy neighbour slows both); medians, so that one hiccup does not
    // move the figure.
    let original = std::fs::read_to_string(dir.join(&chapter)).expect("read chapter");
    // Each save adds a sentence to a new paragraph of the chapter, as an
    // editor writes: the text after it moves, now and then onto the next
    // page. After 25 sentences the paragraph starts over, so that the book
    // stays the same size and memory is compared like for like.
    let append = std::env::var_os("KIS_BENCH_APPEND").is_some();
    let memo_report = std::env::var_os("KIS_BENCH_MEMO").is_some();
    let mut appended = String::new();
    let mut edit = |n: usize| {
        if append {
            appended.push_str(&format!("\nEen zin erbij, nummer {n}.\n"));
            let text = format!("{original}{appended}");
            std::fs::write(dir.join(&chapter), text).expect("edit chapter");
            return;
        }
        let added: String = (1..=1 + n % 25)
            .map(|i| format!(" De redacteur voegde zin {i} toe."))
            .collect();
        let text = format!("{original}\nEen nieuwe alinea.{added}\n");
        std::fs::write(dir.join(&chapter), text).expect("edit chapter");
    };
    build_once();
    let cold_every = (rebuilds / 10).max(1);
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut after_one = 0;
    let mut after_ten = 0;
    let mut heap_after_ten = 0;
    for n in 1..=rebuilds {
        edit(n);
        warm.push(build_once());
        if n == 1 {
            after_one = rss_kib();
        }
        if n == 10 {
            after_ten = rss_kib();
            heap_after_ten = heap_in_use_kib();
        }
        if n.is_power_of_two() || n % 50 == 0 {
            eprintln!(
                "  after {n:3} rebuilds: {:4} MiB resident, {:4} MiB of heap in use",
                rss_kib() / 1024,
                heap_in_use_kib() / 1024
            );
        }
        if memo_report && (n.is_power_of_two() || n % 50 == 0) {
            let with_memo = heap_in_use_kib();
            typst::comemo::evict(0);
            eprintln!(
                "  after {n:3} rebuilds: Typst's memo held {:4} MiB of the heap",
                with_memo.saturating_sub(heap_in_use_kib()) / 1024
            );
        }
        if n % cold_every == 0 {
            cold.push(cold_build());
        }
    }
    let after_all = rss_kib();
    let heap_after_all = heap_in_use_kib();
    let session_peak = status_kib("VmHWM:");
    // Whose the heap is: Typst's memoised results are cleared first, then
    // everything the session kept is dropped; what is still in use then
    // is held by the engine's own statics (interners, the capacity comemo
    // keeps of what it evicts), which no caller can release.
    typst::comemo::evict(0);
    let heap_without_memo = heap_in_use_kib();
    drop(session);
    kis_book::base::memory::release_free();
    let heap_without_session = heap_in_use_kib();
    let rss_without_session = rss_kib();
    let _ = std::fs::remove_dir_all(&dir);

    let (cold_runs, warm_runs) = (cold.len(), warm.len());
    let (cold, warm) = (median(cold), median(warm));
    let pct = |a: Duration, b: Duration| a.as_micros() * 100 / b.as_micros().max(1);
    println!(
        "cold `kis-book build`, median of {cold_runs:3}:      {:6} ms",
        cold.as_millis()
    );
    println!(
        "rebuild after a one-chapter edit, median of {warm_runs:3}: {:6} ms  ({} % of cold)",
        warm.as_millis(),
        pct(warm, cold)
    );
    println!(
        "peak memory of a cold `kis-book build`:  {:6} MiB",
        cold_peak / 1024
    );
    println!(
        "peak memory of the serve session:        {:6} MiB",
        session_peak / 1024
    );
    println!(
        "resident memory after 1 rebuild:         {:6} MiB",
        after_one / 1024
    );
    // Fewer than 10 rebuilds have no figure after 10 to compare with.
    let of_ten = if rebuilds >= 10 {
        println!(
            "resident memory after 10 rebuilds:       {:6} MiB",
            after_ten / 1024
        );
        format!("{} % of after 10, ", after_all * 100 / after_ten.max(1))
    } else {
        String::new()
    };
    println!(
        "heap in use after 10 and after {rebuilds} rebuilds: {:6} and {} MiB",
        heap_after_ten / 1024,
        heap_after_all / 1024
    );
    println!(
        "resident memory after {rebuilds} rebuilds:       {:6} MiB  ({of_ten}{} % of after 1)",
        after_all / 1024,
        after_all * 100 / after_one.max(1)
    );
    println!(
        "heap in use without Typst's memo: {:6} MiB; without the session too: {} MiB ({} MiB resident)",
        heap_without_memo / 1024,
        heap_without_session / 1024,
        rss_without_session / 1024
    );
}

/// Writes `templates/pdf/book.typ` into the book at `dir`: the embedded
/// template and a comment, so that it differs from the default and counts
/// as the book's own.
fn own_template(dir: &Path) {
    let rel = "templates/pdf/book.typ";
    let embedded = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&embedded).expect("read the embedded template");
    let target = dir.join(rel);
    std::fs::create_dir_all(target.parent().expect("a folder")).expect("make templates/pdf");
    std::fs::write(&target, format!("{text}\n// The book's own copy.\n"))
        .expect("write the template");
    eprintln!("with a template of its own: {rel}");
}

/// Resident set size of this process, in KiB (Linux).
fn rss_kib() -> u64 {
    status_kib("VmRSS:")
}
