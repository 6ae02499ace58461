"""CSV and TSV files: named columns, or two unnamed ones (front, back) like Anki's exports.

Anki's ``#separator:``, ``#html:``, ``#columns:``, ``#tags:`` and ``#... column:N`` headers are
honoured; a preptui CSV export (``#preptui-export:v2``) is read back exactly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from preptui.formats.csv import (
    CSV_EXPORT_KEY,
    CSV_ROLE_KEY,
    decode_list_cell,
    decode_solution_cell,
    export_version,
    parse_role_header,
    unguard_cell,
)
from preptui.importing.drafts import Collector, Draft, finish
from preptui.importing.plain import HTML_TAG, normalise_newlines
from preptui.importing.report import ImportFailed, ImportReport
from preptui.importing.table import best_delimiter, column_key, rows, split_anki_headers
from preptui.text import plural

__all__ = ["import_csv"]

_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}


def _html_to_text(value: str) -> str:
    value = re.sub(r"<br\s*/?>", "\n", value, flags=re.I)
    value = re.sub(r"</(?:div|p|li|h[1-6])>", "\n", value, flags=re.I)
    value = re.sub(r"<li(?:\s[^>]*)?>", "- ", value, flags=re.I)
    value = HTML_TAG.sub("", value)
    value = html.unescape(value).replace("\xa0", " ")
    value = re.sub(r"[ \t]+\n", "\n", value)
    return re.sub(r"\n{3,}", "\n\n", value).strip()


@dataclass
class _CsvOptions:
    """What the file's ``#key:value`` header lines say."""

    separator: str | None = None
    html: bool = False
    columns: str | None = None
    tags_column: int | None = None
    reserved: set[int] = field(default_factory=set)
    global_tags: list[str] = field(default_factory=list)
    exported: bool = False
    version: int = 0
    role: dict[str, Any] | None = None

    @classmethod
    def from_headers(cls, headers: Iterable[tuple[str, str]]) -> _CsvOptions:
        opts = cls()
        for key, value in headers:
            raw = value.strip()
            if key == "separator":
                named = _SEPARATORS.get(raw.casefold())
                if named is not None:
                    opts.separator = named
                elif len(value) == 1:
                    opts.separator = value
                elif len(raw) == 1:
                    opts.separator = raw
            elif key == "html":
                opts.html = raw.casefold() in ("true", "yes", "1")
            elif key == "columns":
                opts.columns = value.rstrip("\r")
            elif key.endswith(" column") and raw.isdigit() and int(raw) >= 1:
                if key == "tags column":
                    opts.tags_column = int(raw) - 1
                opts.reserved.add(int(raw) - 1)
            elif key == "tags":
                opts.global_tags = raw.split()
            elif key == CSV_EXPORT_KEY:
                opts.exported = True
                opts.version = export_version(raw)
            elif key == CSV_ROLE_KEY:
                opts.exported = True
                opts.role = parse_role_header(raw)
        return opts


def import_csv(
    text: str,
    *,
    role_id: str | None = None,
    title: str | None = None,
    source: str | None = None,
    delimiter: str | None = None,
    prefer_delimiter: str | None = None,
) -> ImportReport:
    """Import a CSV/TSV file: named columns, or two unnamed columns (front, back) like Anki's.

    Anki's ``#separator:``, ``#html:``, ``#columns:`` and ``#... column:N`` headers are honoured;
    a preptui CSV export (``#preptui-export:v2``) is read back exactly.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportFailed("the file is empty")
    headers, body = split_anki_headers(text)
    opts = _CsvOptions.from_headers(headers)
    if delimiter is None:
        delimiter = opts.separator or best_delimiter(body, prefer_delimiter)[0]
    table = rows(body, delimiter)
    names: list[str] | None = None
    if opts.columns is not None:
        names = next(iter(rows(opts.columns, delimiter)), [])
        if table and [c.strip().casefold() for c in table[0]] == [
            n.strip().casefold() for n in names
        ]:
            table = table[1:]
    elif table and {"prompt", "answer"} & {column_key(cell) for cell in table[0]}:
        names = table[0]
        table = table[1:]
    mapping, notes = _map_columns(names, table, opts)

    def convert(cell: str) -> str:
        if opts.exported:
            return unguard_cell(cell) if opts.version >= 2 else cell
        cell = normalise_newlines(cell)
        return _html_to_text(cell) if opts.html else cell

    collector = Collector(exact=opts.exported)
    for number, row in enumerate(table, start=1):

        def cell(key: str, row: list[str] = row) -> str:
            index = mapping.get(key)
            return convert(row[index]) if index is not None and index < len(row) else ""

        key_points = decode_list_cell(cell("key_points"), bullets=not opts.exported)
        collector.add(
            Draft(
                prompt=cell("prompt"),
                answer=cell("answer"),
                difficulty=cell("difficulty") or None,
                kind=cell("kind") or None,
                key_points=key_points or None,
                tip=cell("tip") or None,
                tags=decode_list_cell(cell("tags"), tags=True) + opts.global_tags,
                minutes=cell("minutes") or None,
                follow_ups=decode_list_cell(cell("follow_ups"), bullets=not opts.exported),
                id=cell("id") or None,
                label=f"(row {number})",
                solution=decode_solution_cell(cell("solution")) if opts.exported else None,
            )
        )
    return finish(
        collector,
        role_id=role_id,
        title=title,
        doc_title=None,
        source=source,
        what="in the CSV: no row has both a question and an answer",
        role_data=opts.role,
        notes=notes,
    )


def _map_columns(
    names: list[str] | None, table: list[list[str]], opts: _CsvOptions
) -> tuple[dict[str, int], list[str]]:
    """Which column holds each field, and notes on the columns ignored."""
    notes: list[str] = []
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    for index, name in enumerate(names or []):
        key = column_key(name)
        if opts.exported and name.strip() == "solution":
            key = "solution"  # preptui's own column; elsewhere "solution" names the answer
        if key and key not in mapping and index not in opts.reserved - {opts.tags_column}:
            mapping[key] = index
        elif name.strip() and index not in opts.reserved:
            ignored.append(name.strip())
    if names is not None and opts.columns is None and not {"prompt", "answer"} <= set(mapping):
        missing = "question (prompt, front)" if "prompt" not in mapping else "answer (back)"
        raise ImportFailed(f"the header row names no {missing} column")
    if "prompt" not in mapping or "answer" not in mapping:
        width = max((len(row) for row in table), default=0)
        free = [i for i in range(width) if i not in opts.reserved and i not in mapping.values()]
        if len(free) < 2 and not ("prompt" in mapping or "answer" in mapping):
            raise ImportFailed(
                "no questions found: expected a header row naming the question and answer "
                "columns, or two columns (front and back)"
            )
        for key in ("prompt", "answer"):
            if key not in mapping and free:
                mapping[key] = free.pop(0)
        if names is None and free:
            notes.append(f"{plural(len(free), 'unnamed column')} after the first two: ignored")
    if opts.tags_column is not None and "tags" not in mapping:
        mapping["tags"] = opts.tags_column
    if ignored:
        notes.append(f"columns with no known name ignored: {', '.join(ignored)}")
    return mapping, notes
