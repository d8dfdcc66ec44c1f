"""``run-insights diff A B``: two runs from export files, compared and written as pages.

A run is named ``FILE`` when the file holds one run, or ``FILE#RUN_ID`` to pick one among
several (an array, JSON Lines, or the history of an instance export).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import diff, redact, render
from generator.build import slugify, write_atomic
from generator.errors import InputError, UsageError
from generator.load import ExportedRun, load


@dataclass(frozen=True)
class DiffResult:
    """The pages written and the comparison they show."""

    written: list[Path]
    comparison: diff.Comparison


def _candidates(runs: list[ExportedRun]) -> list[diff.RunSnapshot]:
    found = []
    for exported in runs:
        name = exported.instance.name
        if exported.run is not None:
            found.append(diff.RunSnapshot(name, exported.run, exported.stages))
        for run in exported.history:
            found.append(diff.RunSnapshot(name, run, tuple(run.stages or ())))
    return found


def load_run(spec: str, redaction: bool = True) -> diff.RunSnapshot:
    """The run named by ``FILE`` or ``FILE#RUN_ID``, its secrets redacted unless turned off."""
    path, _, run_id = spec.partition("#")
    if not Path(path).is_file():
        raise UsageError(f"{path}: no such file; expected an export file (FILE or FILE#RUN_ID)")
    loaded = load([path])
    if loaded.errors:
        raise loaded.errors[0]
    exports = [redact.redact_run(r) if redaction else r for r in loaded.runs]
    runs = _candidates(exports)
    ids = [str(snapshot.run.id) for snapshot in runs]
    if run_id:
        matches = [snapshot for snapshot in runs if str(snapshot.run.id) == run_id]
        if not matches:
            raise InputError(path, "", f"no run #{run_id}; runs in this file: {_listed(ids)}")
        return matches[0]
    if len(runs) != 1:
        raise UsageError(
            f"{path} holds {len(runs)} runs ({_listed(ids)}); name one as {path}#RUN_ID"
        )
    return runs[0]


def _listed(ids: list[str]) -> str:
    return ", ".join(f"#{run_id}" for run_id in ids) or "none"


def diff_stem(earlier: diff.RunSnapshot, later: diff.RunSnapshot) -> str:
    """``<instance>--run-<A>-vs-run-<B>``."""
    instance = slugify(later.instance_name, "instance")
    first = slugify(str(earlier.run.id), "unknown")
    second = slugify(str(later.run.id), "unknown")
    return f"{instance}--run-{first}-vs-run-{second}"


def write_diff(
    earlier_spec: str,
    later_spec: str,
    out_dir: Path,
    options: render.RenderOptions = render.DEFAULT_OPTIONS,
) -> DiffResult:
    """Compare two runs and write the comparison in every format of ``options``."""
    earlier = load_run(earlier_spec, options.redact)
    later = load_run(later_spec, options.redact)
    comparison = diff.compare(earlier, later)
    stem = diff_stem(earlier, later)
    written = []
    for fmt in options.formats:
        path = out_dir / f"{stem}.{fmt}"
        write_atomic(path, render.render_diff(comparison, fmt, options))
        written.append(path)
    for name, text in render.site_assets(options).items():
        write_atomic(out_dir / name, text)
        written.append(out_dir / name)
    return DiffResult(written, comparison)
