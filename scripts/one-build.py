#!/usr/bin/env python3
"""Fails when `cargo test` and `cargo run` would build dependencies twice.

Cargo unifies the features of the dev-dependencies into their shared
dependencies only when it builds the tests, so a crate that the
dev-dependencies build with more features is built once for the tests and
once more for `cargo run` (and with it everything above it, Typst). Cargo.toml
turns those features on for every build; this check says which crate needs
it when a dependency changes.
"""

import subprocess
import sys


def features(edges: str) -> dict[str, set[str]]:
    out = subprocess.run(
        ["cargo", "tree", "--locked", "-e", edges, "--prefix", "none", "-f", "{p}|{f}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seen: dict[str, set[str]] = {}
    for line in out.splitlines():
        line = line.removesuffix(" (*)").strip()
        if "|" in line:
            package, feats = line.split("|", 1)
            seen.setdefault(package.strip(), set()).add(feats)
    return seen


def main() -> int:
    run = features("normal,build")
    test = features("normal,build,dev")
    differ = [p for p in sorted(run) if p in test and run[p] != test[p]]
    for p in differ:
        print(f"{p}: cargo run builds it with {sorted(run[p])}, cargo test with {sorted(test[p])}")
    if differ:
        print("turn these features on in Cargo.toml's [dependencies] (see the comment there)")
        return 1
    print(f"one build: {len(run)} packages have the same features for cargo run and cargo test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
