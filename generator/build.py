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

import jinja2

from generator import insights, render
from generator.errors import InputError, RunInsightsError
from generator.load import ExportedRun, load

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
    """One stem per run; names that collide get ``-2``, ``-3``... in input order."""
    used: set[str] = set()
    stems = []
    for exported in runs:
        stem = candidate = report_stem(exported)
        number = 1
        while candidate in used:
            number += 1
            candidate = f"{stem}-{number}"
        used.add(candidate)
        stems.append(candidate)
    return stems


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (LF line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def render_site(
    runs: Sequence[ExportedRun], options: render.RenderOptions = render.DEFAULT_OPTIONS
) -> dict[str, str]:
    """Every output file of a build, by name relative to the output folder (pure)."""
    formats = options.formats
    outputs: dict[str, str] = {}
    entries = []
    try:
        for exported, stem in zip(runs, unique_stems(runs), strict=True):
            report = insights.report(exported)
            for fmt in formats:
                outputs[f"{stem}.{fmt}"] = render.render_report(report, fmt, options)
            entries.append(
                insights.IndexEntry(
                    report,
                    html_href=f"{stem}.html" if "html" in formats else None,
                    md_href=f"{stem}.md" if "md" in formats else None,
                )
            )
        site_index = insights.index(entries)
        for fmt in formats:
            outputs[f"index.{fmt}"] = render.render_index(site_index, fmt, options)
        outputs.update(render.site_assets(options))
    except jinja2.TemplateError as exc:
        where = f"{exc.name}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        message = f"theme {options.theme!r}: template error {where} {exc}"
        raise RunInsightsError(" ".join(message.split())) from exc
    return outputs


def build(
    inputs: Iterable[str],
    out_dir: Path,
    options: render.RenderOptions = render.DEFAULT_OPTIONS,
    stdin: BinaryIO | None = None,
) -> BuildResult:
    """Load every input, render every report and the index, then write them all."""
    loaded = load(inputs, stdin=stdin)
    result = BuildResult(out_dir=out_dir, errors=loaded.errors, reports=len(loaded.runs))
    if not loaded.runs:
        return result  # nothing built: leave an existing index alone
    outputs = render_site(loaded.runs, options)
    for name in sorted(outputs):
        path = out_dir / name
        write_atomic(path, outputs[name])
        result.written.append(path)
    return result
