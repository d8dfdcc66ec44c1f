"""JSON Lines read a line at a time: runs with their place in the file, and one run read back
from its place, so neither the scan nor a page ever holds a whole big file.

What :func:`stream_lines` gives is exactly what :func:`generator.exports.load.load_bytes`
gives for the whole file (the same line numbers, messages and runs); tests compare the two.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator import messages
from generator.errors import InputError
from generator.exports.load import parse_line
from generator.exports.model import ExportedRun
from generator.exports.redact import may_hold_secrets, redact_run


@dataclass(frozen=True, slots=True)  # one per run of a file that may hold millions: compact
class LinePlace:
    """Where a document of a JSON Lines file is: the byte offset of its physical line, the
    line number messages use, which of the lines ``str.splitlines`` finds in the physical line
    it is (a lone carriage return splits one), and a digest of the physical line's bytes."""

    offset: int
    number: int
    part: int
    digest: str


def stream_lines(
    chunks: Iterable[bytes], source: str, redaction: bool = True
) -> Iterator[tuple[LinePlace, ExportedRun | InputError]]:
    """The runs and errors of a JSON Lines file read one physical line (``chunks``) at a time,
    each with its place, so memory holds one line, never the file.

    Gives exactly what :func:`load_bytes` gives for the whole file; a problem of the whole file
    (not UTF-8, nothing but white space) is raised as an :class:`InputError` at the end, and
    voids whatever came before, as it does there.
    """
    offset, number, blank = 0, 0, True
    for physical, chunk in enumerate(chunks):
        if chunk.isspace():  # blank lines (the fast path of padded files)
            number += len(chunk.decode("ascii").splitlines())
            offset += len(chunk)
            continue
        try:
            text = chunk.decode("utf-8-sig" if physical == 0 else "utf-8")
        except UnicodeDecodeError as exc:
            column = len(chunk[: exc.start].decode("utf-8", "replace")) + 1
            raise InputError(source, f"{physical + 1}:{column}", messages.NOT_UTF8) from None
        blank = blank and not text.strip()
        digest = hashlib.sha256(chunk).hexdigest()[:32]
        possible = redaction and may_hold_secrets(chunk)  # once: a line may split in parts
        for part, line in enumerate(text.splitlines()):
            number += 1
            place = LinePlace(offset, number, part, digest)
            for item in parse_line(line, source, number):
                if redaction and isinstance(item, ExportedRun):
                    item = redact_run(item, possible)
                yield place, item
        offset += len(chunk)
    if blank:
        raise InputError(source, "", messages.EMPTY_FILE)


def load_line(
    chunk: bytes, place: LinePlace, source: str, redaction: bool = True
) -> ExportedRun | None:
    """The run at ``place`` given its physical line, as :func:`stream_lines` gave it; None when
    the line is not the one that was read (the file changed)."""
    if hashlib.sha256(chunk).hexdigest()[:32] != place.digest:
        return None
    text = chunk.decode("utf-8-sig" if place.offset == 0 else "utf-8")
    lines = text.splitlines()
    if place.part >= len(lines):
        return None
    for item in parse_line(lines[place.part], source, place.number):
        if isinstance(item, ExportedRun):
            return redact_run(item, may_hold_secrets(chunk)) if redaction else item
    return None
