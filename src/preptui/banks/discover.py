"""Where banks come from: bundled with preptui, the user's banks folder, or --banks paths."""

from __future__ import annotations

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
    """The bank files a path names: the file itself, or the ``*.toml`` files of a folder."""
    if path.is_dir():
        return sorted(p for p in path.glob("*.toml") if p.is_file())
    return [path]


def default_sources(
    extra: Iterable[Path] = (), *, bundled: bool = True, user: bool = True
) -> list[tuple[Path, Origin]]:
    sources: list[tuple[Path, Origin]] = []
    if bundled:
        sources += [(p, Origin.BUNDLED) for p in bank_files(paths.bundled_bank_dir())]
    if user:
        user_dir = paths.user_bank_dir()
        if user_dir.is_dir():
            sources += [(p, Origin.USER) for p in bank_files(user_dir)]
    for path in extra:
        sources += [(p, Origin.EXTRA) for p in bank_files(Path(path))]
    return sources
