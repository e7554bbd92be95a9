#!/usr/bin/env bash
# Paper pages read by tools we did not write (poppler): `render --page a3 --landscape -o x.pdf`
# of every example and of a Japanese map must embed (and subset) every font it uses, carry every
# stage and step name as text that pdftotext finds, and set no Latin word below 8 pt.
# Needs: poppler-utils, a release build, and for the Japanese map a CJK font (fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${JOURNEYMAP_BIN:-target/release/journeymap}
out=target/ci/paper
rm -rf "$out"
mkdir -p "$out"
maps=(examples/*.journey.yaml tests/fixtures/render/japanese.journey.yaml)
for map in "${maps[@]}"; do
  name=$(basename "$map" .journey.yaml)
  "$bin" render "$map" --page a3 --landscape -o "$out/$name.pdf"
  pages=$(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ {print $2}')
  # Every font embedded and subset ("emb" and "sub" columns).
  pdffonts "$out/$name.pdf" | tail -n +3 > "$out/$name.fonts"
  if [ ! -s "$out/$name.fonts" ] || awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") bad = 1 } END { exit !bad }' "$out/$name.fonts"; then
    cat "$out/$name.fonts"
    echo "$name.pdf: a font is not embedded and subset" >&2
    exit 1
  fi
  pdftotext -enc UTF-8 "$out/$name.pdf" "$out/$name.txt"
  pdftotext -enc UTF-8 -bbox "$out/$name.pdf" "$out/$name.bbox.html"
  "$bin" export csv "$map" > "$out/$name.csv"
  python3 - "$out/$name" <<'PY'
import csv, html, re, sys
base = sys.argv[1]
# pdftotext joins a word broken after a hyphen at a line end and drops the hyphen.
squash = lambda s: re.sub(r"[\s\-]+", "", s)
text = squash(open(base + ".txt", encoding="utf-8").read())
names = set()
with open(base + ".csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        names.add(row["stage_name"]); names.add(row["step_name"])
missing = sorted(n for n in names if squash(n) not in text)
if missing:
    sys.exit(f"{base}.pdf: pdftotext does not find {missing}")
# Word boxes: poppler's box height is a fixed share of a word's size for one font. The share
# is read off the page number ("1 / 15": the first "/" of the document, set at 9 pt).
words = [(float(m.group(2)) - float(m.group(1)), html.unescape(m.group(3)))
         for m in re.finditer(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>',
                              open(base + ".bbox.html", encoding="utf-8").read())]
share = next(h for h, w in words if w == "/") / 9.0
small = sorted({(w, round(h / share, 2)) for h, w in words
                if w.isascii() and any(c.isalpha() for c in w) and h / share < 7.95})
smallest = min(h / share for h, w in words if w.isascii() and any(c.isalpha() for c in w))
if small:
    sys.exit(f"{base}.pdf: words below 8 pt: {small[:10]}")
print(f"{base}.pdf: {len(names)} stage and step names found, no Latin word below 8 pt (smallest {smallest:.2f} pt)")
PY
  echo "  ($pages pages; fonts: $(awk '{print $1}' "$out/$name.fonts" | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' '))"
done
