"""The output folder of a build: its lock, its manifest, and which files in it are ours.

**One build per output folder** at a time: an OS file lock beside the manifest, held on an
open file (``flock``), so the operating system releases it when the build ends in any way, a
``kill -9`` included: a stale lock never blocks the next build.  Each build part (``all``, a
shard, the index) has its own lock, as it has its own manifest, so the shares of a CI matrix
can still build into one folder at the same time.

**Only our own files**: a file is ours when the manifest lists it; any other file in the folder
is never written or removed (:class:`Owner`).  A manifest rebuilt by ``--clean`` because it
was damaged takes over the files of the names the build makes, as it cannot know better.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from generator import messages
from generator.errors import BusyError, InputError, OutputError
from generator.files import cannot_write, sweep_temporaries
from generator.site.jobs import InstanceJob, Settings
from generator.site.manifest import MANIFEST, OUTPUT_NAME, Manifest, damaged

try:
    import fcntl
except ImportError:  # not on a POSIX system: no lock
    fcntl = None  # type: ignore[assignment]


class FolderLock:
    """An exclusive lock on ``path``, taken at once or refused with :class:`BusyError`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = -1

    def __enter__(self) -> FolderLock:
        try:
            self.fd = os.open(
                self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666
            )
        except OSError as exc:
            reason = messages.CANNOT_WRITE.format(reason=exc.strerror)
            raise OutputError(str(self.path), reason, messages.WRITE_ADVICE) from None
        if fcntl is not None:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(self.fd)
                self.fd = -1
                raise BusyError(f"{self.path.parent}: {messages.BUSY}") from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # releases the lock
            self.fd = -1


def lock_name(part: str) -> str:
    """The lock file of a build part, beside its manifest."""
    return f"{MANIFEST}.lock" if part == "all" else f"{MANIFEST}-{part}.lock"


def manifest_files(path: Path) -> list[Path]:
    """The manifest and the files SQLite keeps beside it."""
    return [path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))]


@contextmanager
def open_manifest(path: Path, clean: bool) -> Iterator[tuple[Manifest, bool]]:
    """The manifest of a build, and whether it was rebuilt from scratch by ``--clean``.

    A manifest SQLite cannot use is an :class:`OutputError` that says ``--clean`` rebuilds it;
    with ``--clean`` it is removed and made anew.  A symbolic link is never followed."""
    if path.is_symlink():
        raise OutputError(str(path), messages.MANIFEST_LINK, "remove the link, then build again")
    rebuilt = False
    try:
        manifest = Manifest(path)
        if clean:
            manifest.check()
    except OutputError:
        if not clean:
            raise
        for file in manifest_files(path):
            try:
                file.unlink(missing_ok=True)
            except OSError as exc:
                raise OutputError(str(file), str(exc.strerror), messages.WRITE_ADVICE) from None
        manifest, rebuilt = Manifest(path), True
        manifest.check()
    try:
        with manifest:
            yield manifest, rebuilt
    except sqlite3.Error as exc:
        raise damaged(path, exc) from None


class Owner:
    """Which files of the output folder the build may write: those the manifest lists (or that
    do not exist yet).  Files about to be written are listed first, so a build stopped in the
    middle still owns them; the others become errors and are left as they are."""

    def __init__(self, manifest: Manifest, out_dir: Path, adopt: bool) -> None:
        self.manifest = manifest
        self.out_dir = out_dir
        self.adopt = adopt
        self.errors: list[InputError] = []

    def ours(self, name: str) -> bool:
        if self.adopt or self.manifest.output_key(name) is not None:
            return True
        if not os.path.lexists(os.path.join(self.out_dir, name)):  # no Path per page
            return True
        self.errors.append(InputError(str(self.out_dir / name), "", messages.NOT_OURS))
        return False

    def claim(self, names: Iterable[str], source: str | None, commit: bool = True) -> None:
        """List ``names`` as ours before they are written (committed at once unless the caller
        commits a batch of claims itself, still before anything of it is written)."""
        self.manifest.claim_outputs(names, source)
        if commit:
            self.manifest.commit()


def make_folder(out_dir: Path) -> None:
    if os.path.lexists(out_dir) and not out_dir.is_dir():
        raise OutputError(str(out_dir), messages.NOT_A_FOLDER)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(out_dir, exc) from None


def sweep(out_dir: Path) -> None:
    """Remove what a killed build left: temporary files of pages and manifests."""
    sweep_temporaries(out_dir, lambda name: bool(OUTPUT_NAME.match(name)))


def claimed(
    jobs: Iterable[InstanceJob], owner: Owner, settings_: Settings
) -> Iterator[InstanceJob]:
    """Each job without the pages that would overwrite a file that is not ours, once the
    files it writes are listed as ours."""
    formats = settings_.formats
    for job in jobs:
        reports = []
        for report in job.reports:
            names = [f"{report.record.stem}.{fmt}" for fmt in formats]
            if all([owner.ours(name) for name in names]):  # every clash is reported
                owner.claim(names, report.record.source, commit=False)
                reports.append(report)
        page_key = job.page_key
        if page_key is not None:
            names = [f"{job.page}.{fmt}" for fmt in formats]
            if all([owner.ours(name) for name in names]):
                owner.claim(names, None, commit=False)
            else:
                page_key = None
        owner.manifest.commit()  # one commit per job, before the job writes anything
        if reports or page_key is not None:
            yield replace(job, reports=tuple(reports), page_key=page_key)


def same_bytes(path: Path, text: str) -> bool:
    """Whether ``path`` already holds ``text`` (a shared file another build part wrote)."""
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False
