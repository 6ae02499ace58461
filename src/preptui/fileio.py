"""Writing files safely: one atomic write for every file preptui writes.

A crash leaves the old file or the new one, never half of each: the text goes to a temporary file
beside the target, is flushed to disk (fsync), then renamed over the target. Only a regular file is
ever replaced: a symlink, device, FIFO or folder at the target is refused, with or without --force.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["NotARegularFile", "atomic_write", "check_replaceable", "writable"]


class NotARegularFile(OSError):
    """The target exists and is not a regular file (a link, device, FIFO, folder …)."""


def check_replaceable(path: Path) -> None:
    """Raise NotARegularFile unless ``path`` is missing or a regular file (links not followed)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise NotARegularFile(f"{path} exists and is not a regular file; not replacing it")


def atomic_write(path: Path, data: str | bytes, *, keep_mode: bool = True) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8, exactly as given)."""
    check_replaceable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_mode:
            with contextlib.suppress(OSError):  # a new file keeps the default mode
                os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        else:
            with contextlib.suppress(OSError):
                os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def writable(path: Path) -> bool:
    """Whether preptui can write ``path``: the thing itself, or (if missing) create it."""
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    if probe != path and not probe.is_dir():
        return False  # a file stands where a parent folder should be
    mode = os.W_OK | os.X_OK if probe.is_dir() else os.W_OK
    return os.access(probe, mode)
