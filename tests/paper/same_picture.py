"""Compares a PDF page as poppler draws it with the PNG journeymap draws of the same map, and
fails when some part of them differs more than anti-aliasing can explain: a glyph shaped
differently (a broken conjunct, a vowel sign in the wrong place) moves whole strokes.

The PNG is 2 px per diagram unit and the one-page PDF 1 pt per unit, so poppler draws the
page at 144 dpi. Both are compared in grey, shrunk, in blocks of 24 x 24 px.

Usage: python3 same_picture.py FILE.pdf FILE.png
"""
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops

# Both are shrunk 4 times (box filter) first: the two rasterisers place a stroke up to a pixel
# apart and phase dashes differently, which shrinking evens out; a glyph (26 px tall at
# 13 units) still spans several shrunk pixels.
SHRINK = 4
BLOCK = 6
# The most a block's mean grey may differ (0-255). Measured: the examples differ by 21-23
# (text set by poppler from the embedded fonts), the Hindi map by 8 (its text is outlines);
# the Hindi map with its Devanagari shaped by usvg 0.47, vowel signs and conjuncts broken,
# by 116, and a map in Bengali, Tamil and Thai by 126.
LIMIT = 40


def main():
    pdf, png = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "144", "-singlefile", "-png", pdf, f"{tmp}/page"],
                       check=True)
        page = Image.open(f"{tmp}/page.png").convert("L")
    drawn = Image.open(png).convert("L")
    width, height = min(page.width, drawn.width), min(page.height, drawn.height)
    if abs(page.width - drawn.width) > 2 or abs(page.height - drawn.height) > 2:
        sys.exit(f"{pdf}: {page.size} px at 144 dpi, but {png} is {drawn.size}")
    size = (width // SHRINK, height // SHRINK)
    shrink = lambda image: image.crop((0, 0, width, height)).resize(size, Image.Resampling.BOX)
    diff = ImageChops.difference(shrink(page), shrink(drawn))
    width, height = size
    worst = (0.0, 0, 0)
    for top in range(0, height - BLOCK + 1, BLOCK):
        for left in range(0, width - BLOCK + 1, BLOCK):
            block = diff.crop((left, top, left + BLOCK, top + BLOCK))
            mean = sum(block.tobytes()) / (BLOCK * BLOCK)
            worst = max(worst, (mean, left, top))
    mean, left, top = worst
    if mean > LIMIT:
        sys.exit(f"{pdf}: differs from {png} around ({left * SHRINK}, {top * SHRINK}) px by {mean:.1f} of 255 on average")
    print(f"{pdf}: the same picture as {png} (largest block difference {mean:.1f} of 255)")


main()
