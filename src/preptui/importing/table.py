"""Reading a delimited table: Anki's ``#key:value`` header lines, the delimiter, the rows.

Stdlib only, so sniffing a file's format stays cheap; :mod:`preptui.importing.delimited` makes
questions of the rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from preptui.importing.reading import MAX_IMPORT_BYTES
from preptui.importing.report import ImportFailed

__all__ = ["ANKI_HEADER", "Score", "best_delimiter", "column_key", "rows", "split_anki_headers"]

ANKI_HEADER = re.compile(r"^#([A-Za-z][A-Za-z0-9 _-]*):(.*)$")
_DELIMITERS = ("\t", ";", ",", "|")
_COLUMN_ALIASES: dict[str, str] = {
    **dict.fromkeys(("prompt", "question", "questions", "front", "q", "text", "term"), "prompt"),
    **dict.fromkeys(
        ("answer", "answers", "back", "a", "model_answer", "definition", "response", "solution"),
        "answer",
    ),
    **dict.fromkeys(("difficulty", "level"), "difficulty"),
    **dict.fromkeys(("kind", "type", "question_type"), "kind"),
    **dict.fromkeys(("tags", "tag", "topic", "topics", "category", "categories"), "tags"),
    **dict.fromkeys(("key_points", "keypoints", "points", "key_point"), "key_points"),
    **dict.fromkeys(("tip", "tips", "hint"), "tip"),
    **dict.fromkeys(("follow_ups", "followups", "follow_up", "follow_up_questions"), "follow_ups"),
    **dict.fromkeys(("id", "slug"), "id"),
    **dict.fromkeys(("minutes", "mins", "time"), "minutes"),
}

# (header cells named, share of rows of the usual width, -stray quotes a row, rows, width, rank)
Score = tuple[int, float, float, int, int, int]


def column_key(name: str) -> str | None:
    """The question field a column header names (``Front`` is ``prompt``), if any."""
    key = re.sub(r"[\s-]+", "_", name.strip().strip("\ufeff").casefold())
    return _COLUMN_ALIASES.get(key)


def split_anki_headers(text: str) -> tuple[list[tuple[str, str]], str]:
    """Leading ``#key:value`` lines (Anki's file headers) and the rest of the text."""
    headers: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text) and text.startswith("#", pos):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        match = ANKI_HEADER.match(text[pos:end].rstrip("\r"))
        if not match:
            break
        headers.append((match[1].strip().casefold(), match[2]))
        pos = end + 1
    return headers, text[pos:]


def rows(body: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    """The rows with any text in them; :class:`ImportFailed` on a CSV syntax error."""
    if csv.field_size_limit() < MAX_IMPORT_BYTES:
        csv.field_size_limit(MAX_IMPORT_BYTES)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    found: list[list[str]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                found.append(row)
                if limit is not None and len(found) >= limit:
                    break
    except csv.Error as exc:
        raise ImportFailed(f"CSV syntax error on line {reader.line_num}: {exc}") from None
    return found


def best_delimiter(body: str, prefer: str | None = None) -> tuple[str, Score]:
    """The delimiter that makes the first rows most table-like, and its score."""
    sample = body[:65536]
    best: tuple[str, Score] = (prefer or ",", (0, 0, 0, 0, 0, 0))
    for rank, delimiter in enumerate(_DELIMITERS):
        try:
            found = rows(sample, delimiter, limit=50)
        except ImportFailed:
            continue
        if not found:
            continue
        widths = Counter(len(row) for row in found)
        width, freq = widths.most_common(1)[0]
        if width < 2:
            continue
        keys = {column_key(cell) for cell in found[0]}
        header = int("prompt" in keys) + int("answer" in keys)
        stray = sum(1 for row in found for cell in row if '"' in cell) / len(found)
        preference = 10 if delimiter == prefer else len(_DELIMITERS) - rank
        score = (header, freq / len(found), -stray, len(found), width, preference)
        if (score[0], score[1], score[2], score[5]) > (
            best[1][0],
            best[1][1],
            best[1][2],
            best[1][5],
        ):
            best = (delimiter, score)
    return best
