use std::os::unix::fs::symlink;

use super::*;

/// A book folder with a file inside and a secret beside it, outside.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("boek");
    std::fs::create_dir_all(book.join("content/sub")).expect("mkdir");
    std::fs::write(book.join("content/a.md"), "binnen").expect("write");
    std::fs::write(dir.path().join("geheim.txt"), "buiten").expect("write");
    (dir, book)
}

#[test]
fn files_inside_are_read() {
    let (_dir, book) = setup();
    let root = BookRoot::new(&book).expect("root");
    let bytes = root
        .read(&book.join("content/a.md"), 100)
        .expect("read inside");
    assert_eq!(bytes, b"binnen");
    assert!(matches!(
        root.read(&book.join("content/a.md"), 3),
        Err(ReadError::TooLarge { size: 6, max: 3 })
    ));
}

#[test]
fn a_link_to_a_file_outside_is_refused_naming_link_and_target() {
    let (dir, book) = setup();
    let secret = dir.path().join("geheim.txt");
    symlink(&secret, book.join("content/lek.md")).expect("symlink");
    let root = BookRoot::new(&book).expect("root");
    let err = root
        .read(&book.join("content/lek.md"), 100)
        .expect_err("refused");
    let ReadError::Refused(refusal) = err else {
        panic!("not a refusal: {err:?}");
    };
    let message = refusal.to_string();
    assert!(message.contains("content/lek.md"), "{message}");
    assert!(message.contains("geheim.txt"), "{message}");
    assert!(message.contains("outside the book"), "{message}");
}

#[test]
fn a_link_to_a_folder_outside_is_refused_for_every_file_under_it() {
    let (dir, book) = setup();
    symlink(dir.path(), book.join("content/map")).expect("symlink");
    let root = BookRoot::new(&book).expect("root");
    let refusal = root
        .resolve(&book.join("content/map/geheim.txt"))
        .expect_err("refused");
    assert!(
        matches!(&refusal, Refusal::Escapes { link, .. } if link.ends_with("content/map")),
        "{refusal}"
    );
    let (found, refused) = root.walk(&book.join("content"), |a, b| a.cmp(b));
    assert!(found.iter().all(|w| !w.path.ends_with("map")), "{found:?}");
    assert_eq!(refused.len(), 1, "{refused:?}");
}

#[test]
fn relative_and_dangling_links_out_are_refused() {
    let (_dir, book) = setup();
    symlink("../../geheim.txt", book.join("content/rel.md")).expect("symlink");
    symlink("../../../nergens/x", book.join("content/weg.md")).expect("symlink");
    let root = BookRoot::new(&book).expect("root");
    for name in ["content/rel.md", "content/weg.md"] {
        let refusal = root.resolve(&book.join(name)).expect_err(name);
        assert!(
            matches!(refusal, Refusal::Escapes { .. }),
            "{name}: {refusal}"
        );
    }
}

#[test]
fn links_inside_the_book_are_refused_too_naming_the_target() {
    let (_dir, book) = setup();
    symlink("../a.md", book.join("content/sub/b.md")).expect("symlink");
    symlink("sub", book.join("content/zelfde")).expect("symlink");
    symlink("..", book.join("content/sub/terug")).expect("symlink");
    let root = BookRoot::new(&book).expect("root");
    let refusal = root
        .resolve(&book.join("content/sub/b.md"))
        .expect_err("a link");
    assert!(
        matches!(&refusal, Refusal::Link { target, .. } if target == Path::new("../a.md")),
        "{refusal}"
    );
    assert!(!refusal.to_string().contains("outside"), "{refusal}");
    let (found, refused) = root.walk(&book.join("content"), |a, b| a.cmp(b));
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert!(
        found.iter().all(|w| !w.path.ends_with("zelfde")),
        "{found:?}"
    );
    assert!(found.iter().any(|w| w.path.ends_with("content/a.md")));
}

#[test]
fn climbing_out_and_absolute_paths_are_refused() {
    let (_dir, book) = setup();
    let root = BookRoot::new(&book).expect("root");
    for path in ["content/../../geheim.txt", "/etc/passwd"] {
        let refusal = root.resolve(Path::new(path)).expect_err(path);
        assert!(matches!(refusal, Refusal::Outside(_)), "{path}: {refusal}");
    }
    assert!(root.resolve(Path::new("content/sub/../a.md")).is_ok());
}

#[test]
fn a_named_pipe_is_not_read() {
    let (_dir, book) = setup();
    let fifo = book.join("content/pijp.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let root = BookRoot::new(&book).expect("root");
    assert!(matches!(
        root.read(&fifo, 100),
        Err(ReadError::Refused(Refusal::Special(_)))
    ));
}
