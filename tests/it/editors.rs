//! `check` speaks to editors (issue 23): every problem in one run, one
//! cause one message, the fix in their words.
//!
//! - [`each_mistake_alone_gives_exactly_its_diagnostics`]: a catalogue of
//!   single mistakes, each made in a generated book, must give exactly the
//!   diagnostics intended: count, code, file, line and the words of the fix.
//! - [`independent_mistakes_are_all_reported`]: two or three mistakes of
//!   the catalogue at once, in different files and in the same file, in
//!   generated books: each is reported, and nothing else. The suite runs
//!   `KIS_BOOK_CASES` books (default 24) from the fixed seed
//!   `KIS_BOOK_SEED` (default 23); by hand, thousands:
//!   `KIS_BOOK_CASES=2000 cargo test --locked --test it -- editors::independent`.
//! - The cases of the issue, on a copy of the 2019 plan, by count.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::common::{kis_book, repo_root, stderr, write_file};

// --- A generated book ---------------------------------------------------------

/// A small pseudo-random generator (xorshift64*), so that a seed gives
/// the same books on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `range`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("small")
    }

    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

/// The files of a book, by path under the root.
#[derive(Clone)]
struct Book {
    files: BTreeMap<String, String>,
    /// The project files, and the text chapters, by path.
    projects: Vec<String>,
    texts: Vec<String>,
}

const CONFIG: &str = "content/book.yaml";
/// Line and column of `available_budget`'s value in the generated book.yaml.
const AVAILABLE_AT: usize = 9;
/// The line of Alpha's `id` (the organisation's place) in book.yaml.
const ALPHA_AT: usize = 11;

/// The rate card of the generated books, and what an hour of each role
/// costs with Stafkosten and Overhead: Alpha adds 10 + 20 an hour, Beta
/// 5 + 15.
const HOUR_COST: [(&str, u64); 4] = [
    ("Senior", 100 + 30),
    ("Junior", 50 + 30),
    ("Expert", 90 + 20),
    ("Assistent", 40 + 20),
];

fn config(available: u64) -> String {
    format!(
        "title: Werkplan Proef\n\
         subtitle: Proefplatform\n\
         year: 2030\n\
         publisher: Proefplatform\n\
         language: nl\n\
         base_url: https://example.org/proef\n\
         output: proef-werkplan\n\
         date: 2029-12-01\n\
         available_budget: {available}\n\
         organisations:\n\
         \x20 - id: alpha\n\
         \x20   name: Alpha Instituut\n\
         \x20   rates:\n\
         \x20     Senior: 100\n\
         \x20     Junior: 50\n\
         \x20   staff_rate: 10\n\
         \x20   overhead_rate: 20\n\
         \x20 - id: beta\n\
         \x20   name: Beta Kennis\n\
         \x20   rates:\n\
         \x20     Expert: 90\n\
         \x20     Assistent: 40\n\
         \x20   staff_rate: 5\n\
         \x20   overhead_rate: 15\n\
         overview_columns: [beta, alpha]\n\
         functions:\n\
         \x20 - id: A\n\
         \x20   name: Ontwikkeling van kennis\n\
         \x20   themes:\n\
         \x20     - id: \"1\"\n\
         \x20       name: Werk\n\
         \x20     - id: \"2\"\n\
         \x20       name: Wonen\n"
    )
}

/// A project: the budget on lines 5 to 13 (Senior on 8, Junior on 9,
/// `beta:` on 10, Expert on 11, material on 13), `{{ budget }}` on 22.
fn project(id: &str, theme: &str, hours: [u64; 4], material: u64) -> String {
    let [senior, junior, expert, assistent] = hours;
    format!(
        "---\nid: \"{id}\"\ntitle: Project {id}\ntheme: \"{theme}\"\nbudget:\n  hours:\n    \
         alpha:\n      Senior: {senior}\n      Junior: {junior}\n    beta:\n      Expert: \
         {expert}\n      Assistent: {assistent}\n  material: {material}\n---\n\n## Aanleiding\n\n\
         Een project over thema {theme}.\n\n## Begroting\n\n{{{{ budget }}}}\n"
    )
}

/// A book of two themes with three to five projects each and up to two
/// chapters of text; its available budget is what the projects add up to,
/// worked out here from the hours and the rate card above.
fn generate(rng: &mut Rng) -> Book {
    let mut files = BTreeMap::new();
    let mut projects = Vec::new();
    let mut texts = vec!["content/01-inleiding.md".to_owned()];
    let mut total = 0;
    files.insert(
        texts[0].clone(),
        "---\ntitle: Inleiding\n---\n\nDit plan verdeelt {{ available }}.\n".to_owned(),
    );
    for (theme, folder, name) in [("1", "02-werk", "Werk"), ("2", "03-wonen", "Wonen")] {
        files.insert(
            format!("content/{folder}/index.md"),
            format!("---\ntitle: {name}\ntheme: \"{theme}\"\n---\n\nDe projecten over {name}.\n"),
        );
        for n in 1..=rng.between(3, 5) {
            let hours = [
                rng.between(1, 40),
                rng.between(1, 60),
                rng.between(0, 30),
                rng.between(0, 30),
            ];
            let material = rng.between(0, 40) * 50;
            total += material
                + hours
                    .iter()
                    .zip(HOUR_COST)
                    .map(|(h, (_, cost))| h * cost)
                    .sum::<u64>();
            let path = format!("content/{folder}/{theme}.{n}-project.md");
            files.insert(
                path.clone(),
                project(&format!("{theme}.{n}"), theme, hours, material),
            );
            projects.push(path);
        }
    }
    for n in 0..rng.between(0, 2) {
        let path = format!("content/0{}-hoofdstuk.md", 4 + n);
        files.insert(
            path.clone(),
            format!("---\ntitle: Hoofdstuk {}\n---\n\nTekst.\n", 4 + n),
        );
        texts.push(path);
    }
    files.insert(
        "content/09-overzicht.md".to_owned(),
        "---\ntitle: Overzicht\n---\n\n{{ overview }}\n".to_owned(),
    );
    files.insert(CONFIG.to_owned(), config(total));
    Book {
        files,
        projects,
        texts,
    }
}

impl Book {
    /// Line `n` (1-based) of `file`.
    fn line(&self, file: &str, n: usize) -> String {
        self.files[file]
            .lines()
            .nth(n - 1)
            .expect("line")
            .to_owned()
    }

    /// Replaces line `n` of `file` with `text` (no line added or removed).
    fn set_line(&mut self, file: &str, n: usize, text: &str) {
        let old = &self.files[file];
        let lines: Vec<&str> = old
            .lines()
            .enumerate()
            .map(|(i, l)| if i + 1 == n { text } else { l })
            .collect();
        let new = lines.join("\n") + "\n";
        self.files.insert(file.to_owned(), new);
    }

    /// Adds a paragraph at the end of `file`; returns its line.
    fn append(&mut self, file: &str, text: &str) -> usize {
        let body = self.files.get_mut(file).expect("file");
        body.push('\n');
        body.push_str(text);
        body.push('\n');
        body.lines().count()
    }

    fn write(&self, root: &Path) {
        for (path, text) in &self.files {
            write_file(&root.join(path), text);
        }
    }
}

// --- The catalogue --------------------------------------------------------------

/// One diagnostic a mistake must give: code, file, line, and words of its
/// message or hint (the fix, in an editor's words).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    code: &'static str,
    file: String,
    line: usize,
    words: String,
}

fn expect(code: &'static str, file: &str, line: usize, words: impl Into<String>) -> Expected {
    Expected {
        code,
        file: file.to_owned(),
        line,
        words: words.into(),
    }
}

/// Where a mistake is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Project,
    Text,
    Config,
}

/// How a mistake meets others (see [`compatible`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Changes only its own lines.
    Lines,
    /// Makes the front matter unreadable, so the page is not read at all:
    /// nothing else in its file can be reported.
    Unreadable,
    /// Needs every other line of its file right (a warning about a budget
    /// no page shows is not given for a page with errors), and its own
    /// budget read.
    Alone,
    /// Makes book.yaml unreadable: nothing else can be reported.
    WholeBook,
    /// Changes the rate card, so the budgets using the role are not read.
    RateCard,
    /// Needs the budgets read (the programme's total).
    Money,
}

struct Mistake {
    name: &'static str,
    target: Target,
    /// The lines of the file it changes (none: it adds a paragraph).
    lines: &'static [usize],
    reach: Reach,
    make: fn(&mut Book, &str) -> Vec<Expected>,
}

/// Replaces `from` by `to` in line `n` of `file`.
fn edit_line(book: &mut Book, file: &str, n: usize, from: &str, to: &str) {
    let line = book.line(file, n);
    assert!(line.contains(from), "`{from}` not in `{line}`");
    book.set_line(file, n, &line.replacen(from, to, 1));
}

/// The number of hours on line `n` of a project (`      Senior: 12`).
fn hours_on(book: &Book, file: &str, n: usize) -> String {
    let line = book.line(file, n);
    line.rsplit(' ').next().expect("hours").to_owned()
}

fn catalogue() -> Vec<Mistake> {
    use Reach::*;
    use Target::*;
    vec![
        Mistake {
            name: "a misspelt role",
            target: Project,
            lines: &[8],
            reach: Lines,
            make: |b, f| {
                edit_line(b, f, 8, "Senior", "Senoir");
                vec![expect("KB0314", f, 8, "did you mean `Senior`?")]
            },
        },
        Mistake {
            name: "an unknown organisation",
            target: Project,
            lines: &[10],
            reach: Lines,
            make: |b, f| {
                edit_line(b, f, 10, "beta:", "bèta:");
                vec![expect(
                    "KB0312",
                    f,
                    10,
                    "the organisations are: alpha, beta",
                )]
            },
        },
        Mistake {
            name: "hours with a decimal comma",
            target: Project,
            lines: &[8],
            reach: Lines,
            make: |b, f| {
                let hours = hours_on(b, f, 8);
                edit_line(b, f, 8, &format!(": {hours}"), &format!(": {hours},5"));
                vec![expect(
                    "KB0302",
                    f,
                    8,
                    format!("with a decimal point, `{hours}.5`"),
                )]
            },
        },
        Mistake {
            name: "a thousands separator",
            target: Project,
            lines: &[13],
            reach: Lines,
            make: |b, f| {
                b.set_line(f, 13, "  material: 1.250");
                vec![expect("KB0303", f, 13, "without it, `1250`")]
            },
        },
        Mistake {
            name: "an amount written `250,-`",
            target: Project,
            lines: &[13],
            reach: Lines,
            make: |b, f| {
                b.set_line(f, 13, "  material: 250,-");
                vec![expect("KB0302", f, 13, "as a plain number, `250`")]
            },
        },
        Mistake {
            name: "negative hours",
            target: Project,
            lines: &[11],
            reach: Lines,
            make: |b, f| {
                b.set_line(f, 11, "      Expert: -5");
                vec![expect("KB0304", f, 11, "hours cannot be negative: `-5`")]
            },
        },
        Mistake {
            name: "an unknown theme",
            target: Project,
            lines: &[4],
            reach: Lines,
            make: |b, f| {
                b.set_line(f, 4, "theme: \"9\"");
                vec![expect("KB0215", f, 4, "the themes are: 1 Werk, 2 Wonen")]
            },
        },
        Mistake {
            name: "the theme of another folder",
            target: Project,
            lines: &[4],
            reach: Lines,
            make: |b, f| {
                let folder = if f.contains("/02-werk/") { "1" } else { "2" };
                let other = if folder == "1" { "2" } else { "1" };
                b.set_line(f, 4, &format!("theme: \"{other}\""));
                vec![expect(
                    "KB0240",
                    f,
                    4,
                    format!("write `theme: \"{folder}\"`"),
                )]
            },
        },
        Mistake {
            name: "an invalid id",
            target: Project,
            lines: &[2],
            reach: Lines,
            make: |b, f| {
                b.set_line(f, 2, "id: \"1 3\"");
                vec![expect("KB0213", f, 2, "an id is a number such as")]
            },
        },
        Mistake {
            name: "an empty title",
            target: Text,
            lines: &[2],
            reach: Lines,
            make: |b, f| {
                b.set_line(f, 2, "title: \"\"");
                vec![expect("KB0212", f, 2, "the title is empty")]
            },
        },
        Mistake {
            name: "a role indented too far",
            target: Project,
            lines: &[9],
            reach: Unreadable,
            make: |b, f| {
                let senior = b.line(f, 8);
                edit_line(b, f, 9, "      Junior", "        Junior");
                vec![expect(
                    "KB0201",
                    f,
                    9,
                    format!("line it up with `{}` on line 8 (6 spaces)", senior.trim()),
                )]
            },
        },
        Mistake {
            name: "roles not indented under their organisation",
            target: Project,
            lines: &[8, 9],
            reach: Unreadable,
            make: |b, f| {
                edit_line(b, f, 8, "      Senior", "    Senior");
                edit_line(b, f, 9, "      Junior", "    Junior");
                vec![expect(
                    "KB0201",
                    f,
                    7,
                    "indent the lines under `alpha:` (line 7) by 6 spaces",
                )]
            },
        },
        Mistake {
            name: "a tab in the indentation",
            target: Project,
            lines: &[9],
            reach: Unreadable,
            make: |b, f| {
                edit_line(b, f, 9, "      Junior", "\t  Junior");
                vec![expect("KB0206", f, 9, "replace the tab with spaces")]
            },
        },
        Mistake {
            name: "a role twice",
            target: Project,
            lines: &[9],
            reach: Unreadable,
            make: |b, f| {
                edit_line(b, f, 9, "Junior", "Senior");
                vec![expect("KB0202", f, 9, "the key `Senior` appears twice")]
            },
        },
        Mistake {
            name: "a misspelt key",
            target: Project,
            lines: &[3],
            reach: Unreadable,
            make: |b, f| {
                edit_line(b, f, 3, "title:", "titel:");
                vec![expect("KB0204", f, 3, "did you mean `title`?")]
            },
        },
        Mistake {
            name: "raw HTML",
            target: Text,
            lines: &[],
            reach: Lines,
            make: |b, f| {
                let n = b.append(f, "Dit is <b>belangrijk</b>.");
                vec![expect("KB0401", f, n, "write bold text as `**tekst**`")]
            },
        },
        Mistake {
            name: "a link to no page",
            target: Project,
            lines: &[],
            reach: Lines,
            make: |b, f| {
                let n = b.append(f, "Zie [dit](bestaat-niet.md).");
                vec![expect(
                    "KB0410",
                    f,
                    n,
                    "`bestaat-niet.md`, which is not a page",
                )]
            },
        },
        Mistake {
            name: "an unknown placeholder",
            target: Text,
            lines: &[],
            reach: Lines,
            make: |b, f| {
                let n = b.append(f, "Er is {{ totaal }}.");
                vec![expect("KB0407", f, n, "unknown placeholder `{{ totaal }}`")]
            },
        },
        Mistake {
            name: "a placeholder with single braces",
            target: Text,
            lines: &[],
            reach: Lines,
            make: |b, f| {
                let n = b.append(f, "Samen { total }.");
                vec![expect("KB0430", f, n, "did you mean `{{ total }}`?")]
            },
        },
        Mistake {
            name: "a missing image",
            target: Project,
            lines: &[],
            reach: Lines,
            make: |b, f| {
                let n = b.append(f, "![Een grafiek](grafiek.png)");
                vec![expect("KB0415", f, n, "there is no image `grafiek.png`")]
            },
        },
        Mistake {
            name: "a footnote never defined",
            target: Text,
            lines: &[],
            reach: Lines,
            make: |b, f| {
                let n = b.append(f, "Zie de noot[^9].");
                vec![expect(
                    "KB0403",
                    f,
                    n,
                    "footnote `[^9]` is used but never defined",
                )]
            },
        },
        Mistake {
            name: "a heading that skips a level",
            target: Project,
            lines: &[],
            reach: Lines,
            make: |b, f| {
                let n = b.append(f, "#### Diep");
                vec![expect("KB0412", f, n, "skips")]
            },
        },
        Mistake {
            name: "a budget no page shows",
            target: Project,
            lines: &[22],
            reach: Alone,
            make: |b, f| {
                b.set_line(f, 22, "De begroting volgt.");
                vec![expect(
                    "KB0330",
                    f,
                    6,
                    "write `{{ budget }}` on a line of its own",
                )]
            },
        },
        Mistake {
            name: "a programme above the available budget",
            target: Project,
            lines: &[8],
            reach: Money,
            make: |b, f| {
                b.set_line(f, 8, "      Senior: 5000");
                vec![expect(
                    "KB0321",
                    CONFIG,
                    AVAILABLE_AT,
                    "`kis-book budget` shows where the money goes",
                )]
            },
        },
        Mistake {
            name: "a role renamed on the rate card",
            target: Config,
            lines: &[15],
            reach: RateCard,
            make: |b, f| {
                edit_line(b, f, 15, "Junior", "Junior adviseur");
                vec![expect(
                    "KB0314",
                    CONFIG,
                    ALPHA_AT,
                    "did you mean `Junior adviseur`? If the role was renamed on the rate card",
                )]
            },
        },
        Mistake {
            name: "a rate with a euro sign",
            target: Config,
            lines: &[14],
            reach: WholeBook,
            make: |b, f| {
                edit_line(b, f, 14, "100", "€ 100");
                vec![expect(
                    "KB0301",
                    CONFIG,
                    14,
                    "without a currency sign or `,-`: `100`",
                )]
            },
        },
        Mistake {
            name: "staff_rate indented by three spaces",
            target: Config,
            lines: &[16],
            reach: WholeBook,
            make: |b, f| {
                edit_line(b, f, 16, "    staff_rate", "   staff_rate");
                vec![expect(
                    "KB0205",
                    CONFIG,
                    13,
                    "`staff_rate:` on line 16 is indented by 3 spaces: line it up with `rates:` \
                     (4 spaces)",
                )]
            },
        },
    ]
}

// --- Running check --------------------------------------------------------------

/// One diagnostic as `check --format json` gives it.
#[derive(Debug)]
struct Reported {
    code: String,
    file: String,
    line: usize,
    text: String,
}

fn check(book: &Book) -> (Vec<Reported>, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    book.write(dir.path());
    let root = dir.path().to_str().expect("utf-8 path");
    let out = kis_book(&["check", root, "--format", "json"]);
    let json: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let prefix = format!("{root}/");
    let reported = json
        .as_array()
        .expect("array")
        .iter()
        .map(|d| Reported {
            code: d["code"].as_str().unwrap_or_default().to_owned(),
            file: d["file"]
                .as_str()
                .unwrap_or_default()
                .trim_start_matches(&prefix)
                .to_owned(),
            line: d["line"]
                .as_u64()
                .map_or(0, |l| usize::try_from(l).expect("line")),
            text: format!(
                "{} {}",
                d["message"].as_str().unwrap_or_default(),
                d["hint"].as_str().unwrap_or_default()
            ),
        })
        .collect();
    let human = kis_book(&["check", root]);
    (reported, stderr(&human))
}

/// What is wrong with `reported` against `expected`: each expected
/// diagnostic once, at its code, file and line, with its words, and
/// nothing else.
fn differences(expected: &[Expected], reported: &[Reported]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut left: Vec<&Reported> = reported.iter().collect();
    for e in expected {
        match left
            .iter()
            .position(|r| r.code == e.code && r.file == e.file && r.line == e.line)
        {
            Some(i) => {
                let r = left.remove(i);
                if !r.text.contains(&e.words) {
                    problems.push(format!("{e:?}: the words are not in `{}`", r.text));
                }
            }
            None => problems.push(format!("not reported: {e:?}")),
        }
    }
    problems.extend(left.iter().map(|r| format!("reported besides: {r:?}")));
    problems
}

#[test]
fn the_generated_books_are_clean() {
    let mut rng = Rng::new(7);
    for _ in 0..3 {
        let (reported, human) = check(&generate(&mut rng));
        assert!(reported.is_empty(), "{reported:?}\n{human}");
    }
}

#[test]
fn each_mistake_alone_gives_exactly_its_diagnostics() {
    let catalogue = catalogue();
    assert!(catalogue.len() >= 20, "{} kinds", catalogue.len());
    let mut failures = Vec::new();
    for (i, mistake) in catalogue.iter().enumerate() {
        let mut book = generate(&mut Rng::new(100 + i as u64));
        let file = match mistake.target {
            Target::Project => book.projects[1].clone(),
            Target::Text => book.texts[0].clone(),
            Target::Config => CONFIG.to_owned(),
        };
        let expected = (mistake.make)(&mut book, &file);
        let (reported, human) = check(&book);
        let problems = differences(&expected, &reported);
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n  {}\n{human}",
                mistake.name,
                problems.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Whether `next` at `file` can be made beside the mistakes already made,
/// with each still reported as it is alone.
fn compatible(made: &[(&Mistake, String)], next: &Mistake, file: &str) -> bool {
    use Reach::*;
    if next.reach == WholeBook {
        return false;
    }
    made.iter().all(|(m, f)| {
        let money = |a: Reach, b: Reach| (a, b) == (RateCard, Money) || (a, b) == (Money, RateCard);
        let alone = |a: Reach, b: Reach| (a, b) == (RateCard, Alone) || (a, b) == (Alone, RateCard);
        if m.name == next.name || money(m.reach, next.reach) || alone(m.reach, next.reach) {
            return false;
        }
        if f != file {
            return true;
        }
        let shared = m.lines.iter().any(|l| next.lines.contains(l));
        let whole = |r: Reach| matches!(r, Unreadable | Alone | Money);
        !shared && !whole(m.reach) && !whole(next.reach)
    })
}

#[test]
fn independent_mistakes_are_all_reported() {
    let number = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let cases = number("KIS_BOOK_CASES", 24);
    let seed = number("KIS_BOOK_SEED", 23);
    let catalogue = catalogue();
    let mut rng = Rng::new(seed);
    let mut failures = Vec::new();
    let mut same_file = 0;
    for case in 0..cases {
        let mut book = generate(&mut rng);
        let count = 2 + rng.below(2);
        let mut made: Vec<(&Mistake, String)> = Vec::new();
        let mut tries = 0;
        while made.len() < count && tries < 200 {
            tries += 1;
            let mistake = &catalogue[rng.below(catalogue.len())];
            let files = match mistake.target {
                Target::Project => book.projects.clone(),
                Target::Text => book.texts.clone(),
                Target::Config => vec![CONFIG.to_owned()],
            };
            // Half the time, the file of a mistake already made.
            let file = match made.iter().find(|(m, _)| m.target == mistake.target) {
                Some((_, f)) if rng.below(2) == 0 => f.clone(),
                _ => files[rng.below(files.len())].clone(),
            };
            if compatible(&made, mistake, &file) {
                made.push((mistake, file));
            }
        }
        if made
            .iter()
            .enumerate()
            .any(|(i, (_, f))| made[..i].iter().any(|(_, g)| g == f))
        {
            same_file += 1;
        }
        let mut expected = Vec::new();
        for (mistake, file) in &made {
            expected.extend((mistake.make)(&mut book, file));
        }
        let (reported, human) = check(&book);
        let problems = differences(&expected, &reported);
        if !problems.is_empty() {
            let names: Vec<String> = made
                .iter()
                .map(|(m, f)| format!("{} in {f}", m.name))
                .collect();
            failures.push(format!(
                "case {case} (seed {seed}): {}\n  {}\n{human}",
                names.join(", "),
                problems.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        cases < 8 || same_file > 0,
        "no case put two mistakes in one file"
    );
}

// --- The cases of issue 23, on the 2019 plan ------------------------------------

/// The 2019 plan with `edits` made: (file under content/, from, to).
fn plan_2019(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::common::copy_dir(&repo_root().join("content"), &dir.path().join("content"));
    for (file, from, to) in edits {
        let path = dir.path().join("content").join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text.matches(from).count(), 1, "`{from}` once in {file}");
        write_file(&path, text.replace(from, to));
    }
    dir
}

/// The codes `check` gives for the plan, in order, with the human output.
fn codes_2019(dir: &Path) -> (Vec<String>, String) {
    let root = dir.to_str().expect("utf-8 path");
    let out = kis_book(&["check", root, "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let codes = json
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    (codes, stderr(&kis_book(&["check", root])))
}

const P11: &str = "03-themas-en-projecten/1-nieuwe-migratie/1.1-monitor-arbeidstoeleiding.md";
const P12: &str = "03-themas-en-projecten/1-nieuwe-migratie/1.2-duurzame-arbeidsparticipatie.md";
/// 80 more hours of Verwey-Jonker's Senior onderzoeker: 80 × (100 + 13 +
/// 25) = € 11.040 above the available budget.
const OVER: (&str, &str, &str) = (P11, "Senior onderzoeker: 120", "Senior onderzoeker: 200");

/// A case of the issue: its name, the edits (file, from, to), the codes
/// `check` must give, in order, and words its human output must hold.
type IssueCase = (
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
    &'static [&'static str],
    &'static str,
);

#[test]
fn the_issue_cases_give_one_message_per_cause() {
    let cases: &[IssueCase] = &[
        (
            "over budget and a broken link",
            &[
                OVER,
                (
                    "01-inleiding.md",
                    "(02-functie-en-hoofdlijnen.md)",
                    "(02-functie.md)",
                ),
            ],
            &["KB0410", "KB0321"],
            "is € 11.040 above the available budget € 2.620.019",
        ),
        (
            "over budget and a missing image",
            &[
                OVER,
                (
                    P12,
                    "## Doelstelling",
                    "![Een grafiek](grafiek.png)\n\n## Doelstelling",
                ),
            ],
            &["KB0415", "KB0321"],
            "is € 11.040 above the available budget",
        ),
        (
            "a misspelt role",
            &[(P12, "Medior: 250", "Mediro: 250")],
            &["KB0314"],
            "did you mean `Medior`?",
        ),
        (
            "theme 5",
            &[(P12, "theme: \"1\"", "theme: \"5\"")],
            &["KB0215"],
            "unknown theme `5`",
        ),
        (
            "Junior renamed on the rate card",
            &[("book.yaml", "      Junior: 54", "      Junior adviseur: 54")],
            &["KB0314"],
            "content/book.yaml:55:9: error[KB0314]: the rate card of Movisie has no role \
             `Junior`, which 26 budgets use",
        ),
        (
            "raw <b>",
            &[(
                P12,
                "## Doelstelling\n\n",
                "## Doelstelling\n\nDit is <b>belangrijk</b>.\n\n",
            )],
            &["KB0401"],
            "raw HTML is not allowed: `<b>`",
        ),
        (
            "a role indented too far",
            &[(P12, "      Medior: 250", "        Medior: 250")],
            &["KB0201"],
            "line it up with `Senior: 20` on line 13 (6 spaces)",
        ),
        (
            "an organisation's roles not indented",
            &[(
                P12,
                "    movisie:\n      Senior: 20\n      Medior: 250\n      Junior: 250\n      \
                 Project-Assistent: 25",
                "    movisie:\n    Senior: 20\n    Medior: 250\n    Junior: 250\n    \
                 Project-Assistent: 25",
            )],
            &["KB0201"],
            "indent the lines under `movisie:` (line 12) by 6 spaces",
        ),
        (
            "staff_rate indented by three spaces",
            &[("book.yaml", "    staff_rate: 11", "   staff_rate: 11")],
            &["KB0205"],
            "`staff_rate:` on line 62 is indented by 3 spaces",
        ),
        (
            "a rate of `€ 80`",
            &[("book.yaml", "      Medior: 80", "      Medior: € 80")],
            &["KB0301"],
            "write the number alone, without a currency sign or `,-`: `80`",
        ),
        (
            "material `1.500,-`",
            &[(P12, "material: 3250", "material: 1.500,-")],
            &["KB0302"],
            "write Materiële kosten as a plain number, `1500`",
        ),
        (
            "a budget never shown",
            &[(P12, "{{ budget }}", "Zie de begroting.")],
            &["KB0330"],
            "budget 1.2 is counted in the totals, but no page shows its table",
        ),
        (
            "`{ budget }`",
            &[(P12, "{{ budget }}", "{ budget }")],
            &["KB0430"],
            "did you mean `{{ budget }}`?",
        ),
        (
            "`{{budget}`",
            &[(P12, "{{ budget }}", "{{budget}")],
            &["KB0430"],
            "`{{budget}` is not a placeholder",
        ),
        (
            "theme 2 in the folder of theme 1",
            &[(P12, "theme: \"1\"", "theme: \"2\"")],
            &["KB0240"],
            "project 1.2 counts towards theme 2, but it stands in the folder of theme 1",
        ),
    ];
    let mut failures = Vec::new();
    for (name, edits, codes, words) in cases {
        let dir = plan_2019(edits);
        let (found, human) = codes_2019(dir.path());
        if found != *codes || !human.contains(words) {
            failures.push(format!(
                "{name}: {found:?}, expected {codes:?} and `{words}`:\n{human}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
