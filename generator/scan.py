"""Step 1 of a site build: an input file read, hashed and parsed into run records.

Runs in worker processes with ``--jobs``: everything here is picklable and module-level.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator import history, redact
from generator.build import report_stem
from generator.errors import InputError
from generator.history import RunRecord
from generator.load import STDIN, ExportedRun, load_bytes

T = TypeVar("T")


@dataclass(frozen=True)
class Scan:
    """One input read: its hash, and its runs unless the hash is the one already known."""

    path: str
    stat: tuple[int, int] | None
    sha256: str
    records: list[tuple[RunRecord, str | None]] | None
    errors: list[InputError]


def documents(data: bytes, path: str) -> list[ExportedRun | InputError]:
    source = "<stdin>" if path == STDIN else path
    return list(load_bytes(data, source, jsonl=path.endswith(".jsonl")))


def scan_input(path: str, known_sha: str | None, data: bytes | None = None) -> Scan:
    """Read, hash and (when new) parse one input into run records and errors."""
    stat = None
    if data is None:
        try:
            info = os.stat(path)
            stat = (info.st_size, info.st_mtime_ns)
            data = Path(path).read_bytes()
        except OSError as exc:
            return Scan(
                path, None, "", None, [InputError(path, "", f"cannot read: {exc.strerror}")]
            )
    sha = hashlib.sha256(data).hexdigest()
    if sha == known_sha:
        return Scan(path, stat, sha, None, [])
    found: list[tuple[RunRecord, str | None]] = []
    errors: list[InputError] = []
    ordinal = 0
    for item in documents(data, path):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        # Records feed the index, the history pages and the file names: always redacted.
        item = redact.redact_run(item)
        for record in history.records(item, path, ordinal):
            found.append((record, report_stem(item) if record.reported else None))
        ordinal += 1
    return Scan(path, stat, sha, found, errors)


def scan_chunk(items: Sequence[tuple[str, str | None]]) -> list[Scan]:
    return [scan_input(path, known) for path, known in items]


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def unchanged_on_disk(path: str, cached: tuple[int, int, str, bool] | None) -> bool:
    if cached is None or not cached[3]:
        return False
    try:
        info = os.stat(path)
    except OSError:
        return False
    return (info.st_size, info.st_mtime_ns) == (cached[0], cached[1])
