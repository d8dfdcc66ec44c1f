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

from generator import messages
from generator.errors import InputError
from generator.exports.load import STDIN, STDIN_NAME, load_bytes
from generator.exports.model import ExportedRun
from generator.site.manifest import CachedInput
from generator.view.history import RunRecord, records

T = TypeVar("T")


@dataclass(frozen=True)
class Scan:
    """One input read: its hash, and its runs unless the hash is the one already known.

    Each record carries its base report stem (reported runs only).
    """

    path: str
    stat: tuple[int, int] | None
    sha256: str
    records: list[RunRecord] | None
    errors: list[InputError]


def documents(data: bytes, path: str, redaction: bool = True) -> list[ExportedRun | InputError]:
    """Every run and error of one input's bytes, redacted unless ``redaction`` is False."""
    source = STDIN_NAME if path == STDIN else path
    return list(load_bytes(data, source, jsonl=path.endswith(".jsonl"), redaction=redaction))


def site_records(runs: Iterable[ExportedRun], path: str) -> list[RunRecord]:
    """The records of one input's runs, in order: what the index, histories and names use."""
    return [
        record
        for ordinal, exported in enumerate(runs)
        for record in records(exported, path, ordinal)
    ]


def scan_input(path: str, known_sha: str | None, data: bytes | None = None) -> Scan:
    """Read, hash and (when new) parse one input into run records and errors."""
    stat = None
    if data is None:
        try:
            info = os.stat(path)
            stat = (info.st_size, info.st_mtime_ns)
            data = Path(path).read_bytes()
        except OSError as exc:
            reason = messages.CANNOT_READ.format(reason=exc.strerror)
            return Scan(path, None, "", None, [InputError(path, "", reason)])
    sha = hashlib.sha256(data).hexdigest()
    if sha == known_sha:
        return Scan(path, stat, sha, None, [])
    items = documents(data, path)
    errors = [item for item in items if isinstance(item, InputError)]
    runs = [item for item in items if isinstance(item, ExportedRun)]
    return Scan(path, stat, sha, site_records(runs, path), errors)


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


def unchanged_on_disk(path: str, cached: CachedInput | None) -> bool:
    """Whether an input that built cleanly last time has the same size and time on disk."""
    if cached is None or not cached.ok:
        return False
    try:
        info = os.stat(path)
    except OSError:
        return False
    return (info.st_size, info.st_mtime_ns) == (cached.size, cached.mtime_ns)
