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
fn links_inside_the_book_are_followed() {
    let (_dir, book) = setup();
    symlink("../a.md", book.join("content/sub/b.md")).expect("symlink");
    symlink("sub", book.join("content/zelfde")).expect("symlink");
    let root = BookRoot::new(&book).expect("root");
    let bytes = root
        .read(&book.join("content/sub/b.md"), 100)
        .expect("inside");
    assert_eq!(bytes, b"binnen");
    let (found, refused) = root.walk(&book.join("content"), |a, b| a.cmp(b));
    assert!(refused.is_empty(), "{refused:?}");
    assert!(
        found
            .iter()
            .any(|w| w.path == book.join("content/zelfde/b.md") && w.depth == 1),
        "{found:?}"
    );
}

#[test]
fn a_link_loop_is_reported_not_followed_forever() {
    let (_dir, book) = setup();
    symlink("..", book.join("content/sub/terug")).expect("symlink");
    let root = BookRoot::new(&book).expect("root");
    let (_found, refused) = root.walk(&book.join("content"), |a, b| a.cmp(b));
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].to_string().contains("loop"), "{}", refused[0]);
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
fn the_site_refuses_every_link() {
    let (_dir, book) = setup();
    symlink("a.md", book.join("content/b.md")).expect("symlink");
    let root = BookRoot::with_links(&book, Links::Refuse).expect("root");
    assert!(matches!(
        root.resolve(&book.join("content/b.md")),
        Err(Refusal::Link(_))
    ));
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
