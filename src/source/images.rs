//! The images of a book, checked as the PDF will read them: the path as
//! the generated Typst names it, the file through the closed world (see
//! [`crate::base::closed`]), the format as Typst determines it and the pixels
//! decoded by Typst's own decoder, so that what passes here, the build can
//! print.
//!
//! The PDF is PDF/UA-1 with PDF/A-2a: a PDF cannot be embedded as an
//! image there, so PNG, JPEG, GIF, WebP and SVG are the formats a book may
//! use.

use std::cell::Cell;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use typst::diag::LoadedWithin as _;
use typst::foundations::Bytes;
use typst::loading::{LoadSource, Loaded};
use typst::syntax::Spanned;
use typst::visualize::{
    ExchangeFormat, ImageFormat, RasterFormat, RasterImage, SvgImage, VectorFormat,
};

use crate::base::closed::{BookRoot, ReadError, Refusal};
use crate::base::diagnostics::codes::{self, Code};
use crate::base::limits;
use crate::base::memo::{Memo, Memos};

/// Why an image cannot be printed: a message and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageProblem {
    /// What is wrong, for the editor.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The kind of problem.
    pub code: Code,
}

impl ImageProblem {
    fn new(code: Code, message: impl Into<String>, hint: Option<&str>) -> Self {
        Self {
            message: message.into(),
            hint: hint.map(str::to_owned),
            code,
        }
    }
}

const FORMATS: &str = "use PNG, JPEG, GIF, WebP or SVG";

/// The images of one book, with the pixels seen so far counted against
/// [`limits::BOOK_IMAGE_PIXELS`].
#[derive(Debug)]
pub(crate) struct Images {
    closed: Option<BookRoot>,
    pixels: Cell<u64>,
    /// In a session that rebuilds, each image decoded before, by its
    /// bytes or its file's stamp (see [`crate::base::memo`]), with the
    /// moment this compile began (see
    /// [`FileStamp`](crate::base::closed::FileStamp)).
    decoded: Option<(Arc<Memo<Decoded>>, SystemTime)>,
}

/// What an image's bytes gave, before its pixels are counted against the
/// book's limits (which depend on the images before it).
#[derive(Debug, Clone)]
struct Decoded {
    /// A raster image's size in pixels: counted, and only then `result`.
    size: Option<(u32, u32)>,
    /// The image as the PDF will read it: its size, or why it cannot be.
    result: Result<Option<(u32, u32)>, ImageProblem>,
}

impl Images {
    /// The images of the book that `closed` reads; `memos` keeps each
    /// image decoded for the compiles after (a session that rebuilds).
    pub(crate) fn new(closed: Option<&BookRoot>, memos: Option<&Memos>) -> Self {
        Self {
            closed: closed.cloned(),
            pixels: Cell::new(0),
            decoded: memos.map(|memos| (memos.of(), SystemTime::now())),
        }
    }

    /// Checks the image `src` as written on the page whose file is `page`,
    /// and returns its size in pixels when it is a raster image. An image
    /// on the web is not read: the PDF prints its alternative text, the
    /// site links it.
    pub(crate) fn check(&self, page: &Path, src: &str) -> Result<Option<(u32, u32)>, ImageProblem> {
        if src.contains("://") {
            return Ok(None);
        }
        let Some(closed) = &self.closed else {
            return Ok(None);
        };
        let page = page.strip_prefix(closed.path()).unwrap_or(page);
        let rel = book_path(page, src).ok_or_else(|| {
            ImageProblem::new(
                codes::IMAGE_OUTSIDE_CONTENT,
                format!("the image `{src}` lies outside the book"),
                Some("put the image in the content folder, beside the page"),
            )
        })?;
        if !rel.starts_with(crate::source::load::CONTENT_DIR) {
            return Err(ImageProblem::new(
                codes::IMAGE_OUTSIDE_CONTENT,
                format!(
                    "the image `{src}` is `{}`, outside the content folder",
                    rel.display()
                ),
                Some("put the image in the content folder, beside the page"),
            ));
        }
        let path = closed.path().join(&rel);
        let read = || {
            closed
                .read(&path, limits::IMAGE_BYTES)
                .map_err(|err| read_problem(src, &rel, err))
        };
        let decoded = match &self.decoded {
            Some((memo, now)) => {
                // A settled file whose stamp is that of one decoded before
                // is not read again (see `FileStamp` for why that is safe);
                // another is kept by its bytes.
                let stamp = closed
                    .settled_stamp(&path, *now)
                    .map_err(|refusal| read_problem(src, &rel, ReadError::Refused(refusal)))?;
                let by_stamp = stamp.map(|stamp| Memo::<Decoded>::key(&(src, &rel, stamp)));
                match by_stamp.and_then(|key| memo.lookup(key)) {
                    Some(decoded) => decoded,
                    None => {
                        let data = read()?;
                        let key =
                            by_stamp.unwrap_or_else(|| Memo::<Decoded>::key(&(src, &rel, &data)));
                        let decoded = memo.lookup(key).unwrap_or_else(|| decode(src, &rel, data));
                        memo.store(key, decoded.clone());
                        decoded
                    }
                }
            }
            None => decode(src, &rel, read()?),
        };
        if let Some((width, height)) = decoded.size {
            self.count(src, u64::from(width) * u64::from(height))?;
        }
        decoded.result
    }

    /// Counts an image's pixels against the limits.
    fn count(&self, src: &str, pixels: u64) -> Result<(), ImageProblem> {
        if pixels > limits::IMAGE_PIXELS {
            return Err(ImageProblem::new(
                codes::IMAGE_TOO_LARGE,
                format!(
                    "the image `{src}` has {} million pixels; an image may have at most {} million \
                     (the limit on image size)",
                    pixels.div_ceil(1_000_000),
                    limits::IMAGE_PIXELS / 1_000_000
                ),
                Some("make it smaller: 2 000 pixels wide is plenty for a printed page"),
            ));
        }
        let total = self.pixels.get() + pixels;
        self.pixels.set(total);
        if total > limits::BOOK_IMAGE_PIXELS {
            return Err(ImageProblem::new(
                codes::IMAGES_TOO_LARGE,
                format!(
                    "with `{src}`, the book's images have more than {} million pixels together \
                     (the limit on images)",
                    limits::BOOK_IMAGE_PIXELS / 1_000_000
                ),
                Some("make the images smaller: 2 000 pixels wide is plenty for a printed page"),
            ));
        }
        Ok(())
    }
}

/// Decodes the image `src` (at `rel`, holding `data`) as the PDF will: a
/// raster image within the limit on one image's pixels, whose size is
/// counted against the book's before the result holds.
fn decode(src: &str, rel: &Path, data: Vec<u8>) -> Decoded {
    let problem = |result| Decoded { size: None, result };
    let Some(format) = format_of(rel, &data) else {
        return problem(Err(ImageProblem::new(
            codes::IMAGE_FORMAT,
            format!("`{src}` is not an image kis-book can print"),
            Some(FORMATS),
        )));
    };
    let unreadable = |why: &str| {
        ImageProblem::new(
            codes::IMAGE_UNREADABLE,
            format!("the image `{src}` cannot be read: {why}"),
            Some("open it in an image editor and save it again"),
        )
    };
    match format {
        ImageFormat::Vector(VectorFormat::Pdf) => problem(Err(ImageProblem::new(
            codes::IMAGE_FORMAT,
            format!(
                "`{src}` is a PDF: an accessible PDF (PDF/UA) cannot hold another PDF as an image"
            ),
            Some("export the page as PNG or SVG and use that"),
        ))),
        ImageFormat::Vector(VectorFormat::Svg) => {
            let bytes = Bytes::new(data);
            let loaded = Loaded::new(Spanned::detached(LoadSource::Bytes), bytes.clone());
            problem(
                SvgImage::new(bytes)
                    .map(|_| None)
                    .map_err(|err| unreadable(&err.within(&loaded).message)),
            )
        }
        ImageFormat::Raster(RasterFormat::Exchange(raster)) => {
            let (width, height) = match dimensions(&data, raster) {
                Ok(size) => size,
                Err(why) => return problem(Err(unreadable(&why))),
            };
            // One image above the limit is refused by its count, undecoded.
            let result = if u64::from(width) * u64::from(height) > limits::IMAGE_PIXELS {
                Ok(None)
            } else {
                RasterImage::plain(Bytes::new(data), raster)
                    .map(|_| Some((width, height)))
                    .map_err(|err| unreadable(&err))
            };
            Decoded {
                size: Some((width, height)),
                result,
            }
        }
        // Typst detects no raw pixel data in a file.
        ImageFormat::Raster(RasterFormat::Pixel(_)) => problem(Ok(None)),
    }
}

/// The image's path from the book root, made as the generated Typst makes
/// it: the page's folder, then `src` one part at a time. `None` when `..`
/// climbs above the root.
fn book_path(page: &Path, src: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = page
        .parent()
        .map(|dir| {
            dir.to_string_lossy()
                .replace('\\', "/")
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    for part in src.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part.to_owned()),
        }
    }
    Some(parts.iter().collect())
}

/// The format as Typst determines it: from the extension, else the data.
fn format_of(rel: &Path, data: &[u8]) -> Option<ImageFormat> {
    let by_extension = match rel.extension().and_then(|e| e.to_str()) {
        Some("png") => Some(ExchangeFormat::Png.into()),
        Some("jpg" | "jpeg") => Some(ExchangeFormat::Jpg.into()),
        Some("gif") => Some(ExchangeFormat::Gif.into()),
        Some("webp") => Some(ExchangeFormat::Webp.into()),
        Some("svg" | "svgz") => Some(VectorFormat::Svg.into()),
        Some("pdf") => Some(VectorFormat::Pdf.into()),
        _ => None,
    };
    by_extension.or_else(|| ImageFormat::detect(data))
}

/// Width and height from the image's header, without decoding it: an image
/// can claim far more pixels than its file size suggests.
fn dimensions(data: &[u8], format: ExchangeFormat) -> Result<(u32, u32), String> {
    image::ImageReader::with_format(Cursor::new(data), format.into())
        .into_dimensions()
        .map_err(|err| err.to_string())
}

/// A file the image could not be read from.
fn read_problem(src: &str, rel: &Path, err: ReadError) -> ImageProblem {
    match err {
        ReadError::Refused(refusal) if refusal.is_not_found() => ImageProblem::new(
            codes::NO_SUCH_IMAGE,
            format!("there is no image `{src}` (`{}`)", rel.display()),
            Some("image paths are relative to the page's own file"),
        ),
        ReadError::Refused(refusal @ (Refusal::Escapes { .. } | Refusal::Link { .. })) => {
            ImageProblem {
                message: refusal.to_string(),
                hint: refusal.hint().map(str::to_owned),
                code: crate::base::closed::refusal_diagnostic(&refusal).code,
            }
        }
        ReadError::Refused(refusal) => ImageProblem::new(
            codes::IMAGE_UNREADABLE,
            format!("the image `{src}`: {refusal}"),
            refusal.hint(),
        ),
        ReadError::TooLarge { size, max } => ImageProblem::new(
            codes::IMAGE_TOO_LARGE,
            format!(
                "the image `{src}` is {}; an image may be at most {} (the limit on image files)",
                limits::bytes(size),
                limits::bytes(max)
            ),
            Some("save it smaller, or as JPEG"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_made_as_the_typst_source_makes_them() {
        let page = Path::new("content/03-themas/1-migratie/index.md");
        let cases = [
            ("kaart.png", Some("content/03-themas/1-migratie/kaart.png")),
            (
                "../beeld/logo.png",
                Some("content/03-themas/beeld/logo.png"),
            ),
            ("./a//b.png", Some("content/03-themas/1-migratie/a/b.png")),
            ("/x.png", Some("content/03-themas/1-migratie/x.png")),
            ("../../../x.png", Some("x.png")),
            ("../../../../etc/passwd", None),
        ];
        for (src, expected) in cases {
            assert_eq!(book_path(page, src), expected.map(PathBuf::from), "{src}");
        }
    }
}
