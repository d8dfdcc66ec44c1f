"""File names: how an instance, a run and a comparison become safe, stable file names (pure)."""

from __future__ import annotations

import re
import unicodedata

SLUG_MAX = 60


def slugify(text: str, fallback: str) -> str:
    """A safe file-name part: lowercase ASCII letters, digits and dashes; never empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug or fallback


def report_stem(instance_name: str, run_id: str | None) -> str:
    """``<instance>--run-<id>``, or ``<instance>--no-runs`` for the empty state."""
    instance = slugify(instance_name, "instance")
    if run_id is None:
        return f"{instance}--no-runs"
    return f"{instance}--run-{slugify(run_id, 'unknown')}"


def diff_stem(instance_name: str, earlier_run_id: str, later_run_id: str) -> str:
    """``<instance>--run-<A>-vs-run-<B>``."""
    instance = slugify(instance_name, "instance")
    first = slugify(earlier_run_id, "unknown")
    second = slugify(later_run_id, "unknown")
    return f"{instance}--run-{first}-vs-run-{second}"
