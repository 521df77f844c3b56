#!/usr/bin/env bash
# What a finance officer sees when opening the budget workbook: writes the
# workbook of a book (default: the repository's), lets LibreOffice
# recalculate it and print it to PDF, and turns its pages into PNGs in
# build/screenshots/NAME-*.png. Needs soffice and pdftoppm (scripts/test.sh
# installs both).
#   bash scripts/workbook-screenshot.sh [BOOK [NAME]]   (NAME: workbook)
set -euo pipefail
cd "$(dirname "$0")/.."
book="${1:-.}"
name="${2:-workbook}"
out=build/screenshots
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/profile/user"
# Recalculate every formula on load (Formula/Load/OOXMLRecalcMode =
# always), and show numbers as a Dutch reader's LibreOffice does (locale
# nl-NL: the workbook's number formats are locale-independent).
cat > "$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
cargo run --quiet -- budget "$book" --format xlsx -o "$work/begroting.xlsx"
LC_ALL=nl_NL.UTF-8 LANG=nl_NL.UTF-8 soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf \
  --outdir "$work" "$work/begroting.xlsx" >/dev/null
rm -f "$out/$name"-*.png
pdftoppm -png -r 80 "$work/begroting.pdf" "$out/$name"
ls "$out/$name"-*.png
