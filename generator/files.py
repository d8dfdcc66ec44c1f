"""Writing and reading the files the tool owns: atomic writes with ordinary permissions.

Every file is written to a temporary file beside its target and renamed over it, so a file is
either the old one or the new one, never half written.  A write that fails (a full disk, no
permission) removes its temporary file and is an :class:`~generator.errors.OutputError` naming
the file; a temporary file a hard kill leaves behind is recognised by its name
(:data:`TEMPORARY`) and removed by :func:`sweep_temporaries`.  The new file gets the mode any tool's
output gets, ``0o666`` less the process umask (not ``mkstemp``'s ``0o600``, which a web server
running as another user cannot read).
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from pathlib import Path

from generator import messages
from generator.errors import OutputError, UsageError

FILE_MODE = 0o666
#: The name of a temporary file :func:`write_bytes_atomic` makes for ``target``:
#: ``.TARGET.XXXXXXXX.tmp`` (eight random hexadecimal digits; ``mkstemp``'s eight random
#: characters in earlier versions).
TEMPORARY = re.compile(r"^\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp$")


def _temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, opened for writing (``O_EXCL``: never another's).

    Opened with ``FILE_MODE``, which the kernel lessens by the umask: the mode the renamed file
    keeps, with no ``chmod`` and no reading of the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = os.path.join(path.parent, f".{path.name}.{random.getrandbits(32):08x}.tmp")
        try:
            return os.open(name, flags, FILE_MODE), name
        except FileExistsError:
            continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)  # a new folder: made once
    raise FileExistsError(f"no free temporary name beside {path}")


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    temporary = ""
    try:  # an interruption anywhere in here removes the temporary file
        fd, temporary = _temporary(path)
        try:  # straight to the descriptor: no buffered file object per page
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException as exc:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise cannot_write(path, exc) from None
        raise


def cannot_write(path: Path | str, exc: OSError) -> OutputError:
    """The one-line error for a file or folder of the output that cannot be written."""
    reason = messages.CANNOT_WRITE.format(reason=exc.strerror or type(exc).__name__)
    return OutputError(str(path), reason, messages.WRITE_ADVICE)


def sweep_temporaries(folder: Path, ours: Callable[[str], bool]) -> list[str]:
    """Remove the temporary files in ``folder`` (not below it) whose target ``ours`` accepts:
    what a hard kill left there.  Only call it while no other process writes to ``folder``.

    Memory holds the temporary files found, never the folder's listing: a site's folder has
    two files per run."""
    found: list[os.DirEntry[str]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                match = TEMPORARY.match(entry.name)
                if match and ours(match["target"]) and entry.is_file(follow_symlinks=False):
                    found.append(entry)
    except OSError:
        return []
    for entry in found:
        try:
            os.unlink(entry.path)
        except OSError as exc:
            raise cannot_write(entry.path, exc) from None
    return sorted(entry.name for entry in found)


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
