//! Markdown → Typst: whatever an editor writes, the generated `main.typ`
//! parses without error, and the editor's text lands only in markup text,
//! escapes and string literals: no identifier, no code, no math, no label
//! and no markup syntax that the generator did not write itself.

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use typst::syntax::{SyntaxKind, SyntaxNode};

/// Every name the generator calls or passes: the template's functions,
/// Typst's own and their named arguments.
const IDENTS: &[&str] = &[
    "book", "with", "data", "json", "label", "chapter", "appendix", "back-cover",
    "project-heading", "function-heading", "theme-heading", "page-heading", "section-heading",
    "list", "enum", "md-table", "quote", "kader", "raw", "rule", "budget-table",
    "overview-table", "emph", "strong", "strike", "link", "image", "note", "footnote",
    "linebreak", "rtl-block", "rtl-text", "number", "title", "level", "id", "new-page", "rank",
    "start", "numbering", "aligns", "header", "rows", "block", "alt", "left", "right", "center",
    "lang", "budgets", "at", "labels",
];

/// The syntax the generator writes. Anything else (a heading marker, a
/// list item, `$math$`, `<label>`, `@ref`, a backtick, `*strong*`, a `set`
/// or `show` rule past the header, a loop, a closure) came from text.
const KINDS: &[SyntaxKind] = &[
    SyntaxKind::Markup,
    SyntaxKind::Text,
    SyntaxKind::Space,
    SyntaxKind::Parbreak,
    SyntaxKind::Escape,
    SyntaxKind::Hash,
    SyntaxKind::LineComment,
    SyntaxKind::FuncCall,
    SyntaxKind::Ident,
    SyntaxKind::Args,
    SyntaxKind::LeftParen,
    SyntaxKind::RightParen,
    SyntaxKind::LeftBracket,
    SyntaxKind::RightBracket,
    SyntaxKind::ContentBlock,
    SyntaxKind::Comma,
    SyntaxKind::Colon,
    SyntaxKind::Named,
    SyntaxKind::Str,
    SyntaxKind::Int,
    SyntaxKind::Bool,
    SyntaxKind::None,
    SyntaxKind::Array,
    SyntaxKind::FieldAccess,
    SyntaxKind::Dot,
    SyntaxKind::Import,
    SyntaxKind::ModuleImport,
    SyntaxKind::Star,
    SyntaxKind::Let,
    SyntaxKind::LetBinding,
    SyntaxKind::Eq,
    SyntaxKind::Show,
    SyntaxKind::ShowRule,
];

fn visit(node: &SyntaxNode, counts: &mut [usize; 3], text: &str) {
    let kind = node.kind();
    assert!(
        KINDS.contains(&kind),
        "{kind:?} `{}` in the generated Typst:\n{text}",
        node.full_text()
    );
    if kind == SyntaxKind::Ident {
        let name = node.leaf_text();
        assert!(IDENTS.contains(&name.as_str()), "identifier `{name}` in:\n{text}");
    }
    for (i, rule) in [SyntaxKind::ModuleImport, SyntaxKind::LetBinding, SyntaxKind::ShowRule]
        .iter()
        .enumerate()
    {
        if kind == *rule {
            counts[i] += 1;
        }
    }
    for child in node.children() {
        visit(child, counts, text);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let fixture = common::fixture();
    let Some(doc) = common::document(markdown) else {
        return;
    };
    let compiled = common::with_introduction(doc);
    let generated = kis_book::pdf::generate(&fixture.root, &compiled);
    let root = typst::syntax::parse(&generated.text);
    let errors = root.errors_and_warnings().0;
    assert!(errors.is_empty(), "{errors:?} in:\n{}", generated.text);
    // The header's import, `let` and `show`, and nothing like them after.
    let mut counts = [0; 3];
    visit(&root, &mut counts, &generated.text);
    assert_eq!(counts, [1, 1, 1], "import, let, show:\n{}", generated.text);
});
