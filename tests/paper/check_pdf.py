"""Reads a PDF with poppler (pdftotext) and fails when it sets a Latin word below 8 pt, or,
with --names CSV (from `journeymap export csv`), when a stage or step name is not in its text.

Sizes: poppler's word box is a fixed share of a word's size for one font; the share is read
off the page number of the first page ("1 / 15": the first "/" of the document, which the
page's caption sets at 9 pt).

Usage: python3 check_pdf.py FILE.pdf [--names MAP.csv]
"""
import csv
import html
import re
import subprocess
import sys


def words(pdf):
    box = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(m.group(2)) - float(m.group(1)), html.unescape(m.group(3)))
            for m in re.finditer(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>', box)]


def main():
    pdf = sys.argv[1]
    names_csv = sys.argv[sys.argv.index("--names") + 1] if "--names" in sys.argv else None
    found = words(pdf)
    share = next(h for h, w in found if w == "/") / 9.0
    latin = [(h / share, w) for h, w in found if w.isascii() and any(c.isalpha() for c in w)]
    small = sorted({(w, round(size, 2)) for size, w in latin if size < 7.95})
    if small:
        sys.exit(f"{pdf}: words below 8 pt: {small[:10]}")
    smallest = min(size for size, _ in latin)
    said = f"{pdf}: no Latin word below 8 pt (smallest {smallest:.2f} pt)"
    if names_csv:
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                              check=True, capture_output=True, text=True).stdout
        # pdftotext joins a word broken after a hyphen at a line end and drops the hyphen.
        squash = lambda s: re.sub(r"[\s\-]+", "", s)
        text = squash(text)
        names = set()
        with open(names_csv, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                names.add(row["stage_name"])
                names.add(row["step_name"])
        missing = sorted(n for n in names if squash(n) not in text)
        if missing:
            sys.exit(f"{pdf}: pdftotext does not find {missing}")
        said += f"; all {len(names)} stage and step names found"
    print(said)


main()
