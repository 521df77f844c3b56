//! The watcher: what events name, and what is walked.

use super::*;

/// Reading a file, as every build does, is no change; writing,
/// creating, removing and renaming are, and so is a watcher's error.
#[test]
fn reading_is_no_change() {
    use notify::event::{CreateKind, ModifyKind, RemoveKind};
    let event = |kind| Ok(notify::Event::new(kind));
    for (kind, change) in [
        (EventKind::Access(AccessKind::Open(AccessMode::Read)), false),
        (
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            false,
        ),
        (EventKind::Access(AccessKind::Read), false),
        (
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            true,
        ),
        (EventKind::Modify(ModifyKind::Any), true),
        (EventKind::Create(CreateKind::File), true),
        (EventKind::Remove(RemoveKind::Folder), true),
    ] {
        assert_eq!(may_change(&event(kind)), change, "{kind:?}");
    }
    assert!(may_change(&Err(notify::Error::generic("overflow"))));
}

fn event(kind: EventKind, paths: &[PathBuf]) -> notify::Result<notify::Event> {
    let mut event = notify::Event::new(kind);
    event.paths = paths.to_vec();
    Ok(event)
}

/// What events in the book's root name: nothing outside the source
/// folders, the folders themselves and what is under them, and
/// everything when an event cannot be trusted.
#[test]
fn events_outside_the_sources_name_nothing() {
    use notify::event::{CreateKind, Flag, ModifyKind, RemoveKind, RenameMode};
    let root = Path::new("/boek");
    let created = EventKind::Create(CreateKind::Folder);
    let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
    let names = |event: notify::Result<notify::Event>| {
        let mut named = Named::default();
        named.note(root, &event);
        named
    };
    let paths = |paths: &[&str]| Named {
        everything: false,
        paths: paths.iter().map(|p| root.join(p)).collect(),
    };
    for (event, expected) in [
        (event(created, &[root.join("build")]), paths(&[])),
        (
            event(
                renamed,
                &[root.join("build"), root.join(".kis-book-staging")],
            ),
            paths(&[]),
        ),
        (
            event(
                EventKind::Remove(RemoveKind::Any),
                &[root.join(".kis-book-old/site/x.html")],
            ),
            paths(&[]),
        ),
        (event(created, &[root.join("contents")]), paths(&[])),
        (event(created, &[root.to_path_buf()]), paths(&[])),
        (
            event(renamed, &[root.join("content.old"), root.join("content")]),
            paths(&["content"]),
        ),
        (
            event(created, &[root.join("templates/site/404.html")]),
            paths(&["templates/site/404.html"]),
        ),
        (
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                &[root.join("fonts/a.ttf")],
            ),
            paths(&["fonts/a.ttf"]),
        ),
        (
            event(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                &[root.join("content/a.md")],
            ),
            paths(&[]),
        ),
        (
            event(created, &[PathBuf::from("/elders/content/a.md")]),
            Named::everything(),
        ),
        (event(created, &[]), Named::everything()),
        (
            Ok(notify::Event::new(EventKind::Other).set_flag(Flag::Rescan)),
            Named::everything(),
        ),
        (Err(notify::Error::generic("overflow")), Named::everything()),
    ] {
        let shown = format!("{event:?}");
        assert_eq!(names(event), expected, "{shown}");
    }
    let mut many = Named::default();
    for i in 0..=MAX_NAMED {
        many.note(
            root,
            &event(created, &[root.join(format!("content/{i}.md"))]),
        );
    }
    assert_eq!(many, Named::everything());
}

fn book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("content/01-hoofdstuk")).expect("mkdir");
    std::fs::write(dir.path().join("content/a.md"), "a").expect("write");
    std::fs::write(dir.path().join("content/01-hoofdstuk/b.md"), "b").expect("write");
    dir
}

/// A watcher whose events the test sends, comparing every `poll`.
fn sent(
    root: &Path,
    poll: Duration,
) -> (
    Watcher,
    std::sync::mpsc::Sender<notify::Result<notify::Event>>,
) {
    let (tx, events) = channel();
    let mut watcher = Watcher::with_events(root, None, events).expect("watcher");
    watcher.poll = poll;
    (watcher, tx)
}

/// The publication switching `build/` in the book's root costs no walk
/// of the sources; the save after it is compared by the path its
/// events name (the system's own watcher, as serve runs it).
#[test]
fn publishing_in_the_root_walks_nothing() {
    let book = book();
    let root = book.path().to_path_buf();
    let mut watcher = Watcher::new(&root).expect("watcher");
    // Found by a walk only if the events were lost.
    watcher.poll = Duration::from_secs(60);
    assert_eq!(watcher.snapshot.walks, 1);
    let saver = std::thread::spawn({
        let root = root.clone();
        move || {
            let staging = root.join(".kis-book-staging");
            for round in 0..3 {
                std::fs::create_dir_all(staging.join("site")).expect("mkdir");
                std::fs::write(staging.join("site/index.html"), format!("{round}")).expect("write");
                if root.join("build").exists() {
                    std::fs::rename(root.join("build"), root.join(".kis-book-old")).expect("move");
                }
                std::fs::rename(&staging, root.join("build")).expect("switch");
                let _ = std::fs::remove_dir_all(root.join(".kis-book-old"));
            }
            std::fs::write(root.join("content/01-hoofdstuk/b.md"), "bewaard").expect("save");
        }
    });
    let changed = watcher.next_change().expect("change");
    saver.join().expect("saver");
    assert_eq!(changed, [root.join("content/01-hoofdstuk/b.md")]);
    assert_eq!(watcher.snapshot.walks, 1);
}

/// A file copied in that no event names is found by the comparison
/// every poll.
#[test]
fn a_change_no_event_names_is_found_by_the_poll() {
    let book = book();
    let (mut watcher, _events) = sent(book.path(), Duration::from_millis(20));
    let c = book.path().join("content/01-hoofdstuk/c.md");
    std::fs::write(&c, "c").expect("write");
    assert_eq!(watcher.next_change().expect("change"), [c]);
    assert!(watcher.snapshot.walks >= 2);
}

/// A folder copied in is walked alone; an overflow and a source folder
/// replaced walk everything.
#[test]
fn a_folder_is_walked_alone_and_everything_when_events_are_not_trusted() {
    use notify::event::{CreateKind, Flag};
    let book = book();
    let root = book.path();
    let (mut watcher, events) = sent(root, Duration::from_secs(60));
    let new = root.join("content/02-nieuw");
    std::fs::create_dir_all(new.join("bijlagen")).expect("mkdir");
    std::fs::write(new.join("bijlagen/d.md"), "d").expect("write");
    std::fs::write(new.join("c.md"), "c").expect("write");
    let send = |e| events.send(e).expect("send");
    send(event(
        EventKind::Create(CreateKind::Folder),
        std::slice::from_ref(&new),
    ));
    let changed = watcher.next_change().expect("change");
    assert_eq!(changed, [new.join("bijlagen/d.md"), new.join("c.md")]);
    assert_eq!(watcher.snapshot.walks, 1);

    // The queue overflowed: what changed is not named.
    let a = root.join("content/a.md");
    std::fs::write(&a, "aa").expect("write");
    send(Ok(
        notify::Event::new(EventKind::Other).set_flag(Flag::Rescan)
    ));
    assert_eq!(watcher.next_change().expect("change"), [a]);
    assert_eq!(watcher.snapshot.walks, 3);

    // fonts/ appears with a file: watched (and walked) anew, whatever
    // the event names.
    std::fs::create_dir(root.join("fonts")).expect("mkdir");
    std::fs::write(root.join("fonts/x.otf"), "x").expect("write");
    send(event(
        EventKind::Create(CreateKind::Folder),
        &[root.join("build")],
    ));
    send(event(
        EventKind::Create(CreateKind::Folder),
        &[root.join("fonts")],
    ));
    assert_eq!(
        watcher.next_change().expect("change"),
        [root.join("fonts/x.otf")]
    );
}
