"""A scanned page set straight before it is read.

A sheet fed a little askew comes out of the scanner turned by a degree or so.
Tesseract still reads its words, but a table's row then climbs or falls across
the page (at 300 DPI, one degree lifts the right end of an A4 row by about 40
pixels, more than a line of text), so cells of one row no longer share a line
and the layout reads the table as rubble.

The skew is measured by the projection profile: turned by the right angle, the
page's ink falls into sharp rows of text and white gaps, and the squared row
sums are largest. Tried on a reduced copy of the page (its dark pixels only),
first in coarse steps, then finely around the best, it costs a few
milliseconds. A page turned by more than ``MIN_SKEW`` is turned back before
OCR; the boxes of its words are turned forward again, so every ``bbox`` still
points at the page as scanned.
"""
from __future__ import annotations

import math

import numpy as np

# Skews looked for, in degrees: a page fed askew, not one scanned sideways.
MAX_SKEW = 3.0
COARSE_STEP, FINE_STEP = 0.25, 0.05
# A page turned by less than this is read as it is (a row's ends differ by a few pixels).
MIN_SKEW = 0.2
# The page is measured at this fraction of its size, from pixels darker than DARK_LEVEL.
REDUCTION = 4
DARK_LEVEL = 128
# Fewer dark pixels than this (in the reduced copy) say nothing about rows.
MIN_INK_PIXELS = 400
# At most this many dark pixels are used (a dense page is sampled evenly).
MAX_INK_PIXELS = 150_000


def skew_angle(image) -> float:
    """The angle (degrees, counter-clockwise as PIL turns images) by which the
    text of ``image`` (grayscale PIL) is turned; 0.0 when there is too little ink.

    >>> from PIL import Image, ImageDraw
    >>> page = Image.new("L", (1600, 2000), 255)
    >>> draw = ImageDraw.Draw(page)
    >>> for y in range(200, 1800, 60):
    ...     draw.rectangle((200, y, 1400, y + 3), fill=0)
    >>> round(skew_angle(page), 1), round(skew_angle(page.rotate(1.5, fillcolor=255)), 1)
    (0.0, 1.5)
    """
    small = image.reduce(REDUCTION) if REDUCTION > 1 else image
    ink = np.asarray(small) < DARK_LEVEL
    ys, xs = np.nonzero(ink)
    if len(ys) < MIN_INK_PIXELS:
        return 0.0
    if len(ys) > MAX_INK_PIXELS:
        step = len(ys) // MAX_INK_PIXELS + 1
        ys, xs = ys[::step], xs[::step]
    ys, xs = ys.astype(np.float64), xs.astype(np.float64)

    def sharpness(angle: float) -> float:
        # turning the page by -angle brings row y at column x to y + x*tan(angle)
        rows = np.rint(ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    def sharpest(angles) -> float:
        # of angles that sort the ink equally well, the one nearest to straight
        return round(float(max(sorted(angles, key=abs), key=sharpness)), 3) + 0.0     # never -0.0

    coarse = sharpest(np.arange(-MAX_SKEW, MAX_SKEW + COARSE_STEP / 2, COARSE_STEP))
    return sharpest(np.arange(coarse - COARSE_STEP, coarse + COARSE_STEP + FINE_STEP / 2, FINE_STEP))


def straightened(image) -> tuple[object, float]:
    """``image`` turned back by its skew, and that skew (0.0: left as it is)."""
    angle = skew_angle(image)
    if abs(angle) < MIN_SKEW:
        return image, 0.0
    return image.rotate(-angle, resample=_bilinear(), fillcolor=255), angle


def _bilinear():
    from PIL import Image

    return Image.BILINEAR


def box_on_scan(bbox: tuple[float, float, float, float], angle: float, center: tuple[float, float]
                ) -> tuple[float, float, float, float]:
    """A box on the straightened page -> the box around it on the page as
    scanned (turned by ``angle`` degrees about ``center``, in the box's unit).

    >>> box_on_scan((10.0, 10.0, 20.0, 20.0), 0.0, (50.0, 50.0))
    (10.0, 10.0, 20.0, 20.0)
    >>> [round(v, 1) for v in box_on_scan((40.0, 40.0, 60.0, 60.0), 90.0, (50.0, 50.0))]
    [40.0, 40.0, 60.0, 60.0]
    """
    if not angle:
        return bbox
    cx, cy = center
    rad = math.radians(angle)
    cos, sin = math.cos(rad), math.sin(rad)
    x0, y0, x1, y1 = bbox
    # PIL turns counter-clockwise on screen, where y grows downwards
    points = [(cx + (x - cx) * cos + (y - cy) * sin, cy - (x - cx) * sin + (y - cy) * cos)
              for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))
