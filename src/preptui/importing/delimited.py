"""CSV and TSV files: named columns, or two unnamed ones (front, back) like Anki's exports.

Anki's ``#separator:``, ``#html:``, ``#columns:``, ``#tags:`` and ``#... column:N`` headers are
honoured; a preptui CSV export (``#preptui-export:v2``) is read back exactly.
"""

from __future__ import annotations

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
from preptui.importing.apkg import anki_question_id
from preptui.importing.drafts import Collector, Draft, finish
from preptui.importing.html import CLOZE, cloze_answer, cloze_prompt, html_to_markdown
from preptui.importing.names import slugify
from preptui.importing.plain import normalise_newlines
from preptui.importing.report import ImportFailed, ImportReport
from preptui.importing.table import best_delimiter, column_key, rows, split_anki_headers
from preptui.text import plural

__all__ = ["import_csv", "import_csv_decks"]

_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}


@dataclass
class _CsvOptions:
    """What the file's ``#key:value`` header lines say."""

    separator: str | None = None
    html: bool = False
    columns: str | None = None
    tags_column: int | None = None
    guid_column: int | None = None
    deck_column: int | None = None
    deck: str | None = None
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
                elif key == "guid column":
                    opts.guid_column = int(raw) - 1
                elif key == "deck column":
                    opts.deck_column = int(raw) - 1
                opts.reserved.add(int(raw) - 1)
            elif key == "deck" and raw:
                opts.deck = raw
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
    a preptui CSV export (``#preptui-export:v2``) is read back exactly. Every deck of an Anki
    export goes into the one bank; :func:`import_csv_decks` makes one bank per deck.
    """
    table, opts, mapping, notes = _read(text, delimiter, prefer_delimiter)
    return _report(table, opts, mapping, notes, role_id=role_id, title=title, source=source)


def import_csv_decks(
    text: str,
    *,
    deck: str | None = None,
    role_id: str | None = None,
    title: str | None = None,
    source: str | None = None,
    prefer_delimiter: str | None = None,
) -> list[ImportReport]:
    """One report per deck of an Anki text export with a ``#deck column``, or for ``deck``."""
    table, opts, mapping, notes = _read(text, None, prefer_delimiter)
    column = opts.deck_column
    if column is None:
        if deck is not None:
            raise ImportFailed("the file has no deck column (#deck column:N): drop --deck")
        return [_report(table, opts, mapping, notes, role_id=role_id, title=title, source=source)]
    by_deck: dict[str, list[tuple[int, list[str]]]] = {}
    for number, row in enumerate(table, start=1):
        name = row[column].strip() if column < len(row) else ""
        by_deck.setdefault(name or "Default", []).append((number, row))
    if deck is not None:
        wanted = {name for name in by_deck if name.casefold() == deck.casefold()}
        if not wanted:
            known = ", ".join(sorted(by_deck)) or "none"
            raise ImportFailed(f"no deck {deck!r} in the file; its decks: {known}")
        by_deck = {name: by_deck[name] for name in wanted}
    if len(by_deck) == 1 and deck is None:
        return [_report(table, opts, mapping, notes, role_id=role_id, title=title, source=source)]
    if (role_id is not None or title is not None) and len(by_deck) > 1:
        raise ImportFailed(
            f"the file has {len(by_deck)} decks ({', '.join(sorted(by_deck))}): "
            "choose one with --deck NAME to give it a role id or title"
        )
    reports = []
    for name, numbered in by_deck.items():
        leaf = name.split("::")[-1].strip() or name
        try:
            reports.append(
                _report(
                    [row for _, row in numbered],
                    opts,
                    mapping,
                    notes,
                    role_id=role_id or slugify(leaf, 64) or None,
                    title=title or leaf,
                    source=source,
                    doc_title=leaf,
                    numbers=[n for n, _ in numbered],
                )
            )
        except ImportFailed as exc:
            exc.message = f"deck {name!r}: {exc.message}"
            raise
    return reports


def _read(
    text: str, delimiter: str | None, prefer_delimiter: str | None
) -> tuple[list[list[str]], _CsvOptions, dict[str, int], list[str]]:
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
    return table, opts, mapping, notes


def _report(
    table: list[list[str]],
    opts: _CsvOptions,
    mapping: dict[str, int],
    notes: list[str],
    *,
    role_id: str | None,
    title: str | None,
    source: str | None,
    doc_title: str | None = None,
    numbers: list[int] | None = None,
) -> ImportReport:
    media: list[str] = []

    def convert(cell: str) -> str:
        if opts.exported:
            return unguard_cell(cell) if opts.version >= 2 else cell
        cell = normalise_newlines(cell)
        if opts.html:
            converted = html_to_markdown(cell)
            media.extend(converted.media)
            return converted.text
        return _SOUND.sub(lambda m: _drop(media, m[1]), cell).strip()

    collector = Collector(exact=opts.exported)
    for position, row in enumerate(table):
        number = numbers[position] if numbers else position + 1

        def raw(key: str, row: list[str] = row) -> str:
            index = mapping.get(key)
            return row[index] if index is not None and index < len(row) else ""

        def cell(key: str) -> str:
            return convert(raw(key))

        prompt, answer = raw("prompt"), raw("answer")
        if not opts.exported and CLOZE.search(prompt):
            back = cell("answer")
            prompt, answer = cloze_prompt(prompt), cloze_answer(prompt)
            prompt, answer = convert(prompt), convert(answer) + (f"\n\n{back}" if back else "")
        else:
            prompt, answer = convert(prompt), convert(answer)
        guid = (
            row[opts.guid_column].strip()
            if opts.guid_column is not None and opts.guid_column < len(row)
            else ""
        )
        key_points = decode_list_cell(cell("key_points"), bullets=not opts.exported)
        collector.add(
            Draft(
                prompt=prompt,
                answer=answer,
                difficulty=cell("difficulty") or None,
                kind=cell("kind") or None,
                key_points=key_points or None,
                tip=cell("tip") or None,
                tags=decode_list_cell(cell("tags"), tags=True) + opts.global_tags,
                minutes=cell("minutes") or None,
                follow_ups=decode_list_cell(cell("follow_ups"), bullets=not opts.exported),
                id=(anki_question_id(guid) if guid and not cell("id") else cell("id")) or None,
                label=f"(row {number})",
                solution=decode_solution_cell(cell("solution")) if opts.exported else None,
            )
        )
    extra = list(notes)
    if media:
        shown = ", ".join(sorted(set(media))[:5])
        extra.append(f"{plural(len(media), 'media reference')} dropped ({shown})")
    return finish(
        collector,
        role_id=role_id,
        title=title,
        doc_title=doc_title or opts.deck,
        source=source,
        what="in the CSV: no row has both a question and an answer",
        role_data=opts.role,
        notes=extra,
    )


_SOUND = re.compile(r"\[sound:([^\]]*)\]")


def _drop(media: list[str], name: str) -> str:
    media.append(name)
    return ""


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
