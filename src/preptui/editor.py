"""The person's own text editor: which one, how to open it at a line, and running it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


# Runs an editor on a file, positioned at a 1-based line; raises EditorError if it cannot.
EditorRunner = Callable[[Path, int], None]

# Editors that take ``+LINE`` before the file name.
_PLUS_LINE = {
    "vi",
    "vim",
    "nvim",
    "view",
    "vis",
    "ex",
    "nano",
    "rnano",
    "pico",
    "emacs",
    "emacsclient",
    "mg",
    "zile",
    "micro",
    "joe",
    "jed",
    "ne",
    "kak",
}
# Editors that take ``FILE:LINE``.
_COLON_LINE = {"hx", "helix"}
_FALLBACK_EDITORS = ("nano", "vi")


class EditorError(Exception):
    """The editor could not be run, or gave up; ``str(exc)`` is one line for a person."""


def find_editor(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The editor command: ``$VISUAL``, else ``$EDITOR``, else nano or vi; ``None`` if none.

    ``$VISUAL`` comes first, as in git, less and crontab: it names the full-screen editor, and
    preptui always runs the editor on a terminal of its own. A variable that is set but names
    no program is an :class:`EditorError`, not a fallback: the person asked for that editor.
    """
    env = os.environ if environ is None else environ
    for var in ("VISUAL", "EDITOR"):
        value = env.get(var, "").strip()
        if not value:
            continue
        try:
            argv = shlex.split(value)
        except ValueError:
            raise EditorError(f"${var} cannot be read as a command: {value!r}") from None
        if not argv:
            continue
        found = shutil.which(argv[0], path=env.get("PATH"))
        if found is None:
            raise EditorError(f"${var} is {value!r}, but {argv[0]!r} is not an installed program")
        return argv
    for name in _FALLBACK_EDITORS:
        found = shutil.which(name, path=env.get("PATH"))
        if found is not None:
            return [found]
    return None


def editor_argv(command: list[str], path: Path, line: int) -> list[str]:
    """The command line that opens ``path`` at ``line`` when the editor is known to support it."""
    name = Path(command[0]).name.lower().removesuffix(".exe")
    if line > 1 and name in _PLUS_LINE:
        return [*command, f"+{line}", str(path)]
    if line > 1 and name in _COLON_LINE:
        return [*command, f"{path}:{line}"]
    return [*command, str(path)]


def run_editor(argv: list[str]) -> int:
    """Run the editor in the foreground and return its exit status."""
    try:
        return subprocess.run(argv, check=False).returncode
    except OSError as exc:
        raise EditorError(f"cannot run the editor {argv[0]!r}: {exc.strerror or exc}") from None


NO_EDITOR = (
    "No text editor found: set $EDITOR, for example: export EDITOR=nano "
    "($VISUAL, if set, comes first)"
)
