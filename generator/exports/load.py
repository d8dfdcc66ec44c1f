"""Reading exports: files, folders, standard input and JSON Lines into models, or input errors.

Loading never stops at the first bad input: every file and every document is tried, and each
problem becomes an :class:`InputError` naming the file, the place (``LINE:COLUMN`` for syntax,
a JSON path for content) and what was expected.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from generator import messages
from generator.errors import InputError
from generator.exports import jsontext
from generator.exports.latest import newest_first
from generator.exports.model import ExportedRun, InstanceExport, Run, RunExport, Stage
from generator.exports.redact import may_hold_secrets, redact_run

STDIN = "-"
#: How standard input is named in messages and on the page.
STDIN_NAME = "<stdin>"
INPUT_SUFFIXES = (".json", ".jsonl")


@dataclass
class LoadResult:
    """Everything a set of inputs gave: the runs that loaded and the problems that did not."""

    runs: list[ExportedRun] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def discover(inputs: Iterable[str]) -> tuple[list[str], list[InputError]]:
    """Expand files and folders (recursively, ``*.json`` and ``*.jsonl``) into sorted files.

    Folders are walked as plain strings (cheap at 100,000 files).  Nothing is skipped without
    a word: an unreadable subfolder, a link to a folder (not followed: no loop), a broken link
    and a FIFO are errors; a named pipe such as ``<(cat x.json)`` is read as it is."""
    files: list[str] = []
    errors: list[InputError] = []
    items = list(inputs)
    for item in items:
        if item == STDIN:
            files.append(STDIN)
            continue
        if os.path.isdir(item):
            before = len(errors)
            found = sorted(_walk(os.path.normpath(item), errors))
            if not found and len(errors) == before:
                errors.append(InputError(item, "", messages.EMPTY_FOLDER))
            files.extend(found)
        elif os.path.exists(item):
            files.append(item)
        else:
            errors.append(InputError(item, "", messages.NO_SUCH_INPUT))
    if len(items) == 1:
        return files, errors  # one folder lists each file once
    return _once(files), errors


def _once(files: list[str]) -> list[str]:
    """Each file once, however it was spelled (``a.json``, ``./a.json``, a link to it)."""
    seen: set[tuple[int, int] | str] = set()
    unique: list[str] = []
    for path in files:
        try:
            info = os.stat(path) if path != STDIN else None
        except OSError:
            info = None
        key: tuple[int, int] | str = (info.st_dev, info.st_ino) if info else path
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _walk(folder: str, errors: list[InputError]) -> Iterator[str]:
    def unreadable(exc: OSError) -> None:
        reason = messages.CANNOT_READ.format(reason=exc.strerror)
        errors.append(InputError(str(exc.filename), "", reason))

    for parent, folders, names in os.walk(folder, onerror=unreadable):
        folders.sort()  # errors in a stable order
        for name in folders:
            path = os.path.join(parent, name)
            if os.path.islink(path):
                errors.append(InputError(path, "", messages.LINKED_FOLDER))
        for name in sorted(names):
            if os.path.splitext(name)[1] not in INPUT_SUFFIXES:
                continue
            path = os.path.join(parent, name)
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                reason = messages.CANNOT_READ.format(reason=exc.strerror)
                errors.append(InputError(path, "", reason))
                continue
            if stat.S_ISREG(mode):
                yield path
            else:
                errors.append(InputError(path, "", messages.NOT_A_FILE))


def load(
    inputs: Iterable[str], stdin: BinaryIO | None = None, redaction: bool = True
) -> LoadResult:
    """Load every run of every input; bad inputs become errors, good ones still load.

    Every run is redacted (see :mod:`generator.exports.redact`) unless ``redaction`` is False.
    """
    files, errors = discover(inputs)
    result = LoadResult(errors=errors)
    for name in files:
        try:
            data = stdin.read() if name == STDIN and stdin is not None else Path(name).read_bytes()
        except OSError as exc:
            reason = messages.CANNOT_READ.format(reason=exc.strerror)
            result.errors.append(InputError(name, "", reason))
            continue
        source = STDIN_NAME if name == STDIN else name
        for item in load_bytes(data, source, jsonl=name.endswith(".jsonl"), redaction=redaction):
            if isinstance(item, InputError):
                result.errors.append(item)
            else:
                result.runs.append(item)
    return result


def load_bytes(
    data: bytes, source: str, jsonl: bool = False, redaction: bool = True, *, checked: bool = False
) -> Iterator[ExportedRun | InputError]:
    """Parse one file's bytes into runs and errors, in file order; every run is redacted
    unless ``redaction`` is False.  ``checked``: these bytes passed the strict JSON checks
    before (a build's pages read what its scan read, by hash), so the standard parser, which
    builds the same values four times faster, reads them."""
    possible = redaction and may_hold_secrets(data)  # once: a file may hold many runs
    for item in _parse_bytes(data, source, jsonl, json.loads if checked else jsontext.parse):
        if redaction and isinstance(item, ExportedRun):
            yield redact_run(item, possible)
        else:
            yield item


def _parse_bytes(
    data: bytes, source: str, jsonl: bool, parse: Callable[[str], Any]
) -> Iterator[ExportedRun | InputError]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = jsontext.line_column(data[: exc.start].decode("utf-8", "replace"))
        yield InputError(source, f"{line}:{column}", messages.NOT_UTF8)
        return
    if not text.strip():
        yield InputError(source, "", messages.EMPTY_FILE)
        return
    if jsonl:
        yield from _load_lines(text, source)
        return
    try:
        value = parse(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text[: exc.pos].strip().startswith("{"):
            yield from _load_lines(text, source)
            return
        yield InputError(source, f"{exc.lineno}:{exc.colno}", _invalid_json(exc))
        return
    except jsontext.JsonTextError as exc:
        yield InputError(source, exc.position, exc.message)
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _documents(item, source, f"$[{index}]", "")
    else:
        yield from _documents(value, source, "$", "")


def _load_lines(text: str, source: str) -> Iterator[ExportedRun | InputError]:
    for number, line in enumerate(text.splitlines(), start=1):
        yield from parse_line(line, source, number)


def parse_line(line: str, source: str, number: int) -> Iterator[ExportedRun | InputError]:
    """The run or errors of line ``number`` of a JSON Lines file (nothing for a blank line)."""
    if not line.strip():
        return
    try:
        value = jsontext.parse(line)
    except json.JSONDecodeError as exc:
        yield InputError(source, f"{number}:{exc.colno}", _invalid_json(exc))
        return
    except jsontext.JsonTextError as exc:
        column = exc.position.partition(":")[2] or "1"
        yield InputError(source, f"{number}:{column}", exc.message)
        return
    yield from _documents(value, source, "$", f"{number}:")


def _invalid_json(exc: json.JSONDecodeError) -> str:
    return messages.INVALID_JSON.format(reason=exc.msg)


def _documents(value: Any, source: str, root: str, line: str) -> Iterator[ExportedRun | InputError]:
    position = f"{line}{root}"
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        yield InputError(source, position, messages.NOT_AN_OBJECT.format(kind=_json_kind(kind)))
        return
    model = InstanceExport if "runs" in value else RunExport
    try:
        document = model.model_validate(value)
    except ValidationError as exc:
        yield from _validation_errors(exc, source, root, line)
        return
    yield from _exported_runs(document, source, position)


def _exported_runs(
    document: RunExport | InstanceExport, source: str, position: str
) -> Iterator[ExportedRun]:
    def exported(run: Run | None, stages: Iterable[Stage], history: Iterable[Run]) -> ExportedRun:
        return ExportedRun(
            source=source,
            position=position,
            instance=document.instance,
            run=run,
            stages=tuple(stages),
            history=tuple(history),
            rconfig_version=document.rconfig_version,
            exported_at=document.exported_at,
        )

    if isinstance(document, RunExport):
        yield exported(document.run, document.run.stages or document.stages or (), ())
        return
    runs = newest_first(document.runs)
    if not runs:
        yield exported(None, (), ())
        return
    latest, *older = runs
    yield exported(latest, latest.stages or (), older)


_UNION_TAG = re.compile(r"^[a-z_-]+(\[.*\])?$")
_TAGS = {"int", "str", "float", "bool", "list", "dict", "none", "json-or-python", "lax-or-strict"}


def _json_path(root: str, loc: tuple[int | str, ...]) -> str:
    path = root
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in _TAGS or (_UNION_TAG.match(part) and "[" in part):
            continue  # pydantic names the union member it tried; not a key of the input
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            path += f".{part}"
        else:
            path += f"[{json.dumps(part)}]"
    return path


def _validation_errors(
    exc: ValidationError, source: str, root: str, line: str
) -> Iterator[InputError]:
    seen: set[str] = set()
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = _json_path(root, loc)
        if path in seen:
            continue
        seen.add(path)
        yield InputError(source, f"{line}{path}", _describe(error))


def _describe(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return messages.MISSING_FIELD.format(name=str(error["loc"][-1]))
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    if kind not in ("value_error", "assertion_error"):
        got = error.get("input")
        message = f"{message}; got {_json_kind(type(got).__name__)}"
    return message


_JSON_KINDS = {"dict": "an object", "list": "an array", "str": "a string", "int": "an integer"}
_JSON_KINDS |= {"float": "a number", "bool": "a boolean", "NoneType": "null", "null": "null"}


def _json_kind(python_type: str) -> str:
    return _JSON_KINDS.get(python_type, python_type)
