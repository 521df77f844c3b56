#!/usr/bin/env python3
"""The layout report of a built PDF: how full each page is, and where the
page flow fails the house style.

    python3 scripts/layout-report.py build/kis-werkplan-2019.pdf
    python3 scripts/layout-report.py --json build/kis-werkplan-2019.pdf

Reads the word boxes of `pdftotext -bbox-layout` and the outline of
`pdftohtml -xml` (both poppler-utils), nothing else; python3's standard
library only. For every page it prints the fill (the bottom of the lowest
text line inside the text area, as a share of the text area's height, so
that footnotes count and the running head and the footer do not) and
flags:

- `near-empty`: a page under --min-fill (30 %) that is not the last page of
  a chapter (chapters are the top-level entries of the PDF's outline; the
  pages before the first chapter count as one, the last page is the back
  cover);
- `blank`: a page without text that is not a parity page before a chapter
  or the back cover;
- `heading-at-foot`: a heading (a line set at --heading-size or larger)
  followed on its page by fewer than two lines of text (footnotes aside);
- `continuation-without-organisation`: a page that opens with a repeated
  budget table header whose first rows do not name their organisation
  (the rows up to the first "Totaal <organisation>" line name it, or
  "<organisation> (vervolg)"), or whose first rows are only the table's
  material and total lines.

`--check` exits 1 when any page is flagged or the PDF has more than
--max-pages pages. The defaults are those of kis-book's template
(templates/pdf/book.typ: A4, 20 mm top and 24 mm bottom margin) and the
Dutch labels; a book with other labels passes its own.
"""

import argparse
import html
import json
import re
import subprocess
import sys

MM = 72 / 25.4

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
ITEM = re.compile(r'<item page="(\d+)">')


class Line:
    """A line of text: its words, top, bottom, left edge and type size."""

    def __init__(self, words):
        self.words = [w[4] for w in words]
        self.top = min(w[1] for w in words)
        self.bottom = max(w[3] for w in words)
        self.left = min(w[0] for w in words)
        # The height of the line's tallest word: about the type size in
        # points (Open Sans: 9 pt gives 9.05).
        self.size = max(w[3] - w[1] for w in words)
        self.text = " ".join(self.words)


def run(command):
    try:
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout
    except FileNotFoundError:
        sys.exit(f"layout-report: `{command[0]}` is missing (Debian: apt-get install poppler-utils)")
    except subprocess.CalledProcessError as error:
        sys.exit(f"layout-report: `{' '.join(command)}` failed: {error.stderr.strip()}")


def rows_of(lines):
    """Lines whose middles are within 2 pt of each other as one row, so
    that a table row is one line whatever its cells' lengths."""
    rows = []
    for words in sorted(lines, key=lambda ws: min(w[1] for w in ws) + max(w[3] for w in ws)):
        middle = (min(w[1] for w in words) + max(w[3] for w in words)) / 2
        if rows and abs(rows[-1][0] - middle) <= 2:
            rows[-1][1].extend(words)
        else:
            rows.append((middle, list(words)))
    return [sorted(words, key=lambda w: w[0]) for _, words in rows]


def read_pages(pdf):
    """Each page's size and its lines, top to bottom."""
    pages = []
    for width, height, body in PAGE.findall(run(["pdftotext", "-bbox-layout", pdf, "-"])):
        lines = []
        for line in LINE.findall(body):
            words = [
                (float(a), float(b), float(c), float(d), html.unescape(text))
                for a, b, c, d, text in WORD.findall(line)
            ]
            if words:
                lines.append(words)
        lines = [Line(words) for words in rows_of(lines)]
        pages.append({"width": float(width), "height": float(height), "lines": lines})
    return pages


def chapter_starts(pdf):
    """The pages the outline's top-level entries point to."""
    xml = run(["pdftohtml", "-xml", "-stdout", "-i", "-q", "-f", "1", "-l", "1", pdf])
    starts, depth = set(), 0
    for token in re.finditer(r"<outline>|</outline>|<item page=\"\d+\">", xml):
        text = token.group(0)
        if text == "<outline>":
            depth += 1
        elif text == "</outline>":
            depth -= 1
        elif depth == 1:
            starts.add(int(ITEM.match(text).group(1)))
    return starts


def continuation_problem(lines, args):
    """Why a page that opens with a repeated budget table header does not
    say whose rows follow, or None."""
    first_rows = lines[1:]
    names = []
    for line in first_rows:
        words = line.words
        if words[0] == args.total_label:
            rest = " ".join(words[1:])
            # "Totaal 29.630": the budget's total, no organisation's.
            if not rest or rest[0].isdigit():
                return "the page holds only the table's last lines: " + " / ".join(
                    l.text for l in first_rows[: first_rows.index(line) + 1]
                )
            organisation = re.sub(r"\s+[\d.,]+$", "", rest)
            if any(name.startswith(organisation) for name in names):
                return None
            return f"rows of {organisation} continue without its name"
        if words[0] == args.material_label.split()[0]:
            return "the page opens with the table's material and total lines"
        # A line that starts in the first column names an organisation
        # (a role line without one starts in the second).
        if line.left < lines[0].left + 2:
            names.append(line.text)
    return None


def opens_on_heading(rows, number, args):
    """Whether the page after `number` opens with a heading."""
    if number >= len(rows):
        return True
    lines = [l for l in rows[number]["lines"] if l.size >= args.footnote_size]
    return bool(lines) and lines[0].size >= args.heading_size


def report(pdf, args):
    pages = read_pages(pdf)
    starts = chapter_starts(pdf)
    count = len(pages)
    rows = []
    for number, page in enumerate(pages, start=1):
        top = args.margin_top * MM
        bottom = page["height"] - args.margin_bottom * MM
        inside = [l for l in page["lines"] if l.top >= top - 1 and l.bottom <= bottom + 1]
        fill = 0.0
        if inside:
            fill = max(0.0, min(1.0, (max(l.bottom for l in inside) - top) / (bottom - top)))
        rows.append({"page": number, "fill": round(fill * 100, 1), "lines": inside, "flags": []})

    # A chapter's last page: the last page with text before the next
    # chapter (or before the back cover, the last page).
    boundaries = sorted(starts | {count})
    last_of_chapter = set()
    for start in boundaries:
        page = start - 1
        while page >= 1 and not rows[page - 1]["lines"]:
            page -= 1
        last_of_chapter.add(page)
    last_of_chapter.add(count)

    for row in rows:
        number, lines = row["page"], row["lines"]
        text_lines = [l for l in lines if l.size >= args.footnote_size]
        if not lines:
            if number + 1 not in boundaries:
                row["flags"].append("blank")
            continue
        if row["fill"] < args.min_fill and number not in last_of_chapter:
            row["flags"].append("near-empty")
        # The cover, colophon and contents (before the first chapter) and
        # the back cover set their titles as they please.
        front_or_back = number < min(starts, default=1) or number == count
        for i, line in enumerate(text_lines):
            if front_or_back or not args.heading_size <= line.size < 40:
                continue
            after = [l for l in text_lines[i + 1 :] if l.size < args.heading_size]
            # Fewer than two lines under it, and its text goes on overleaf
            # (a section that ends under its heading, with the next page
            # opening on a heading, is whole).
            if len(after) < 2 and number + 1 not in boundaries and not opens_on_heading(rows, number, args):
                row["flags"].append(f"heading-at-foot: {line.text}")
                break
        if text_lines and text_lines[0].words[0] == args.header_word:
            problem = continuation_problem(text_lines, args)
            if problem:
                row["flags"].append(f"continuation-without-organisation: {problem}")
    return count, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--max-pages", type=int, default=92)
    parser.add_argument("--min-fill", type=float, default=30.0, help="per cent")
    parser.add_argument("--margin-top", type=float, default=20.0, help="mm")
    parser.add_argument("--margin-bottom", type=float, default=24.0, help="mm")
    parser.add_argument("--heading-size", type=float, default=10.3, help="pt")
    parser.add_argument("--footnote-size", type=float, default=8.3, help="pt; smaller lines are footnotes")
    parser.add_argument("--header-word", default="Organisatie", help="first word of a budget table's header")
    parser.add_argument("--total-label", default="Totaal")
    parser.add_argument("--material-label", default="Materiële kosten")
    args = parser.parse_args()

    count, rows = report(args.pdf, args)
    flagged = [row for row in rows if row["flags"]]
    if args.json:
        print(json.dumps({
            "pages": count,
            "fill": {str(row["page"]): row["fill"] for row in rows},
            "flags": {str(row["page"]): row["flags"] for row in flagged},
        }, ensure_ascii=False, indent=1))
    else:
        print(f"{args.pdf}: {count} pages (at most {args.max_pages})")
        print("page  fill  flags")
        for row in rows:
            bar = "#" * round(row["fill"] / 5)
            print(f"{row['page']:>4} {row['fill']:>5.1f}% {bar:<20} {'; '.join(row['flags'])}")
        under = [row["page"] for row in rows if row["fill"] < args.min_fill]
        print(f"pages under {args.min_fill:g} %: {len(under)} ({', '.join(map(str, under))})")
        print(f"flagged pages: {len(flagged)}")
    if args.check and (flagged or count > args.max_pages):
        sys.exit(1)


if __name__ == "__main__":
    main()
