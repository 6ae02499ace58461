"""Where banks come from: bundled with preptui, the user's banks folder, or --banks paths."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from preptui import paths

if TYPE_CHECKING:
    pass


class Origin(StrEnum):
    BUNDLED = "bundled"
    USER = "user"
    EXTRA = "extra"


def bank_files(path: Path) -> list[Path]:
    """The bank files a path names: the file itself, or the ``*.toml`` files of a folder.

    Nothing is skipped silently: a folder that cannot be listed is returned itself, and a
    ``*.toml`` entry that is not a folder (a broken link, an unreadable file) is returned too,
    so loading it reports why it cannot be used.
    """
    if _is_dir(path):
        try:
            with os.scandir(path) as entries:
                names = [e.name for e in entries if _candidate(e)]
        except OSError:
            return [path]  # the loader says why the folder cannot be read
        found = [path / name for name in names]
        return sorted(p for p in found if not _is_dir(p))
    return [path]


def _candidate(entry: os.DirEntry[str]) -> bool:
    """A ``*.toml`` entry, but not an editor's lock link (Emacs's ``.#name.toml``)."""
    return entry.name.endswith(".toml") and not entry.name.startswith(".#")


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def default_sources(
    extra: Iterable[Path] = (), *, bundled: bool = True, user: bool = True
) -> list[tuple[Path, Origin]]:
    sources: list[tuple[Path, Origin]] = []
    if bundled:
        sources += [(p, Origin.BUNDLED) for p in bank_files(paths.bundled_bank_dir())]
    if user:
        user_dir = paths.user_bank_dir()
        if _is_dir(user_dir) or _exists_unreadable(user_dir):
            sources += [(p, Origin.USER) for p in bank_files(user_dir)]
    for path in extra:
        sources += [(p, Origin.EXTRA) for p in bank_files(Path(path))]
    return sources


def _exists_unreadable(path: Path) -> bool:
    """Whether the path may exist but cannot be looked at (a folder above it is unreadable)."""
    try:
        path.stat()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return False
