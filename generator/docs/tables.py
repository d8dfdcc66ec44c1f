"""Docs tables kept in sync: the card table and the typical-keys table, written between markers.

A page marks each generated region with a pair of comments (HTML in Markdown, ``{/* */}`` in MDX)::

    <!-- run-insights:typical-keys:start -->
    | Stage | Typical keys you'll see |
    ...
    <!-- run-insights:typical-keys:end -->

Only the lines between a pair are rewritten; everything else, line ends included, stays byte for
byte.  A region's column titles and extra columns (the card table's "Meaning") are kept: the
generated columns are filled in, the others carried over by row.  The keys come from run exports
or, without exports, from the page rules; the output is the same for the same input.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial

from generator.docs.emitted import emitted_keys
from generator.docs.page import CARD_COLUMNS, KEY_COLUMNS, header_matches
from generator.errors import PageError
from generator.exports.model import ExportedRun
from generator.frozen import frozen
from generator.render.markdown import escape_markdown
from generator.view import rules

CARDS = "cards"
TYPICAL_KEYS = "typical-keys"
REGIONS = (CARDS, TYPICAL_KEYS)

_MARKER = re.compile(
    r"^\s*(?:<!--\s*run-insights:(?P<html>[\w-]+):(?P<html_edge>start|end)\s*-->"
    r"|\{/\*\s*run-insights:(?P<mdx>[\w-]+):(?P<mdx_edge>start|end)\s*\*/\})\s*$"
)
_SAFE_CODE = re.compile(r"^[A-Za-z0-9_.:/-]+$")


@frozen
class Region:
    """A marked region: the 0-based indexes of its start and end marker lines."""

    name: str
    start: int
    end: int


@frozen
class Stale:
    """A region whose text differs from the generated table, with a unified diff."""

    region: Region
    line: int
    diff: str


# --- Finding the regions -----------------------------------------------------------------------


def find_regions(lines: Sequence[str], source: str) -> list[Region]:
    """Every marked region of a page, in page order; bad markers raise PageError."""
    regions: list[Region] = []
    open_region: tuple[str, int] | None = None
    for index, line in enumerate(lines):
        match = _MARKER.match(line)
        if not match:
            continue
        name = match.group("html") or match.group("mdx")
        edge = match.group("html_edge") or match.group("mdx_edge")
        where = f"{source}:{index + 1}"
        if name not in REGIONS:
            expected = " or ".join(REGIONS)
            raise PageError(f'{where}: unknown region "{name}"; expected {expected}')
        if edge == "start":
            if open_region is not None:
                raise PageError(
                    f"{where}: run-insights:{name}:start inside the {open_region[0]} region "
                    f"opened at line {open_region[1] + 1}; expected its end marker first"
                )
            open_region = (name, index)
        elif open_region is None or open_region[0] != name:
            raise PageError(f"{where}: run-insights:{name}:end has no start marker before it")
        else:
            regions.append(Region(name, open_region[1], index))
            open_region = None
    if open_region is not None:
        raise PageError(
            f"{source}:{open_region[1] + 1}: run-insights:{open_region[0]}:start has no end marker"
        )
    if not regions:
        raise PageError(
            f"{source}: no run-insights region found; expected marker comments such as "
            "<!-- run-insights:typical-keys:start --> and <!-- run-insights:typical-keys:end -->"
        )
    return regions


# --- The tables --------------------------------------------------------------------------------


def _code(text: str) -> str:
    """A key or stage name as inline code when it is plain, else as escaped text."""
    return f"`{text}`" if _SAFE_CODE.match(text) else str(escape_markdown(text))


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]


def _plain(cell: str) -> str:
    return " ".join(cell.replace("`", "").replace("\u2019", "'").casefold().split())


@frozen
class _Existing:
    """The table already in a region: its header cells and its rows by first-column key."""

    header: list[str]
    rows: dict[str, list[str]]


def _existing(body: Sequence[str]) -> _Existing:
    table = [line for line in body if line.strip().startswith("|")]
    if len(table) < 2:
        return _Existing([], {})
    header = _cells(table[0])
    rows = {_plain(cells[0]): cells for cells in (_cells(line) for line in table[2:]) if cells}
    return _Existing(header, rows)


def _table(
    titles: Sequence[str],
    matches: Sequence[Callable[[str], bool]],
    rows: Sequence[tuple[str, Sequence[str]]],
    existing: _Existing,
) -> list[str]:
    """Our columns (the page's titles for them when it has them), then the page's extra columns."""
    header = list(titles)
    taken: set[int] = set()
    for column, match in enumerate(matches):
        for index, cell in enumerate(existing.header):
            if index not in taken and match(_plain(cell)):
                header[column] = cell
                taken.add(index)
                break
    extras = [i for i in range(len(existing.header)) if i not in taken]
    header += [existing.header[i] for i in extras]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for key, cells in rows:
        old = existing.rows.get(_plain(key), [])
        carried = [old[i] if i < len(old) else "" for i in extras]
        lines.append("| " + " | ".join([*cells, *carried]) + " |")
    return lines


def _matches(columns: Mapping[str, tuple[str, ...]]) -> list[Callable[[str], bool]]:
    """One test per column, from the header vocabulary the page reader understands."""
    return [partial(header_matches, part, names) for part, names in columns.items()]


def cards_table(existing: _Existing) -> list[str]:
    """The summary-card table from the page rules: label, tone, source."""
    rows = [
        (rule.label, [rule.label, rule.tone_text, f"`{rule.source}`"])  # rules: trusted
        for rule in rules.SUMMARY_CARDS
    ]
    return _table(("Card", "Tone", "Source"), _matches(CARD_COLUMNS), rows, existing)


def keys_table(keys: Mapping[str, Sequence[str]], existing: _Existing) -> list[str]:
    """The typical-keys table: a row per stage, in pipeline order, unknown stages after."""
    stages = sorted(keys, key=lambda stage: (rules.pipeline_position(stage), stage))
    rows = [
        (stage, [_code(stage), ", ".join(_code(key) for key in keys[stage])]) for stage in stages
    ]
    return _table(("Stage", "Typical keys"), _matches(KEY_COLUMNS), rows, existing)


def keys_from_rules() -> dict[str, tuple[str, ...]]:
    return dict(rules.TYPICAL_KEYS)


def keys_from_exports(runs: Iterable[ExportedRun]) -> dict[str, tuple[str, ...]]:
    """Every key the runs emit per stage: the rules' order first, then alphabetical.

    A pipeline stage no run has keeps the keys of the page rules.
    """
    emitted = emitted_keys(runs)
    keys = keys_from_rules()
    for stage, (_, counter) in emitted.items():
        typical = rules.TYPICAL_KEYS.get(stage, ())
        known = [key for key in typical if key in counter]
        keys[stage] = tuple(known + sorted(key for key in counter if key not in typical))
    return keys


def generate(name: str, keys: Mapping[str, Sequence[str]], body: Sequence[str] = ()) -> list[str]:
    """The lines of one region, from the page's current lines in it (for titles and extras)."""
    existing = _existing(body)
    return cards_table(existing) if name == CARDS else keys_table(keys, existing)


# --- Pages -------------------------------------------------------------------------------------


def _newline(line: str) -> str:
    return "\r\n" if line.endswith("\r\n") else "\n"


def update_text(text: str, source: str, keys: Mapping[str, Sequence[str]]) -> str:
    """The page with every marked region rewritten; the rest is unchanged, byte for byte."""
    lines = text.splitlines(keepends=True)
    regions = find_regions([line.rstrip("\r\n") for line in lines], source)
    for region in reversed(regions):
        body = [line.rstrip("\r\n") for line in lines[region.start + 1 : region.end]]
        newline = _newline(lines[region.start])
        fresh = [line + newline for line in generate(region.name, keys, body)]
        lines[region.start + 1 : region.end] = fresh
    return "".join(lines)


def stale_regions(text: str, source: str, keys: Mapping[str, Sequence[str]]) -> list[Stale]:
    """The regions whose lines differ from what ``update_text`` would write."""
    lines = text.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    stale = []
    for region in find_regions(bare, source):
        body = bare[region.start + 1 : region.end]
        fresh = generate(region.name, keys, body)
        if body != fresh:
            diff = difflib.unified_diff(
                body,
                fresh,
                f"{source} ({region.name}, now)",
                f"{source} ({region.name}, generated)",
                lineterm="",
            )
            stale.append(Stale(region, region.start + 1, "\n".join(diff) + "\n"))
    return stale


def standalone(keys: Mapping[str, Sequence[str]], names: Sequence[str] = REGIONS) -> str:
    """The regions with their markers, ready to paste into a page."""
    blocks = []
    for name in names:
        lines = [
            f"<!-- run-insights:{name}:start -->",
            *generate(name, keys),
            f"<!-- run-insights:{name}:end -->",
        ]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
