#!/usr/bin/env bash
# Spreadsheet round trips through LibreOffice (headless), as a person's spreadsheet would make
# them, for every example: the sheet journeymap writes goes through LibreOffice and back into
# `import --base`, which must give back the example byte for byte (the import edits the base,
# so any value that came back different would show as a changed line).
#   XLSX -> ODS                  (import xlsx reads the .ods)
#   XLSX -> ODS -> XLSX
#   CSV  -> XLSX -> CSV          (LibreOffice opens the CSV as a person would: numbers, times
#                                 and dates recognised, so `06:45` comes back as `06:45:00`)
# Needs: LibreOffice (Debian's libreoffice-calc-nogui), a journeymap binary.
# JOURNEYMAP_BIN=path/to/journeymap overrides target/debug/journeymap.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="$(realpath "${JOURNEYMAP_BIN:-$root/target/debug/journeymap}")"
out="$root/target/ci/spreadsheets"
rm -rf "$out"
mkdir -p "$out"
cp "$root"/examples/*.journey.yaml "$out/"
mkdir -p "$out/.git"   # the folder is its own repository: paths stay inside it
cd "$out"
export HOME="$out/home"   # LibreOffice's profile, fresh and out of the way
soffice() { command soffice --headless --norestore "$@" >/dev/null 2>&1; }
same() {
  if ! cmp -s "$1" "$2"; then
    echo "$3: the map came back different:" >&2
    diff "$1" "$2" | head -20 >&2
    exit 1
  fi
}
count=0
for map in *.journey.yaml; do
  name=${map%.journey.yaml}
  "$bin" export xlsx "$map" -o "$name.xlsx" 2>/dev/null
  soffice --convert-to ods --outdir ods "$name.xlsx"
  "$bin" import xlsx "ods/$name.ods" --base "$map" -o "back/$name-ods.journey.yaml" 2>/dev/null \
    || { "$bin" import xlsx "ods/$name.ods" --base "$map" -o /dev/null; exit 1; }
  same "$map" "back/$name-ods.journey.yaml" "$name: XLSX -> ODS"
  soffice --convert-to xlsx --outdir xlsx "ods/$name.ods"
  "$bin" import xlsx "xlsx/$name.xlsx" --base "$map" -o "back/$name-xlsx.journey.yaml" 2>/dev/null
  same "$map" "back/$name-xlsx.journey.yaml" "$name: XLSX -> ODS -> XLSX"
  "$bin" export csv "$map" -o "$name.csv" 2>/dev/null
  # Comma-separated, double quotes, UTF-8 (76), from row 1, special numbers (times, dates)
  # detected; written back as shown.
  soffice --infilter="CSV:44,34,76,1,,,false,true" --convert-to xlsx --outdir csv-xlsx "$name.csv"
  soffice --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true" --outdir csv-back "csv-xlsx/$name.xlsx"
  "$bin" import csv "csv-back/$name.csv" --base "$map" -o "back/$name-csv.journey.yaml" 2>/dev/null \
    || { "$bin" import csv "csv-back/$name.csv" --base "$map" -o /dev/null; exit 1; }
  same "$map" "back/$name-csv.journey.yaml" "$name: CSV -> XLSX -> CSV"
  count=$((count + 1))
done
echo "$count examples came back byte for byte through LibreOffice: XLSX -> ODS, XLSX -> ODS -> XLSX, CSV -> XLSX -> CSV"
