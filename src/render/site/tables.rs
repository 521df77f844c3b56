//! The computed tables that placeholders stand for, rendered with the
//! site's templates from the book's views: budget tables and the programme
//! overview.

use anyhow::Context as _;

use crate::compile::compiled::Compiled;
use crate::compile::markdown::{Block, Document};
use crate::render::site::html::Tables;
use crate::render::site::links::Location;

/// Renders budget tables and the overview with the site's templates.
pub(super) struct SiteTables<'a> {
    /// The compiled book, with its views.
    pub compiled: &'a Compiled,
    /// The site templates.
    pub tera: &'a tera::Tera,
    /// The page the tables stand on, for relative links.
    pub from: &'a Location,
}

impl SiteTables<'_> {
    fn render(&self, template: &str, table: &impl serde::Serialize) -> anyhow::Result<String> {
        let mut ctx = tera::Context::new();
        ctx.insert("table", table);
        ctx.insert("labels", &self.compiled.views.labels);
        ctx.insert("words", &self.compiled.config.words);
        ctx.insert("root", &self.from.prefix());
        self.tera
            .render(template, &ctx)
            .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
    }
}

impl Tables for SiteTables<'_> {
    fn budget(&self, id: &str) -> anyhow::Result<String> {
        let table = self
            .compiled
            .views
            .budgets
            .get(id)
            .with_context(|| format!("there is no budget `{id}`"))?;
        self.render("site/budget-table.html", table)
    }

    fn overview(&self) -> anyhow::Result<String> {
        self.render("site/overview-table.html", &self.compiled.views.overview)
    }
}

/// Whether a document holds a budget table or the overview, anywhere.
pub(super) fn has_tables(doc: &Document) -> bool {
    fn any(blocks: &[Block]) -> bool {
        blocks.iter().any(|block| match block {
            Block::Budget(_) | Block::Overview => true,
            Block::List { items, .. } => items.iter().any(|item| any(item)),
            Block::Quote(inner) | Block::Boxed { blocks: inner, .. } => any(inner),
            _ => false,
        })
    }
    any(&doc.blocks) || doc.footnotes.iter().any(|note| any(&note.blocks))
}

/// For text that may not hold tables (the back cover).
pub(super) struct NoTables;

impl Tables for NoTables {
    fn budget(&self, id: &str) -> anyhow::Result<String> {
        anyhow::bail!("the back cover cannot hold the budget table `{id}`")
    }
    fn overview(&self) -> anyhow::Result<String> {
        anyhow::bail!("the back cover cannot hold the overview")
    }
}

/// Tera hides the useful part of its errors in the source chain.
pub(super) fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
