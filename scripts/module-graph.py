#!/usr/bin/env python3
"""Draws the `use` graph of src/: each file a room, each reference to
another file of the crate (`use crate::…`, `use super::…` and paths such as
`crate::site::links::RESERVED` in the code) an arrow.

Prints the circles between files (strongly connected groups) and the arrows
that run back up against the stage order below: a file may use files of its
own stage and of the stages before it.

    python3 scripts/module-graph.py            # circles and back arrows
    python3 scripts/module-graph.py --tree     # also the module tree, lines
    python3 scripts/module-graph.py --edges    # also every arrow
    python3 scripts/module-graph.py --src DIR  # another tree (an old commit)

A folder module's mod.rs and the files in that folder are one room: the
arrows between them are left out (a file may use what its mod.rs declares,
and mod.rs calls its files). Tests (`tests.rs`, `tests/`, `#[cfg(test)]` modules) are left out: they may
look anywhere.
"""

import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")

# The stages from the bottom up, and the modules in each: the grouping
# docs/architecture.md proposes for the stage folders. A file goes where
# its longest listed prefix says (`budget/rounding` before `budget`).
STAGES = [
    ("base", ["base"]),
    ("source", ["source"]),
    ("compile", ["compile"]),
    ("render", ["render"]),
    ("report", ["report"]),
    ("cli", ["cli", "main", "lib"]),
]


def module_files():
    """Every file of the crate as its module path: `site/cache`, `lib`."""
    files = {}
    for dirpath, _, names in os.walk(SRC):
        for name in names:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, SRC)[:-3]
            parts = rel.split(os.sep)
            if "tests" in parts[:-1] or parts[-1] == "tests":
                continue
            if parts[-1] == "mod":
                parts = parts[:-1]
            files["/".join(parts)] = path
    return files


def strip_tests(text):
    """The file without its `#[cfg(test)] mod … { … }` blocks and comments."""
    text = re.sub(r"//[^\n]*", "", text)
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def use_paths(text):
    """Every `crate::…` or `super::…` path, `use` groups expanded, and the
    paths into the file's own child modules (`pages::render` in
    site/mod.rs), as `self::pages::render`."""
    paths = []
    children = re.findall(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", text, re.M)
    for child in children:
        for m in re.finditer(r"(?<![\w:])(" + child + r"(?:::\w+)+)", text):
            paths.append("self::" + m.group(1))
        for m in re.finditer(r"\buse\s+(" + child + r"::[^;]*);", text, re.S):
            paths.extend("self::" + p for p in expand(re.sub(r"\s+", "", m.group(1))))
    for m in re.finditer(r"\buse\s+((?:crate|super)::[^;]*);", text, re.S):
        paths.extend(expand(re.sub(r"\s+", "", m.group(1))))
    for m in re.finditer(r"(?<![\w:])((?:crate|super)(?:::\w+)+)", text):
        paths.append(m.group(1))
    return paths


def expand(path):
    """`a::{b, c::{d}}` -> `a::b`, `a::c::d`."""
    m = re.search(r"\{", path)
    if not m:
        return [path]
    head, body = path[:m.start()], path[m.end():-1]
    parts, depth, cur = [], 0, ""
    for ch in body:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        cur += ch
    parts.append(cur)
    out = []
    for p in filter(None, parts):
        out.extend(expand(head + p))
    return out


def target(module, path, files):
    """The file a path names, from the file `module`."""
    segs = path.split("::")
    if segs[0] == "self":
        base = module.split("/") if module != "lib" else []
    elif segs[0] == "crate":
        base = []
    else:
        # `super` from `site/cache` is `site`; from `site` (mod.rs) it is
        # the crate.
        base = module.split("/") if module != "lib" else []
        while segs and segs[0] == "super":
            segs = segs[1:]
            base = base[:-1]
        segs = ["super"] + segs
    names = base + [s for s in segs[1:] if s not in ("self",)]
    for n in range(len(names), 0, -1):
        key = "/".join(names[:n])
        if key in files:
            return key
    return "lib"


def stage_of(module):
    parts = module.split("/")
    for n in range(len(parts), 0, -1):
        prefix = "/".join(parts[:n])
        for i, (_, mods) in enumerate(STAGES):
            if prefix in mods:
                return i
    return None


def related(a, b):
    """Whether one of two files is the folder module of the other (`site`
    and `site/pages`): a folder's mod.rs and its files are one room, as
    mod.rs is the folder's front door. lib.rs is a room of its own."""
    if "lib" in (a, b):
        return False
    return a.startswith(b + "/") or b.startswith(a + "/")


def graph(files):
    edges = {m: set() for m in files}
    for module, path in files.items():
        with open(path, encoding="utf-8") as f:
            text = strip_tests(f.read())
        for p in use_paths(text):
            t = target(module, p, files)
            # A module's own children and itself are not arrows out.
            if t != module and not related(module, t):
                edges[module].add(t)
    return edges


def circles(edges):
    """Tarjan's strongly connected components of more than one file."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(out)


def main():
    global SRC
    if "--src" in sys.argv:
        SRC = sys.argv[sys.argv.index("--src") + 1]
    files = module_files()
    edges = graph(files)
    if "--tree" in sys.argv:
        total = 0
        for module in sorted(files):
            with open(files[module], encoding="utf-8") as f:
                n = sum(1 for _ in f)
            total += n
            print(f"{n:5}  {os.path.relpath(files[module], SRC)}")
        print(f"{total:5}  in {len(files)} files (tests left out)")
        print()
    if "--edges" in sys.argv:
        for m in sorted(edges):
            for t in sorted(edges[m]):
                print(f"{m} -> {t}")
        print()
    unplaced = sorted({m for m in files if stage_of(m) is None})
    if unplaced:
        print("modules in no stage:", ", ".join(unplaced))
    groups = circles(edges)
    print(f"circles between files: {len(groups)}")
    for g in groups:
        print("  " + " <-> ".join(g))
    back = [
        (m, t)
        for m in sorted(edges)
        for t in sorted(edges[m])
        if stage_of(m) is not None
        and stage_of(t) is not None
        and stage_of(t) > stage_of(m)
    ]
    print(f"arrows back up the stages ({' < '.join(s for s, _ in STAGES)}): {len(back)}")
    for m, t in back:
        print(f"  {m} ({STAGES[stage_of(m)][0]}) -> {t} ({STAGES[stage_of(t)][0]})")


if __name__ == "__main__":
    main()
