"""Finding the line of any key in a TOML bank file, for errors that name a line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)
    return tuple(p.strip("\"'") for p in parts)


class KeyLines:
    """Maps key paths such as ``("questions", 3, "difficulty")`` to their 1-based line.

    A light scan of the TOML text: table headers, arrays of tables and ``key =`` lines, skipping
    the insides of multi-line strings. Good enough to point a person at the right line. The scan
    runs on the first look-up, so a bank without errors never pays for it.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[tuple[Any, ...], int] | None = None

    def _scan(self, text: str) -> dict[tuple[Any, ...], int]:
        lines: dict[tuple[Any, ...], int] = {}
        self._counts: dict[tuple[str, ...], int] = {}
        table: tuple[Any, ...] = ()
        in_string: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if raw.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _HEADER.match(raw)
            if header:
                names = _split_key(header[2])
                if header[1] == "[[":
                    index = self._counts.get(names, 0)
                    self._counts[names] = index + 1
                    table = (*self._resolve(names[:-1]), names[-1], index)
                else:
                    table = self._resolve(names)
                lines.setdefault(table, number)
                continue
            key = _KEY.match(raw)
            if key:
                lines.setdefault((*table, *_split_key(key[1])), number)
                rest = raw[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_string = quote
                        break
        self._lines = lines
        return lines

    def _resolve(self, names: tuple[str, ...]) -> tuple[Any, ...]:
        # ``[questions.extra]`` after ``[[questions]]`` belongs to the latest question.
        out: tuple[Any, ...] = ()
        for i, name in enumerate(names):
            out = (*out, name)
            count = self._counts.get(names[: i + 1], 0)
            if count:
                out = (*out, count - 1)
        return out

    def line_for(self, loc: Sequence[Any]) -> int:
        lines = self._lines if self._lines is not None else self._scan(self._text)
        path = tuple(loc)
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return 1
