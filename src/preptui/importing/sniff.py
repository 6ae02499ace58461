"""Which format a file to import is in: its marker, then its extension, then its content."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from preptui.formats.markdown import MD_EXPORT_MARKER
from preptui.importing.report import ImportFailed
from preptui.importing.table import ANKI_HEADER, best_delimiter, split_anki_headers

__all__ = ["FileFormat", "sniff_format"]

FileFormat = Literal["markdown", "csv"]

_MD_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
_CSV_SUFFIXES = {".csv", ".tsv", ".tab"}
_MARKDOWN_LINE = re.compile(r"(?m)^ {0,3}(?:#{1,6}[ \t]+\S|(?:\*\*|__)\S.*(?:\*\*|__))")


def sniff_format(path: Path, text: str) -> FileFormat:
    """Markdown or CSV, from the file's marker, extension and content."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(MD_EXPORT_MARKER):
        return "markdown"
    if ANKI_HEADER.match(head.split("\n", 1)[0].rstrip("\r")):
        return "csv"
    suffix = path.suffix.lower()
    if suffix in _MD_SUFFIXES:
        return "markdown"
    if suffix in _CSV_SUFFIXES:
        return "csv"
    looks_csv = _looks_like_csv(text)
    if suffix == ".txt":
        return "markdown" if not looks_csv and _looks_like_markdown(text) else "csv"
    if _looks_like_markdown(text):
        return "markdown"
    if looks_csv:
        return "csv"
    where = f" ({suffix})" if suffix else ""
    raise ImportFailed(
        f"unknown format{where}: expected Markdown (.md) or CSV/TSV (.csv, .tsv, .txt)"
    )


def _looks_like_markdown(text: str) -> bool:
    return _MARKDOWN_LINE.search(text) is not None


def _looks_like_csv(text: str) -> bool:
    _, body = split_anki_headers(text)
    score = best_delimiter(body)[1]
    return score[0] > 0 or (score[1] >= 0.8 and score[3] >= 2 and score[4] >= 2)
