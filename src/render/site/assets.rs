//! The site's templates and static files, from the embedded defaults or the
//! book's own `templates/site/`.

use std::sync::Arc;

use anyhow::Context as _;

use crate::render::site::cache::Memo;
use crate::source::assets::Assets;

/// The folder of the site templates.
const TEMPLATES: &str = "templates/site";
/// The folder of the CSS and JavaScript copied into the site as they are.
const STATIC: &str = "templates/site/static";

/// The site templates, loaded into Tera with autoescaping on for HTML and
/// XML, with a fingerprint of their sources (see [`super::cache`]); parsed
/// once per session while they stay the same.
/// Template names are relative to `templates/`: `site/page.html`.
pub(super) fn templates(
    assets: &Assets,
    cache: &Memo<Arc<tera::Tera>>,
) -> anyhow::Result<(Arc<tera::Tera>, u128)> {
    let mut sources = Vec::new();
    for rel in assets.list(TEMPLATES) {
        if rel.starts_with(&format!("{STATIC}/")) {
            continue;
        }
        let name = rel.strip_prefix("templates/").unwrap_or(&rel).to_owned();
        let text = assets.text(&rel)?;
        sources.push((name, text));
    }
    let fingerprint = typst::utils::hash128(&sources);
    let tera = cache.get_or_make(&sources, || {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's own escaping also turns `/` into `&#x2F;`, which makes every
        // href unreadable; quotes, `<`, `>` and `&` are what matter.
        tera.set_escape_fn(crate::render::site::html::escape);
        tera.add_raw_templates(sources.clone())
            .context("failed to load the site templates")?;
        Ok(Arc::new(tera))
    })?;
    Ok((tera, fingerprint))
}

/// The static files and web fonts by their path in the site
/// (`static/…`), with a key of what they are made of.
#[derive(Debug)]
pub(super) struct StaticFiles {
    /// The key: the same key, the same files.
    pub key: u128,
    /// The files.
    pub files: super::SiteFiles,
}

/// The static files and web fonts, read again only when a book's own file
/// among them was added, removed, resized or saved again (see
/// [`Assets::fingerprint`]; the embedded ones never change).
pub(super) fn static_kept(
    assets: &Assets,
    kept: &Memo<Arc<StaticFiles>>,
) -> anyhow::Result<Arc<StaticFiles>> {
    let key = Memo::<()>::key(&(assets.fingerprint(STATIC), assets.fingerprint("fonts")));
    kept.get_or_make(&key, || {
        let files = static_files(assets)?
            .into_iter()
            .map(|(name, bytes)| (format!("static/{name}"), bytes))
            .collect();
        Ok(Arc::new(StaticFiles { key, files }))
    })
}

/// The web fonts: Open Sans, the PDF's font, from the book's `fonts/`
/// (or the embedded defaults), with its licence; under `static/fonts/`.
const WEB_FONTS: [&str; 5] = [
    "OpenSans-Regular.ttf",
    "OpenSans-Italic.ttf",
    "OpenSans-Bold.ttf",
    "OpenSans-BoldItalic.ttf",
    "LICENSE-OpenSans.txt",
];

/// The static files: (path under the site's `static/`, bytes), sorted.
pub(super) fn static_files(assets: &Assets) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut files = assets
        .list(STATIC)
        .into_iter()
        .map(|rel| {
            let bytes = assets.get(&rel)?.into_owned();
            let name = rel
                .strip_prefix(&format!("{STATIC}/"))
                .unwrap_or(&rel)
                .to_owned();
            Ok((name, bytes))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    for font in WEB_FONTS {
        let bytes = assets.get(&format!("fonts/{font}"))?.into_owned();
        files.push((format!("fonts/{font}"), bytes));
    }
    files.sort();
    Ok(files)
}
