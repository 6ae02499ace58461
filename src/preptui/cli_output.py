"""What the bank commands print, and how they fail: one safe line on stderr, an exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from preptui.banks.load import LoadResult

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class Failed(Exception):
    def __init__(self, message: str, code: int = EXIT_ERRORS) -> None:
        super().__init__(message)
        self.code = code


def error(message: str) -> None:
    from preptui.safe import safe

    print(f"preptui: {safe(message, one_line=True)}", file=sys.stderr)


def note(message: str) -> None:
    from preptui.safe import safe

    print(f"preptui: note: {safe(message, one_line=True)}", file=sys.stderr)


def say(text: str) -> None:
    """A line of output on stdout, its control characters made visible (bank text, paths)."""
    from preptui.safe import safe

    print(safe(text))


def refuse_special(path: Path) -> None:
    """Refuse an OUT that exists and is not a regular file (link, device, FIFO, folder …)."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise Failed(f"{path}: cannot check it: {exc.strerror or exc}") from None
    if stat.S_ISREG(mode):
        return
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
    )
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    raise Failed(f"{path} is {kind}, not a regular file; not replacing it (even with --force)")


def loaded_banks(extra: list[Path]) -> LoadResult:
    from preptui.banks.load import load_default

    return load_default(extra)
