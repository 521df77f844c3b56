//! Where every page of the site lives and how pages link to each other.
//!
//! Each page is a folder with an `index.html`, and every link between pages
//! is relative and names `index.html` explicitly, so that the site works
//! opened from disk and under any sub-path. Only the canonical links, the
//! Open Graph tags and the sitemap use the absolute base URL.

use crate::compile::markdown::LinkTarget;

/// Folders of the site that no page slug may take.
pub(crate) const RESERVED: [&str; 5] = ["static", "downloads", "zoeken", "toegankelijkheid", "404"];

/// The folder of the search page.
pub(crate) const SEARCH_DIR: &str = "zoeken";
/// The folder of the accessibility statement.
pub(crate) const ACCESSIBILITY_DIR: &str = "toegankelijkheid";

/// The anchor of the full contents on the home page (`home.html`'s
/// heading), which every sidebar links to.
pub(crate) const CONTENTS_ANCHOR: &str = "_inhoudsopgave";

/// Where one page of the site lives: the folder under the site root, empty
/// for the home page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Location {
    dir: String,
}

impl Location {
    /// The home page, at the root.
    pub(crate) fn root() -> Self {
        Self { dir: String::new() }
    }

    /// A page in its own folder (a slug or a special page's folder).
    pub(crate) fn dir(dir: &str) -> Self {
        Self {
            dir: dir.trim_matches('/').to_owned(),
        }
    }

    /// The file to write, relative to the site root.
    pub(crate) fn file(&self) -> String {
        if self.dir.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{}/index.html", self.dir)
        }
    }

    /// The path from this page back to the site root: `""` or `"../"`.
    pub(crate) fn prefix(&self) -> String {
        "../".repeat(self.dir.split('/').filter(|p| !p.is_empty()).count())
    }

    /// A relative link from this page to `path` (relative to the site root).
    pub(crate) fn to_file(&self, path: &str) -> String {
        format!("{}{path}", self.prefix())
    }

    /// A relative link from this page to another page.
    pub(crate) fn to(&self, other: &Location) -> String {
        self.to_file(&other.file())
    }

    /// The canonical URL of this page under `base_url` (which ends in `/`).
    pub(crate) fn canonical(&self, base_url: &str) -> String {
        if self.dir.is_empty() {
            base_url.to_owned()
        } else {
            format!("{base_url}{}/", self.dir)
        }
    }
}

/// The href of a link in a page's text, seen from the page at `from`
/// whose slug is `own_slug`.
pub(crate) fn href(target: &LinkTarget, from: &Location, own_slug: &str) -> String {
    match target {
        LinkTarget::External(url) => url.clone(),
        LinkTarget::Anchor(anchor) => format!("#{anchor}"),
        LinkTarget::Page { slug, anchor } => {
            let page = if slug == own_slug {
                String::new()
            } else {
                from.to(&Location::dir(slug))
            };
            match anchor {
                Some(a) => format!("{page}#{a}"),
                None if page.is_empty() => "#_top".to_owned(),
                None => page,
            }
        }
    }
}

/// Whether `url` is safe to put in an `href`: a web address, `mailto:`, or a
/// relative path. Anything with another scheme (`javascript:`, `data:`) is
/// not.
pub(crate) fn is_safe_href(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('#') => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_between_pages() {
        let home = Location::root();
        let page = Location::dir("1.3-schakeljaren");
        assert_eq!(home.to(&page), "1.3-schakeljaren/index.html");
        assert_eq!(page.to(&home), "../index.html");
        assert_eq!(
            page.to(&Location::dir("1.1-monitor")),
            "../1.1-monitor/index.html"
        );
        assert_eq!(page.to_file("static/site.css"), "../static/site.css");
    }

    #[test]
    fn canonical_urls_are_folders() {
        let base = "https://www.kis.nl/werkplan-2019/";
        assert_eq!(Location::root().canonical(base), base);
        assert_eq!(
            Location::dir("01-inleiding").canonical(base),
            "https://www.kis.nl/werkplan-2019/01-inleiding/"
        );
    }

    #[test]
    fn links_in_text() {
        let from = Location::dir("a");
        let cases = [
            (LinkTarget::Anchor("x".into()), "#x"),
            (
                LinkTarget::Page {
                    slug: "b".into(),
                    anchor: None,
                },
                "../b/index.html",
            ),
            (
                LinkTarget::Page {
                    slug: "b".into(),
                    anchor: Some("y".into()),
                },
                "../b/index.html#y",
            ),
            (
                LinkTarget::Page {
                    slug: "a".into(),
                    anchor: Some("y".into()),
                },
                "#y",
            ),
        ];
        for (target, expected) in cases {
            assert_eq!(href(&target, &from, "a"), expected);
        }
    }

    #[test]
    fn unsafe_schemes_are_refused() {
        let cases = [
            ("https://www.kis.nl", true),
            ("mailto:info@kis.nl", true),
            ("../a/index.html#x", true),
            ("javascript:alert(1)", false),
            ("JavaScript:alert(1)", false),
            ("java\tscript:alert(1)", false),
            ("data:text/html,x", false),
            ("vbscript:x", false),
        ];
        for (url, safe) in cases {
            assert_eq!(is_safe_href(url), safe, "{url}");
        }
    }
}
