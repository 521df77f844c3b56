//! `kis-book build --typ` writes a Typst project that a stand-alone Typst
//! of the same engine compiles to the same PDF.
//!
//! The stand-alone Typst is the `typst` package from PyPI (a binary wheel
//! of the compiler; 0.15.2 bundles Typst 0.15.1, the engine kis-book
//! uses). `scripts/test.sh` installs it into `target/typst-venv`; another
//! Python with it can be named in `KIS_BOOK_TYPST_PYTHON`. Without it the
//! test fails: it is never skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{repo_root, write_file};
use crate::pdf::{PDF, build, info_field, pdfinfo, poppler, small_book, the_plan};

/// The Python that has the `typst` package.
fn python() -> PathBuf {
    std::env::var_os("KIS_BOOK_TYPST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/typst-venv/bin/python3"))
}

/// The `--creation-timestamp` of the project's README: the command it
/// gives is the one this test runs.
fn readme_epoch(project: &Path) -> String {
    let readme = std::fs::read_to_string(project.join("README.txt")).expect("README.txt");
    readme
        .split("--creation-timestamp ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no --creation-timestamp in README.txt:\n{readme}"))
        .to_owned()
}

/// Compiles the project in `project` with the stand-alone Typst, as its
/// README says: its own fonts only, PDF/A-2a with PDF/UA-1, the book's date.
fn compile_alone(project: &Path, out: &Path) {
    let script = "import sys, typst\n\
        project, out, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])\n\
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, \
        font_paths=[project + '/fonts'])\n\
        typst.compile(project + '/main.typ', output=out, root=project, font_paths=fonts, \
        pdf_standards=['a-2a', 'ua-1'], timestamp=epoch)\n";
    let python = python();
    let result = Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(project)
        .arg(out)
        .arg(readme_epoch(project))
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}): the stand-alone Typst is missing; \
                 `bash scripts/test.sh` installs it (pip install typst==0.15.2 \
                 into target/typst-venv)",
                python.display()
            )
        });
    assert!(
        result.status.success(),
        "the stand-alone Typst failed on the project (is `typst` 0.15.2 installed for {}? \
         `bash scripts/test.sh` installs it):\n{}",
        python.display(),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The value of `<xmpMM:DocumentID>` in a PDF's metadata.
fn document_id(pdf: &[u8]) -> Vec<u8> {
    let open = b"<xmpMM:DocumentID>";
    let start = pdf
        .windows(open.len())
        .position(|w| w == open)
        .expect("a DocumentID in the XMP metadata")
        + open.len();
    let len = pdf[start..]
        .iter()
        .position(|&b| b == b'<')
        .expect("DocumentID closed");
    pdf[start..start + len].to_vec()
}

/// `bytes` with every occurrence of `from` replaced by `to` (same length).
fn replace_all(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len(), "identifiers of different lengths");
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    out
}

/// The stand-alone PDF of `project` against kis-book's `pdf`: the same page
/// count, the same text, and the same bytes but for the document's
/// identifier, which kis-book sets and a stand-alone Typst derives.
fn assert_same_pdf(project: &Path, pdf: &Path) {
    let out = tempfile::tempdir().expect("temp dir");
    let alone = out.path().join("alone.pdf");
    compile_alone(project, &alone);
    let pages = |p: &Path| info_field(&pdfinfo(p, &[]), "Pages").map(str::to_owned);
    assert!(pages(pdf).is_some());
    assert_eq!(pages(&alone), pages(pdf), "page counts differ");
    assert_eq!(
        poppler("pdftotext", &[], &alone),
        poppler("pdftotext", &[], pdf),
        "the text differs"
    );
    let ours = std::fs::read(pdf).expect("kis-book's pdf");
    let theirs = std::fs::read(&alone).expect("the stand-alone pdf");
    let (our_id, their_id) = (document_id(&ours), document_id(&theirs));
    assert!(
        replace_all(&ours, &our_id, &their_id) == theirs,
        "the PDFs differ in more than the document identifier"
    );
}

#[test]
fn the_2019_project_compiles_alone_to_the_same_pdf() {
    let built = the_plan();
    let project = built.pdf.with_file_name("typst");
    for file in [
        "README.txt",
        "main.typ",
        "data.json",
        "templates/pdf/book.typ",
        "templates/pdf/tables.typ",
        "fonts/OpenSans-Regular.ttf",
    ] {
        assert!(
            project.join(file).is_file(),
            "{file} missing in the project"
        );
    }
    assert_same_pdf(&project, &built.pdf);
}

/// A small square and a circle, drawn: no text, so no font.
const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">\
    <rect width=\"20\" height=\"20\" fill=\"#00689d\"/>\
    <circle cx=\"30\" cy=\"10\" r=\"9\" fill=\"#e8a33d\"/></svg>";

#[test]
fn the_project_holds_the_images_of_the_book_and_nothing_else() {
    let dir = small_book(
        "---\ntitle: \"Hoofdstuk\"\n---\n\nEen zin.\n\n![Een vierkant en een cirkel](beeld/vormen.svg)\n",
    );
    let content = dir.path().join("content");
    write_file(&content.join("beeld/vormen.svg"), SVG);
    // Not shown on any page: it stays out of the project.
    write_file(&content.join("beeld/ongebruikt.svg"), SVG);
    let out = build(dir.path(), &["--typ"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let project = dir.path().join("build/typst");
    assert_eq!(
        std::fs::read_to_string(project.join("content/beeld/vormen.svg")).expect("image copied"),
        SVG
    );
    assert!(!project.join("content/beeld/ongebruikt.svg").exists());
    assert!(!project.join("content/01-hoofdstuk.md").exists());
    assert_same_pdf(&project, &dir.path().join(PDF));
}
