//! The address a site is published at: `base_url` in book.yaml, or
//! `--base-url` for one build.

/// Checks a `--base-url` and ends it in `/`: an absolute `http` or `https`
/// address without query, fragment or spaces, e.g.
/// `https://staging.example.org/review/123/`.
pub(crate) fn parse_base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` is not an address starting with https:// or http://"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(format!("`{url}` names no host"));
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '?' | '#' | '"' | '<' | '>' | '\\'))
    {
        return Err(format!(
            "`{url}` contains `{c}`, which a base address cannot"
        ));
    }
    let mut url = url.to_owned();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}
