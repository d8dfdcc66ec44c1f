"""``run-insights diff A B``: two runs from export files, compared and written as pages.

A run is named ``FILE`` when the file holds one run, or ``FILE#RUN_ID`` to pick one among
several (an array, JSON Lines, or the history of an instance export).
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import InputError, UsageError
from generator.exports.load import load
from generator.files import write_atomic
from generator.frozen import frozen
from generator.names import diff_stem
from generator.render.pages import (
    DEFAULT_OPTIONS,
    RenderOptions,
    check_options,
    render_diff,
    site_assets,
)
from generator.view.compare import Comparison, RunSnapshot, compare
from generator.view.report import run_snapshots


@frozen
class DiffResult:
    """The pages written and the comparison they show."""

    written: list[Path]
    comparison: Comparison


def load_run(spec: str, redaction: bool = True) -> RunSnapshot:
    """The run named by ``FILE`` or ``FILE#RUN_ID``, its secrets redacted unless turned off."""
    path, _, run_id = spec.partition("#")
    if not Path(path).is_file():
        raise UsageError(f"{path}: no such file; expected an export file (FILE or FILE#RUN_ID)")
    loaded = load([path], redaction=redaction)
    if loaded.errors:
        raise loaded.errors[0]
    runs = [snapshot for exported in loaded.runs for snapshot in run_snapshots(exported, False)]
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


def write_diff(
    earlier_spec: str,
    later_spec: str,
    out_dir: Path,
    options: RenderOptions = DEFAULT_OPTIONS,
) -> DiffResult:
    """Compare two runs and write the comparison in every format of ``options``."""
    check_options(options)
    earlier = load_run(earlier_spec, options.redact)
    later = load_run(later_spec, options.redact)
    comparison = compare(earlier, later)
    stem = diff_stem(later.instance_name, str(earlier.run.id), str(later.run.id))
    pages = {f"{stem}.{fmt}": render_diff(comparison, fmt, options) for fmt in options.formats}
    pages.update(site_assets(options))
    written = []
    for name, text in pages.items():
        write_atomic(out_dir / name, text)
        written.append(out_dir / name)
    return DiffResult(written, comparison)
