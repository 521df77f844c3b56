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

/// The page metadata of a file of the small fixture book, read against that
/// book's config.
fn fixture_meta(text: &str) -> PageMeta {
    let mut diags = Diagnostics::default();
    let config = crate::source::config::parse_config(
        Path::new("content/book.yaml"),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/small-book/content/book.yaml"
        )),
        &mut diags,
    )
    .expect("the fixture's config");
    let split = split(text).expect("front matter");
    let meta = read_front_matter(
        &config,
        Path::new("content/x.md"),
        split.yaml,
        1,
        &mut diags,
    )
    .expect("front matter read");
    assert!(!diags.has_errors(), "{diags:?}");
    meta
}

#[test]
fn a_project_page_says_its_id_theme_and_hours_where_it_writes_them() {
    let meta = fixture_meta(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/small-book/content/02-projecten/1.1-werk.md"
    )));
    assert_eq!(meta.title, "Werk voor iedereen");
    assert_eq!(meta.id.as_deref(), Some("1.1"));
    assert_eq!(meta.id_pos, Pos::new(2, 5));
    assert_eq!(meta.group, Some(Group::Theme("1".into())));
    assert_eq!(meta.group_pos, Pos::new(4, 8));
    assert_eq!(meta.kind, PageKind::Item);
    let budget = meta.budget.expect("a budget");
    assert_eq!(
        (budget.id.as_str(), budget.title.as_str()),
        ("1.1", "Werk voor iedereen")
    );
    let hours: Vec<(usize, &str, String)> = budget
        .organisations
        .iter()
        .flat_map(|o| {
            o.lines
                .iter()
                .map(|l| (o.org, l.role.as_str(), l.hours.to_string()))
        })
        .collect();
    let expected = [(0, "Senior", "10"), (0, "Junior", "20"), (1, "Expert", "5")];
    let expected: Vec<(usize, &str, String)> = expected
        .iter()
        .map(|&(o, r, h)| (o, r, h.to_owned()))
        .collect();
    assert_eq!(hours, expected);
    assert_eq!(budget.material.to_string(), "250");
}

#[test]
fn a_text_page_places_what_it_leaves_out_at_its_first_line() {
    let meta = fixture_meta(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/small-book/content/02-projecten/index.md"
    )));
    assert_eq!(meta.title, "Projecten");
    assert_eq!((meta.id, meta.group), (None, None));
    assert_eq!(
        (meta.id_pos, meta.group_pos),
        (Pos::new(2, 1), Pos::new(2, 1))
    );
    assert_eq!(meta.kind, PageKind::Text);
    assert!(meta.budget.is_none() && meta.description.is_none());
}
