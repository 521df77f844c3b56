"""Typst alone, as the floor under serve's memory over 200 saves (issue 26).

    target/typst-venv/bin/python benches/engine-memory.py [--saves 200] [--vary]
        [--edit serve|paragraph] [--kis-book target/debug/kis-book] [--book DIR]

Writes the PDF's Typst project of the book (`kis-book build --typ`, the
2019 plan by default) into a temporary folder, then, in this one process,
compiles its main.typ to a PDF with the `typst` wheel (Typst 0.15, the
engine kis-book embeds) after each of `--saves` edits. Prints the
process's resident memory after the 10th and after the last compile, and
their ratio, as preview.py does for `kis-book serve`. Run both in the
same conditions to see serve's growth beside the engine's own.

- `--edit serve` (default): the very saves of `benches/preview.py
  --scenario memory`: a paragraph with a sentence added to the same
  chapter's Markdown and kept (with `--vary`, the previous one replaced),
  and the project written anew by `kis-book build --typ` after each, so
  that Typst is given, save after save, the same main.typ as serve's PDF
  thread.
- `--edit paragraph`: a sentence added to one paragraph of main.typ
  itself (with `--vary`, the previous save's sentence replaced).

The wheel evicts Typst's memoised results older than ten compiles after
each compile (`comemo::evict(10)`, as `typst watch` does), so this is the
floor of Typst's own watch mode; serve keeps one compile's
(src/render/pdf/mod.rs, TYPST_MAX_AGE).

The wheel installs with `python3 -m venv target/typst-venv &&
target/typst-venv/bin/pip install typst==0.15.2` (scripts/test.sh does).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import typst

from preview import CHAPTER, budget_file

# A paragraph of the 2019 plan's Typst source that the edits go to: the
# end of the first paragraph of theme 1, as the main.typ escapes it.
ANCHOR = "bij het bevorderen van de instroom in reguliere \\(beroeps\\)opleidingen van jonge statushouders\\."


def rss_mib():
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--vary", action="store_true")
    parser.add_argument("--edit", choices=["serve", "paragraph"], default="serve")
    parser.add_argument("--kis-book", default=os.path.join(repo, "target/debug/kis-book"))
    parser.add_argument("--book", default=repo)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        book = os.path.join(tmp, "book")
        shutil.copytree(os.path.join(args.book, "content"), os.path.join(book, "content"))

        def write_project():
            subprocess.run([args.kis_book, "build", "--typ", book], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        write_project()
        project = os.path.join(book, "build", "typst")
        main_typ = os.path.join(project, "main.typ")
        source = open(main_typ, encoding="utf-8").read()
        chapter = os.path.join(book, budget_file(book) if args.edit == "serve" else CHAPTER)
        markdown = open(chapter, encoding="utf-8").read()
        if args.edit == "paragraph" and source.count(ANCHOR) != 1:
            sys.exit("the paragraph the edits go to is not in main.typ once")
        compiler = typst.Compiler(
            main_typ,
            root=project,
            font_paths=[os.path.join(project, "fonts")],
            ignore_system_fonts=True,
        )
        figures = {}
        added = ""
        previous = None
        for save in range(1, args.saves + 1):
            if args.edit == "serve":
                # As preview.py's memory scenario saves (numbered from 0).
                base = markdown if args.vary else open(chapter, encoding="utf-8").read()
                with open(chapter, "w", encoding="utf-8") as out:
                    out.write(base.rstrip("\n") + f"\n\nEen zin erbij, nummer {save - 1}.\n")
                write_project()
            else:
                sentence = f" Een zin van bewaring {save}."
                added = sentence if args.vary else added + sentence
                with open(main_typ, "w", encoding="utf-8") as out:
                    out.write(source.replace(ANCHOR, ANCHOR + added))
            pdf = compiler.compile(format="pdf")
            if not pdf or pdf == previous:
                sys.exit(f"save {save}: no new PDF (the edit was not seen)")
            previous = pdf
            if save in (10, args.saves) or save % 50 == 0:
                figures[save] = round(rss_mib(), 1)
        after_10, after_last = figures[10], figures[args.saves]
        print(json.dumps({
            "engine": f"typst wheel {typst.__version__}" if hasattr(typst, "__version__") else "typst wheel",
            "saves": args.saves,
            "vary": args.vary,
            "edit": args.edit,
            "rss_mib": figures,
            "rss_mib_after_10": after_10,
            f"rss_mib_after_{args.saves}": after_last,
            "ratio_percent": round(100 * after_last / after_10, 1),
        }, indent=2))


if __name__ == "__main__":
    main()
