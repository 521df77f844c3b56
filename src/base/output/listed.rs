//! What a folder being staged holds, known without listing it: the
//! publication that made the staging folder a copy of the published one
//! (`kis-book serve`, [`crate::report::publish`]) listed every file it
//! linked there a moment before, so [`super::write_folder_stamped`] takes
//! that instead of walking the folder again.
//!
//! The knowledge is scoped: [`with_listing`] holds it on this thread for
//! the duration of one closure (the backends' writing), and the first
//! write into the folder uses it up, since that write changes what the
//! folder holds.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Every file under a folder, by its path (the folder's path joined with
/// the names under it), and no symbolic link among them.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    files: HashSet<PathBuf>,
}

impl Listing {
    /// Notes the regular file at `path`.
    pub(crate) fn add(&mut self, path: PathBuf) {
        self.files.insert(path);
    }
}

thread_local! {
    /// The folder whose listing is known, and that listing.
    static LISTED: RefCell<Option<(PathBuf, Listing)>> = const { RefCell::new(None) };
}

/// Runs `f` with the folder `dir` known to hold exactly the files of
/// `listing` (regular files, no link), as its caller made it hold a
/// moment before and nothing else writes to it meanwhile.
pub(crate) fn with_listing<R>(dir: &Path, listing: Listing, f: impl FnOnce() -> R) -> R {
    /// Forgets the listing however `f` ends.
    struct Forget;
    impl Drop for Forget {
        fn drop(&mut self) {
            LISTED.with(|l| l.borrow_mut().take());
        }
    }
    LISTED.with(|l| *l.borrow_mut() = Some((dir.to_path_buf(), listing)));
    let _forget = Forget;
    f()
}

/// The files under `dir` as the listing of [`with_listing`] knows them,
/// when `dir` is in its folder; the listing is used up either way a
/// folder in it is asked for, since the caller is about to write there.
pub(super) fn take(dir: &Path) -> Option<HashSet<PathBuf>> {
    LISTED.with(|l| {
        let mut listed = l.borrow_mut();
        if !listed.as_ref().is_some_and(|(top, _)| dir.starts_with(top)) {
            return None;
        }
        let (_, listing) = listed.take()?;
        let mut files = listing.files;
        files.retain(|f| f.starts_with(dir));
        Some(files)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_serves_one_write_under_its_folder_and_only_while_held() {
        let staging = Path::new("/boek/.kis-book-staging");
        let mut listing = Listing::default();
        listing.add(staging.join("site/index.html"));
        listing.add(staging.join("site/01-inleiding/index.html"));
        listing.add(staging.join("werkplan.pdf"));
        let site = staging.join("site");
        let (outside, first, second) = with_listing(staging, listing, || {
            (
                take(Path::new("/boek/build/site")),
                take(&site),
                take(&site),
            )
        });
        assert_eq!(outside, None, "a folder outside the listing's is listed");
        let mut first: Vec<_> = first.expect("known").into_iter().collect();
        first.sort();
        assert_eq!(
            first,
            [
                staging.join("site/01-inleiding/index.html"),
                staging.join("site/index.html")
            ]
        );
        assert_eq!(second, None, "the first write used it up");
        let mut again = Listing::default();
        again.add(staging.join("site/index.html"));
        with_listing(staging, again, || ());
        assert_eq!(take(&site), None, "forgotten when the closure ends");
    }
}
