#!/usr/bin/env python3
"""Writes a book of many small chapters, for the site's scale bench and test.

    python3 scripts/many-chapters-book.py OUT --chapters N

It copies the small test book (tests/fixtures/small-book: an introduction,
a chapter of two projects, programme management and the overview) to
OUT/content/ and adds N small top-level chapters after it, each a title and
one short paragraph (about 50 bytes of Markdown; 5 000 of them are 250 kB,
within every limit of src/base/limits.rs). The book checks clean. It is
generated, never committed.
"""

import argparse
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SMALL_BOOK = REPO / "tests" / "fixtures" / "small-book" / "content"


def write(out: Path, chapters: int) -> None:
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(SMALL_BOOK, content)
    width = len(str(chapters))
    for n in range(1, chapters + 1):
        number = str(n).zfill(width)
        text = f"---\ntitle: Hoofdstuk {n}\n---\n\nDe tekst van hoofdstuk {n}.\n"
        (content / f"05-{number}-hoofdstuk.md").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the book's root (content/ is replaced)")
    parser.add_argument("--chapters", type=int, default=5000)
    args = parser.parse_args()
    if args.chapters < 0:
        parser.error("--chapters must not be negative")
    write(args.out, args.chapters)


if __name__ == "__main__":
    main()
