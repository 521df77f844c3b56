//! docs/publishing/: the web-server settings the communication team copies
//! (nginx and Apache) know every kind of file the site writes, with the
//! type `kis-book serve` gives it, and send a missing page to the site's
//! 404 page. (tests/browser/hosted.mjs serves the site with nginx as
//! configured there and crawls it.)

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::repo_root;
use crate::site::site;

/// The image formats a chapter may show (src/source/images.rs reads them): a
/// book's images are copied into the site with their own extension.
const IMAGE_EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

fn read(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("docs/publishing").join(name))
        .unwrap_or_else(|err| panic!("read docs/publishing/{name}: {err}"))
}

/// Lines without their `#` comments, trimmed, the empty ones left out.
fn directives(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// nginx: the `types { TYPE EXT…; }` block, extension to type.
fn nginx_types(text: &str) -> BTreeMap<String, String> {
    let lines = directives(text);
    let start = lines
        .iter()
        .position(|l| l == "types {")
        .expect("a `types {` block in nginx.conf");
    let mut types = BTreeMap::new();
    for line in &lines[start + 1..] {
        if line == "}" {
            return types;
        }
        let entry = line
            .strip_suffix(';')
            .expect("`TYPE EXT…;` in the types block");
        let mut words = entry.split_whitespace();
        let media = words.next().expect("a type");
        for ext in words {
            let previous = types.insert(ext.to_owned(), media.to_owned());
            assert!(previous.is_none(), "nginx.conf: `{ext}` twice");
        }
    }
    panic!("the types block of nginx.conf is not closed")
}

/// nginx: the types named by `charset_types` (over one or more lines).
fn nginx_charset_types(text: &str) -> Vec<String> {
    let lines = directives(text).join(" ");
    let rest = lines
        .split("charset_types ")
        .nth(1)
        .expect("charset_types in nginx.conf");
    let list = rest.split(';').next().unwrap_or_default();
    let mut types: Vec<String> = list.split_whitespace().map(str::to_owned).collect();
    types.push("text/html".to_owned()); // nginx's own, always
    types
}

/// Apache: `AddType TYPE .EXT…` lines, extension to type, and the
/// extensions of `AddCharset utf-8 .EXT…`.
fn apache_types(text: &str) -> (BTreeMap<String, String>, Vec<String>) {
    let mut types = BTreeMap::new();
    let mut charset = Vec::new();
    for line in directives(text) {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("AddType") => {
                let media = words.next().expect("AddType's type");
                for ext in words {
                    let ext = ext.strip_prefix('.').expect("`.ext` after AddType");
                    let previous = types.insert(ext.to_owned(), media.to_owned());
                    assert!(previous.is_none(), "apache.conf: `{ext}` twice");
                }
            }
            Some("AddCharset") => {
                assert_eq!(words.next(), Some("utf-8"));
                charset.extend(words.map(|e| e.trim_start_matches('.').to_owned()));
            }
            _ => {}
        }
    }
    (types, charset)
}

/// Every extension the 2019 site writes, and the images a book can bring.
fn extensions() -> Vec<String> {
    let mut all: Vec<String> = site()
        .files
        .keys()
        .map(|p| {
            Path::new(p)
                .extension()
                .unwrap_or_else(|| panic!("`{p}` has no extension: no server can type it"))
                .to_string_lossy()
                .into_owned()
        })
        .chain(IMAGE_EXTENSIONS.iter().map(|e| (*e).to_owned()))
        .collect();
    all.sort();
    all.dedup();
    for written in [
        "html", "css", "js", "pdf", "xlsx", "csv", "json", "svg", "ttf", "txt", "xml",
    ] {
        assert!(
            all.iter().any(|e| e == written),
            "the site no longer writes .{written}"
        );
    }
    all
}

/// The type the preview gives, without its parameters.
fn preview_type(ext: &str) -> String {
    let full = kis_book::report::serve::content_type(Path::new(&format!("file.{ext}")));
    full.split(';').next().unwrap_or_default().to_owned()
}

#[test]
fn nginx_types_every_file_of_the_site_as_the_preview_does() {
    let text = read("nginx.conf");
    let types = nginx_types(&text);
    let charset = nginx_charset_types(&text);
    for ext in extensions() {
        let media = types
            .get(&ext)
            .unwrap_or_else(|| panic!("nginx.conf has no type for .{ext}"));
        assert_eq!(*media, preview_type(&ext), ".{ext}");
        let textual = kis_book::report::serve::content_type(Path::new(&format!("f.{ext}")))
            .contains("charset=utf-8");
        assert_eq!(
            charset.contains(media),
            textual,
            "nginx.conf: .{ext} ({media}) and charset_types"
        );
    }
    let lines = directives(&text);
    assert!(lines.contains(&"error_page 404 /werkplan-2019/404.html;".to_owned()));
    assert!(lines.contains(&"index index.html;".to_owned()));
    assert!(lines.contains(&"alias /var/www/werkplan-2019/;".to_owned()));
}

#[test]
fn apache_types_every_file_of_the_site_as_the_preview_does() {
    let text = read("apache.conf");
    let (types, charset) = apache_types(&text);
    for ext in extensions() {
        let media = types
            .get(&ext)
            .unwrap_or_else(|| panic!("apache.conf has no type for .{ext}"));
        assert_eq!(*media, preview_type(&ext), ".{ext}");
        let textual = kis_book::report::serve::content_type(Path::new(&format!("f.{ext}")))
            .contains("charset=utf-8");
        assert_eq!(
            charset.contains(&ext) || ext == "html",
            textual,
            "apache.conf: .{ext} and AddCharset"
        );
    }
    let lines = directives(&text);
    assert!(lines.contains(&"ErrorDocument 404 /werkplan-2019/404.html".to_owned()));
    assert!(lines.contains(&"DirectoryIndex index.html".to_owned()));
    assert!(lines.contains(&"Alias /werkplan-2019/ /var/www/werkplan-2019/".to_owned()));
}

/// The two names an officer changes are the same in both files and in
/// docs/publishing.md, which tells them to change exactly those.
#[test]
fn publishing_md_names_the_settings_files_and_their_two_names() {
    let doc = std::fs::read_to_string(repo_root().join("docs/publishing.md")).expect("read");
    for needle in [
        "publishing/nginx.conf",
        "publishing/apache.conf",
        "/werkplan-2019/",
        "/var/www/werkplan-2019/",
        "rsync",
        "sftp",
        "--base-url",
    ] {
        assert!(
            doc.contains(needle),
            "docs/publishing.md does not mention `{needle}`"
        );
    }
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("read");
    assert!(
        readme.contains("(docs/publishing.md)"),
        "README links docs/publishing.md"
    );
}
