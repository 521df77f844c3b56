//! The computed tables that placeholders stand for, rendered with the
//! site's templates: budget tables and the programme overview.

use anyhow::Context as _;

use crate::Compiled;
use crate::markdown::anchor_of;
use crate::model::{Group, PageKind};
use crate::site::html::Tables;
use crate::site::links::Location;
use crate::site::outline::Entry;
use crate::site::views::{self, RowTarget};

/// Renders budget tables and the overview with the site's templates.
pub struct SiteTables<'a> {
    /// The book and its computed budget.
    pub compiled: &'a Compiled,
    /// The site templates.
    pub tera: &'a tera::Tera,
    /// Every page, to link overview rows to.
    pub entries: &'a [Entry<'a>],
    /// The page the tables stand on, for relative links.
    pub from: &'a Location,
}

impl SiteTables<'_> {
    fn href_of(&self, target: RowTarget<'_>) -> Option<String> {
        let config = &self.compiled.book.config;
        let found = match target {
            RowTarget::Budget(id) => self
                .entries
                .iter()
                .find(|e| e.page.id.as_deref() == Some(id)),
            RowTarget::Theme(id) => self.entries.iter().find(|e| {
                e.page.kind == PageKind::Theme && e.page.group == Some(Group::Theme(id.to_owned()))
            }),
            RowTarget::Function(id) => {
                // A function page of its own, else the page above its themes.
                let own = self
                    .entries
                    .iter()
                    .find(|e| e.page.id.as_deref() == Some(id));
                own.or_else(|| {
                    let theme = config.function(id)?.themes.first()?;
                    let page = self.entries.iter().find(|e| {
                        e.page.kind == PageKind::Theme
                            && e.page.group == Some(Group::Theme(theme.id.clone()))
                    })?;
                    page.parent.map(|p| &self.entries[p])
                })
            }
        }?;
        Some(self.from.to(&found.loc))
    }
}

impl Tables for SiteTables<'_> {
    fn budget(&self, id: &str) -> anyhow::Result<String> {
        let budget = self
            .compiled
            .programme
            .budget(id)
            .with_context(|| format!("there is no budget `{id}`"))?;
        let mut ctx = tera::Context::new();
        ctx.insert("table", &views::budget(&self.compiled.book.config, budget));
        ctx.insert("anchor", &budget_anchor(id));
        self.tera
            .render("site/budget-table.html", &ctx)
            .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
    }

    fn overview(&self) -> anyhow::Result<String> {
        let view = views::overview(&self.compiled.book.config, &self.compiled.programme, &|t| {
            self.href_of(t)
        });
        let mut ctx = tera::Context::new();
        ctx.insert("table", &view);
        self.tera
            .render("site/overview-table.html", &ctx)
            .map_err(|e| anyhow::anyhow!("{}", error_chain(&e)))
    }
}

/// For text that may not hold tables (the back cover).
pub struct NoTables;

impl Tables for NoTables {
    fn budget(&self, id: &str) -> anyhow::Result<String> {
        anyhow::bail!("the back cover cannot hold the budget table `{id}`")
    }
    fn overview(&self) -> anyhow::Result<String> {
        anyhow::bail!("the back cover cannot hold the overview")
    }
}

/// The id of a budget table on its page.
pub fn budget_anchor(id: &str) -> String {
    format!("_begroting-{}", anchor_of(id))
}

/// Tera hides the useful part of its errors in the source chain.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
