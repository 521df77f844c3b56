//! What `check` refuses in the output folder: the book's output is inside
//! the book. `build/` and everything under it must be kis-book's own
//! folders and files on the book's file system, or a build would write or
//! delete through a symbolic link (outside the book), into another file
//! system mounted there, or replace a file that is not its own.
//!
//! The walk never follows a link (`symlink_metadata` only), and a
//! publication never writes through one: [`super`] refuses to build while
//! any of these diagnostics stands, since `build` runs the same gate.
//!
//! A `kis-book serve` session asks at each publication instead of at the
//! gate: a save whose previous publication is kept lists `build/` anyway
//! to stage from it ([`super::kept`]), notes there what this module
//! refuses, and only then walks `build/` for the diagnostics; it
//! refuses the save with them before anything is switched in. What that
//! listing does not see is a mount over a single file (a bind mount:
//! the folder lists the file beneath it), which the walk here would.

use std::io;
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos, codes};
use crate::source::load::display_path;

/// Checks `ROOT/build` and everything under it.
pub(crate) fn check(root: &Path, diags: &mut Diagnostics) {
    let root = display_path(root);
    let on_disk = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root.as_path()
    };
    // The root itself may be reached through a link: its device is that of
    // the folder it leads to.
    let Ok(root_meta) = std::fs::metadata(on_disk) else {
        return;
    };
    let build = root.join(super::BUILD_DIR);
    walk(&build, root_meta.dev(), true, diags);
}

/// Checks `path` and, when it is a folder of the book's file system, what
/// is in it. `top` is the output folder itself (`build`).
fn walk(path: &Path, dev: u64, top: bool, diags: &mut Diagnostics) {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        // Nothing built yet, or removed while we looked.
        Err(err) if err.kind() == io::ErrorKind::NotFound => return,
        Err(err) => {
            diags.push(Diagnostic::new(
                codes::UNREADABLE,
                path,
                Pos::default(),
                format!("cannot read: {}", crate::base::closed::reason(&err)),
            ));
            return;
        }
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        diags.push(link(path));
    } else if meta.dev() != dev {
        diags.push(
            Diagnostic::new(
                codes::OUTPUT_MOUNT,
                path,
                Pos::default(),
                format!(
                    "`{}` is a mount of another file system: a build would write and delete \
                     there, outside the book",
                    path.display()
                ),
            )
            .with_hint(
                "unmount it; kis-book writes its output only into the book's own `build` \
                 folder (to publish elsewhere, copy `build/` after the build)",
            ),
        );
    } else if kind.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            diags.push(Diagnostic::new(
                codes::UNREADABLE,
                path,
                Pos::default(),
                "cannot read the folder",
            ));
            return;
        };
        let mut names: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        names.sort();
        for child in names {
            walk(&child, dev, false, diags);
        }
    } else if top || !kind.is_file() || is_output_folder(path) {
        diags.push(
            Diagnostic::new(
                codes::OUTPUT_NOT_OURS,
                path,
                Pos::default(),
                if kind.is_file() {
                    format!(
                        "`{}` is a file where kis-book writes a folder of its output",
                        path.display()
                    )
                } else {
                    format!(
                        "`{}` is not a regular file or folder (a pipe, socket or device) in the \
                         book's output folder",
                        path.display()
                    )
                },
            )
            .with_hint(
                "move it out of the way: `build/` holds only what kis-book writes, and each \
                 build replaces it",
            ),
        );
    }
}

/// The folders a build writes under `build/`.
pub(super) fn is_output_folder(path: &Path) -> bool {
    let parent_is_build = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == super::BUILD_DIR);
    parent_is_build
        && path
            .file_name()
            .is_some_and(|n| n == "site" || n == crate::render::pdf::project::DIR)
}

/// The diagnostic for a symbolic link in the output folder.
fn link(path: &Path) -> Diagnostic {
    let target = std::fs::read_link(path)
        .map(|t| format!(" to `{}`", t.display()))
        .unwrap_or_default();
    Diagnostic::new(
        codes::OUTPUT_LINK,
        path,
        Pos::default(),
        format!(
            "`{}` is a symbolic link{target}: a build would write and delete through it, \
             outside the book",
            path.display()
        ),
    )
    .with_hint(format!(
        "remove the link (`rm {}`); kis-book makes its output folders itself, inside the book",
        path.display()
    ))
}
