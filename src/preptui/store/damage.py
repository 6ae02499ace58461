"""Damaged rows: a row the store cannot read is reported once and skipped, never raised.

A hand-edited or half-restored file may hold text that is not JSON, a card that is not a card, a
time that is not a time. Reading such a row must not stop ``history``, ``stats`` or the app: the
row is left in the file untouched (nothing is deleted or rewritten), left out of the result, and
one line saying which row and why goes to :attr:`Database.notices`, where the CLI and the app
show it.
"""

from __future__ import annotations

import json
from typing import Any, Final

from preptui.times import parse_iso

__all__ = ["BAD", "Damage", "iso_or_bad", "json_or_bad"]


class _Bad:
    def __repr__(self) -> str:
        return "BAD"


#: What :func:`json_or_bad` and friends return for a value that cannot be read.
BAD: Final[Any] = _Bad()


def json_or_bad(text: object) -> Any:
    """The JSON value in ``text``, or :data:`BAD`."""
    if not isinstance(text, str | bytes):
        return BAD
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return BAD


def iso_or_bad(text: object) -> Any:
    """``text`` if it is an ISO time with a zone (or naive, read as UTC), else :data:`BAD`."""
    if not isinstance(text, str):
        return BAD
    try:
        parse_iso(text)
    except (ValueError, TypeError, OverflowError):
        return BAD
    return text


class Damage:
    """Collects one notice per damaged row (repeated reads do not repeat it)."""

    def __init__(self, notices: list[str]) -> None:
        self._notices = notices

    def report(self, where: str, why: str) -> None:
        line = f"skipped a damaged row ({where}): {why}; it is kept in the file"
        if line not in self._notices:
            self._notices.append(line)
