//! Every word a reader sees that is not the book's own text, in one place,
//! with its Dutch default: the `labels:` section of book.yaml (the words of
//! the budget tables, shared by the PDF, the site, the exports and `diff`)
//! and the `words:` section (the site's own words around the book, the
//! PDF's colophon and contents, `diff`'s, the preview's error overlay and
//! the summary of `check --format github`).
//!
//! Each word is stated once, with its default, in a [`words!`] list: the
//! macro makes the struct that serde fills from book.yaml (a word left out
//! keeps its default), whose doc comments are the descriptions of the
//! editors' schema. A new word is one line in a list.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Declares a struct of words, each a `String` with its Dutch default: the
/// struct, its `Default` and its serde shape from one list.
macro_rules! words {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[doc = $doc:expr])* $field:ident: $default:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $( $(#[doc = $doc])* pub $field: String, )*
        }

        impl Default for $name {
            /// The Dutch words.
            fn default() -> Self {
                Self { $( $field: $default.to_owned(), )* }
            }
        }
    };
}

/// The currency sign of the default labels, which the default rate and
/// amount headings carry until `currency_sign` names another.
const DEFAULT_SIGN: &str = "€";

words! {
    /// The words of the budget tables and headings; every one optional,
    /// Dutch by default.
    pub struct Labels {
        /// Heading of the organisation column.
        organisation: "Organisatie",
        /// Heading of the role column.
        role: "Functie",
        /// Heading of the rate column (per hour); the default takes the
        /// `currency_sign`.
        rate: "Tarief (€)",
        /// Heading of the hours column.
        hours: "Aantal",
        /// Heading of the amount column; the default takes the
        /// `currency_sign`.
        amount: "Bedrag (€)",
        /// The staff costs line (Stafkosten).
        staff: "Stafkosten",
        /// The overhead line.
        overhead: "Overhead",
        /// The material costs line and overview column.
        material: "Materiële kosten",
        /// Total lines, and the word before an organisation's name in its
        /// total line.
        total: "Totaal",
        /// The available budget's line in the overview.
        available: "Totaal beschikbaar budget",
        /// What is left of the available budget.
        remainder: "Resterend",
        /// An overrun of the available budget.
        overrun: "Tekort",
        /// Heading of the programme overview.
        overview: "Totaaloverzicht begroting",
        /// The word before a project's number in its heading.
        project: "Project",
        /// The word before a theme's number in its heading.
        theme: "Thema",
        /// The word before an appendix's number in its heading.
        appendix: "Bijlage",
        /// The word that starts a budget table's caption.
        budget: "Begroting",
        /// After an organisation's name where its rows go on on the next
        /// page of the PDF: "Movisie (vervolg)".
        continued: "vervolg",
        /// The currency sign before a total and in the default rate and
        /// amount headings.
        currency_sign: DEFAULT_SIGN,
        /// The workbook's sheet of rate cards (and its heading).
        rates: "Tarieven",
        /// The workbook's mark of a role's own rate, one not on the rate
        /// card.
        own_rate: "Eigen tarief",
        /// The workbook's line that states the money rule.
        money_rule: "Afronding",
    }
}

impl Labels {
    /// The labels as a book's `labels:` section gives them: the default
    /// rate and amount headings carry the book's currency sign.
    pub fn with_currency_sign(mut self) -> Self {
        let defaults = Self::default();
        for (label, default) in [
            (&mut self.rate, defaults.rate),
            (&mut self.amount, defaults.amount),
        ] {
            if *label == default {
                *label = default.replace(DEFAULT_SIGN, &self.currency_sign);
            }
        }
        self
    }
}

words! {
    /// The words around the book's text: the site's, the PDF's
    /// colophon and contents, `diff`'s and `compare`'s, the preview's and
    /// the check summary's; every one optional, Dutch by default.
    pub struct Words {
        /// Site: the link that skips to a page's text.
        skip_link: "Direct naar de inhoud",
        /// Site and PDF colophon: the heading of the links to the plans of
        /// earlier years (`editions:` in book.yaml).
        earlier_editions: "Eerdere werkplannen",
        /// Site and PDF colophon: the heading of the links to the plans of
        /// later years.
        later_editions: "Latere werkplannen",
        /// Site: the label of the search box in every page's header.
        search_site: "Zoeken in het werkplan",
        /// Site: the search button.
        search_button: "Zoek",
        /// Site: the search page's heading.
        search: "Zoeken",
        /// Site: the label of the search box on the search page.
        search_page: "Zoek in het werkplan",
        /// Site: the search page's note for a browser without JavaScript.
        search_needs_script: "Zoeken werkt met JavaScript. Gebruik anders de inhoudsopgave.",
        /// Site: the search page's status before anything is searched.
        search_prompt: "Typ een of meer woorden om te zoeken.",
        /// Site: the search page's status when nothing is found, before the
        /// query: "Geen resultaten voor “schakeljaar”."
        search_none: "Geen resultaten voor",
        /// Site: the search page's status of one result, after the number
        /// and before the query: "1 resultaat voor “schakeljaar”."
        search_result: "resultaat voor",
        /// Site: the search page's status of several results, after the
        /// number and before the query.
        search_results: "resultaten voor",
        /// Site: the name of the breadcrumb trail, for screen readers.
        crumbs: "Kruimelpad",
        /// PDF and site: the heading of the contents in the PDF and on the
        /// home page, and the name of the sidebar for screen readers.
        contents: "Inhoudsopgave",
        /// PDF: the colophon's line of the publisher and date, before the
        /// publisher.
        published_by: "Uitgave van het",
        /// PDF: the colophon's line of the authors, before them.
        made_by: "Uitgevoerd door",
        /// PDF: the colophon's line of the site's address, before it.
        online: "Dit werkplan staat ook online:",
        /// PDF: in the document's description, before the year: "Werkplan
        /// 2019 van het Kennisplatform, met begroting 2019".
        with_budget: "met begroting",
        /// Site: the heading of the sidebar.
        sidebar: "Inhoud",
        /// Site: the link under the sidebar to the full contents.
        full_contents: "Volledige inhoudsopgave",
        /// Site: the sidebar's link for entries it leaves out, before their
        /// number: "nog 3 hoofdstukken in de inhoudsopgave".
        more: "nog",
        /// Site: one chapter the sidebar leaves out.
        more_chapter: "hoofdstuk",
        /// Site: several chapters the sidebar leaves out.
        more_chapters: "hoofdstukken",
        /// Site: one part the sidebar leaves out.
        more_part: "onderdeel",
        /// Site: several parts the sidebar leaves out.
        more_parts: "onderdelen",
        /// Site: after the number of entries the sidebar leaves out.
        more_in_contents: "in de inhoudsopgave",
        /// Site: the footer's heading, before the subtitle.
        about: "Over",
        /// Site: the footer's heading of the downloads.
        footer_downloads: "Downloads en toegankelijkheid",
        /// Site: the footer's link to the accessibility statement.
        accessibility: "Toegankelijkheid",
        /// Site: the heading of the accessibility statement.
        accessibility_statement: "Toegankelijkheidsverklaring",
        /// Site: the home page's button to the first chapter.
        read: "Lees het werkplan",
        /// Site: the home page's button to the PDF.
        download_pdf: "Download de PDF",
        /// Site: the home page's heading of the downloads.
        downloads: "Downloads",
        /// Site: the heading of the downloads under the overview.
        download_budget: "De begroting downloaden",
        /// Site: between a download's subject and its format: "Begroting
        /// als CSV", "Werkplan 2019 als PDF".
        download_as: "als",
        /// Site: the kind of the budget's CSV download.
        csv_kind: "CSV voor spreadsheets",
        /// Site: the name of the budget's CSV download of lines.
        csv_lines: "CSV-regels",
        /// Site: the kind of the budget's CSV download of lines.
        csv_lines_kind: "CSV voor draaitabellen",
        /// Site: the kind of the budget's JSON download.
        json_kind: "JSON, open data",
        /// Site: the name of the budget's workbook download.
        workbook: "werkmap",
        /// Site: the kind of the budget's workbook download.
        workbook_kind: "Excel-werkmap met formules",
        /// Site: the name of the links to the previous and next page, for
        /// screen readers.
        pager: "Vorige en volgende pagina",
        /// Site: the link to the previous page.
        previous: "Vorige",
        /// Site: the link to the next page.
        next: "Volgende",
        /// Site: the heading of the footnotes.
        footnotes: "Voetnoten",
        /// Site: a footnote's link back to where the text refers to it.
        footnote_back: "terug",
        /// Site: what that link adds for a screen reader, after it: "terug
        /// naar de tekst".
        footnote_back_to: "naar de tekst",
        /// Site: the hidden name of a heading's anchor link, for a screen
        /// reader, before the heading: "Link naar Aanleiding".
        heading_link: "Link naar",
        /// Site: the word before a table's number in the caption of a
        /// page's second and later tables without one: "Aanleiding (tabel
        /// 2)".
        table: "tabel",
        /// Site: the heading of the overview's first column.
        part: "Onderdeel",
        /// Site: a theme page's list of its projects.
        theme_parts: "Projecten in dit thema",
        /// Site: a project page's list of its sub-pages.
        project_parts: "Onderdelen van dit project",
        /// Site: a chapter's list of its sub-pages.
        chapter_parts: "In dit hoofdstuk",
        /// Site: any other page's list of its sub-pages.
        parts: "Onderdelen",
        /// Site: the fact of a budget's total, and of the programme's on the
        /// home page.
        total_budget: "Totale begroting",
        /// Site: the home page's fact of the number of projects.
        projects: "Projecten",
        /// Site and PDF: between two names: "Begroting van het thema",
        /// "Werkplan 2019 van het Kennisplatform".
        of_the: "van het",
        /// Site: the home page's description, after the title and subtitle.
        home_description: "de projecten en hun begroting",
        /// Site: the 404 page's heading.
        not_found: "Pagina niet gevonden",
        /// Site: the 404 page's description.
        not_found_description: "Deze pagina bestaat niet",
        /// Site: the 404 page's text, before the link to the home page.
        not_found_text: "De pagina die u zoekt bestaat niet (meer). Misschien vindt u wat u zoekt via de",
        /// Site: the 404 page's link to the home page, before the title.
        not_found_home: "startpagina van het",
        /// Site: the 404 page's text between its two links.
        not_found_or: "of via",
        /// Site: the 404 page's link to the search page.
        not_found_search: "zoeken",
        /// Preview (`kis-book serve`): the heading of the errors shown over
        /// the page when the last change does not build.
        preview_errors: "De laatste wijziging bevat fouten; je ziet de laatste goede versie.",
        /// Preview (`kis-book serve`): the answer to an address that does
        /// not exist while the book has no 404 page yet.
        preview_not_found: "Niet gevonden",
        /// Check summary in GitHub: no errors and no warnings.
        check_clean: "Geen fouten en geen waarschuwingen.",
        /// Check summary in GitHub: one error.
        error: "fout",
        /// Check summary in GitHub: several errors.
        errors: "fouten",
        /// Check summary in GitHub: one warning.
        warning: "waarschuwing",
        /// Check summary in GitHub: several warnings.
        warnings: "waarschuwingen",
        /// Check summary in GitHub: the column of the diagnostics' codes.
        code: "Code",
        /// Check summary in GitHub: the column of the diagnostics' places.
        place: "Plaats",
        /// Check summary in GitHub: the column of the diagnostics' messages.
        message: "Melding",
        /// Check summary in GitHub and `diff`: the programme's total.
        programme_total: "Programmatotaal",
        /// `diff`: the working tree, as one of the two sides compared.
        working_tree: "werkmap",
        /// `diff` and `compare`: the title, before the two sides:
        /// "Begrotingswijzigingen HEAD~1 → werkmap".
        diff_title: "Begrotingswijzigingen",
        /// `diff` and `compare` in Markdown: before the old side: "van
        /// HEAD~1 naar werkmap"; and before where a budget moved from.
        diff_from: "van",
        /// `diff` and `compare` in Markdown: before the new side; and before
        /// where a budget moved to.
        diff_to: "naar",
        /// `diff` and `compare` in Markdown: after the title and the sides.
        diff_computed: "berekend door kis-book uit de uren",
        /// `diff` and `compare` in Markdown: the sentence of no changes,
        /// before the sides.
        diff_no_changes: "Geen wijzigingen in de begroting",
        /// `diff` and `compare` in Markdown: the programme's total inside a
        /// sentence: "Totaaloverzicht: programmatotaal +€ 1.200".
        programme_total_in_text: "programmatotaal",
        /// `diff` and `compare`: the heading of the table of causes.
        diff_causes: "Oorzaken",
        /// `diff` and `compare`: the heading of the column of lines.
        diff_line: "Regel",
        /// `diff` and `compare`: the heading of the column of rates.
        diff_rate: "Tarief",
        /// `diff` and `compare`: the heading of the column of hours, and of
        /// the part of a change the hours cause.
        diff_hours: "Uren",
        /// `diff` and `compare`: the heading of the column of amounts.
        diff_amount: "Bedrag",
        /// `diff` and `compare`: the heading of the column of differences.
        diff_difference: "Verschil",
        /// `diff` and `compare` in Markdown: the heading of the column of
        /// what happened to a budget.
        diff_change: "Wijziging",
        /// `diff` and `compare`: the heading of the column of a rate's
        /// effect on a budget.
        diff_effect: "Gevolg",
        /// `diff` and `compare` in Markdown: the heading of the column of a
        /// rate's effect on all budgets.
        diff_effect_on_budgets: "Gevolg voor de begrotingen",
        /// `diff` and `compare`: the heading of the column of figures
        /// before.
        diff_before: "Voor",
        /// `diff` and `compare`: the heading of the column of figures
        /// after.
        diff_after: "Na",
        /// `diff` and `compare`: the heading of the overview before and
        /// after.
        diff_overview: "Totaaloverzicht",
        /// `diff` and `compare`: the part of a change that roles' own rates
        /// (not on the rate card) cause.
        diff_own_rates: "Eigen tarieven",
        /// `diff` and `compare`: budgets or rates that changed.
        changed: "gewijzigd",
        /// `diff` and `compare`: budgets added.
        added: "toegevoegd",
        /// `diff` and `compare`: budgets removed.
        removed: "verwijderd",
        /// `diff` and `compare`: budgets moved to another theme or
        /// function.
        moved: "verplaatst",
        /// `diff` and `compare`: a figure that did not change.
        unchanged: "ongewijzigd",
        /// `diff` and `compare`: before the theme a budget was added to.
        added_in: "toegevoegd in",
        /// `diff` and `compare`: before the theme a budget was removed
        /// from.
        removed_from: "verwijderd uit",
        /// `diff` and `compare`: before the theme a budget moved from.
        moved_from: "verplaatst van",
        /// `diff` and `compare`: a budget changed and moved: "gewijzigd en
        /// verplaatst van … naar …".
        changed_and: "gewijzigd en",
        /// `diff` and `compare`: before a part of the programme total:
        /// "waarvan Movisie".
        of_which: "waarvan",
        /// `diff` and `compare` in Markdown: the one budget left out of the
        /// short table, after its number.
        other_budget: "andere begroting",
        /// `diff` and `compare` in Markdown: the budgets left out of the
        /// short table, after their number.
        other_budgets: "andere begrotingen",
        /// `diff` and `compare`: one budget, in a count: "1 begroting
        /// gewijzigd".
        budget_one: "begroting",
        /// `diff` and `compare`: several budgets, in a count.
        budget_many: "begrotingen",
        /// `diff` and `compare`: no budget changed (a rate changed on lines
        /// of 0 hours only, or the available budget).
        no_budgets_changed: "geen begrotingen gewijzigd",
        /// `diff` and `compare` in Markdown: the heading of the changed
        /// lines of every budget.
        budgets_per_line: "Begrotingen per regel",
        /// `diff` and `compare`: one rate, in a count: "1 tarief
        /// gewijzigd".
        rate_one: "tarief",
        /// `diff` and `compare`: several rates, in a count.
        rate_many: "tarieven",
        /// `diff` and `compare`: the available budget inside a sentence:
        /// "beschikbaar budget € 7.250 → € 8.000".
        available_in_text: "beschikbaar budget",
        /// `diff` and `compare`: after the overrun in the summary line:
        /// "€ 260 boven het beschikbare budget".
        over_available: "boven het beschikbare budget",
        /// `diff` and `compare`: the verdict of a new side within its
        /// available budget, before the budget: "Binnen het beschikbare
        /// budget van € 7.250: Resterend € 10".
        verdict_within: "Binnen het beschikbare budget van",
        /// `diff` and `compare`: the verdict of a new side over its
        /// available budget, before the budget.
        verdict_over: "Boven het beschikbare budget van",
        /// `diff` and `compare`: before the old side's standing in the
        /// verdict: "(was Resterend € 0)".
        was: "was",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_headings_take_the_books_currency_sign() {
        let labels = Labels {
            currency_sign: "CHF".to_owned(),
            ..Labels::default()
        }
        .with_currency_sign();
        assert_eq!(labels.rate, "Tarief (CHF)");
        assert_eq!(labels.amount, "Bedrag (CHF)");
        let labels = Labels {
            rate: "Prijs per uur".to_owned(),
            currency_sign: "CHF".to_owned(),
            ..Labels::default()
        }
        .with_currency_sign();
        assert_eq!(labels.rate, "Prijs per uur");
        assert_eq!(Labels::default().with_currency_sign(), Labels::default());
    }
}
