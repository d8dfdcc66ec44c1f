"""Reviewed screenshots: stored in ``tests/visual/``, compared with a tolerance, updated on demand.

A baseline is the top of a page at one width and colour scheme, saved as a small palette PNG
(32 colours: the reduction moves no pixel by more than about 50 of 255).  A new screenshot
matches when few enough of its pixels differ clearly from the baseline (anti-aliasing and the
palette are tolerated, a moved box or a changed word is not).
``make screenshots`` (``pytest --screenshot-update``) rewrites them; review the images like code.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

BASELINES = Path(__file__).resolve().parent / "visual"
FAILURES = Path(__file__).resolve().parent.parent / "test-artifacts" / "visual"
WIDTHS = (375, 768, 1280, 1920)
UPDATE_OPTION = "--screenshot-update"
#: Colours kept per baseline: enough for text on every tone, small enough for the repository.
COLOURS = 32
#: A pixel differs when its difference's brightness is more than this (of 255) ...
CHANNEL_TOLERANCE = 64
#: ... and a screenshot matches while at most this share of its pixels differ.
PIXEL_TOLERANCE = 0.002


def update_screenshots(config: pytest.Config) -> bool:
    return bool(config.getoption(UPDATE_OPTION))


def reduce(png: bytes) -> Image.Image:
    """A screenshot as stored: opaque, its colours reduced to a fixed palette size."""
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    return rgb.quantize(COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def _save(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)


def compare(png: bytes, name: str, update: bool) -> str | None:
    """None when ``png`` matches baseline ``name`` (or when updating); else what differs."""
    baseline_path = BASELINES / f"{name}.png"
    if update:
        _save(reduce(png), baseline_path)
        return None
    if not baseline_path.exists():
        _save(reduce(png), FAILURES / f"{name}.png")
        return f"{name}: no baseline (run `make screenshots` and review tests/visual/)"
    with Image.open(baseline_path) as stored:
        expected = stored.convert("RGB")
    with Image.open(io.BytesIO(png)) as shot:
        seen = shot.convert("RGB")
    if seen.size != expected.size:
        _save(reduce(png), FAILURES / f"{name}.png")
        return f"{name}: size {seen.size} instead of {expected.size}"
    difference = ImageChops.difference(seen, expected).convert("L")
    mask = difference.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    changed = mask.histogram()[255]
    share = changed / (seen.width * seen.height)
    if share <= PIXEL_TOLERANCE:
        return None
    _save(reduce(png), FAILURES / f"{name}.png")
    _save(mask, FAILURES / f"{name}--diff.png")
    return f"{name}: {share:.2%} of pixels differ (see test-artifacts/visual/)"
