"""preptui's CSV export: the writer, and the rules its reader needs.

The file is CSV with Anki-style ``#key:value`` header lines: ``#preptui-export:v1`` marks it,
``#preptui-role:`` carries the role as compact JSON, and every cell is quoted. Lists are one item
a line in a cell, or a JSON array when that would not read back the same. The table itself is read
by :func:`preptui.importing.import_csv`, which takes a marked file exactly as written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from preptui.formats.syntax import strip_checkbox

if TYPE_CHECKING:
    from preptui.model import Bank

__all__ = [
    "CSV_COLUMNS",
    "CSV_EXPORT_HEADER",
    "CSV_EXPORT_KEY",
    "CSV_ROLE_KEY",
    "decode_list_cell",
    "encode_list_cell",
    "export_csv",
    "parse_role_header",
]

CSV_EXPORT_KEY = "preptui-export"
CSV_EXPORT_HEADER = f"#{CSV_EXPORT_KEY}:v1"
CSV_ROLE_KEY = "preptui-role"
CSV_COLUMNS = (
    "id",
    "prompt",
    "difficulty",
    "kind",
    "answer",
    "key_points",
    "tip",
    "tags",
    "minutes",
    "follow_ups",
)
_BULLET = re.compile(r"^(?:[-*•+]|\d{1,3}[.)])\s+")


def parse_role_header(value: str) -> dict[str, Any]:
    """The role in a ``#preptui-role:`` header: its JSON object, or ``{}`` if it holds none."""
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def decode_list_cell(cell: str, *, tags: bool = False, bullets: bool = False) -> list[str]:
    """A list from one cell: a JSON array of strings, else one item a line.

    Tags on a single line may also be separated by spaces, commas or semicolons; ``bullets``
    drops list markers (``-``, ``1.``, ``[ ]``) that hand-written cells put before their items.
    """
    text = cell.strip()
    if not text:
        return []
    if text.startswith("[") and text.endswith("]"):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return [item.strip() for item in value if item.strip()]
    items = re.split(r"[,;\s]+", text) if tags and "\n" not in text else text.split("\n")
    if bullets:
        items = [_BULLET.sub("", strip_checkbox(item.strip())) for item in items]
    return [item.strip() for item in items if item.strip()]


def encode_list_cell(items: Sequence[str], *, tags: bool = False) -> str:
    """One cell for a list: one item a line, or JSON when that would not read back the same."""
    text = "\n".join(items)
    if decode_list_cell(text, tags=tags) == list(items):
        return text
    return json.dumps(list(items), ensure_ascii=False)


def export_csv(bank: Bank) -> str:
    """CSV with a header row and Anki-style ``#`` lines; lists are one item a line in a cell.

    The role travels as compact JSON in a ``#preptui-role:`` line, so
    :func:`preptui.importing.import_csv` reads the file back exactly. Every cell is quoted.
    """
    out = io.StringIO()
    role = json.dumps(bank.role.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
    out.write(f"#separator:comma\n#html:false\n{CSV_EXPORT_HEADER}\n#{CSV_ROLE_KEY}:{role}\n")
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for q in bank.questions:
        row = {
            "id": q.id,
            "prompt": q.prompt,
            "difficulty": q.difficulty.value,
            "kind": q.kind.value,
            "answer": q.answer,
            "key_points": encode_list_cell(q.key_points),
            "tip": q.tip or "",
            "tags": encode_list_cell(q.tags, tags=True),
            "minutes": "" if q.minutes is None else str(q.minutes),
            "follow_ups": encode_list_cell(q.follow_ups),
        }
        writer.writerow([row[column] for column in CSV_COLUMNS])
    return out.getvalue()
