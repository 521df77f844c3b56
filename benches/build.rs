//! How long the 2019 PDF takes, and where the time goes: loading and
//! checking the book, generating the Typst source, Typst's compile
//! (evaluation and layout) and its PDF export.
//!
//! `cargo bench --bench build` (add `-- 10` for ten rounds). A plain timing
//! loop rather than criterion: one round takes seconds, and the share of
//! each stage is the figure of interest.

use std::path::Path;
use std::time::{Duration, Instant};

use kis_book::base::diagnostics::Diagnostics;

fn main() {
    let rounds: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5);
    // `KIS_BENCH_BOOK=ROOT` measures another book, e.g. the ten-times book.
    let book = std::env::var_os("KIS_BENCH_BOOK")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf());
    let root = book.as_path();
    let mut load = Duration::ZERO;
    let mut prepare = Duration::ZERO;
    let mut compile = Duration::ZERO;
    let mut export = Duration::ZERO;
    let mut pages = 0;
    for round in 0..=rounds {
        // Every round is a cold build, as `kis-book build` is: Typst's
        // memoised results from the round before are dropped.
        typst::comemo::evict(0);
        let start = Instant::now();
        let input = kis_book::source::input::BookInput::open(root);
        let outcome = kis_book::compile(&input);
        let compiled = outcome.compiled.expect("the book compiles");
        let loaded = start.elapsed();
        let mut diags = Diagnostics::default();
        let rendered = kis_book::render::pdf::Pdf::new(kis_book::render::pdf::Options::default())
            .render_pdf(root, &compiled, input.assets(), &mut diags)
            .expect("render")
            .expect("the book renders");
        if round == 0 {
            // The first round warms the disk cache and the allocator.
            continue;
        }
        load += loaded;
        prepare += rendered.timings.prepare;
        compile += rendered.timings.compile;
        export += rendered.timings.export;
        pages = rendered.pages;
    }
    let total = load + prepare + compile + export;
    let ms = |d: Duration| d.as_millis() / u128::from(rounds);
    // Per mille, in whole numbers: the crate's lints keep floats out.
    let share = |d: Duration| d.as_micros() * 1000 / total.as_micros().max(1);
    println!(
        "{}: {pages} pages, mean of {rounds} cold rounds after a warm-up",
        root.display()
    );
    println!("  total                 {:6} ms", ms(total));
    for (name, d) in [
        ("load + check + budget", load),
        ("generate + world", prepare),
        ("typst compile", compile),
        ("typst pdf export", export),
    ] {
        let p = share(d);
        println!("  {name:<21} {:6} ms  {:3}.{} %", ms(d), p / 10, p % 10);
    }
    // The peak of this process: the largest of the cold builds above.
    let peak_kib = kis_book::base::memory::status_kib("VmHWM:");
    println!("  peak memory           {:6} MiB", peak_kib / 1024);
}
