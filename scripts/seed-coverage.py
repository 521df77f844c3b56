#!/usr/bin/env python3
"""Report how much of the seed's running text is in content/.

The seed is the text extracted from the published KIS Werkplan 2019 PDF.
This script drops its page furniture and budget tables, joins words split
at line ends, tokenises both sides into words and counts how many of the
seed's word occurrences are found in the Markdown under content/.

Usage:
    python3 scripts/seed-coverage.py [--seed PATH] [--content DIR] [--missing N]

Defaults: the seed at ../shared/seed/werkprogramma-2019.txt and content/,
both relative to the repository root (this script's parent's parent).
--missing N lists the N most frequent missing words (0: none, -1: all).

What counts as a word: a run of letters or a run of digits (Unicode aware,
case-insensitive, NFC). "KIS-website" is the two words "kis" and "website";
"hbo.15" is "hbo" and "15", so a footnote marker glued to a word in the seed
matches a Markdown footnote label "[^15]".

Seed side, left out:
  - running footers ("53Kennisplatform Integratie & Samenleving: Werkplan 2019")
  - chapter numbers glued to a short title line ("Inleiding1" -> "Inleiding")
  - lone page or chapter numbers ("2", " 1. ")
  - a lone URL line repeating a URL that the text already has (the PDF's link
    annotations); a lone URL found nowhere else is kept once
  - budget tables: from "Organisatie Onderzoeker Tarief ..." to the budget's
    final "Totaal ..." line, the table-like lines (role lines with figures,
    Stafkosten, Overhead, Totaal, Materiële kosten); the Totaaloverzicht's
    column headers and rows up to "Totaal beschikbaar budget"
A word split at a line end ("ontwik-" + "kelingen"; also across a page break
where the next page's line starts with a space, and in headings in capitals)
counts as found if the joined word is in the content, or else if both
hyphenated parts are. A URL broken inside a word at a line end is rejoined.

Content side: every *.md under the content folder. The YAML front matter is
dropped except the title (and the id, printed as "Project 1.1" or "B", and a
theme introduction's "Thema 4"). Markdown syntax goes: relative link targets,
HTML comments, alert markers ([!NOTE]) and block placeholders ({{ budget }});
link texts and URLs stay. Inline placeholders ({{ total 1.1 }}, {{ available }})
are expanded from tests/fixtures/werkplan-2019-figures.json when it exists.

Word occurrences are matched as multisets: a word printed 5 times needs 5
occurrences in the content. For each missing word the report gives up to
three seed lines where it occurs, likeliest gaps first (occurrences among
seed words whose surrounding five words are not in the content). Always exits 0: this is a
report, not a check.
"""

import argparse
import collections
import json
import re
import sys
import traceback
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORD = re.compile(r"[^\W\d_]+|\d+")
FOOTER = re.compile(r"^\s*\d*\s*Kennisplatform Integratie & Samenleving: Werkplan 2019\s*$")
LONE_NUMBER = re.compile(r"^\s*\d{1,3}\.?\s*$")
# a short title line with a chapter number glued to its last letter
GLUED_CHAPTER = re.compile(r"^(.*[^\W\d_])([1-9])\s*$")
LONE_URL = re.compile(r"^\s*((?:https?://|www\.)\S+)\s*$", re.IGNORECASE)

ORG = r"(?:Verwey-Jonker Instituut|Movisie)"
NUM = r"\d[\d.]*"
TABLE_HEADER = re.compile(r"^\s*Organisatie\s+Onderzoeker\s+Tarief\b")
TABLE_END = re.compile(rf"^\s*Totaal(?:\s+Project|\s+€)?\s+{NUM}\s*$")
TABLE_ROW = [
    re.compile(rf"^\s*{ORG}\s+\S.*?\s{NUM}(?:\s+{NUM}){{0,2}}\s*$"),  # role line
    re.compile(rf"^\s*{ORG}\s+Project\s*$"),  # role name split over two lines
    re.compile(rf"^\s*(?:Project\s+)?ondersteuning(?:\s+{NUM}){{1,3}}\s*$"),
    re.compile(rf"^\s*(?:Stafkosten|Overhead)\s+{ORG}(?:\s+{NUM}){{3}}\s*$"),
    re.compile(rf"^\s*Totaal\s+{ORG}\s+{NUM}\s*$"),
    re.compile(rf"^\s*Materi[eë]le\s+kosten\s+{NUM}\s*$"),
    TABLE_END,
]
OVERVIEW_START = re.compile(r"^\s*Totaaloverzicht begroting\b")
OVERVIEW_END = re.compile(rf"^\s*Totaal beschikbaar budget\s+{NUM}\s*$")
SPLIT_END = re.compile(r"([^\W\d_]+)-$")  # "ontwik-" at a line end
URL_END = re.compile(r"(?:https?://|www\.)\S*[^\s.,;)-]$", re.IGNORECASE)


def words(text):
    text = unicodedata.normalize("NFC", text).casefold()
    return WORD.findall(text)


def url_key(url):
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().casefold())
    return url.rstrip("/.,;)")


def seed_lines(path):
    """The seed's running text as (line number, text) pairs."""
    raw = path.read_text(encoding="utf-8").split("\n")
    lines = [s.replace("\xa0", " ").replace("\u202f", " ") for s in raw]
    drop = [False] * len(lines)

    # budget tables
    i = 0
    while i < len(lines):
        if TABLE_HEADER.match(lines[i]):
            j = i
            while j < len(lines) and j < i + 80:
                s = lines[j]
                if not s.strip() or TABLE_HEADER.match(s) or any(r.match(s) for r in TABLE_ROW):
                    drop[j] = True
                if TABLE_END.match(s):
                    break
                j += 1
            i = j + 1
        elif OVERVIEW_START.match(lines[i]):
            j = i + 1
            while j < len(lines) and j < i + 60:
                drop[j] = True
                if OVERVIEW_END.match(lines[j]):
                    break
                j += 1
            i = j + 1
        else:
            i += 1

    # lone URL lines: keep only URLs the running text does not already have,
    # also as a bare domain ("jeugdhulpasielzoekerskinderen.nl") or broken
    # over two lines (so compare without whitespace)
    running = "".join(
        "".join(s.split()) for k, s in enumerate(lines) if not drop[k] and not LONE_URL.match(s)
    ).casefold()
    kept_urls = set()

    out = []
    for k, s in enumerate(lines):
        if drop[k] or not s.strip():
            continue
        if FOOTER.match(s) or LONE_NUMBER.match(s):
            continue
        m = LONE_URL.match(s)
        if m:
            key = url_key(m.group(1))
            if key in running or key in kept_urls:
                continue
            kept_urls.add(key)
        m = GLUED_CHAPTER.match(s)
        if m and len(s.split()) <= 5:
            s = m.group(1)
        out.append((k + 1, s))

    # a URL broken inside a word at a line end ("...PA=82809n" + "ed&D1=..."):
    # move the continuation up so the URL's words are whole
    for i in range(len(out) - 1):
        s, nxt = out[i][1], out[i + 1][1]
        if not URL_END.search(s) or not nxt[:1].strip():
            continue
        if re.match(r"(?:https?://|www\.)", nxt, re.IGNORECASE) and not s.endswith("://"):
            continue
        head, _, rest = nxt.partition(" ")
        out[i] = (out[i][0], s + head)
        out[i + 1] = (out[i + 1][0], rest)
    return [(n, s) for n, s in out if s.strip()]


def continuation(lines, i):
    """The index of the line that continues a word split at the end of line i."""
    s = lines[i][1].rstrip()
    caps = s == s.upper()  # a heading in capitals: "EMANCIPA-" + "TIE-SENSITIEVE"
    for j in range(i + 1, min(i + 4, len(lines))):
        t = lines[j][1]
        first = t.lstrip()[:1]
        if j == i + 1 and (first.islower() or (caps and first.isupper())):
            return j
        # across a page break, past a heading or footnote: " tische ondersteuningstool"
        if j > i + 1 and t[:1].isspace() and first.islower():
            return j
    return None


def seed_items(path):
    """Seed words in order: (line, word) or (line, (joined, [parts]))."""
    lines = seed_lines(path)
    toks = [words(s) for _, s in lines]
    items = []
    joins = {}  # line index -> (line number, left part) of a word split before it
    for i, (n, s) in enumerate(lines):
        ws = list(toks[i])
        if i in joins:
            cn, left = joins.pop(i)
            items.append((cn, (left + ws[0], [left, ws[0]])))
            ws = ws[1:]
        if SPLIT_END.search(s.rstrip()) and ws:
            j = continuation(lines, i)
            if j is not None and toks[j] and j not in joins:
                joins[j] = (n, ws.pop())
        items.extend((n, w) for w in ws)
    return items


def dutch(n):
    return "€ " + f"{n:,}".replace(",", ".")


def placeholder_values(fixture):
    """Inline placeholder texts from the golden figures, when available."""
    values = {}
    try:
        data = json.loads(fixture.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return values
    for b in data.get("budgets", []):
        values[f"total {b['id']}"] = dutch(b["total"])
        if b.get("material") is not None:
            values[f"material {b['id']}"] = dutch(b["material"])
    ov = data.get("overview", {})
    if "available" in ov:
        values["available"] = dutch(ov["available"])
    for r in ov.get("rows", []):
        if r.get("group") == "total":
            values["total"] = dutch(r["values"][-1])
    return values


def front_matter(text):
    """Split off YAML front matter; return (printed header text, body)."""
    m = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", text, re.DOTALL)
    if not m:
        return "", text
    keys = {}
    for line in m.group(1).split("\n"):
        km = re.match(r"^([A-Za-z_]+):\s*(.*?)\s*$", line)
        if km:
            value = km.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            keys[km.group(1)] = value
    head = []
    if keys.get("id"):
        head.append(("Project " if keys.get("theme") else "") + keys["id"])
    elif keys.get("theme"):
        head.append("Thema " + keys["theme"])
    if keys.get("title"):
        head.append(keys["title"])
    return "\n".join(head), text[m.end():]


def markdown_text(body, values):
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.DOTALL)
    body = re.sub(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", " ", body)

    def placeholder(m):
        return values.get(" ".join(m.group(1).split()), " ")

    body = re.sub(r"\{\{\s*(.*?)\s*\}\}", placeholder, body)

    def link(m):
        text, target = m.group(1), m.group(2).strip()
        target = target.split()[0] if target else ""
        if re.match(r"(?:[a-z][a-z0-9+.-]*:|www\.)", target, re.IGNORECASE):
            return f"{text} {target}"
        return text  # a relative link to another page: not printed

    return re.sub(r"!?\[([^\]]*)\]\(([^)]*)\)", link, body)


def content_words(folder, values):
    """Word counts of all Markdown under folder, its word 5-grams, file count."""
    counts = collections.Counter()
    grams = set()
    files = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    for f in files:
        head, body = front_matter(f.read_text(encoding="utf-8"))
        ws = words(head) + words(markdown_text(body, values))
        counts.update(ws)
        grams.update(zip(ws, ws[1:], ws[2:], ws[3:], ws[4:]))
    return counts, grams, len(files)


def match(items, have):
    """Match seed words against content counts as multisets.

    Plain words first, then words split at a line end (joined form, or else
    both hyphenated parts). Returns (found, total, seen, missing).
    """
    left = collections.Counter(have)
    seen = collections.Counter()  # seed occurrences per word
    missing = collections.Counter()
    found = 0
    for split in (False, True):
        for _, w in items:
            if isinstance(w, tuple) != split:
                continue
            key = w[0] if split else w
            seen[key] += 1
            if left[key] > 0:
                left[key] -= 1
            elif split and all(left[p] > 0 for p in w[1]):
                for p in w[1]:
                    left[p] -= 1
            else:
                missing[key] += 1
                continue
            found += 1
    return found, len(items), seen, missing


def likely_lines(items, missing, grams, limit=3, reach=8):
    """Seed lines of a missing word's occurrences, likeliest gaps first.

    Which occurrence of a word is the missing one cannot be told from counts.
    A seed word whose five words around it (two before, two after) are not in
    the content is out of place; an occurrence among many such words (within
    `reach` words either side) is likely in a gap.
    """
    seq = [(n, w[0] if isinstance(w, tuple) else w) for n, w in items]
    pad = [""] * 2 + [w for _, w in seq] + [""] * 2
    absent = [tuple(pad[i : i + 5]) not in grams for i in range(len(seq))]
    run = [0]
    for a in absent:
        run.append(run[-1] + a)  # prefix sums
    scored = collections.defaultdict(list)
    for i, (n, w) in enumerate(seq):
        if w in missing and absent[i]:
            lo, hi = max(0, i - reach), min(len(seq), i + reach + 1)
            scored[w].append((-(run[hi] - run[lo]), i, n))
    lines = {}
    for w in missing:
        ns = [n for _, _, n in sorted(scored[w])]
        ns += [n for n, x in seq if x == w]  # no occurrence out of place: any
        lines[w] = list(dict.fromkeys(ns))[: max(1, min(limit, missing[w]))]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=Path, default=ROOT.parent / "shared/seed/werkprogramma-2019.txt")
    ap.add_argument("--content", type=Path, default=ROOT / "content")
    ap.add_argument("--missing", type=int, default=40, help="missing words to list (0: none, -1: all)")
    args = ap.parse_args()

    try:
        items = seed_items(args.seed)
    except OSError as e:
        print(f"cannot read the seed: {e}")
        return
    values = placeholder_values(ROOT / "tests/fixtures/werkplan-2019-figures.json")
    have, grams, nfiles = content_words(args.content, values)
    found, total, seen, missing = match(items, have)

    distinct = len(seen)
    distinct_found = sum(1 for w in seen if missing[w] < seen[w])
    pct = lambda a, b: 100.0 * a / b if b else 0.0
    print(f"seed:    {args.seed}")
    print(f"content: {args.content} ({nfiles} Markdown files)")
    print(f"word occurrences found: {found} / {total} ({pct(found, total):.1f}%)")
    print(f"distinct words found:   {distinct_found} / {distinct} ({pct(distinct_found, distinct):.1f}%)")
    print(f"missing occurrences:    {total - found} ({len(missing)} distinct words)")
    if args.missing == 0 or not missing:
        return
    lines = likely_lines(items, missing, grams)
    ranked = sorted(missing.items(), key=lambda kv: (-kv[1], lines[kv[0]][0], kv[0]))
    if args.missing > 0:
        ranked = ranked[: args.missing]
    print()
    print(f"{'missing':>7} {'of':>5}  word  (seed lines, likeliest first)")
    for w, c in ranked:
        print(f"{c:>7} {seen[w]:>5}  {w}  ({', '.join(map(str, lines[w]))})")
    if len(ranked) < len(missing):
        print(f"... {len(missing) - len(ranked)} more (--missing -1 lists all)")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        pass
    except Exception:  # a report never fails the caller
        traceback.print_exc()
    sys.exit(0)
