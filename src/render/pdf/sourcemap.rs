//! From generated Typst back to the Markdown an editor wrote, so that a
//! Typst error or warning is reported at the editor's file and line.

use std::path::{Path, PathBuf};

/// Marks of the form "from generated line N on, the text comes from this
/// file and line", in the order written.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    marks: Vec<Mark>,
}

#[derive(Debug, Clone)]
struct Mark {
    /// 1-based line of the generated file.
    typ_line: usize,
    /// The Markdown file, relative to the book root.
    path: PathBuf,
    /// 1-based line of the Markdown file.
    line: usize,
}

impl SourceMap {
    /// Records that generated line `typ_line` on comes from `line` of `path`.
    pub fn mark(&mut self, typ_line: usize, path: &Path, line: usize) {
        if let Some(last) = self.marks.last_mut()
            && last.typ_line == typ_line
        {
            last.path = path.to_path_buf();
            last.line = line;
            return;
        }
        self.marks.push(Mark {
            typ_line,
            path: path.to_path_buf(),
            line,
        });
    }

    /// The Markdown file and line that generated line `typ_line` comes from.
    pub fn lookup(&self, typ_line: usize) -> Option<(&Path, usize)> {
        let at = self.marks.partition_point(|m| m.typ_line <= typ_line);
        let mark = self.marks.get(at.checked_sub(1)?)?;
        Some((&mark.path, mark.line))
    }

    /// The file of the last mark: the page being generated.
    pub fn last_path(&self) -> Option<&Path> {
        self.marks.last().map(|m| m.path.as_path())
    }
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_map_to_the_last_mark_before_them() {
        let mut map = SourceMap::default();
        map.mark(5, Path::new("content/a.md"), 3);
        map.mark(9, Path::new("content/a.md"), 7);
        map.mark(12, Path::new("content/b.md"), 4);
        let cases = [
            (4, None),
            (5, Some(("content/a.md", 3))),
            (8, Some(("content/a.md", 3))),
            (9, Some(("content/a.md", 7))),
            (40, Some(("content/b.md", 4))),
        ];
        for (typ_line, expected) in cases {
            let got = map.lookup(typ_line).map(|(p, l)| (p.to_string_lossy(), l));
            let expected = expected.map(|(p, l)| (p.into(), l));
            assert_eq!(got, expected, "line {typ_line}");
        }
    }

    #[test]
    fn offsets_become_lines() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
