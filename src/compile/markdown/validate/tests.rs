use std::path::Path;

use crate::base::diagnostics::{Diagnostics, Severity};
use crate::compile::markdown::parse::parse;

use super::validate;

/// Validates `body`, which starts at line 1 of its file, and shows each
/// diagnostic as `line:col severity message`.
fn checked(body: &str) -> Vec<String> {
    let mut diags = Diagnostics::default();
    validate(&parse(body, 1), Path::new("content/a.md"), &mut diags);
    diags
        .sorted()
        .into_iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!("{}:{} {level} {}", d.pos.line, d.pos.col, d.message)
        })
        .collect()
}

#[test]
fn each_check_reports_at_its_place() {
    let cases: &[(&str, &[&str])] = &[
        // Raw HTML: refused inline and as a block, comments allowed.
        ("<!-- notitie -->\n\nTekst <!-- ook -->.\n", &[]),
        (
            "<!--\nover regels\n-->\n\nTekst <b>vet</b>\n",
            &["5:7 error raw HTML is not allowed: `<b>`"],
        ),
        // A closing tag without its opening tag is reported on its own.
        (
            "Tekst </b> en <i>schuin</i>\n",
            &[
                "1:7 error raw HTML is not allowed: `</b>`",
                "1:15 error raw HTML is not allowed: `<i>`",
            ],
        ),
        (
            "<div>blok</div>\n",
            &["1:1 error raw HTML is not allowed: `<div>blok</div>`"],
        ),
        // Headings.
        ("## A\n\n### B\n\n## C\n\n### D\n", &[]),
        (
            "## A\n\n#### B\n",
            &["3:1 error the heading skips from `##` to `####`"],
        ),
        (
            "> # Titel\n",
            &["1:3 error a `#` heading inside a page: the page title comes from the front matter"],
        ),
        // Heading text: an image or a footnote mark is not text.
        (
            "##\n\n## ![Kaart](k.png)\n\n## *Wel* tekst[^1]\n\n[^1]: Noot.\n",
            &[
                "1:1 error a heading needs text",
                "3:1 error a heading needs text",
            ],
        ),
        // Images.
        ("![Kaart van Nederland](k.png)\n", &[]),
        (
            "Zie ![ ](k.png)\n",
            &["1:5 error an image needs alternative text"],
        ),
        // Footnotes.
        ("Een[^1].\n\n[^1]: Noot.\n", &[]),
        (
            "Een [^3] en [^4].\n",
            &[
                "1:5 error footnote `[^3]` is used but never defined",
                "1:13 error footnote `[^4]` is used but never defined",
            ],
        ),
        (
            "Een[^1].\n\n[^1]: Noot.\n\n[^2]: Over.\n",
            &["5:1 warning footnote `[^2]` is defined but never used"],
        ),
        (
            "Een[^1].\n\n[^1]: Noot.\n\n[^1]: Weer.\n",
            &["5:1 error footnote `[^1]` is defined twice"],
        ),
        ("Code `[^5]` is geen noot.\n", &[]),
    ];
    for (body, want) in cases {
        assert_eq!(checked(body), *want, "{body:?}");
    }
}

#[test]
fn errors_carry_hints() {
    let mut diags = Diagnostics::default();
    let body = "Tekst <i>x</i> [^9]\n\n## A\n\n#### B\n\n![](k.png)\n";
    validate(&parse(body, 1), Path::new("content/a.md"), &mut diags);
    let hints: Vec<&str> = diags
        .sorted()
        .iter()
        .filter_map(|d| d.hint.as_deref())
        .collect();
    assert_eq!(
        hints,
        [
            "write italic text as `*tekst*`; HTML comments `<!-- … -->` are allowed",
            "add the note on a line of its own: `[^9]: De tekst van de noot.`",
            "use `###` here",
            "write what the image shows: `![Beschrijving](pad.png)`",
        ]
    );
}
