"""Step 1 of a site build: an input file read, hashed and parsed into run records.

Runs in worker processes with ``--jobs``: everything here is picklable and module-level.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TypeVar

from generator import messages
from generator.errors import InputError
from generator.exports.lines import LinePlace, stream_lines
from generator.exports.load import STDIN, STDIN_NAME, load_bytes
from generator.exports.model import ExportedRun
from generator.frozen import frozen
from generator.site.manifest import CachedInput
from generator.view.history import RunRecord, records

T = TypeVar("T")


@frozen
class Scan:
    """One input read: its hash, and its runs unless the hash is the one already known.

    Each record carries its base report stem (reported runs only).
    """

    path: str
    stat: tuple[int, int] | None
    sha256: str
    records: list[RunRecord] | None
    errors: list[InputError]
    #: Where each run of a JSON Lines file is (by ordinal), so a page reads one line of it.
    places: list[LinePlace] | None = None


def documents(
    data: bytes, path: str, redaction: bool = True, *, checked: bool = False
) -> list[ExportedRun | InputError]:
    """Every run and error of one input's bytes, redacted unless ``redaction`` is False;
    ``checked``: the bytes are the ones a scan read (see :func:`load_bytes`)."""
    source = STDIN_NAME if path == STDIN else path
    jsonl = path.endswith(".jsonl")
    return list(load_bytes(data, source, jsonl, redaction, checked=checked))


def site_records(runs: Iterable[ExportedRun], path: str) -> list[RunRecord]:
    """The records of one input's runs, in order: what the index, histories and names use."""
    return [
        record
        for ordinal, exported in enumerate(runs)
        for record in records(exported, path, ordinal)
    ]


def scan_input(path: str, known_sha: str | None, data: bytes | None = None) -> Scan:
    """Read, hash and (when new) parse one input into run records and errors.

    A JSON Lines file is read a line at a time: memory holds its run records, not the file."""
    stat = None
    if data is None:
        try:
            info = os.stat(path)
            stat = (info.st_size, info.st_mtime_ns)
            if path.endswith(".jsonl") and stat_is_file(info):
                return _scan_lines(path, stat, known_sha)
            data = Path(path).read_bytes()
        except OSError as exc:
            return Scan(path, None, "", None, [cannot_read(path, exc)])
    sha = hashlib.sha256(data).hexdigest()
    if sha == known_sha:
        return Scan(path, stat, sha, None, [])
    items = documents(data, path)
    errors = [item for item in items if isinstance(item, InputError)]
    runs = [item for item in items if isinstance(item, ExportedRun)]
    return Scan(path, stat, sha, site_records(runs, path), errors)


def cannot_read(path: str, exc: OSError) -> InputError:
    return InputError(path, "", messages.CANNOT_READ.format(reason=exc.strerror))


def stat_is_file(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode)


def _scan_lines(path: str, stat_: tuple[int, int], known_sha: str | None) -> Scan:
    if known_sha is not None:  # hash first: an unchanged file is not parsed
        sha = hashlib.sha256()
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                sha.update(block)
        if sha.hexdigest() == known_sha:
            return Scan(path, stat_, known_sha, None, [])
    sha = hashlib.sha256()
    runs: list[RunRecord] = []
    places: list[LinePlace] = []
    errors: list[InputError] = []

    def hashed(handle: BinaryIO) -> Iterator[bytes]:
        for chunk in handle:
            sha.update(chunk)
            yield chunk

    with open(path, "rb") as handle:
        try:
            for place, item in stream_lines(hashed(handle), path):
                if isinstance(item, InputError):
                    errors.append(item)
                    continue
                runs.extend(records(item, path, len(places)))
                places.append(place)
        except InputError as exc:  # the whole file is at fault: no run of it counts
            for _ in hashed(handle):
                pass
            return Scan(path, stat_, sha.hexdigest(), [], [exc], [])
    return Scan(path, stat_, sha.hexdigest(), runs, errors, places)


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
    same = (info.st_size, info.st_mtime_ns) == (cached.size, cached.mtime_ns)
    return same and stat_is_file(info)


def read_once(path: str) -> bytes | None:
    """The bytes of an input that can be read only once (a pipe such as ``<(cat x.json)``,
    ``/dev/stdin``), read now; None for a regular file (or one that cannot be read, which the
    scan reports)."""
    try:
        if path == STDIN or stat_is_file(os.stat(path)):
            return None
        return Path(path).read_bytes()
    except OSError:
        return None
