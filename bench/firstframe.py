"""Run a terminal program in a pseudo-terminal and watch it the way a person would.

The program runs in a pseudo-terminal of a fixed size; the clock starts just before the process is
spawned. :class:`PtyApp` waits for texts to appear in its output, sends keys, and reads the
process's peak memory (``VmHWM``) and CPU time from ``/proc``. The process is killed on close.
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
from types import TracebackType

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class PtyApp:
    """A program running in a pseudo-terminal; use as a context manager."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        size: tuple[int, int] = (120, 36),
    ) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.execvpe(argv[0], list(argv), dict(env or os.environ))
        self.start = time.perf_counter()
        self.pid, self.fd = pid, fd
        self.seen = b""
        self.closed = False
        cols, rows = size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.kill(pid, signal.SIGWINCH)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _read(self, timeout: float) -> bool:
        """Read what is available within ``timeout`` seconds; False once the program has ended."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0.0))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        self.seen = (self.seen + chunk)[-262144:]
        return True

    def wait_for(self, marker: str, timeout: float = 20.0) -> float:
        """Seconds from spawn until ``marker`` is in the output (since spawn or :meth:`forget`)."""
        needle = marker.encode()
        deadline = time.perf_counter() + timeout
        while True:
            if needle in self.seen:
                return time.perf_counter() - self.start
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{marker!r} not seen within {timeout}s: {self.seen[-300:]!r}")
            if not self._read(left):
                raise RuntimeError(f"program ended before showing {marker!r}: {self.seen[-500:]!r}")

    def drain(self, seconds: float) -> None:
        """Keep reading (and discarding) output for ``seconds``, so the program never blocks."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            if not self._read(left):
                raise RuntimeError(f"program ended: {self.seen[-500:]!r}")
            self.seen = self.seen[-65536:]

    def forget(self) -> None:
        """Forget the output so far: the next :meth:`wait_for` only looks at newer output."""
        self.seen = b""

    def send(self, keys: str | bytes) -> None:
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    def status_kib(self, field: str) -> int:
        """A ``/proc/PID/status`` figure in KiB, e.g. ``VmHWM`` (peak resident set size)."""
        with open(f"/proc/{self.pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
        raise KeyError(field)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process (all its threads) so far."""
        with open(f"/proc/{self.pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def time_to_texts(
    argv: Sequence[str],
    markers: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    size: tuple[int, int] = (120, 36),
    timeout: float = 20.0,
) -> list[float]:
    """Seconds from spawn until each marker appears, in order."""
    with PtyApp(argv, env=env, size=size) as app:
        return [app.wait_for(marker, timeout) for marker in markers]


def time_to_text(
    argv: Sequence[str],
    marker: str,
    *,
    env: Mapping[str, str] | None = None,
    size: tuple[int, int] = (120, 36),
    timeout: float = 20.0,
) -> float:
    """Seconds from spawn until ``marker`` appears in the program's terminal output."""
    return time_to_texts(argv, [marker], env=env, size=size, timeout=timeout)[0]
