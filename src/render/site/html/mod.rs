//! The document tree as HTML: the text of a page, escaped everywhere.
//!
//! Every piece of text an editor wrote goes through [`escape`]; every href
//! goes through [`links::is_safe_href`]. Computed tables (budgets and the
//! overview) are rendered by templates through [`Tables`].

use std::fmt::Write as _;

use crate::compile::markdown::{
    Align, Block, Document, ImageWidth, Inline, ListMarker, plain_text,
};
use crate::compile::unicode_scripts::{self as scripts, RightToLeft};
use crate::render::site::images;
use crate::render::site::links::{self, Location};
use crate::source::model::Words;

/// Renders the computed tables that placeholders stand for.
pub(crate) trait Tables {
    /// The HTML of the budget table of budget `id`.
    fn budget(&self, id: &str) -> anyhow::Result<String>;
    /// The HTML of the programme overview.
    fn overview(&self) -> anyhow::Result<String>;
}

/// The page a document is rendered for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// Where the page lives, for relative links.
    pub from: &'a Location,
    /// The page's own slug, so links to itself become anchors.
    pub slug: &'a str,
    /// The page's heading, for table captions.
    pub heading: &'a str,
    /// The page's folder from the book root (`content/03-themas`), which
    /// its images' paths start from.
    pub page_dir: &'a str,
    /// The book's words: the heading of the footnotes, the word in the
    /// caption of a page's second table.
    pub words: &'a Words,
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The body of a page and its footnotes as HTML.
pub(crate) fn document(
    doc: &Document,
    ctx: Context<'_>,
    tables: &dyn Tables,
) -> anyhow::Result<String> {
    let mut writer = HtmlWriter {
        ctx,
        tables,
        doc,
        out: String::new(),
        last_heading: None,
        tables_seen: 0,
        noterefs: Vec::new(),
        rtl: false,
    };
    writer.blocks(&doc.blocks, false)?;
    writer.footnotes()?;
    Ok(writer.out)
}

struct HtmlWriter<'a> {
    ctx: Context<'a>,
    tables: &'a dyn Tables,
    doc: &'a Document,
    out: String,
    /// The text of the last heading, for the caption of a table under it.
    last_heading: Option<String>,
    tables_seen: usize,
    /// How often each footnote has been referenced, for unique ids.
    noterefs: Vec<(String, usize)>,
    /// Whether the element being written is set right to left already
    /// (`dir="rtl"`), so that its text is not split into runs again.
    rtl: bool,
}

/// ` dir="rtl" lang="ar"`: the attributes of a right-to-left passage.
fn rtl_attributes(rtl: RightToLeft) -> String {
    match rtl.lang {
        Some(lang) => format!(" dir=\"rtl\" lang=\"{lang}\""),
        None => " dir=\"rtl\"".to_owned(),
    }
}

impl HtmlWriter<'_> {
    fn blocks(&mut self, blocks: &[Block], tight: bool) -> anyhow::Result<()> {
        for block in blocks {
            self.block(block, tight)?;
        }
        Ok(())
    }

    fn block(&mut self, block: &Block, tight: bool) -> anyhow::Result<()> {
        // A paragraph, heading or list in a right-to-left script carries
        // its direction and language; a tight paragraph's item carries it.
        let rtl = if self.rtl || tight {
            None
        } else {
            scripts::block_rtl(block)
        };
        let attrs = rtl.map(rtl_attributes).unwrap_or_default();
        let outer = self.rtl;
        self.rtl |= rtl.is_some();
        let written = self.block_as(block, tight, &attrs);
        self.rtl = outer;
        written
    }

    /// Writes `block` with the attributes `attrs` on its element.
    fn block_as(&mut self, block: &Block, tight: bool, attrs: &str) -> anyhow::Result<()> {
        match block {
            Block::Heading {
                level,
                content,
                anchor,
            } => {
                // The page title is the only h1.
                let level = (*level).clamp(2, 6);
                let id = escape(anchor);
                let text = plain_text(content);
                let _ = write!(self.out, "<h{level} id=\"{id}\"{attrs}>");
                self.inlines(content);
                let _ = writeln!(
                    self.out,
                    " <a class=\"anchor\" href=\"#{id}\"><span class=\"visually-hidden\">{} {}</span><span aria-hidden=\"true\">#</span></a></h{level}>",
                    escape(&self.ctx.words.heading_link),
                    escape(&text)
                );
                self.last_heading = Some(text);
            }
            Block::Paragraph(inlines) => {
                if tight {
                    self.inlines(inlines);
                    self.out.push('\n');
                } else {
                    let _ = write!(self.out, "<p{attrs}>");
                    self.inlines(inlines);
                    self.out.push_str("</p>\n");
                }
            }
            Block::List { marker, items } => self.list(*marker, items, attrs)?,
            Block::Table { align, head, rows } => self.table(align, head, rows),
            Block::Quote(blocks) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(blocks, false)?;
                self.out.push_str("</blockquote>\n");
            }
            Block::Boxed { title, blocks } => {
                self.out.push_str("<div class=\"kader\" role=\"note\">\n");
                if let Some(title) = title {
                    self.out.push_str("<p class=\"kader-titel\"><strong>");
                    self.inlines(title);
                    self.out.push_str("</strong></p>\n");
                }
                self.blocks(blocks, false)?;
                self.out.push_str("</div>\n");
            }
            Block::Code(text) => {
                let _ = writeln!(self.out, "<pre><code>{}</code></pre>", escape(text));
            }
            Block::Rule => self.out.push_str("<hr>\n"),
            Block::Budget(id) => {
                let html = self.tables.budget(id)?;
                self.out.push_str(&html);
            }
            Block::Overview => {
                let html = self.tables.overview()?;
                self.out.push_str(&html);
            }
        }
        Ok(())
    }

    fn list(
        &mut self,
        marker: ListMarker,
        items: &[Vec<Block>],
        attrs: &str,
    ) -> anyhow::Result<()> {
        match marker {
            ListMarker::Bullet => {
                let _ = writeln!(self.out, "<ul{attrs}>");
            }
            ListMarker::Numbered(1) => {
                let _ = writeln!(self.out, "<ol{attrs}>");
            }
            ListMarker::Numbered(start) => {
                let _ = writeln!(self.out, "<ol start=\"{start}\"{attrs}>");
            }
            ListMarker::Lettered { upper, start } => {
                let kind = if upper { "A" } else { "a" };
                let _ = write!(self.out, "<ol type=\"{kind}\"");
                if start > 0 {
                    let _ = write!(self.out, " start=\"{}\"", u32::from(start) + 1);
                }
                let _ = writeln!(self.out, "{attrs}>");
            }
        }
        for item in items {
            // A tight item is one paragraph, perhaps followed by a sub-list.
            let tight = matches!(item.first(), Some(Block::Paragraph(_)))
                && item.iter().skip(1).all(|b| matches!(b, Block::List { .. }));
            // A right-to-left item of a left-to-right list.
            let rtl = if self.rtl || !tight {
                None
            } else {
                scripts::blocks_rtl(&item[..1])
            };
            let _ = write!(
                self.out,
                "<li{}>",
                rtl.map(rtl_attributes).unwrap_or_default()
            );
            let outer = self.rtl;
            self.rtl |= rtl.is_some();
            self.blocks(item, tight)?;
            self.rtl = outer;
            self.out.push_str("</li>\n");
        }
        let end = if matches!(marker, ListMarker::Bullet) {
            "</ul>\n"
        } else {
            "</ol>\n"
        };
        self.out.push_str(end);
        Ok(())
    }

    fn table(&mut self, align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        self.tables_seen += 1;
        let caption = match &self.last_heading {
            Some(h) => h.clone(),
            None if self.tables_seen == 1 => self.ctx.heading.to_owned(),
            None => format!(
                "{} ({} {})",
                self.ctx.heading, self.ctx.words.table, self.tables_seen
            ),
        };
        // More than four columns do not fit a phone: the table says that
        // it scrolls (site.css).
        let wide = if head.len() > 4 { " wide" } else { "" };
        let _ = writeln!(
            self.out,
            "<div class=\"table-wrap{wide}\" role=\"region\" aria-label=\"{0}\" tabindex=\"0\">\n<table>\n<caption>{0}</caption>",
            escape(&caption)
        );
        let class = |i: usize| match align.get(i) {
            Some(Align::Right) => " class=\"num\"",
            Some(Align::Center) => " class=\"center\"",
            _ => "",
        };
        self.out.push_str("<thead><tr>");
        for (i, cell) in head.iter().enumerate() {
            let _ = write!(self.out, "<th scope=\"col\"{}>", class(i));
            self.inlines(cell);
            self.out.push_str("</th>");
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let _ = write!(self.out, "<td{}>", class(i));
                self.inlines(cell);
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => self.text(text),
            Inline::Emph(c) => self.wrap("em", c),
            Inline::Strong(c) => self.wrap("strong", c),
            Inline::Strike(c) => self.wrap("s", c),
            Inline::Code(text) => {
                let _ = write!(self.out, "<code>{}</code>", escape(text));
            }
            Inline::Link { target, content } => {
                let href = links::href(target, self.ctx.from, self.ctx.slug);
                if links::is_safe_href(&href) {
                    let _ = write!(self.out, "<a href=\"{}\">", escape(&href));
                    self.inlines(content);
                    self.out.push_str("</a>");
                } else {
                    self.inlines(content);
                }
            }
            Inline::Image {
                src,
                alt,
                width,
                pixels,
            } => {
                // Images on the web, and the book's own, which the site
                // copies beside its pages (see `images`); anything else
                // shows its text.
                let lower = src.to_ascii_lowercase();
                let href = if lower.starts_with("https://") || lower.starts_with("http://") {
                    Some(src.clone())
                } else {
                    images::resolve(self.ctx.page_dir, src).map(|rel| {
                        self.ctx
                            .from
                            .to_file(&images::url_path(&images::site_path(&rel)))
                    })
                };
                match href {
                    Some(href) => self.image(&href, alt, *width, *pixels),
                    None => self.out.push_str(&escape(alt)),
                }
            }
            Inline::FootnoteRef(label) => self.noteref(label),
            Inline::HardBreak => self.out.push_str("<br>\n"),
            Inline::SoftBreak => self.out.push('\n'),
        }
    }

    /// An image at most as wide as the editor asked and never wider than
    /// its pixels (its `width` and `height`; the style sheet shrinks it to
    /// its column): a length becomes pixels at the CSS 96 to the inch, a
    /// percentage a box of that share of the column (`.w-50`, in
    /// site.css; the page's security policy allows no inline style).
    fn image(
        &mut self,
        href: &str,
        alt: &str,
        width: Option<ImageWidth>,
        pixels: Option<(u32, u32)>,
    ) {
        let mut size = pixels;
        if let Some(ImageWidth::Length { tenths_mm }) = width {
            let css = (u64::from(tenths_mm) * 96 + 127) / 254;
            let css = u32::try_from(css).unwrap_or(u32::MAX).max(1);
            size = Some(match pixels {
                Some((w, h)) if w > css => (
                    css,
                    u32::try_from(
                        (u64::from(h) * u64::from(css) + u64::from(w) / 2) / u64::from(w),
                    )
                    .unwrap_or(h),
                ),
                Some(natural) => natural,
                None => (css, 0),
            });
        }
        if let Some(ImageWidth::Percent(p)) = width {
            let _ = write!(self.out, "<span class=\"w-{p}\">");
        }
        let _ = write!(
            self.out,
            "<img src=\"{}\" alt=\"{}\"",
            escape(href),
            escape(alt)
        );
        if let Some((w, h)) = size {
            let _ = write!(self.out, " width=\"{w}\"");
            if h > 0 {
                let _ = write!(self.out, " height=\"{h}\"");
            }
        }
        self.out.push('>');
        if matches!(width, Some(ImageWidth::Percent(_))) {
            self.out.push_str("</span>");
        }
    }

    /// Text, with each right-to-left stretch of a left-to-right passage
    /// (an Arabic name in a Dutch sentence) in a span of its direction and
    /// language.
    fn text(&mut self, text: &str) {
        if self.rtl {
            self.out.push_str(&escape(text));
            return;
        }
        let mut at = 0;
        for run in scripts::rtl_runs(text) {
            self.out.push_str(&escape(&text[at..run.range.start]));
            let _ = write!(
                self.out,
                "<span{}>{}</span>",
                rtl_attributes(run.rtl),
                escape(&text[run.range.clone()])
            );
            at = run.range.end;
        }
        self.out.push_str(&escape(&text[at..]));
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        let _ = write!(self.out, "<{tag}>");
        self.inlines(content);
        let _ = write!(self.out, "</{tag}>");
    }

    fn noteref(&mut self, label: &str) {
        let Some(index) = self.doc.footnotes.iter().position(|f| f.label == label) else {
            return;
        };
        let count = match self.noterefs.iter_mut().find(|(l, _)| l == label) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.noterefs.push((label.to_owned(), 1));
                1
            }
        };
        let id = footnote_id(label);
        let ref_id = if count == 1 {
            format!("_fnref-{id}")
        } else {
            format!("_fnref-{id}-{count}")
        };
        let number = index + 1;
        let _ = write!(
            self.out,
            "<sup class=\"noot\"><a id=\"{ref_id}\" href=\"#_fn-{id}\" role=\"doc-noteref\"><span class=\"visually-hidden\">voetnoot </span>{number}</a></sup>"
        );
    }

    fn footnotes(&mut self) -> anyhow::Result<()> {
        if self.doc.footnotes.is_empty() {
            return Ok(());
        }
        let _ = write!(
            self.out,
            "<section class=\"voetnoten\" aria-labelledby=\"_voetnoten\">\n<h2 id=\"_voetnoten\">{}</h2>\n<ol>\n",
            escape(&self.ctx.words.footnotes)
        );
        let doc = self.doc;
        for note in &doc.footnotes {
            let id = footnote_id(&note.label);
            let tight = note.blocks.len() == 1;
            let rtl = if tight {
                scripts::blocks_rtl(&note.blocks)
            } else {
                None
            };
            let attrs = rtl.map(rtl_attributes).unwrap_or_default();
            let _ = write!(self.out, "<li id=\"_fn-{id}\"{attrs}>");
            self.rtl = rtl.is_some();
            self.blocks(&note.blocks, tight)?;
            self.rtl = false;
            let _ = writeln!(
                self.out,
                " <a class=\"backlink\" href=\"#_fnref-{id}\" role=\"doc-backlink\">{}<span class=\"visually-hidden\"> {}</span></a></li>",
                escape(&self.ctx.words.footnote_back),
                escape(&self.ctx.words.footnote_back_to)
            );
        }
        self.out.push_str("</ol>\n</section>\n");
        Ok(())
    }
}

/// A footnote label as an id: letters, digits and hyphens only.
fn footnote_id(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[cfg(test)]
mod tests;
