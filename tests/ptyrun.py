"""Run the real program in a pseudo-terminal, as a person would: read the screen, type keys."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Mapping, Sequence

_ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]")


class PtyApp:
    def __init__(
        self, args: Sequence[str], env: Mapping[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # child: become the program
            os.execvpe(sys.executable, [sys.executable, "-m", "preptui", *args], dict(env))
        self.pid, self.fd = pid, fd
        cols, rows = size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = b""

    def text(self) -> str:
        return _ANSI.sub(b"", self.output).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 30.0) -> None:
        """Read output until ``needle`` shows (ANSI codes removed), or fail after ``timeout``."""
        end = time.monotonic() + timeout
        while needle not in self.text():
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{needle!r} not shown; last output: {self.text()[-800:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"program ended: {self.text()[-800:]!r}")
                self.output += chunk

    def wait_exit(self, timeout: float = 30.0) -> int:
        """Read until the program ends; returns its exit status."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                self.output += chunk
                if chunk:
                    continue
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid = -1
                return os.waitstatus_to_exitcode(status)
        raise AssertionError(f"still running after {timeout}s: {self.text()[-800:]!r}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def kill(self) -> None:
        if self.pid > 0:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)
