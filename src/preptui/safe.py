"""Text that is safe to print to a terminal: control characters made visible, never sent.

Bank text, imported text and file names are untrusted. A C0 control (ESC among them), DEL or a C1
control written to a terminal can set its title, clear the screen, write OSC 8 links or OSC 52
clipboard writes. :func:`safe` turns each of them into a visible escape such as ``\\x1b``; tab and
(unless ``one_line``) newline are kept. Pure: no I/O.
"""

from __future__ import annotations

import os
import re

__all__ = ["CONTROL", "first_control", "json_safe", "safe", "safe_path", "strip_controls"]

#: Every character a terminal may act on: C0 controls, DEL and C1 controls.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What safe() escapes: the controls, and the lone surrogates an undecodable file name holds.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_KEPT = "\t\n"
_NAMES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code > 0xFF:
        return f"\\u{code:04x}"
    return _NAMES.get(char) or f"\\x{code:02x}"


def safe(text: object, *, one_line: bool = False, keep: str = _KEPT) -> str:
    """``text`` (``str()`` of it) with every control character shown as an escape.

    The characters in ``keep`` (tab and newline) pass through, unless ``one_line`` asks for
    every control to be escaped.
    """
    value = str(text)
    if not _UNSAFE.search(value):
        return value
    keep = "" if one_line else keep

    def replace(match: re.Match[str]) -> str:
        char = match[0]
        return char if char in keep else _visible(char)

    return _UNSAFE.sub(replace, value)


def safe_path(path: os.PathLike[str] | str) -> str:
    """A path on one line, its control characters (newline too) shown as escapes."""
    return safe(os.fspath(path), one_line=True)


def first_control(text: str, allowed: str = _KEPT) -> str | None:
    """The first control character in ``text`` other than those ``allowed``, or None."""
    for match in CONTROL.finditer(text):
        if match[0] not in allowed:
            return match[0]
    return None


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with DEL, C1 controls and lone surrogates escaped.

    ``json.dumps`` already escapes C0 controls; these are the ones it writes as they are.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def strip_controls(text: str) -> tuple[str, int]:
    """``text`` without control characters (tab, newline and carriage return kept), and how
    many were removed: for imported text, which the bank model would otherwise reject."""
    removed = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal removed
        if match[0] in "\t\n\r":
            return match[0]
        removed += 1
        return ""

    return CONTROL.sub(drop, text), removed
