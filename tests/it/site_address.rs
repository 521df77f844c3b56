//! `kis-book build --base-url`: the same book built for a staging or review
//! address works under that address's path (the 404 page included, which a
//! web server shows at any depth), asks search engines not to index it and
//! names no production address; built for its own address it is the plain
//! site, byte for byte.

use std::process::Command;

use crate::site::{Built, between, book_copy, check_links, site};

/// The book's own address, from content/book.yaml.
const PRODUCTION: &str = "https://www.kis.nl/werkplan-2019/";

fn build_for(url: &str) -> Built {
    Built::with_args(&["--only", "site", "--base-url", url])
}

#[test]
fn a_review_copy_works_under_its_path_and_is_not_indexed() {
    // Without the closing slash, as an editor might type it.
    let site = build_for("https://staging.example.org/review/123");
    let checked = check_links(&site, "/review/123/");
    assert!(checked > 1000, "checked only {checked} links");

    let mut pages = 0;
    for (path, html) in site.html() {
        pages += 1;
        assert_eq!(
            html.matches("<meta name=\"robots\" content=\"noindex\">")
                .count(),
            1,
            "{path}: one noindex"
        );
        assert!(!html.contains("rel=\"canonical\""), "{path}: canonical");
        assert!(!html.contains("og:url"), "{path}: og:url");
        assert!(!html.contains(PRODUCTION), "{path}: names production");
    }
    assert_eq!(pages, site.html().count());
    assert!(pages > 40, "{pages} pages");

    // The 404 page is shown at any missing address, e.g.
    // /review/123/a/b/c: every link is absolute under the review path.
    let not_found = site.page("404.html");
    let mut links = 0;
    for attr in [" href=\"", " src=\""] {
        for href in between(&not_found, attr, "\"") {
            if href.starts_with("https://") {
                continue; // kis.nl in the footer
            }
            links += 1;
            assert!(
                href.starts_with("/review/123/") || href.starts_with('#'),
                "404.html: `{href}` does not work at every depth"
            );
        }
    }
    assert!(links > 5, "404.html has {links} links");
    assert!(not_found.contains("href=\"/review/123/static/site.css\""));

    let robots = String::from_utf8(site.files["robots.txt"].clone()).expect("UTF-8");
    assert_eq!(robots, "User-agent: *\nDisallow: /\n");
    let sitemap = String::from_utf8(site.files["sitemap.xml"].clone()).expect("UTF-8");
    assert!(!sitemap.contains(PRODUCTION), "{sitemap}");
    assert!(
        sitemap.contains("<loc>https://staging.example.org/review/123/1.3-schakeljaren/</loc>")
    );
}

#[test]
fn built_for_its_own_address_the_site_is_the_plain_one() {
    let own = build_for(PRODUCTION);
    // `--only site`: the plain site minus the PDF and its mention.
    let plain = site();
    let without_pdf = |files: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files
            .keys()
            .filter(|p| !p.ends_with(".pdf"))
            .cloned()
            .collect()
    };
    assert_eq!(without_pdf(&own.files), without_pdf(&plain.files));
    // The same files, the robots and sitemap byte for byte (the pages differ
    // only in offering no PDF).
    for file in ["robots.txt", "sitemap.xml", "static/site.css"] {
        assert_eq!(own.files[file], plain.files[file], "{file}");
    }
    for (path, html) in own.html() {
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{PRODUCTION}")),
            "{path}: canonical"
        );
        assert!(
            !html.contains("noindex") || path == "404.html" || path.starts_with("zoeken/"),
            "{path}"
        );
    }
}

#[test]
fn an_address_that_is_not_a_url_is_refused() {
    let dir = book_copy();
    let out = Command::new(env!("CARGO_BIN_EXE_kis-book"))
        .args(["build", "--base-url", "staging.example.org/review"])
        .arg(dir.path())
        .output()
        .expect("run kis-book");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("https://"), "{stderr}");
    assert!(!dir.path().join("build").exists(), "nothing is written");
}
