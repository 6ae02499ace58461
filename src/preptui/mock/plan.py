"""The agenda as plain text (``preptui mock --plan``), aligned for any character width."""

from __future__ import annotations

import textwrap
import unicodedata
from typing import TYPE_CHECKING

from preptui.mock.agenda import Agenda
from preptui.mock.clock import fmt_clock
from preptui.text import first_line

if TYPE_CHECKING:
    pass


# --------------------------------------------------------------------------- plan text

PLAN_WIDTH = 100


def format_plan(agenda: Agenda, width: int = PLAN_WIDTH) -> str:
    """The agenda as a plain-text table: #, segment, question, budget and running total."""
    rows: list[tuple[str, str, str, str, str]] = []
    running = 0
    for number, segment in enumerate(agenda.segments, start=1):
        running += segment.seconds
        segment_text = segment.round if segment.kind == "question" else segment.kind.capitalize()
        text = first_line(segment.question.prompt) if segment.question else segment.title
        rows.append(
            (str(number), segment_text, text, fmt_clock(segment.seconds), fmt_clock(running))
        )
    header = ("#", "Segment", "Question", "Time", "Total")
    widths = [max(_width(r[c]) for r in [header, *rows]) for c in range(5)]
    widths[1] = min(widths[1], 28)
    widths[2] = max(10, width - sum(widths) + widths[2] - 2 * 4)
    heading = f"{agenda.title} · {agenda.minutes}-minute mock interview · seed {agenda.seed}"
    lines = [_fit(heading, width).rstrip(), ""]
    for row in [header, *rows]:
        cells = [_fit(cell, w) for cell, w in zip(row, widths, strict=True)]
        cells[0] = " " * (widths[0] - _width(row[0])) + row[0]
        cells[3] = " " * (widths[3] - _width(row[3])) + row[3]
        cells[4] = " " * (widths[4] - _width(row[4])) + row[4]
        lines.append("  ".join(cells).rstrip())
    table_width = sum(widths) + 2 * 4
    total = f"Total {fmt_clock(agenda.total_seconds)}"
    lines.append(" " * max(0, table_width - len(total)) + total)
    for note in agenda.notes:
        lines += textwrap.wrap(
            note, width, initial_indent="Note: ", subsequent_indent="      ", break_on_hyphens=False
        )
    return "\n".join(lines)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _width(text: str) -> int:
    if text.isascii():  # nearly every cell: one column a character, no per-character lookup
        return len(text)
    return sum(_char_width(c) for c in text)


def _fit(text: str, width: int) -> str:
    """Truncate with an ellipsis and pad to exactly ``width`` terminal columns."""
    used = _width(text)
    if used > width:
        out, used = "", 0
        for char in text:
            w = _char_width(char)
            if used + w > width - 1:
                break
            out += char
            used += w
        text = out.rstrip() + "…"
        used = _width(text)
    return text + " " * (width - used)
