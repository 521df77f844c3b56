//! The files of the built site, opened for a request without following a
//! single symbolic link.
//!
//! The site is `build/site` under the book's root. Each request opens the
//! root, then every component below it (`build`, `site`, then the URL's)
//! relative to the folder opened before, refusing links (`O_NOFOLLOW`), so a
//! link swapped in anywhere under the root while serving is never followed:
//! not `build/`, not `build/site`, not a file or folder below. Nothing is
//! kept open between requests, since a build switches `build/site` for a
//! new one.

use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};

/// What a URL path names in the site.
#[derive(Debug)]
pub(super) enum Found {
    /// A regular file, opened, with its size and its content type.
    File {
        file: File,
        size: u64,
        kind: &'static str,
    },
    /// A folder named without its final `/`: the URL to redirect to.
    Folder,
    /// Nothing that may be served: missing, a link on the way, a named
    /// pipe, a device, a path that leaves the site.
    Nothing,
}

/// The regular file at `url_path` (a folder's `index.html`) of the site
/// at `site` (its folders under the root, `build/site`) under `root`
/// (canonical: the root itself may be reached through links).
pub(super) fn open(root: &Path, site: &Path, url_path: &str) -> Found {
    let Some(rel) = site_path(url_path) else {
        return Found::Nothing;
    };
    let mut parts: Vec<&std::ffi::OsStr> = site.iter().collect();
    parts.extend(rel.iter());
    let Ok(mut opened) = open_no_follow(root, &parts) else {
        return Found::Nothing;
    };
    let Ok(mut meta) = opened.metadata() else {
        return Found::Nothing;
    };
    let mut name = rel.clone();
    if meta.is_dir() {
        if !url_path.ends_with('/') {
            return Found::Folder;
        }
        parts.push("index.html".as_ref());
        name.push("index.html");
        let Ok(index) = open_no_follow(root, &parts) else {
            return Found::Nothing;
        };
        let Ok(index_meta) = index.metadata() else {
            return Found::Nothing;
        };
        (opened, meta) = (index, index_meta);
    }
    if !meta.is_file() {
        return Found::Nothing;
    }
    Found::File {
        file: opened,
        size: meta.len(),
        kind: content_type(&name),
    }
}

/// Opens `parts` below `root`, one component at a time, none a link.
#[cfg(unix)]
fn open_no_follow(root: &Path, parts: &[&std::ffi::OsStr]) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags, openat};
    // NONBLOCK: opening a named pipe must not wait for a writer (it is
    // refused once opened, as it is no regular file).
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
    let mut dir = openat(
        rustix::fs::CWD,
        root,
        flags | OFlags::DIRECTORY,
        Mode::empty(),
    )?;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let part_flags = if last {
            flags
        } else {
            flags | OFlags::DIRECTORY
        };
        dir = openat(&dir, *part, part_flags, Mode::empty())?;
    }
    Ok(File::from(dir))
}

/// Elsewhere: each component checked with `symlink_metadata` before the
/// path is opened (a link swapped in between the two is not caught).
#[cfg(not(unix))]
fn open_no_follow(root: &Path, parts: &[&std::ffi::OsStr]) -> io::Result<File> {
    let mut path = root.to_path_buf();
    for part in parts {
        path.push(part);
        if std::fs::symlink_metadata(&path)?.file_type().is_symlink() {
            return Err(io::Error::other("a symbolic link"));
        }
    }
    File::open(path)
}

/// The path under the site folder for a URL path, or `None` when the path
/// would leave the site folder (`..`, an absolute path after decoding).
pub(super) fn site_path(url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut out = PathBuf::new();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The media type of a file of the site, by its extension: every kind a
/// site can hold (pages, styles, scripts, the downloads, images a chapter
/// shows, fonts), as registered with IANA.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/a/b.html"), Some(PathBuf::from("a/b.html")));
        assert_eq!(site_path("/caf%C3%A9/"), Some(PathBuf::from("café")));
        assert_eq!(site_path("/"), Some(PathBuf::new()));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2E%2E/x",
            "/..%5c..%5cx",
            "/a%00b",
            "/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    /// The types as IANA's media type registry gives them.
    #[test]
    fn every_kind_of_file_has_its_type() {
        for (name, kind) in [
            ("a.gif", "image/gif"),
            ("a.GIF", "image/gif"),
            ("a.webp", "image/webp"),
            (
                "a.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("a.ttf", "font/ttf"),
            ("a.otf", "font/otf"),
            ("a.woff2", "font/woff2"),
            ("a.JPG", "image/jpeg"),
            ("a.ico", "image/vnd.microsoft.icon"),
            ("a", "application/octet-stream"),
            ("a.exe", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn no_link_is_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(root.join("build/site/a")).expect("mkdir");
        std::fs::write(root.join("build/site/a/index.html"), "<p>a</p>").expect("write");
        std::fs::write(root.join("outside.txt"), "geheim").expect("write");
        let site = Path::new("build/site");
        assert!(matches!(
            open(&root, site, "/a/"),
            Found::File { size: 8, .. }
        ));
        assert!(matches!(open(&root, site, "/a"), Found::Folder));
        std::os::unix::fs::symlink(root.join("outside.txt"), root.join("build/site/x.txt"))
            .expect("link");
        std::os::unix::fs::symlink("a", root.join("build/site/b")).expect("link");
        for path in ["/x.txt", "/b/", "/b/index.html", "/b", "/nergens"] {
            assert!(matches!(open(&root, site, path), Found::Nothing), "{path}");
        }
    }
}
