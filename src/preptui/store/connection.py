"""The store's SQLite connection: opening, telling damage from faults, one write at a time.

Every change is its own ``BEGIN IMMEDIATE`` transaction, committed as it happens, so a crash or a
``kill -9`` loses nothing that was done. WAL mode and a busy timeout let two instances share a file.
Only a damaged file (not a database, or malformed) is moved aside, and it is always kept; a fault
of the environment (disk full, read-only, no permission, I/O error, locked) never touches it.

The integrity check (``PRAGMA quick_check``, which reads every page: 100–300 ms on a big store)
runs on demand (:meth:`Database.check`) and on opening after an unclean shutdown only. Each open
store leaves a marker, ``<store>.open/<pid>-<n>``, removed when it is closed or the program exits;
a marker whose process is gone means that process was killed or crashed with the file open.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import os
import re
import sqlite3
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from preptui.store.errors import StoreFault, describe, is_corruption
from preptui.store.migrations import migrate

__all__ = ["BUSY_TIMEOUT_MS", "Database"]

BUSY_TIMEOUT_MS = 10_000


class Database:
    """An open store file. ``notices`` says what a person should know (a file moved aside)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreFault(
                f"{self.path.parent}: cannot create the folder ({describe(exc)})"
            ) from None
        stale = _stale_markers(self._marker_dir)
        self._marker = _leave_marker(self._marker_dir)
        if self._marker is not None:
            weakref.finalize(self, _remove, self._marker)
        try:
            self._conn = self._open(check=bool(stale))
        except sqlite3.Error as exc:
            if not is_corruption(exc):
                raise StoreFault(f"{self.path}: cannot open the store: {describe(exc)}") from None
            moved = self._move_aside()
            self.notices.append(
                f"{self.path} was not a usable database ({exc}); moved it to {moved.name} "
                "and started a new one"
            )
            try:
                self._conn = self._open(check=False)
            except sqlite3.Error as again:
                raise StoreFault(f"{self.path}: cannot open the store: {describe(again)}") from None
        for marker in stale:  # checked (or the damaged file moved aside): done with them
            _remove(marker)

    @property
    def _marker_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".open")

    def _open(self, *, check: bool) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            if check:  # the last session ended uncleanly: look for damage before using the file
                problems = _quick_check(conn)
                if problems:
                    damaged = sqlite3.DatabaseError(f"integrity check failed: {problems[0]}")
                    damaged.sqlite_errorname = "SQLITE_CORRUPT"
                    raise damaged
            migrate(conn, self.path)
        except BaseException:
            conn.close()
            raise
        return conn

    def check(self) -> list[str]:
        """Run SQLite's integrity check now: the problems it found, none when the file is sound.

        Nothing is moved or changed; an environment fault (I/O error, locked) is a StoreFault.
        """
        try:
            return _quick_check(self._conn)
        except sqlite3.Error as exc:
            if is_corruption(exc):
                return [str(exc)]
            raise StoreFault(f"{self.path}: cannot check the store: {describe(exc)}") from None

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        self.path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        return target

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed on exit (``BEGIN IMMEDIATE`` takes the lock first).

        On any error the transaction is rolled back only if it is still open, so the error that
        reaches the caller is SQLite's own (a disk-full COMMIT is not masked by the rollback).
        """
        conn = self._conn
        for attempt in range(3):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError:
                if attempt == 2:
                    raise
                time.sleep(0.05)
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):  # the original error is the one to report
                    conn.execute("ROLLBACK")
            raise

    def read(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        cur = self._conn.execute(sql, params)
        cur.row_factory = sqlite3.Row
        return cur.fetchall()

    @contextmanager
    def reading(self) -> Iterator[Self]:
        """This store on a read-only connection of its own, closed on exit: for reads in a
        worker thread (a connection belongs to the thread that opened it). In WAL mode it
        sees every committed write and never waits for the writer, nor the writer for it."""
        twin = copy.copy(self)  # the same repositories and notices; no marker of its own
        twin._marker = None
        try:
            twin._conn = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
            )
        except sqlite3.Error as exc:
            raise StoreFault(f"{self.path}: cannot read the store: {describe(exc)}") from None
        try:
            yield twin
        finally:
            twin._conn.close()

    def close(self) -> None:
        self._conn.close()
        if self._marker is not None:
            _remove(self._marker)


def _quick_check(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems or ["no answer from the integrity check"]


_marker_numbers = itertools.count()
_MARKER = re.compile(r"[0-9]+-[0-9]+")


def _leave_marker(folder: Path) -> Path | None:
    """Mark the store open by this process; None if the folder cannot be written (no check)."""
    marker = folder / f"{os.getpid()}-{next(_marker_numbers)}"
    try:
        folder.mkdir(exist_ok=True)
        marker.touch()
    except OSError:
        return None
    return marker


def _stale_markers(folder: Path) -> list[Path]:
    """Markers left by processes that are gone: they had the store open when they died."""
    try:
        markers = list(folder.iterdir())
    except OSError:
        return []
    ours = [m for m in markers if _MARKER.fullmatch(m.name)]  # anything else is left alone
    return [m for m in ours if not _alive(m.name.partition("-")[0])]


def _alive(pid_text: str) -> bool:
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, another user's process
        return True
    return True


def _remove(marker: Path) -> None:
    with contextlib.suppress(OSError):
        marker.unlink()
