//! The Typst `World` of one book: the generated main file, the computed
//! data and the templates in memory, the fonts from the book's assets, and
//! nothing else. No system fonts, no packages, no network, no clock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt as _, World};
use typst_kit::fonts::FontStore;

use crate::base::closed::{BookRoot, ReadError};
use crate::source::assets::{Assets, FONT_EXTENSIONS};

/// What the PDF backend keeps between the builds of a session: the fonts,
/// loaded once while they stay the same, and the previous main source.
#[derive(Default)]
pub struct State {
    /// The fonts, with the fingerprint of the files they were loaded from.
    fonts: Option<(u128, Arc<FontStore>)>,
    /// The generated main file of the previous build (see [`State::main_source`]).
    previous_main: Option<Source>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("fonts", &self.fonts.as_ref().map(|(key, _)| key))
            .field("previous_main", &self.previous_main.is_some())
            .finish()
    }
}

impl State {
    /// The generated main file as a Typst source. In a session that builds
    /// more than once (`kis-book serve`), it is the previous build's
    /// source, edited: Typst reparses only the changed part and keeps the
    /// numbering of every other node, so its memoised layout of the
    /// unchanged pages still applies. (A fresh parse numbers every node
    /// after an added paragraph anew, and the whole rest of the book is
    /// laid out again.)
    fn main_source(&mut self, id: FileId, text: String) -> Source {
        let source = match self.previous_main.take() {
            Some(mut source) if source.id() == id => {
                source.replace(&text);
                source
            }
            _ => Source::new(id, text),
        };
        self.previous_main = Some(source.clone());
        source
    }

    /// The book's fonts, loaded anew only when the font files changed.
    fn fonts(&mut self, assets: &Assets) -> anyhow::Result<Arc<FontStore>> {
        let key = assets.fingerprint("fonts");
        match &self.fonts {
            Some((loaded, fonts)) if *loaded == key => Ok(fonts.clone()),
            _ => {
                let fonts = Arc::new(load_fonts(assets)?);
                self.fonts = Some((key, fonts.clone()));
                Ok(fonts)
            }
        }
    }
}

/// A book as Typst sees it.
pub struct BookWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontStore>,
    main: FileId,
    /// Typst sources: the main file and every template.
    sources: HashMap<FileId, Source>,
    /// Other in-memory files: the data and template resources.
    files: HashMap<FileId, Bytes>,
    /// The book root as a closed world, for images under `content/`.
    closed: Option<BookRoot>,
    /// Images read from `content/`, kept so that every read sees the same bytes.
    read: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    /// What `datetime.today()` returns: the book's date, never the clock.
    today: Option<Datetime>,
}

impl std::fmt::Debug for BookWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BookWorld")
            .field("root", &self.closed.as_ref().map(BookRoot::path))
            .field("sources", &self.sources.len())
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

/// The file id of a virtual path such as `/main.typ`.
pub fn file_id(path: &str) -> anyhow::Result<FileId> {
    let vpath = VirtualPath::new(path)
        .map_err(|err| anyhow::anyhow!("`{path}` is not a valid Typst path: {err}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl BookWorld {
    /// A world whose main file is `main` (at `main_path`), with the
    /// in-memory `files`, the PDF templates and fonts of `assets`, and
    /// `today`; `state` is what the session kept from its last build.
    pub fn new(
        root: &Path,
        assets: &Assets,
        state: &mut State,
        (main_path, main): (&str, String),
        files: Vec<(&str, Bytes)>,
        today: Option<Datetime>,
    ) -> anyhow::Result<Self> {
        let main_id = file_id(main_path)?;
        let mut sources = HashMap::new();
        sources.insert(main_id, state.main_source(main_id, main));
        let mut memory = HashMap::new();
        for (path, bytes) in files {
            memory.insert(file_id(path)?, bytes);
        }
        for rel in assets.list("templates/pdf") {
            let id = file_id(&format!("/{rel}"))?;
            if rel.ends_with(".typ") {
                sources.insert(id, Source::new(id, assets.text(&rel)?));
            } else {
                memory.insert(id, Bytes::new(assets.get(&rel)?.into_owned()));
            }
        }
        Ok(Self {
            library: LazyHash::new(Library::builder().build()),
            fonts: state.fonts(assets)?,
            main: main_id,
            sources,
            files: memory,
            closed: assets
                .book_root()
                .cloned()
                .or_else(|| BookRoot::new(root).ok()),
            read: Mutex::new(HashMap::new()),
            today,
        })
    }

    /// The text of the main file.
    pub fn main_text(&self) -> &str {
        self.sources.get(&self.main).map_or("", Source::text)
    }

    /// The files Typst read from the book's `content/` (its images), with
    /// their bytes, in path order: what a stand-alone Typst needs of it.
    pub fn content_read(&self) -> Vec<(String, Bytes)> {
        let Ok(read) = self.read.lock() else {
            return Vec::new();
        };
        let mut out: Vec<(String, Bytes)> = read
            .iter()
            .filter_map(|(id, bytes)| {
                let rel = id.vpath().get_without_slash().to_owned();
                Some((rel, bytes.as_ref().ok()?.clone()))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Whether `id` is the generated main file.
    pub fn is_main(&self, id: FileId) -> bool {
        id == self.main
    }

    fn read_content(&self, id: FileId) -> FileResult<Bytes> {
        let vpath = id.vpath();
        let rel = vpath.get_without_slash();
        if !rel.starts_with("content/") {
            return Err(FileError::NotFound(PathBuf::from(vpath.get_with_slash())));
        }
        let mut read = self
            .read
            .lock()
            .map_err(|_| FileError::Other(Some("file cache poisoned".into())))?;
        read.entry(id)
            .or_insert_with(|| {
                let Some(closed) = &self.closed else {
                    return Err(FileError::NotFound(PathBuf::from(rel)));
                };
                let path = closed.path().join(rel);
                match closed.read(&path, crate::base::limits::IMAGE_BYTES) {
                    Ok(bytes) => Ok(Bytes::new(bytes)),
                    Err(ReadError::Refused(refusal)) if refusal.is_not_found() => {
                        Err(FileError::NotFound(path))
                    }
                    Err(ReadError::Refused(refusal)) => {
                        Err(FileError::Other(Some(refusal.to_string().into())))
                    }
                    Err(ReadError::TooLarge { .. }) => Err(FileError::Other(Some(
                        "the image file is larger than a book may hold".into(),
                    ))),
                }
            })
            .clone()
    }
}

impl World for BookWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.sources.get(&id) {
            Some(source) => Ok(source.clone()),
            None if self.files.contains_key(&id) => Err(FileError::NotSource),
            None => Err(FileError::NotFound(PathBuf::from(
                id.vpath().get_with_slash(),
            ))),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.text().to_owned()));
        }
        self.read_content(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

/// Every font file of the book's assets (embedded or its own), in sorted
/// order so that font selection never depends on the file system.
fn load_fonts(assets: &Assets) -> anyhow::Result<FontStore> {
    let mut store = FontStore::new();
    for rel in assets.list("fonts") {
        let lower = rel.to_ascii_lowercase();
        if !FONT_EXTENSIONS.iter().any(|ext| lower.ends_with(ext)) {
            continue;
        }
        let bytes = Bytes::new(assets.get(&rel)?.into_owned());
        for font in Font::iter(bytes) {
            let info = font.info().clone();
            store.push((font, info));
        }
    }
    anyhow::ensure!(
        store.font(0).is_some(),
        "no fonts: put a TTF or OTF font in fonts/"
    );
    Ok(store)
}

/// The PDF's fixed date: `SOURCE_DATE_EPOCH` when set, else the book's date.
pub fn fixed_date(config_date: &str, source_date_epoch: Option<&str>) -> anyhow::Result<Datetime> {
    let at = fixed_time(config_date, source_date_epoch)?;
    Datetime::from_ymd_hms(
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
    )
    .context("the PDF's date is out of Typst's range")
}

/// The PDF's fixed date in seconds since 1970 (UTC), as a stand-alone
/// `typst compile --creation-timestamp` takes it.
pub fn fixed_epoch(config_date: &str, source_date_epoch: Option<&str>) -> anyhow::Result<i64> {
    Ok(fixed_time(config_date, source_date_epoch)?
        .assume_utc()
        .unix_timestamp())
}

/// `SOURCE_DATE_EPOCH` when set, else midnight of the book's date (UTC).
fn fixed_time(
    config_date: &str,
    source_date_epoch: Option<&str>,
) -> anyhow::Result<time::PrimitiveDateTime> {
    if let Some(epoch) = source_date_epoch {
        let secs: i64 = epoch
            .trim()
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"))?;
        let at = time::OffsetDateTime::from_unix_timestamp(secs)
            .with_context(|| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"))?;
        Ok(time::PrimitiveDateTime::new(at.date(), at.time()))
    } else {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        Ok(time::Date::parse(config_date, &format)
            .with_context(|| format!("the book's date `{config_date}` is not a date YYYY-MM-DD"))?
            .midnight())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_date_prefers_source_date_epoch() {
        let from_config = fixed_date("2018-12-01", None).expect("config date");
        assert_eq!(
            from_config,
            Datetime::from_ymd_hms(2018, 12, 1, 0, 0, 0).expect("date")
        );
        let from_epoch = fixed_date("2018-12-01", Some("1543626000")).expect("epoch");
        assert_eq!(
            from_epoch,
            Datetime::from_ymd_hms(2018, 12, 1, 1, 0, 0).expect("date")
        );
        let leap_day = fixed_date("2018-12-01", Some("951782400")).expect("epoch");
        assert_eq!(
            leap_day,
            Datetime::from_ymd_hms(2000, 2, 29, 0, 0, 0).expect("date")
        );
        assert_eq!(
            fixed_epoch("2018-12-01", None).expect("epoch"),
            1_543_622_400
        );
        assert_eq!(
            fixed_epoch("2018-12-01", Some("1543626000")).expect("epoch"),
            1_543_626_000
        );
        assert!(fixed_date("december", None).is_err());
        assert!(fixed_date("2019-02-30", None).is_err());
    }
}
