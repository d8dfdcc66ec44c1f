"""The build: inputs in, report files out.  Reads and validates everything, then writes.

Every file is written to a temporary file beside its target and renamed over it, so a report is
either the old one or the new one, never half written.  Bad inputs are collected, not raised:
the good ones still build.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from generator import render
from generator.errors import InputError
from generator.load import ExportedRun

SLUG_MAX = 60


@dataclass
class BuildResult:
    """What a build did: files written, reports built, inputs that failed."""

    out_dir: Path
    reports: int = 0
    written: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def slugify(text: str, fallback: str) -> str:
    """A safe file-name part: lowercase ASCII letters, digits and dashes; never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug or fallback


def report_stem(exported: ExportedRun) -> str:
    """``<instance>--run-<id>``, or ``<instance>--no-runs`` for the empty state."""
    instance = slugify(exported.instance.name, "instance")
    if exported.run is None:
        return f"{instance}--no-runs"
    return f"{instance}--run-{slugify(str(exported.run.id), 'unknown')}"


def unique_stems(runs: Sequence[ExportedRun]) -> list[str]:
    """One stem per run, as a site names its reports: names that collide get ``-2``, ``-3``...
    in input order, never taking a name that is another run's own stem.
    """
    from generator import site  # the manifest assigns names; this asks it, never re-derives

    return site.report_stems(runs)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (LF line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = ""
    try:  # an interruption anywhere in here removes the temporary file
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise


def render_site(
    runs: Sequence[ExportedRun], options: render.RenderOptions = render.DEFAULT_OPTIONS
) -> dict[str, str]:
    """Every output file of a build, by name relative to the output folder (pure).

    The reports, the instance history pages and the index: see :mod:`generator.site`.
    """
    from generator import site  # site builds on this module's names and writes

    return site.render_site(runs, options)


def build(
    inputs: Iterable[str],
    out_dir: Path,
    options: render.RenderOptions = render.DEFAULT_OPTIONS,
    stdin: BinaryIO | None = None,
) -> BuildResult:
    """Load every input, render the reports, history pages and index, and write what changed.

    A one-process :func:`generator.site.build_site` with the default options.
    """
    from generator import site

    built = site.build_site(inputs, out_dir, options, stdin=stdin)
    return BuildResult(
        out_dir=out_dir,
        reports=built.reports,
        written=[out_dir / name for name in built.written],
        errors=built.errors,
    )
