"""preptui's CSV export: the writer, and the rules its reader needs.

The file is CSV with Anki-style ``#key:value`` header lines: ``#preptui-export:v2`` marks it,
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
    from preptui.model import Bank, Solution

__all__ = [
    "CSV_COLUMNS",
    "CSV_EXPORT_HEADER",
    "CSV_EXPORT_KEY",
    "CSV_ROLE_KEY",
    "decode_list_cell",
    "decode_solution_cell",
    "encode_list_cell",
    "encode_solution_cell",
    "export_csv",
    "export_version",
    "guard_cell",
    "parse_role_header",
    "unguard_cell",
]

CSV_EXPORT_KEY = "preptui-export"
CSV_EXPORT_VERSION = 2  # v2: cells a spreadsheet would run as a formula start with "'"
CSV_EXPORT_HEADER = f"#{CSV_EXPORT_KEY}:v{CSV_EXPORT_VERSION}"
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
    "solution",
)
# What Excel, LibreOffice and Google Sheets take for a formula (OWASP's list), and the quote
# that makes a cell text in all of them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_QUOTE = "'"
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


def encode_solution_cell(solution: Solution | None) -> str:
    """A reference solution as compact JSON, or an empty cell for none."""
    if solution is None:
        return ""
    data = solution.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_solution_cell(cell: str) -> Any:
    """The JSON in a ``solution`` cell (checked later), ``None`` for an empty cell.

    A cell that is not JSON comes back as the text, so validation names it as invalid.
    """
    text = cell.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def guard_cell(cell: str) -> str:
    """A cell a spreadsheet shows as text: ``'`` before a formula start (and before a ``'``)."""
    if cell.startswith((*_FORMULA_START, _TEXT_QUOTE)):
        return _TEXT_QUOTE + cell
    return cell


def unguard_cell(cell: str) -> str:
    """A cell as :func:`guard_cell` was given it."""
    return cell[1:] if cell.startswith(_TEXT_QUOTE) else cell


def export_version(value: str) -> int:
    """The version in a ``#preptui-export:vN`` header (1 if it names none)."""
    match = re.fullmatch(r"\s*v(\d{1,6})\s*", value)
    return int(match[1]) if match else 1


def export_csv(bank: Bank) -> str:
    """CSV with a header row and Anki-style ``#`` lines; lists are one item a line in a cell.

    The role travels as compact JSON in a ``#preptui-role:`` line, so
    :func:`preptui.importing.import_csv` reads the file back exactly. Every cell is quoted, and
    one a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) starts
    with ``'``, as spreadsheets write text that looks like a formula.
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
            "solution": encode_solution_cell(q.solution),
        }
        writer.writerow([guard_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()
