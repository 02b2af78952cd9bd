#!/usr/bin/env bash
# Pictures of the example issue for the README: the web page (headless Chromium)
# and a PDF page (pdftoppm), both from a real build made by `make site`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/images
make site
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --window-size=1100,1500 \
  --screenshot="$out/issue-html.png" \
  "file://$PWD/docs/_build/html/issues/bpf-updates-11.html" 2>/dev/null
pdf=docs/_build/latex/sphinxcontrib-bpfnews.pdf
# The first page of the example issue's patch list.
page=$(pdftotext -layout "$pdf" - | awk -v RS='\f' '!p && /Fixes for XDP\/BPF/ {p = NR} END {print p}')
pdftoppm -png -r 90 -singlefile -f "$page" -l "$page" "$pdf" "$out/issue-pdf"
echo "wrote $out/issue-html.png and $out/issue-pdf.png (PDF page $page)"
