#!/usr/bin/env python3
"""Writes a synthetic book ten times the 2019 plan, for the benchmarks.

    python3 scripts/ten-times-book.py OUT [--factor 10] [--kis-book BIN]

From the 2019 book in content/, it writes OUT/content/ with the four themes
of projects copied FACTOR times (themes 1-4, 5-8, ...; some 270 budgets at
ten times), each copy with its own ids, file names and links. Every copy
after the first also gets, per page, a section "Planning en bronnen" with
a real image (a PNG bar chart, or an SVG on every third page) that the PDF
embeds and the site shows, a Markdown table and a footnote: the 2019 plan
has none of those of its own. The other chapters (introduction,
communication plan, the budget of functions B-E, the Totaaloverzicht, the
appendix) stay as they are; the overview gets a row per theme.

With --kis-book, the available budget is set to the programme total that
`kis-book budget` computes, so that the book checks without warnings.
The book is generated, never committed; benches/side-by-side.sh writes it
into a temporary folder.
"""

import argparse
import json
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
THEMES_DIR = "03-themas-en-projecten"


def png(width, height, bars, seed):
    """A bar chart as an RGB PNG: `bars` heights in 0..1, one colour each."""
    colours = [(0, 104, 157), (232, 163, 61), (94, 150, 62), (160, 60, 120)]
    rows = []
    bar_w = width // (2 * len(bars) + 1)
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            slot, within = divmod(x, bar_w)
            colour = (250, 250, 250)
            if slot % 2 == 1 and slot // 2 < len(bars):
                i = slot // 2
                if y >= height - int(bars[i] * (height - 4)):
                    colour = colours[(i + seed) % len(colours)]
            if y == height - 1:
                colour = (40, 40, 40)
            row.extend(colour)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def svg(bars, seed):
    """The same chart as a drawing, without text (no fonts needed)."""
    colours = ["#00689d", "#e8a33d", "#5e963e", "#a03c78"]
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" '
        'viewBox="0 0 240 120">',
        '<rect width="240" height="120" fill="#fafafa"/>',
    ]
    for i, h in enumerate(bars):
        height = int(h * 110)
        parts.append(
            f'<rect x="{20 + i * 55}" y="{118 - height}" width="35" height="{height}" '
            f'fill="{colours[(i + seed) % 4]}"/>'
        )
    parts.append('<rect x="0" y="118" width="240" height="2" fill="#282828"/></svg>')
    return "\n".join(parts) + "\n"


def renumber(name, theme, new_theme, copy):
    """A file or folder name, or an id, of copy `copy`: `1.3-x` of theme 1
    becomes `5.3-x` for theme 5; another leading number N (`6-x`, `6A`)
    becomes N + 10 * copy, so that every slug and id stays unique."""
    m = re.match(r"^(\d+)(.*)$", name)
    if not m or copy == 0:
        return name
    number, rest = m.groups()
    if number == str(theme) and (rest.startswith(".") or rest.startswith("-") or rest == ""):
        return f"{new_theme}{rest}"
    return f"{int(number) + 10 * copy}{rest}"


def rewrite_links(text, theme, new_theme, copy):
    """Relative links to other pages of the same theme, renamed."""

    def link(m):
        target = m.group(1)
        if "://" in target or target.startswith("#") or target.startswith("mailto:"):
            return m.group(0)
        segments = [renumber(s, theme, new_theme, copy) for s in target.split("/")]
        return f"]({'/'.join(segments)})"

    return re.sub(r"\]\(([^)\s]+)\)", link, text)


def rewrite_front_matter(text, theme, new_theme, copy):
    head, sep, body = text.partition("\n---\n")
    if not text.startswith("---\n") or not sep:
        return text
    head = re.sub(
        r'^theme: "?%s"?$' % re.escape(str(theme)),
        f'theme: "{new_theme}"',
        head,
        flags=re.M,
    )
    head = re.sub(
        r'^id: "([^"]+)"$',
        lambda m: f'id: "{renumber(m.group(1), theme, new_theme, copy)}"',
        head,
        flags=re.M,
    )
    if copy:
        head = re.sub(
            r'^title: "(.*)"$', lambda m: f'title: "{m.group(1)} ({copy + 1})"', head, flags=re.M
        )
    return head + sep + body


def planning_section(page_id, image, copy, n):
    """Dutch text with an image, a table and a footnote."""
    quarters = [("Q1", "Voorbereiding en deskresearch"), ("Q2", "Interviews en veldwerk"),
                ("Q3", "Analyse en bijeenkomsten"), ("Q4", "Rapportage en verspreiding")]
    rows = "\n".join(
        f"| {q} | {what} | {40 + (n * 7 + i * 13 + copy * 5) % 120} |"
        for i, (q, what) in enumerate(quarters)
    )
    return f"""
## Planning en bronnen

De planning hieronder laat zien hoe de uren over het jaar verdeeld zijn.[^planning-{n}]
De figuur toont dezelfde verdeling per kwartaal.

![Figuur {page_id}: verdeling van de uren over de vier kwartalen]({image})

| Kwartaal | Activiteit | Uren |
|:--|:--|--:|
{rows}

Waar nodig stellen we de planning bij in overleg met de opdrachtgever en de betrokken gemeenten.

[^planning-{n}]: De verdeling is indicatief; de begroting hierboven is leidend.
"""


def copy_theme(src_dir, dst_dir, theme, new_theme, copy, counter, plain):
    """Copies one theme folder, renumbered, with a planning section on every
    page of a copy after the first (unless `plain`). Returns the number of
    pages."""
    pages = 0
    for path in sorted(src_dir.rglob("*")):
        rel = path.relative_to(src_dir)
        target = dst_dir.joinpath(*[renumber(p, theme, new_theme, copy) for p in rel.parts])
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix != ".md":
            shutil.copyfile(path, target)
            continue
        text = path.read_text(encoding="utf-8")
        text = rewrite_front_matter(text, theme, new_theme, copy)
        text = rewrite_links(text, theme, new_theme, copy)
        pages += 1
        if copy and not plain:
            counter[0] += 1
            n = counter[0]
            bars = [((n * 37 + i * 53) % 90 + 10) / 100 for i in range(4)]
            page_id = f"{new_theme}.{n}"
            beeld = target.parent / "beeld"
            beeld.mkdir(exist_ok=True)
            if n % 3 == 0:
                name = f"figuur-{n}.svg"
                (beeld / name).write_text(svg(bars, n), encoding="utf-8")
            else:
                name = f"figuur-{n}.png"
                (beeld / name).write_bytes(png(240, 120, bars, n))
            text = text.rstrip("\n") + "\n" + planning_section(page_id, f"beeld/{name}", copy, n)
        target.write_text(text, encoding="utf-8")
    return pages


def themes_yaml(text, factor):
    """The `themes:` list of book.yaml, FACTOR times, renumbered."""
    m = re.search(r"(    themes:\n)((?:      - .*\n(?:        .*\n)*)+)", text)
    if not m:
        sys.exit("book.yaml: no themes list found")
    themes = re.findall(r'      - id: "(\d+)"\n        name: (.*)\n        label: .*\n', m.group(2))
    if not themes:
        sys.exit("book.yaml: could not read the themes")
    out = []
    for copy in range(factor):
        for tid, name in themes:
            new = int(tid) + len(themes) * copy
            shown = name if copy == 0 else f"{name} ({copy + 1})"
            out.append(f'      - id: "{new}"\n        name: {shown}\n        label: Thema {new}. {shown}\n')
    return text[: m.start(2)] + "".join(out) + text[m.end(2):], len(themes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write the book into")
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--kis-book", type=Path, help="set the available budget with this binary")
    parser.add_argument("--plain", action="store_true",
                        help="copies only, without the planning sections (images, tables, footnotes)")
    args = parser.parse_args()
    src = REPO / "content"
    out = args.out / "content"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    config = (src / "book.yaml").read_text(encoding="utf-8")
    config, n_themes = themes_yaml(config, args.factor)
    config = re.sub(r"^title: (.*)$", rf"title: \1 (x{args.factor})", config, count=1, flags=re.M)
    config = re.sub(r"^output: (.*)$", rf"output: \1-x{args.factor}", config, count=1, flags=re.M)
    (out / "book.yaml").write_text(config, encoding="utf-8")

    for path in sorted(src.iterdir()):
        if path.name in ("book.yaml", THEMES_DIR):
            continue
        if path.is_dir():
            shutil.copytree(path, out / path.name)
        else:
            shutil.copyfile(path, out / path.name)
    (out / THEMES_DIR).mkdir()
    shutil.copyfile(src / THEMES_DIR / "index.md", out / THEMES_DIR / "index.md")
    theme_dirs = sorted(
        (d for d in (src / THEMES_DIR).iterdir() if d.is_dir()),
        key=lambda d: int(d.name.split("-")[0]),
    )
    if len(theme_dirs) != n_themes:
        sys.exit(f"{len(theme_dirs)} theme folders, {n_themes} themes in book.yaml")
    counter = [0]
    pages = 0
    for copy in range(args.factor):
        for d in theme_dirs:
            theme = int(d.name.split("-")[0])
            new_theme = theme + n_themes * copy
            name = f"{new_theme}-{d.name.split('-', 1)[1]}"
            pages += copy_theme(d, out / THEMES_DIR / name, theme, new_theme, copy, counter,
                                args.plain)

    if args.kis_book:
        budget = subprocess.run(
            [str(args.kis_book), "budget", str(args.out), "--format", "json"],
            capture_output=True, text=True,
        )
        if not budget.stdout:
            sys.exit(f"kis-book budget failed:\n{budget.stderr}")
        total = json.loads(budget.stdout)["total"]
        config = re.sub(r"^available_budget: .*$", f"available_budget: {total}", config, flags=re.M)
        (out / "book.yaml").write_text(config, encoding="utf-8")
    print(f"wrote {out}: {pages} theme pages in {n_themes * args.factor} themes, "
          f"{counter[0]} images")


if __name__ == "__main__":
    main()
