//! The nouns of a work plan: the book, its pages, the organisations with
//! their rate cards, the budget structure and the budgets in hours.
//!
//! Everything here is what the loader made of the sources after checking
//! it; nothing here is computed. Amounts live in [`crate::compile::budget`].

use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::base::diagnostics::Pos;

pub use crate::source::words::{Labels, Words};

/// A whole work plan, as loaded from a book folder.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book config from `content/book.yaml`.
    pub config: Config,
    /// The top-level pages (chapters) in reading order; each holds its
    /// sub-pages.
    pub chapters: Vec<LoadedPage>,
    /// Every Markdown file under content/ with its page slug, including
    /// files whose front matter failed: links to them are not broken.
    pub files: Vec<(PathBuf, String)>,
}

impl Book {
    /// All pages in reading order, depth first.
    pub fn pages(&self) -> Vec<&LoadedPage> {
        fn walk<'a>(page: &'a LoadedPage, out: &mut Vec<&'a LoadedPage>) {
            out.push(page);
            for child in &page.children {
                walk(child, out);
            }
        }
        let mut out = Vec::new();
        for chapter in &self.chapters {
            walk(chapter, &mut out);
        }
        out
    }

    /// Every budget of the book in reading order, projects and functions.
    pub fn budgets(&self) -> Vec<&BudgetSpec> {
        self.pages()
            .into_iter()
            .filter_map(|page| page.meta.budget.as_ref())
            .collect()
    }
}

/// The book config: metadata, organisations, rates and budget structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Title of the plan, e.g. "Werkplan" and its year.
    pub title: String,
    /// Subtitle, e.g. the platform's name.
    pub subtitle: String,
    /// The year the plan is for.
    pub year: i32,
    /// Who publishes the plan (cover, colophon, PDF metadata).
    pub publisher: String,
    /// The authors for the PDF metadata (the organisations that run it).
    pub author: String,
    /// BCP 47 language tag of the text, e.g. "nl".
    pub language: String,
    /// Absolute base URL of the published site, ending in `/`.
    pub base_url: String,
    /// Whether search engines may index the site: false for a build with
    /// `--base-url` for an address other than the book's own (a staging or
    /// review copy), whose pages say `noindex` and name no canonical URL.
    pub indexed: bool,
    /// Text of the running footer, e.g. "<subtitle>: <title>".
    pub running_title: String,
    /// File name of the PDF without extension, e.g. "werkplan-<year>".
    pub output_name: String,
    /// Publication date as `YYYY-MM-DD`; the PDF's timestamp, so that builds
    /// are reproducible.
    pub date: String,
    /// ISO 4217 currency code of all amounts, e.g. "EUR".
    pub currency: String,
    /// "Totaal beschikbaar budget": what the funder makes available, in the
    /// currency's units.
    pub available_budget: Decimal,
    /// The organisations in the order budget tables print them.
    pub organisations: Vec<Organisation>,
    /// Indices into `organisations` in the order of the programme overview's
    /// columns.
    pub overview_columns: Vec<usize>,
    /// The budget functions (A, B, …) in printed order.
    pub functions: Vec<Function>,
    /// How amounts are rounded and printed (the `money:` section).
    pub money: MoneyPolicy,
    /// Every label a reader of a budget table sees (the `labels:` section).
    pub labels: Labels,
    /// Every other word a reader sees around the book (the `words:`
    /// section).
    pub words: Words,
    /// How the PDF lays out its pages (the `pdf:` section).
    pub pdf: PdfLayout,
    /// The plans of other years (the `editions:` section), newest first.
    pub editions: Vec<Edition>,
    /// Where `available_budget` stands in book.yaml, for diagnostics.
    pub available_budget_pos: Pos,
    /// The config file, relative to the book root.
    pub path: PathBuf,
}

/// The plan of another year, which the site and the PDF's colophon link
/// to (an entry of `editions:` in book.yaml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// The year it is for: 2018.
    pub year: i32,
    /// Its title: "Werkplan 2018".
    pub title: String,
    /// The address of its site, ending in `/`.
    pub site: Option<String>,
    /// The address of its PDF.
    pub pdf: Option<String>,
}

/// How the PDF lays out its pages (the `pdf:` section of book.yaml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfLayout {
    /// Every project and function starts on a new page; by default they
    /// run on after the budget before them.
    pub page_per_project: bool,
}

impl Config {
    /// The organisation with this id.
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.id == id)
    }

    /// The theme with this id, with the function it belongs to.
    pub fn theme(&self, id: &str) -> Option<(&Function, &Theme)> {
        self.functions
            .iter()
            .find_map(|f| f.themes.iter().find(|t| t.id == id).map(|t| (f, t)))
    }

    /// The function with this id.
    pub fn function(&self, id: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.id == id)
    }
}

/// An organisation that carries out the programme, with its rate card.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    /// Short id used in front matter, e.g. "alpha".
    pub id: String,
    /// Printed name, e.g. "Alpha Instituut".
    pub name: String,
    /// The rate card: hourly rate per role, in printed order.
    pub rates: RateCard,
    /// Stafkosten: staff costs per hour worked, in currency units per hour.
    pub staff_rate: Decimal,
    /// Overhead per hour worked, in currency units per hour.
    pub overhead_rate: Decimal,
    /// Where the organisation's `id` stands in book.yaml, for a message
    /// about its rate card.
    pub pos: Pos,
}

/// Hourly rates per role, in currency units per hour, in printed order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateCard {
    /// (role name, hourly rate) pairs.
    pub roles: Vec<(String, Decimal)>,
}

impl RateCard {
    /// The hourly rate of a role on the card.
    pub fn rate(&self, role: &str) -> Option<Decimal> {
        self.roles
            .iter()
            .find(|(name, _)| name == role)
            .map(|(_, rate)| *rate)
    }

    /// The role names, for messages.
    pub fn names(&self) -> Vec<&str> {
        self.roles.iter().map(|(name, _)| name.as_str()).collect()
    }
}

/// A budget function: "A Ontwikkeling van kennis", "B Portaalfunctie", ….
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Letter, e.g. "A".
    pub id: String,
    /// Printed name, e.g. "Ontwikkeling van kennis".
    pub name: String,
    /// Label of its row in the programme overview, e.g. "A Ontwikkeling van
    /// Kennis".
    pub label: String,
    /// The themes under this function, in printed order (only A has them).
    pub themes: Vec<Theme>,
}

/// A theme of function A: "1 Nieuwe migratie", ….
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Number as text, e.g. "1".
    pub id: String,
    /// Printed name, e.g. "Nieuwe migratie".
    pub name: String,
    /// Label of its row in the programme overview, e.g. "Thema 1. Nieuwe
    /// migratie".
    pub label: String,
}

/// What a budget rolls up into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    /// A theme of a function, by theme id.
    Theme(String),
    /// A function directly, by function id.
    Function(String),
}

impl Group {
    /// The theme or function id.
    pub fn id(&self) -> &str {
        match self {
            Group::Theme(id) | Group::Function(id) => id,
        }
    }
}

/// What kind of page a page is, from its front matter and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A chapter or a section of one.
    Text,
    /// The introduction of a theme (front matter `theme` without `id`).
    Theme,
    /// A project or a function with an id.
    Item,
    /// An appendix (Bijlage).
    Appendix,
    /// The back-cover text.
    BackCover,
}

/// One Markdown file of the book as loaded: its file, what its front
/// matter says and its Markdown, not yet resolved. (The backends read the
/// compiled page, which embeds the same file and front matter.)
#[derive(Debug, Clone)]
pub struct LoadedPage {
    /// The file and its place in the book.
    pub file: PageFile,
    /// What the front matter says.
    pub meta: PageMeta,
    /// The Markdown after the front matter.
    pub body: String,
    /// Sub-pages in reading order.
    pub children: Vec<LoadedPage>,
}

/// Where a page comes from: its Markdown file and its place in the tree.
/// The loaded and the compiled page embed it.
#[derive(Debug, Clone)]
pub struct PageFile {
    /// The file, relative to the book root (e.g. `content/01-inleiding.md`).
    pub path: PathBuf,
    /// URL-safe name derived from the file name, unique in the book: the
    /// page's folder on the site and the base of its labels in the PDF
    /// (e.g. `1.1-monitor-arbeidstoeleiding`).
    pub slug: String,
    /// 1-based line of the file where the body starts, to map positions in
    /// the body back to the file.
    pub body_line: usize,
    /// Depth in the tree: 0 for a chapter.
    pub depth: usize,
}

/// What a page's front matter says, checked against the config, with
/// where the facts that later checks point at stand. The loaded and the
/// compiled page embed it.
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// Title from the front matter, without number.
    pub title: String,
    /// Project or function number, e.g. "1.1", "3.7A", "B".
    pub id: Option<String>,
    /// Where `id` stands in the file, for diagnostics.
    pub id_pos: Pos,
    /// The theme or function it belongs to.
    pub group: Option<Group>,
    /// Where `theme` or `function` stands in the file, for diagnostics.
    pub group_pos: Pos,
    /// What kind of page this is.
    pub kind: PageKind,
    /// Optional one-sentence summary.
    pub description: Option<String>,
    /// This page's own budget, in hours.
    pub budget: Option<BudgetSpec>,
}

/// A budget as the editor wrote it: hours per role per organisation, plus
/// material costs. Never amounts.
#[derive(Debug, Clone)]
pub struct BudgetSpec {
    /// Project or function id, e.g. "1.1" or "B".
    pub id: String,
    /// Title of the project or function.
    pub title: String,
    /// Theme or function it rolls up into.
    pub group: Group,
    /// Hours per organisation, in the order written.
    pub organisations: Vec<OrgHours>,
    /// Materiële kosten, in currency units.
    pub material: Decimal,
    /// The total agreed with the funder, if the editor declared one.
    pub declared_total: Option<Decimal>,
    /// The file that holds it.
    pub path: PathBuf,
    /// Where `budget:` stands in that file.
    pub pos: Pos,
    /// Where `declared_total` stands, for its diagnostic.
    pub declared_total_pos: Pos,
}

/// The hours of one organisation in one budget.
#[derive(Debug, Clone)]
pub struct OrgHours {
    /// Index into [`Config::organisations`].
    pub org: usize,
    /// Role lines in the order written.
    pub lines: Vec<RoleHours>,
}

/// One role line: a role, its hourly rate and the hours budgeted.
#[derive(Debug, Clone)]
pub struct RoleHours {
    /// Role name as printed, as on the rate card or a role of its own.
    pub role: String,
    /// Hourly rate in currency units per hour, resolved from the rate card,
    /// an alias or an explicit rate.
    pub rate: Decimal,
    /// The role on the organisation's rate card whose rate this is (the
    /// role itself or its `as`); `None` for a `rate:` of its own.
    pub card_role: Option<String>,
    /// Hours budgeted (may have decimals).
    pub hours: Decimal,
}

impl RoleHours {
    /// Whether the rate is the role's own (`rate:` in front matter) rather
    /// than the rate card's (the role's, or an alias's with `as:`).
    pub fn own_rate(&self) -> bool {
        self.card_role.is_none()
    }
}

/// How amounts are rounded and printed: the `money:` section of book.yaml.
///
/// Every amount is first computed exactly; the policy says which figures are
/// printed, so that every printed table adds up as printed. The printed
/// figures live beside the exact ones in [`crate::compile::budget`], and every output
/// reads them there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyPolicy {
    /// Decimals printed for amounts and rates: 0 for whole currency units,
    /// 2 for cents (at most [`MoneyPolicy::MAX_PRECISION`]).
    pub precision: u32,
    /// How an amount exactly halfway between two printed figures rounds.
    pub rounding: Rounding,
    /// Which figures are rounded from the exact amounts.
    pub round: RoundAt,
    /// Whether book.yaml states the rule (has a `money:` section). Without
    /// one, `check` warns about every budget with an amount finer than the
    /// precision.
    pub stated: bool,
}

impl MoneyPolicy {
    /// The largest precision accepted: tenths of a cent and finer are not
    /// money a finance office prints.
    pub const MAX_PRECISION: u32 = 4;

    /// The rule as book.yaml writes it:
    /// `money: { precision: 0, rounding: half-up, round: lines }`.
    pub fn setting(&self) -> String {
        format!(
            "money: {{ precision: {}, rounding: {}, round: {} }}",
            self.precision,
            self.rounding.name(),
            self.round.name()
        )
    }
}

impl Default for MoneyPolicy {
    /// Whole units, half up, each line rounded; not stated in book.yaml.
    fn default() -> Self {
        Self {
            precision: 0,
            rounding: Rounding::HalfUp,
            round: RoundAt::Lines,
            stated: false,
        }
    }
}

/// How a half rounds. Its schema (kebab-case names) is the `rounding` of
/// book.yaml's `money:` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum Rounding {
    /// Halves round up, away from zero: 28,125 → 28,13 (the Dutch finance
    /// default; `half-up`).
    HalfUp,
    /// Halves round to the even neighbour: 28,125 → 28,12, 28,135 → 28,14
    /// (banker's rounding; `half-even`).
    HalfEven,
}

impl Rounding {
    /// The name book.yaml gives it.
    pub fn name(self) -> &'static str {
        match self {
            Self::HalfUp => "half-up",
            Self::HalfEven => "half-even",
        }
    }
}

/// Where rounding happens. Its schema (lower-case names) is the `round` of
/// book.yaml's `money:` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, schemars::JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum RoundAt {
    /// `lines`: every printed line (role, Stafkosten, Overhead) is its exact
    /// amount rounded; every total is the sum of the printed figures above
    /// it.
    Lines,
    /// `totals`: every organisation's total in a budget is its exact total
    /// rounded; its lines are rounded down and the units left over go to
    /// the lines with the largest remainders (ties to the earlier line), so
    /// that they add up to it. Budget and overview totals are sums.
    Totals,
}

impl RoundAt {
    /// The name book.yaml gives it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Lines => "lines",
            Self::Totals => "totals",
        }
    }
}
