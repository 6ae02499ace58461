"""What can go wrong with the store, told apart: a damaged file, or an environment fault."""

from __future__ import annotations

import sqlite3

__all__ = ["StoreError", "StoreFault", "describe", "is_corruption"]

# Only these mean the file itself is damaged; everything else is the disk, the folder or a lock.
_CORRUPTION = ("SQLITE_NOTADB", "SQLITE_CORRUPT")
_CAUSES = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the file or its folder is read-only",
    "SQLITE_CANTOPEN": "the file cannot be opened (permissions, or a missing folder)",
    "SQLITE_IOERR": "an input/output error",
    "SQLITE_BUSY": "another program holds the database lock",
    "SQLITE_LOCKED": "the database is locked",
    "SQLITE_PERM": "permission denied",
}


class StoreError(Exception):
    """A store problem a person can act on; the message is one line."""


class StoreFault(StoreError):
    """The environment, not the file: disk full, read-only, no permission, I/O error, locked."""


def is_corruption(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return isinstance(exc, sqlite3.DatabaseError) and name.startswith(_CORRUPTION)


def describe(exc: BaseException) -> str:
    """One line for a person: the cause in words, then SQLite's own message."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, cause in _CAUSES.items():
        if name.startswith(prefix):
            return f"{cause} ({exc})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
