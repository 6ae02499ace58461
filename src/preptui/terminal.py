"""Can a full-screen app run here? Pure: no Textual, no I/O beyond asking the streams.

The CLI asks before starting the app (and the app may ask too), so a pipe, a cron job or an
editor's ``TERM=dumb`` shell gets one polite line and a hint instead of escape codes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Protocol

# Terminals that cannot position the cursor: full-screen drawing would be garbage.
DUMB_TERMS = frozenset({"dumb", "unknown", "emacs"})

HINT = (
    "hint: run it in a terminal emulator, or practise in a browser with 'preptui serve'; "
    "'preptui list' and 'preptui --help' work anywhere."
)


class _Stream(Protocol):
    def isatty(self) -> bool: ...


def uses_other_driver(environ: Mapping[str, str] | None = None) -> bool:
    """Whether Textual was told to use another driver, e.g. textual-serve's web driver.

    textual-serve starts the app with ``TEXTUAL_DRIVER=textual.drivers.web_driver:WebDriver``
    and pipes (not a terminal) for stdin and stdout; the driver speaks to the browser, so the
    terminal checks do not apply.
    """
    env = os.environ if environ is None else environ
    return bool(env.get("TEXTUAL_DRIVER", "").strip())


def terminal_problem(
    stdin: _Stream, stdout: _Stream, environ: Mapping[str, str] | None = None
) -> str | None:
    """Why a full-screen app cannot run on these streams, in a few words; ``None`` if it can."""
    env = os.environ if environ is None else environ
    if uses_other_driver(env):
        return None
    if not (_isatty(stdin) and _isatty(stdout)):
        return "stdin and stdout are not both a terminal"
    term = env.get("TERM", "").strip()
    if term.lower() in DUMB_TERMS:
        return f"TERM={term} cannot draw a full-screen app"
    return None


def _isatty(stream: _Stream) -> bool:
    try:
        return bool(stream.isatty())
    except (ValueError, OSError):  # a closed or detached stream
        return False
