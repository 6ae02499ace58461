"""Time how long a terminal program takes to show a given text, the way a person would see it.

The program runs in a pseudo-terminal of a fixed size; the clock starts just before the process is
spawned and stops when its output contains the marker text. The process is then killed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Mapping, Sequence


def time_to_text(
    argv: Sequence[str],
    marker: str,
    *,
    env: Mapping[str, str] | None = None,
    size: tuple[int, int] = (120, 36),
    timeout: float = 20.0,
) -> float:
    """Seconds from spawn until ``marker`` appears in the program's terminal output."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], list(argv), dict(env or os.environ))
    start = time.perf_counter()
    cols, rows = size
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    seen = b""
    needle = marker.encode()
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{marker!r} not seen within {timeout}s: {seen[-300:]!r}")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                raise RuntimeError(
                    f"program ended before showing {marker!r}: {seen[-500:]!r}"
                ) from None
            if not chunk:
                raise RuntimeError(f"program ended before showing {marker!r}")
            seen += chunk
            if needle in seen:
                return time.perf_counter() - start
            seen = seen[-65536:]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
