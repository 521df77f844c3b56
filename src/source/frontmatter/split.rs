//! The front matter's fences: a chapter starts with `---`, its YAML, and
//! a closing `---`; the Markdown body follows.

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// Where `yaml` starts in the file's text, in bytes.
    pub yaml_start: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// The opening `---` has no closing `---`.
    Unclosed,
}

/// Splits `text` at its front matter fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let text = &text[bom..];
    let Some(first_end) = text.find('\n') else {
        return Err(SplitError::Missing);
    };
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    for (line, raw) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = raw.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_start: bom + yaml_start,
                body: &text[offset + raw.len()..],
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(SplitError::Unclosed)
}
