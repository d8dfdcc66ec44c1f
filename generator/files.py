"""Writing and reading the files the tool owns: atomic writes with ordinary permissions.

Every file is written to a temporary file beside its target and renamed over it, so a file is
either the old one or the new one, never half written.  The new file gets the mode any tool's
output gets, ``0o666`` less the process umask (``mkstemp`` alone would make it ``0o600``, which a
web server running as another user cannot read).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.errors import UsageError

FILE_MODE = 0o666


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = ""
    try:  # an interruption anywhere in here removes the temporary file
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE & ~_umask())
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, as UTF-8 with LF line ends."""
    write_bytes_atomic(path, text.encode("utf-8"))


def read_text(path: Path, what: str, error: type[UsageError] = UsageError) -> str:
    """A UTF-8 text file the user named (a docs page, a UI component), exactly as stored.

    A file that cannot be read or is not UTF-8 is ``error`` (a usage error: exit code 2).
    """
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise error(f"{path}: cannot read the {what}: {reason}") from None
