//! The instant preview of `kis-book serve`: a save publishes the site first
//! and the PDF after, and whatever the saves were (a sentence, a heading, a
//! budget's hours, a new page, broken front matter and its fix, two saves
//! in a row), once both are done `build/` is byte for byte what a cold
//! `kis-book build` of the same sources writes. The open pages are told of
//! each build by server-sent events, with the errors in the same message;
//! with a `--base-url` that has a path, the site is served under it.
//!
//! No timing is asserted: every wait has a generous bound that only keeps
//! a failing test from hanging.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{copy_book, copy_dir, kis_book, png, small_book, stderr, write_file};
use crate::serve::{GUARD, Preview, exchange, header};

/// Every file under `dir`, or `None` when one went while it was read (a
/// publication switched in meanwhile).
fn try_read_tree(dir: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).ok()?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        out.insert(rel, std::fs::read(entry.path()).ok()?);
    }
    Some(out)
}

/// What a cold `kis-book build` writes for the sources of the book at
/// `root`, built in a copy of them.
pub(crate) fn cold_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let cold = tempfile::tempdir().expect("temp dir");
    copy_dir(&root.join("content"), &cold.path().join("content"));
    if root.join("templates").is_dir() {
        copy_dir(&root.join("templates"), &cold.path().join("templates"));
    }
    let out = kis_book(&["build", cold.path().to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    try_read_tree(&cold.path().join("build")).expect("read the cold build")
}

/// Waits until serve's `build/` is the cold build's, byte for byte, as it
/// is once the site and the PDF of the latest save are both published.
pub(crate) fn wait_for_cold_build(preview: &Preview, root: &Path, step: &str) {
    let cold = cold_build(root);
    let started = Instant::now();
    loop {
        let served = try_read_tree(&root.join("build"));
        if served.as_ref() == Some(&cold) {
            return;
        }
        if started.elapsed() > GUARD {
            let served = served.unwrap_or_default();
            let differ: Vec<&String> = cold
                .keys()
                .chain(served.keys())
                .filter(|k| cold.get(*k) != served.get(*k))
                .collect();
            panic!("after {step}, serve's build differs from a cold build in {differ:?}");
        }
        // The next publication, or a look again in a moment.
        let _ = preview.reports.0.recv_timeout(Duration::from_millis(500));
    }
}

pub(crate) fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} holds no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn after_any_saves_the_preview_is_a_cold_build() {
    let book = copy_book(&small_book());
    let root = book.path();
    let preview = Preview::start(root);
    let content = root.join("content");
    let intro = content.join("01-inleiding.md");
    let project = content.join("02-projecten/1.1-werk.md");

    edit(&intro, "over twee thema's", "over twee thema's en één idee");
    wait_for_cold_build(&preview, root, "a sentence");
    edit(&intro, "## Opbouw", "## Opbouw van het plan");
    wait_for_cold_build(&preview, root, "a heading");
    // (Fewer hours: more would overrun the book's available budget.)
    edit(&project, "Senior: 10", "Senior: 8");
    wait_for_cold_build(&preview, root, "a budget's hours");
    // The same rate written with a decimal more: equal as a number, and
    // still every download as a cold build writes it.
    edit(
        &content.join("book.yaml"),
        "staff_rate: 10",
        "staff_rate: 10.00",
    );
    wait_for_cold_build(&preview, root, "a rate's scale");
    std::fs::write(
        content.join("05-nieuw.md"),
        "---\ntitle: Nieuw hoofdstuk\n---\n\nEen nieuwe pagina.\n",
    )
    .expect("write a new page");
    wait_for_cold_build(&preview, root, "a new page");

    // Broken front matter: nothing is published, the errors are told.
    let good = std::fs::read_to_string(&intro).expect("read");
    std::fs::write(
        &intro,
        good.replacen("title: Inleiding", "title: [Inleiding", 1),
    )
    .expect("break");
    let started = Instant::now();
    while !preview.get("/__kis/status").1.contains("01-inleiding.md") {
        assert!(started.elapsed() < GUARD, "the error was never told");
        let _ = preview.reports.0.recv_timeout(Duration::from_millis(500));
    }
    std::fs::write(&intro, &good).expect("fix");
    wait_for_cold_build(&preview, root, "broken front matter, fixed");

    // Two saves in a row, the second while the first is being built.
    edit(&project, "Senior: 8", "Senior: 9");
    edit(&intro, "één idee", "twee ideeën");
    wait_for_cold_build(&preview, root, "two saves in a row");
    assert!(preview.get("/__kis/status").1.contains("\"errors\":[]"));
}

/// The published file whose path under `build/` ends with `end`.
fn published(root: &Path, end: &str) -> Vec<u8> {
    let tree = try_read_tree(&root.join("build")).expect("read build/");
    let mut found = tree.into_iter().filter(|(path, _)| path.ends_with(end));
    let (_, bytes) = found.next().unwrap_or_else(|| panic!("no {end} published"));
    assert!(found.next().is_none(), "one {end}");
    bytes
}

/// What a save publishes first is what it touches (the site before its
/// PDF; the downloads, exports and the search index only when what they
/// are made of changed): each of these saves must still end as a cold
/// build of the same sources.
#[test]
fn removed_renamed_and_replaced_sources_end_as_a_cold_build() {
    let book = copy_book(&small_book());
    let root = book.path();
    let content = root.join("content");
    let intro = content.join("01-inleiding.md");
    let project = content.join("02-projecten/1.1-werk.md");
    write_file(&content.join("beeld/kaart.png"), png(2, 2));
    edit(
        &intro,
        "## Opbouw",
        "![Een kaart](beeld/kaart.png)\n\n## Opbouw",
    );
    let preview = Preview::start(root);
    wait_for_cold_build(&preview, root, "the start");

    std::fs::write(
        content.join("05-extra.md"),
        "---\ntitle: Extra\n---\n\nEen pagina die weer gaat.\n",
    )
    .expect("write a page");
    wait_for_cold_build(&preview, root, "a page added");
    std::fs::remove_file(content.join("05-extra.md")).expect("remove the page");
    wait_for_cold_build(&preview, root, "a page removed");
    let site = root.join("build/site");
    assert!(!site.join("extra").exists() && !site.join("05-extra").exists());

    std::fs::rename(content.join("03-leiding.md"), content.join("03-bestuur.md")).expect("rename");
    wait_for_cold_build(&preview, root, "a page renamed");
    let tree = try_read_tree(&site).expect("read the site");
    assert!(
        tree.keys().any(|k| k.contains("bestuur")),
        "{:?}",
        tree.keys()
    );
    assert!(
        !tree
            .keys()
            .any(|k| k.starts_with("leiding/") || k.starts_with("03-leiding/")),
        "{:?}",
        tree.keys()
    );

    // Less material: the overview and the exports change with it.
    let overview = published(root, "overzicht/index.html");
    let csv = published(root, "begroting.csv");
    let workbook = published(root, "begroting.xlsx");
    edit(&project, "material: 250", "material: 150");
    wait_for_cold_build(&preview, root, "a budget changed");
    assert_ne!(published(root, "overzicht/index.html"), overview);
    assert_ne!(published(root, "begroting.csv"), csv);
    assert_ne!(published(root, "begroting.xlsx"), workbook);

    // The image replaced by another, of another size.
    let wider = png(3, 2);
    std::fs::write(content.join("beeld/kaart.png"), &wider).expect("replace the image");
    wait_for_cold_build(&preview, root, "an image replaced");
    assert_eq!(published(root, "beeld/kaart.png"), wider);
}

/// A book with a PDF template of its own is rendered on trial by the gate
/// on every save; serve publishes that PDF rather than laying the book out
/// again, and it must be the PDF a cold build writes. A template that fails
/// is still refused before anything is published.
#[test]
fn with_templates_of_its_own_the_preview_is_a_cold_build() {
    let book = copy_book(&small_book());
    let root = book.path();
    let template = root.join("templates/pdf/book.typ");
    let embedded =
        std::fs::read_to_string(crate::common::repo_root().join("templates/pdf/book.typ"))
            .expect("read the embedded template");
    std::fs::create_dir_all(template.parent().expect("a folder")).expect("mkdir");
    std::fs::write(&template, format!("{embedded}\n// Eigen kopie.\n")).expect("write");
    let preview = Preview::start(root);
    wait_for_cold_build(&preview, root, "the first build");
    let intro = root.join("content/01-inleiding.md");
    edit(&intro, "over twee thema's", "over twee thema's en één idee");
    wait_for_cold_build(&preview, root, "a sentence");

    // Parses, but fails when rendered: the gate refuses it, and the last
    // good build stays published.
    let published = try_read_tree(&root.join("build")).expect("read build/");
    let good = std::fs::read_to_string(&template).expect("read");
    std::fs::write(
        &template,
        good.replacen("#let ", "#let onzin = nergens-gedefinieerd()\n#let ", 1),
    )
    .expect("break");
    let started = Instant::now();
    while !preview
        .get("/__kis/status")
        .1
        .contains("nergens-gedefinieerd")
    {
        assert!(
            started.elapsed() < GUARD,
            "the template's error was never told"
        );
        let _ = preview.reports.0.recv_timeout(Duration::from_millis(500));
    }
    assert_eq!(
        try_read_tree(&root.join("build")).as_ref(),
        Some(&published)
    );
    std::fs::write(&template, &good).expect("fix");
    edit(&intro, "één idee", "twee ideeën");
    wait_for_cold_build(&preview, root, "the template fixed");
}

/// Reads server-sent events from `stream` until one satisfies `wanted`.
fn next_event(events: &mut BufReader<TcpStream>, wanted: impl Fn(&serde_json::Value) -> bool) {
    let mut line = String::new();
    loop {
        line.clear();
        let read = events.read_line(&mut line).expect("read an event");
        assert!(read > 0, "the stream of events ended");
        let Some(data) = line.trim_end().strip_prefix("data: ") else {
            continue;
        };
        let status: serde_json::Value = serde_json::from_str(data).expect("json");
        if wanted(&status) {
            return;
        }
    }
}

#[test]
fn open_pages_are_told_of_each_build_and_its_errors() {
    let book = copy_book(&small_book());
    let root = book.path();
    let preview = Preview::start(root);
    let mut stream = TcpStream::connect(&preview.addr).expect("connect");
    stream.set_read_timeout(Some(GUARD)).expect("timeout");
    let request = format!(
        "GET /__kis/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        preview.addr
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut events = BufReader::new(stream);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        assert!(events.read_line(&mut head).expect("read the head") > 0);
    }
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(header(&head, "content-type"), Some("text/event-stream"));

    // At once: the build the pages show, which every page's script gets
    // injected with too.
    let (_, page) = preview.get("/01-inleiding/");
    let shown = page
        .split("data-version=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|v| v.parse::<u64>().ok())
        .expect("the page is told its version");
    next_event(&mut events, |s| s["version"] == shown);

    let intro = root.join("content/01-inleiding.md");
    let good = std::fs::read_to_string(&intro).expect("read");
    std::fs::write(&intro, good.replace("twee thema's", "twee thema's en meer")).expect("edit");
    next_event(&mut events, |s| s["version"].as_u64() > Some(shown));
    std::fs::write(
        &intro,
        "---\ntitle: Inleiding\n---\n\nZie {{ onbekend }}.\n",
    )
    .expect("break");
    next_event(&mut events, |s| {
        let errors = s["errors"].to_string();
        errors.contains("unknown placeholder")
            && s["heading"].as_str().is_some_and(|h| !h.is_empty())
    });
    std::fs::write(&intro, &good).expect("fix");
    next_event(&mut events, |s| s["errors"] == serde_json::json!([]));
}

#[test]
fn with_a_base_url_that_has_a_path_the_site_is_served_under_it() {
    let book = copy_book(&small_book());
    let preview = Preview::start_with(
        book.path(),
        &["--base-url", "https://example.org/review/123/"],
    );
    let addr = &preview.addr;
    let get = |path: &str| {
        exchange(
            addr,
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
    };
    let (code, head, _) = get("/");
    assert_eq!(code, 302, "{head}");
    assert_eq!(header(&head, "location"), Some("/review/123/"));
    let (code, head, _) = get("/review/123");
    assert_eq!(code, 301, "{head}");
    assert_eq!(header(&head, "location"), Some("/review/123/"));
    let (code, _, body) = get("/review/123/01-inleiding/");
    assert_eq!(code, 200);
    assert!(String::from_utf8_lossy(&body).contains("Dit proefplan verdeelt"));
    let (code, head, _) = get("/review/123/01-inleiding");
    assert_eq!(code, 301);
    assert_eq!(header(&head, "location"), Some("/review/123/01-inleiding/"));
    // The stylesheet the pages link (relatively) is there too.
    assert_eq!(get("/review/123/static/site.css").0, 200);
    // Outside the path: nothing.
    assert_eq!(get("/01-inleiding/").0, 404);
    assert_eq!(get("/review/1234/01-inleiding/").0, 404);
    assert_eq!(get("/__kis/status").0, 200);
}
