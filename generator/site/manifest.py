"""The build manifest: what each output was built from, and the runs of every input, on disk.

A SQLite database in the output folder (``.run-insights-manifest.sqlite``; a shard or an
``--index-only`` build keeps its own beside it).  It holds

- ``inputs``: every input file with its size, modification time and SHA-256, so an unchanged
  file is neither read nor parsed again;
- ``runs``: one :class:`~generator.history.RunRecord` per run of those inputs, with the report
  stem and instance page assigned to it: the site's working set, kept out of memory;
- ``outputs``: every file the tool wrote, with the key it was built from (input hashes, tool
  version, theme, formats) and the input it came from.  Only files listed here are ever deleted.

Every SQL statement of the build is here, so the module is longer than most on purpose: the
schema and every query on it read in one place.

An in-memory database (no path) serves the pure :func:`generator.site.build.render_site`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from generator import messages
from generator.errors import OutputError
from generator.exports.jsontext import has_surrogate
from generator.exports.lines import LinePlace
from generator.frozen import frozen
from generator.view.history import RunRecord

#: 2: run recency compares ids of any length; a version-1 manifest forgets its inputs and runs
#: (so every input is read again) but keeps the list of files the tool wrote.
#: 3: where each run of a JSON Lines file is (``places``); a version 1 or 2 manifest forgets
#: its inputs and runs in the same way.
SCHEMA_VERSION = "3"
_READABLE_VERSIONS = ("1", "2", SCHEMA_VERSION)
MANIFEST = ".run-insights-manifest"
#: Values per ``IN (...)`` query: well under SQLite's cap on a statement's parameters.
_IN_CHUNK = 500
OUTPUT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.(html|md|css)$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT NOT NULL, ok INTEGER);
CREATE TABLE IF NOT EXISTS runs (
    source TEXT NOT NULL, ordinal INTEGER NOT NULL, history_index INTEGER NOT NULL,
    instance_key TEXT NOT NULL, instance_name TEXT NOT NULL, driver TEXT,
    run_id TEXT, mode TEXT, status TEXT, started_at TEXT, recency TEXT NOT NULL,
    n_create INTEGER, n_update INTEGER, n_open INTEGER,
    base_stem TEXT, stem TEXT,
    PRIMARY KEY (source, ordinal, history_index));
CREATE INDEX IF NOT EXISTS runs_instance ON runs (instance_key);
CREATE INDEX IF NOT EXISTS runs_base_stem ON runs (base_stem);
CREATE TABLE IF NOT EXISTS places (
    source TEXT NOT NULL, ordinal INTEGER NOT NULL, offset INTEGER NOT NULL,
    number INTEGER NOT NULL, part INTEGER NOT NULL, digest TEXT NOT NULL,
    PRIMARY KEY (source, ordinal));
CREATE TABLE IF NOT EXISTS instances (instance_key TEXT PRIMARY KEY, page TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (
    name TEXT PRIMARY KEY, build_key TEXT NOT NULL, source TEXT, tool_version TEXT, theme TEXT);
"""

_RECORD_COLUMNS = (
    "instance_key, instance_name, driver, source, ordinal, history_index, run_id, mode, status, "
    "started_at, recency, n_create, n_update, n_open, stem"
)


def _text(value: str | None) -> str | None:
    """Text SQLite can store: a lone surrogate (valid JSON, not Unicode) becomes U+FFFD."""
    if value is None or not has_surrogate(value):
        return value
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)


#: SQLite's primary result codes for a file it cannot write (permissions, a full disk).
_CANNOT_WRITE = {3: "PERM", 8: "READONLY", 10: "IOERR", 13: "FULL", 14: "CANTOPEN"}


def damaged(path: Path | None, exc: sqlite3.Error) -> OutputError:
    """The error for a manifest SQLite cannot use: one it cannot write (permissions, a full
    disk), or one that is damaged (corrupt, truncated, not a database), which ``--clean``
    rebuilds."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _CANNOT_WRITE:
        reason = messages.CANNOT_WRITE.format(reason=exc)
        return OutputError(str(path), reason, messages.WRITE_ADVICE)
    reason = messages.MANIFEST_DAMAGED.format(reason=exc)
    return OutputError(str(path), reason, messages.MANIFEST_ADVICE)


def manifest_name(part: str) -> str:
    """The manifest file of a build part: ``all``, ``shard-K-of-N`` or ``index``."""
    return f"{MANIFEST}.sqlite" if part == "all" else f"{MANIFEST}-{part}.sqlite"


@frozen
class CachedInput:
    """An input as last read: its size, modification time, hash, and whether it was valid."""

    size: int | None
    mtime_ns: int | None
    sha256: str
    ok: bool


class Manifest:
    """The manifest database of one output folder and build part (a context manager)."""

    def __init__(self, path: Path | None) -> None:
        """Open (or create) the manifest; a damaged one is an :class:`OutputError` that says
        ``--clean`` rebuilds it.  The journal is a write-ahead log synced at checkpoints, so a
        crash or a power loss loses at most the last commits, never the database."""
        self.path = path
        try:
            self.db = sqlite3.connect(":memory:" if path is None else str(path))
        except sqlite3.Error as exc:
            raise damaged(path, exc) from None
        try:
            # The journal first: a new manifest's schema is then written to the log, not table
            # by table through a synced rollback journal (18 ms -> 6 ms, every --clean build).
            if path is None:
                self.db.execute("PRAGMA journal_mode = OFF")
            else:
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA temp_store = FILE")  # the planned names stay out of memory
            self.db.executescript(_SCHEMA)
            stored = self.meta("schema")
            if stored is not None and stored not in _READABLE_VERSIONS:
                reason = f"manifest schema {stored}; expected {SCHEMA_VERSION}"
                raise OutputError(str(path), reason, messages.MANIFEST_ADVICE)
            if stored is not None and stored != SCHEMA_VERSION:
                self.db.execute("DELETE FROM inputs")
                self.db.execute("DELETE FROM runs")
                self.db.execute("DELETE FROM places")
            self.set_meta("schema", SCHEMA_VERSION)
            self.db.commit()
        except (sqlite3.Error, OutputError) as exc:
            self.db.close()
            if isinstance(exc, OutputError):
                raise
            raise damaged(path, exc) from None

    def __enter__(self) -> Manifest:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.db.commit()
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    def check(self) -> None:
        """Read every page of the database: damage anywhere is an :class:`OutputError`."""
        try:
            problems = [row[0] for row in self.db.execute("PRAGMA quick_check")]
        except sqlite3.Error as exc:
            self.db.close()
            raise damaged(self.path, exc) from None
        if problems != ["ok"]:
            self.db.close()
            raise damaged(self.path, sqlite3.DatabaseError(problems[0]))

    # --- meta -----------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- inputs and their runs ------------------------------------------------------------------

    def cached_inputs(self, paths: Sequence[str]) -> dict[str, CachedInput]:
        """Each of ``paths`` the manifest knows, as last read."""
        rows = self._where_in("SELECT path, size, mtime_ns, sha256, ok FROM inputs", "path", paths)
        return {row[0]: CachedInput(row[1], row[2], row[3], bool(row[4])) for row in rows}

    def input_shas(self, paths: Iterable[str]) -> dict[str, str]:
        """The recorded SHA-256 of each of ``paths`` the manifest knows (what the plan needs of
        every run, without building a record of each input)."""
        rows = self._where_in("SELECT path, sha256 FROM inputs", "path", list(paths))
        return {path: sha for path, sha in rows}

    def _where_in(self, select: str, column: str, values: Sequence[str]) -> list[tuple[Any, ...]]:
        """The rows of ``select`` whose ``column`` is one of ``values``: a query per
        :data:`_IN_CHUNK` values instead of one per value (SQLite caps a query's parameters)."""
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(values), _IN_CHUNK):
            chunk = values[start : start + _IN_CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows += self.db.execute(f"{select} WHERE {column} IN ({marks})", chunk).fetchall()
        return rows

    def touch_input(self, path: str, size: int, mtime_ns: int) -> None:
        self.db.execute(
            "UPDATE inputs SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime_ns, path)
        )

    def replace_input(
        self,
        path: str,
        stat: tuple[int, int] | None,
        sha256: str,
        ok: bool,
        records: Iterable[RunRecord],
        places: Sequence[LinePlace] | None = None,
    ) -> None:
        """Store an input's hash and its runs (each with its base report stem), and where in a
        JSON Lines file each run is."""
        size, mtime_ns = stat if stat else (None, None)
        self.db.execute(
            "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?)",
            (path, size, mtime_ns, sha256, int(ok)),
        )
        self.db.execute("DELETE FROM runs WHERE source = ?", (path,))
        self.db.execute("DELETE FROM places WHERE source = ?", (path,))
        self.db.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?)",
            (
                (path, ordinal, p.offset, p.number, p.part, p.digest)
                for ordinal, p in enumerate(places or ())
            ),
        )
        self.db.executemany(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    r.source,
                    r.ordinal,
                    r.history_index,
                    _text(r.instance_key),
                    _text(r.instance_name),
                    _text(r.driver),
                    _text(r.run_id),
                    _text(r.mode),
                    _text(r.status),
                    _text(r.started_at),
                    _text(r.recency),
                    r.create,
                    r.update,
                    r.open_problems,
                    r.stem,
                    r.stem,
                )
                for r in records
            ),
        )

    def keep_inputs(self, paths: Iterable[str]) -> None:
        """Forget every input (and its runs) not in ``paths``."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (path TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((p,) for p in paths))
        self.db.execute("DELETE FROM inputs WHERE path NOT IN (SELECT path FROM wanted)")
        self.db.execute("DELETE FROM runs WHERE source NOT IN (SELECT path FROM wanted)")
        self.db.execute("DELETE FROM places WHERE source NOT IN (SELECT path FROM wanted)")

    def place(self, source: str, ordinal: int) -> LinePlace | None:
        """Where run ``ordinal`` of a JSON Lines input is, if it was read a line at a time."""
        row = self.db.execute(
            "SELECT offset, number, part, digest FROM places WHERE source = ? AND ordinal = ?",
            (source, ordinal),
        ).fetchone()
        return None if row is None else LinePlace(*row)

    def run_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])

    def reports(self) -> int:
        """How many reports the site has (one per reported run or empty state)."""
        query = "SELECT COUNT(*) FROM runs WHERE stem IS NOT NULL"
        return int(self.db.execute(query).fetchone()[0])

    def report_stems(self) -> list[str]:
        """Every report's stem, in input order (after :meth:`assign_names`)."""
        query = "SELECT stem FROM runs WHERE stem IS NOT NULL ORDER BY source, ordinal"
        return [row[0] for row in self.db.execute(query)]

    def instance_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM instances").fetchone()[0])

    # --- names ----------------------------------------------------------------------------------

    def assign_names(self) -> None:
        """Give every reported run a unique report stem and every instance a unique page name.

        A report stem is its base stem; when several runs share one, the first in input order
        keeps it and the others get ``-2``, ``-3``... (skipping any name another run has).
        Instance pages are ``<name>--history``, then ``--history-2``... in identity order.
        """
        db = self.db
        db.execute("UPDATE runs SET stem = base_stem WHERE stem IS NOT base_stem")
        rows = db.execute(
            "SELECT rowid, base_stem FROM runs WHERE base_stem IN (SELECT base_stem FROM runs "
            "WHERE base_stem IS NOT NULL GROUP BY base_stem HAVING COUNT(*) > 1) "
            "ORDER BY base_stem, source, ordinal, history_index"
        ).fetchall()
        if rows:  # one pass over the clashing runs: linear in the runs, not quadratic
            query = "SELECT DISTINCT base_stem FROM runs WHERE base_stem IS NOT NULL"
            taken = {base for (base,) in db.execute(query)}
            renamed: list[tuple[str, int]] = []
            previous, number = None, 1
            for rowid, base in rows:
                if base != previous:  # the first run of a name keeps it
                    previous, number = base, 1
                    continue
                while True:
                    number += 1
                    candidate = f"{base}-{number}"
                    if candidate not in taken:
                        break
                taken.add(candidate)
                renamed.append((candidate, rowid))
            db.executemany("UPDATE runs SET stem = ? WHERE rowid = ?", renamed)
        db.execute("DELETE FROM instances")
        keys = db.execute(
            "SELECT instance_key, MIN(substr(base_stem, 1, instr(base_stem, '--') - 1)) "
            "FROM runs WHERE base_stem IS NOT NULL GROUP BY instance_key ORDER BY instance_key"
        ).fetchall()
        used: dict[str, int] = {}
        for key, slug in keys:
            slug = slug or "instance"
            used[slug] = used.get(slug, 0) + 1
            suffix = "" if used[slug] == 1 else f"-{used[slug]}"
            db.execute("INSERT INTO instances VALUES (?, ?)", (key, f"{slug}--history{suffix}"))

    def instances(self) -> Iterator[tuple[str, str]]:
        """Every instance identity with its page name, in identity order."""
        yield from self.db.execute("SELECT instance_key, page FROM instances ORDER BY instance_key")

    def instance_records(self, key: str) -> list[RunRecord]:
        rows = self.db.execute(
            f"SELECT {_RECORD_COLUMNS} FROM runs WHERE instance_key = ? "
            "ORDER BY source, ordinal, history_index",
            (key,),
        ).fetchall()
        return [RunRecord(*row) for row in rows]

    # --- outputs --------------------------------------------------------------------------------

    def output_key(self, name: str) -> str | None:
        row = self.db.execute("SELECT build_key FROM outputs WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def output_keys(self, names: Sequence[str]) -> dict[str, str]:
        """:meth:`output_key` of each of ``names`` the manifest lists."""
        rows = self._where_in("SELECT name, build_key FROM outputs", "name", names)
        return {name: str(key) for name, key in rows}

    def record_output(
        self, name: str, build_key: str, source: str | None, tool_version: str, theme: str
    ) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?)",
            (name, build_key, source, tool_version, theme),
        )

    def claim_outputs(self, names: Iterable[str], source: str | None) -> None:
        """List files a job is about to write as the tool's own, with a key no build makes, so
        a build stopped before it records them still owns (and later rebuilds) them."""
        self.db.executemany(
            "INSERT OR IGNORE INTO outputs VALUES (?, '', ?, '', '')",
            ((name, source) for name in names),
        )

    def forget_output(self, name: str) -> None:
        self.db.execute("DELETE FROM outputs WHERE name = ?", (name,))

    def start_plan(self) -> None:
        """Begin listing the outputs the current build makes (see :meth:`unplanned`)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS planned (name TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM planned")

    def plan(self, names: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO planned VALUES (?)", ((n,) for n in names))

    def unplanned(self) -> list[tuple[str, str | None]]:
        """Outputs this manifest lists that the current build does not make (name, source)."""
        rows = self.db.execute(
            "SELECT name, source FROM outputs WHERE name NOT IN (SELECT name FROM planned) "
            "ORDER BY name"
        ).fetchall()
        return [(str(name), source) for name, source in rows if OUTPUT_NAME.match(name)]
