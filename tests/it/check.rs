//! `kis-book check` on the small fixture book and on one bad book per
//! editor's mistake: each run must exit 1 and name the file, the line and
//! what is wrong, without panicking.

use std::path::Path;

use crate::common::{copy_book, kis_book, small_book, stderr};

#[test]
fn the_fixture_book_passes() {
    let book = small_book();
    let out = kis_book(&["check", book.to_str().expect("utf-8 path")]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        !err.contains("error[") && !err.contains("warning["),
        "{err}"
    );
    assert!(
        err.contains("programme total € 7.250, available € 7.250"),
        "{err}"
    );
}

/// A bad book: the fixture with one file replaced.
struct Case {
    /// File under the book root to write.
    file: &'static str,
    /// Its new content.
    text: &'static [u8],
    /// Where the diagnostic must point: file, line, column (0: any).
    at: (&'static str, usize, usize),
    /// Words the message must hold.
    says: &'static str,
}

fn run_case(case: &Case) -> String {
    let book = copy_book(&small_book());
    std::fs::write(book.path().join(case.file), case.text).expect("write bad file");
    let out = kis_book(&["check", book.path().to_str().expect("utf-8 path")]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}: exit code, stderr:\n{err}",
        case.file
    );
    assert!(!err.contains("panicked"), "{err}");
    let (file, line, col) = case.at;
    let prefix = match col {
        0 => format!("{}:{line}:", Path::new(file).display()),
        col => format!("{}:{line}:{col}: error[", Path::new(file).display()),
    };
    let hit = err
        .lines()
        .find(|l| l.contains(&prefix) && l.contains("error["))
        .unwrap_or_else(|| panic!("no error at `{prefix}` in:\n{err}"));
    assert!(hit.contains(case.says), "`{}` not in `{hit}`", case.says);
    err
}

const PROJECT: &str = "content/02-projecten/1.1-werk.md";

#[test]
fn malformed_yaml() {
    run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle: Werk\n  theme: \"1\"\n---\n\nTekst\n",
        at: (PROJECT, 4, 8),
        says: "this line is indented further than the line above it, which already has a value",
    });
}

#[test]
fn front_matter_never_closed() {
    run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle: Werk\n\nTekst zonder einde van de front matter.\n",
        at: (PROJECT, 1, 1),
        says: "never closed",
    });
}

#[test]
fn unknown_organisation() {
    run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    gamma:\n      Senior: 10\n---\n",
        at: (PROJECT, 7, 5),
        says: "unknown organisation `gamma`",
    });
}

#[test]
fn unknown_role() {
    let err = run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n      Senior: 10\n      Chef: 10\n---\n",
        at: (PROJECT, 9, 7),
        says: "unknown role `Chef` for Alpha Instituut",
    });
    assert!(
        err.contains("the roles of Alpha Instituut are: Senior, Junior"),
        "{err}"
    );
}

#[test]
fn unknown_theme() {
    run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle: Werk\ntheme: \"9\"\n---\n",
        at: (PROJECT, 4, 8),
        says: "unknown theme `9`",
    });
}

#[test]
fn unknown_function() {
    run_case(&Case {
        file: "content/03-leiding.md",
        text: b"---\nid: E\ntitle: Leiding\nfunction: Z\n---\n",
        at: ("content/03-leiding.md", 4, 11),
        says: "unknown function `Z`",
    });
}

fn hours_case(hours: &'static [u8], says: &'static str) {
    let mut text = b"---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n      Senior: ".to_vec();
    text.extend_from_slice(hours);
    text.extend_from_slice(b"\n---\n");
    run_case(&Case {
        file: PROJECT,
        text: Box::leak(text.into_boxed_slice()),
        at: (PROJECT, 8, 15),
        says,
    });
}

#[test]
fn negative_hours() {
    hours_case(b"-10", "hours cannot be negative: `-10`");
}

#[test]
fn non_numeric_hours() {
    hours_case(b"tien", "`tien` is not a number of hours");
}

#[test]
fn dutch_decimal_comma() {
    hours_case(b"12,5", "write hours with a decimal point, `12.5`");
}

#[test]
fn thousands_separator_read_as_decimal_point() {
    hours_case(b"1.500", "`1.500` has a full stop as thousands separator");
}

#[test]
fn duplicate_ids() {
    let err = run_case(&Case {
        file: "content/02-projecten/2.1-wonen.md",
        text: b"---\nid: \"1.1\"\ntitle: Wonen\ntheme: \"2\"\n---\n",
        at: ("content/02-projecten/2.1-wonen.md", 2, 5),
        says: "id `1.1` is used twice",
    });
    assert!(err.contains("1.1-werk.md` has the same id"), "{err}");
}

#[test]
fn duplicate_yaml_key() {
    run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle: Werk\ntitle: Nog eens\ntheme: \"1\"\n---\n",
        at: (PROJECT, 4, 1),
        says: "the key `title` appears twice",
    });
}

#[test]
fn a_list_where_text_belongs() {
    run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle:\n  - Werk\n  - Wonen\ntheme: \"1\"\n---\n",
        at: (PROJECT, 4, 3),
        says: "expected a single value here (text or a number), not a list",
    });
}

#[test]
fn a_value_where_roles_belong() {
    run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours: 12\n---\n",
        at: (PROJECT, 6, 10),
        says: "expected `key: value` lines here",
    });
}

#[test]
fn a_list_where_hours_belong() {
    run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n      Senior: [10]\n---\n",
        at: (PROJECT, 8, 7),
        says: "wrong kind of value: a list, expected a number of hours",
    });
}

#[test]
fn programme_total_above_available_budget() {
    let yaml =
        std::fs::read_to_string(small_book().join("content/book.yaml")).expect("read config");
    let yaml = yaml.replace("available_budget: 7250", "available_budget: 7000");
    let err = run_case(&Case {
        file: "content/book.yaml",
        text: Box::leak(yaml.into_bytes().into_boxed_slice()),
        at: ("content/book.yaml", 11, 19),
        says: "the programme total € 7.250 is € 250 above the available budget € 7.000",
    });
    assert!(err.contains("1 error(s)"), "{err}");
}

#[test]
fn file_that_is_not_utf8() {
    run_case(&Case {
        file: PROJECT,
        text: b"---\nid: \"1.1\"\ntitle: Caf\xe9 Werk\n---\n",
        at: (PROJECT, 3, 11),
        says: "not UTF-8",
    });
}

#[test]
fn yaml_made_to_explode() {
    // A "billion laughs": nine levels of ten aliases each.
    let mut yaml = String::from(
        "---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbomb:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        yaml.push_str(&format!(
            "  a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    yaml.push_str("---\n");
    let book = copy_book(&small_book());
    std::fs::write(book.path().join(PROJECT), yaml).expect("write bomb");
    let out = kis_book(&["check", book.path().to_str().expect("utf-8 path")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{PROJECT}:")), "{err}");
    assert!(err.contains("error["), "{err}");
}

#[test]
fn broken_placeholder_link_and_raw_html_at_their_lines() {
    let err = run_case(&Case {
        file: "content/01-inleiding.md",
        text: "---\ntitle: Inleiding\n---\n\nEr is {{ beschikbaar }} geld.\n\nZie [weg](bestaat-niet.md).\n\n<script>alert('x')</script>\n\n{{ budget }}\n".as_bytes(),
        at: ("content/01-inleiding.md", 5, 0),
        says: "unknown placeholder `{{ beschikbaar }}`",
    });
    let file = "content/01-inleiding.md";
    assert!(
        err.contains(&format!("{file}:7:")) && err.contains("bestaat-niet.md"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}:9:1: error[KB0401]: raw HTML is not allowed"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}:11:1: error[KB0405]: `{{{{ budget }}}}` stands on a page without a budget"
        )),
        "{err}"
    );
    assert!(err.contains("4 error(s)"), "{err}");
}

#[test]
fn footnote_reference_without_definition_at_its_column() {
    // pulldown-cmark prints such a reference as text; check must catch it.
    let err = run_case(&Case {
        file: "content/01-inleiding.md",
        text: "---\ntitle: Inleiding\n---\n\nEen zin.[^3] En een noot.[^4]\n\n[^4]: Vier.\n\n[^5]: Vijf.\n".as_bytes(),
        at: ("content/01-inleiding.md", 5, 9),
        says: "footnote `[^3]` is used but never defined",
    });
    assert!(
        err.contains(
            "content/01-inleiding.md:9:1: warning[KB0404]: footnote `[^5]` is defined but never used"
        ),
        "{err}"
    );
    assert!(err.contains("1 error(s)"), "{err}");
}

#[test]
fn every_mistake_in_one_run() {
    let book = copy_book(&small_book());
    let write =
        |file: &str, text: &str| std::fs::write(book.path().join(file), text).expect("write");
    write(
        PROJECT,
        "---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\nbudget:\n  hours:\n    alpha:\n      Senior: 12,5\n      Chef: 3\n---\n",
    );
    write(
        "content/03-leiding.md",
        "---\nid: E\ntitle: Leiding\nfunction: Z\n---\n",
    );
    let out = kis_book(&["check", book.path().to_str().expect("utf-8 path")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("3 error(s)"), "{err}");
}

#[test]
fn empty_content_folder() {
    let book = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(book.path().join("content")).expect("mkdir");
    let out = kis_book(&["check", book.path().to_str().expect("utf-8 path")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content: error[KB0102]: the content folder holds no chapters"),
        "{err}"
    );
    assert!(
        err.contains("content/book.yaml: error[KB0103]: cannot read: no such file"),
        "{err}"
    );
}

#[test]
fn missing_content_folder() {
    let book = tempfile::tempdir().expect("temp dir");
    let out = kis_book(&["check", book.path().to_str().expect("utf-8 path")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content: error[KB0101]: there is no content folder"),
        "{err}"
    );
}

#[test]
fn declared_total_that_differs_is_a_warning() {
    let book = copy_book(&small_book());
    let path = book.path().join("content/03-leiding.md");
    let text = std::fs::read_to_string(&path)
        .expect("read")
        .replace("declared_total: 1700", "declared_total: 1750");
    std::fs::write(&path, text).expect("write");
    let out = kis_book(&["check", book.path().to_str().expect("utf-8 path")]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("content/03-leiding.md:11:19: warning[KB0320]: budget E adds up to € 1.700, but its declared total is € 1.750"),
        "{err}"
    );
}

#[test]
fn invisible_and_bidirectional_control_characters() {
    let err = run_case(&Case {
        file: PROJECT,
        text: "---\nid: \"1.1\"\ntitle: Werk\ntheme: \"1\"\n---\n\nDit is \u{202E}gnitseT en een bel\u{7}.\n".as_bytes(),
        at: (PROJECT, 7, 8),
        says: "an invisible bidirectional control character (U+202E)",
    });
    assert!(
        err.contains(&format!(
            "{PROJECT}:7:27: error[KB0106]: an invisible control character (U+0007)"
        )),
        "{err}"
    );
}
