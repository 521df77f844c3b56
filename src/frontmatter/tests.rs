use super::roles::role_meant;
use super::*;

#[test]
fn straight_apostrophes_between_letters_become_typographic() {
    let cases = [
        ("Thema's en projecten", Some("Thema’s en projecten")),
        ("pabo's en mbo's", Some("pabo’s en mbo’s")),
        ("Thema’s en projecten", None),
        // Quotes around a word are no apostrophes.
        ("Een 'harde aanpak'", None),
        ("Inleiding", None),
    ];
    for (title, expected) in cases {
        assert_eq!(
            typographic_apostrophes(title).as_deref(),
            expected,
            "{title}"
        );
    }
}

#[test]
fn splits_front_matter_and_body() {
    let s = split("---\ntitle: A\n---\n\nTekst\n").expect("split");
    assert_eq!(s.yaml, "title: A\n");
    assert_eq!(s.body, "\nTekst\n");
    assert_eq!(s.body_line, 4);
}

#[test]
fn crlf_and_bom() {
    let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nTekst").expect("split");
    assert_eq!(s.yaml, "title: A\r\n");
    assert_eq!(s.body, "Tekst");
}

#[test]
fn unclosed_and_missing() {
    assert_eq!(split("---\ntitle: A\n\nTekst\n"), Err(SplitError::Unclosed));
    assert_eq!(split("# Titel\n"), Err(SplitError::Missing));
    assert_eq!(split(""), Err(SplitError::Missing));
}

#[test]
fn the_role_meant_is_renamed_or_misspelt() {
    let card = ["Senior", "Medior", "Junior adviseur", "Project-Assistent"];
    assert_eq!(role_meant("Junior", &card), Some("Junior adviseur"));
    assert_eq!(role_meant("Mediro", &card), Some("Medior"));
    assert_eq!(role_meant("Secretaris", &card), None);
    let card = ["Senior", "Junior"];
    assert_eq!(role_meant("Junior adviseur", &card), Some("Junior"));
}
