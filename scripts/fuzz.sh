#!/usr/bin/env bash
# Fuzzes the escaping of editor text and the front matter, each target for a
# fixed time: run by hand, not in CI (see fuzz/README.md).
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET]      default 600
#
# The targets (fuzz/fuzz_targets/): markdown_typst (the generated Typst
# parses and editor text lands only in text, escapes and strings),
# markdown_html (the page text holds only the writer's elements, attributes,
# entities and safe links) and front_matter (no panic, every position inside
# the file). cargo-fuzz runs libFuzzer; without a sanitizer (`-s none`) it
# needs no nightly Rust. Each run starts from and adds to the corpus in
# fuzz/corpus/<target>/, which is minimised afterwards and committed packed,
# as fuzz/corpus/<target>.tar.xz (the loose folder is ignored by git):
# thousands of inputs of a few KiB each pack to a fraction of their size and
# one file per target keeps the history readable, as OSS-Fuzz keeps its seed
# corpora. A missing folder is unpacked from its archive first. A crash is
# written to fuzz/artifacts/<target>/ and stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
targets=(markdown_typst markdown_html front_matter)

if ! command -v cargo-fuzz >/dev/null; then
    cargo install cargo-fuzz --locked --version 0.13.2
fi

# A run takes about a millisecond; the generous timeout (wall-clock time)
# only keeps a niced fuzzer on a busy machine from reporting the wait.
# Instrumented, the dependencies (Typst among them) are compiled once more,
# in fuzz/target; nice keeps the machine usable meanwhile.
nice -n 19 cargo fuzz build -s none

for target in "${targets[@]}"; do
    corpus=fuzz/corpus/$target
    if [ ! -d "$corpus" ] && [ -f "$corpus.tar.xz" ]; then
        tar -xJf "$corpus.tar.xz" -C fuzz/corpus
    fi
    mkdir -p "$corpus"
    echo "== $target for ${seconds}s"
    # The hand-written seeds (fuzz/seeds/<target>/) are read too, and stay.
    nice -n 19 cargo fuzz run -s none "$target" "$corpus" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -max_len=8192 -timeout=120 -rss_limit_mb=4096 \
        -print_final_stats=1
    # Keep only the inputs that add coverage, and pack them reproducibly:
    # the same inputs give the same archive.
    nice -n 19 cargo fuzz cmin -s none "$target" "$corpus"
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
        -C fuzz/corpus -cf - "$target" | xz -9 -T1 > "$corpus.tar.xz"
    echo "$target: $(ls "$corpus" | wc -l) inputs, packed into $corpus.tar.xz ($(du -h "$corpus.tar.xz" | cut -f1))"
done
