#!/usr/bin/env bash
# Paper pages read by tools we did not write (poppler): `render --page a3 [--landscape] -o x.pdf`
# of every example and of a Japanese map must embed (and subset) every font it uses, carry every
# stage and step name as text that pdftotext finds, and set no Latin word below 8 pt. The
# one-page PDF of each (and of a Hindi map, whose Devanagari the PDF writes as outlines) must,
# drawn by poppler, be the same picture as journeymap's PNG.
# Needs: poppler-utils, Pillow (pip), a release build, and for the Japanese and Hindi maps CJK
# and Devanagari fonts (fonts-noto-cjk, fonts-noto-core).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${JOURNEYMAP_BIN:-target/release/journeymap}
out=target/ci/paper
rm -rf "$out"
mkdir -p "$out"
maps=(examples/*.journey.yaml tests/fixtures/render/japanese.journey.yaml)
for map in "${maps[@]}"; do
 for orientation in portrait landscape; do
  name=$(basename "$map" .journey.yaml)-$orientation
  flags=(--page a3)
  [ "$orientation" = landscape ] && flags+=(--landscape)
  "$bin" render "$map" "${flags[@]}" -o "$out/$name.pdf"
  pages=$(pdfinfo "$out/$name.pdf" | awk '/^Pages:/ {print $2}')
  # Every font embedded and subset ("emb" and "sub" columns).
  pdffonts "$out/$name.pdf" | tail -n +3 > "$out/$name.fonts"
  if [ ! -s "$out/$name.fonts" ] || awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") bad = 1 } END { exit !bad }' "$out/$name.fonts"; then
    cat "$out/$name.fonts"
    echo "$name.pdf: a font is not embedded and subset" >&2
    exit 1
  fi
  "$bin" export csv "$map" 2>/dev/null > "$out/$name.csv"
  python3 tests/paper/check_pdf.py "$out/$name.pdf" --names "$out/$name.csv"
  echo "  ($pages pages; fonts: $(awk '{print $1}' "$out/$name.fonts" | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' '))"
 done
done

for map in "${maps[@]}" tests/fixtures/render/hindi.journey.yaml; do
  name=$(basename "$map" .journey.yaml)
  "$bin" render "$map" -o "$out/$name.pdf" 2>/dev/null
  "$bin" render "$map" -o "$out/$name.png" 2>/dev/null
  python3 tests/paper/same_picture.py "$out/$name.pdf" "$out/$name.png"
done
