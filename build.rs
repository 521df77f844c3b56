//! Embeds the default templates and fonts in the binary, so that
//! `kis-book` works from any folder; a book's own `templates/` and `fonts/`
//! override them at run time (see `src/source/assets.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const DIRS: [&str; 2] = ["templates", "fonts"];

fn main() {
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let mut files = Vec::new();
    for dir in DIRS {
        println!("cargo:rerun-if-changed={dir}");
        collect(&manifest, &manifest.join(dir), &mut files);
    }
    // Sorted, so that the binary does not depend on directory order.
    files.sort();
    let mut code =
        String::from("/// Default templates and fonts: (path relative to the book root, bytes).\n");
    code.push_str("pub(crate) static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        let _ = writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded.rs"), code).expect("write embedded.rs");
}

fn collect(manifest: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(manifest, &path, files);
        } else if let Ok(rel) = path.strip_prefix(manifest) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            println!("cargo:rerun-if-changed={}", path.display());
            files.push((rel, path.to_string_lossy().into_owned()));
        }
    }
}
