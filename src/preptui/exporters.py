"""Export a bank as a printable Markdown study sheet or as CSV (Anki-style headers).

Pure: no Textual, nothing written. Both formats read back with :mod:`preptui.importers` to a bank
equal to the original. The Markdown sheet keeps every field visible (the role's id, icon and
interview format ride in an HTML comment); a value that the visible layout cannot carry exactly,
such as a key point with a line break, is also stored in the question's marker comment.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from preptui.importers import (
    CSV_COLUMNS,
    CSV_EXPORT_HEADER,
    CSV_ROLE_KEY,
    MD_ANSWER_BEGIN,
    MD_ANSWER_END,
    MD_EXPORT_MARKER,
    MD_FOLLOW_UPS_LABEL,
    MD_FORMAT_LABEL,
    MD_KEY_POINTS_LABEL,
    MD_META_SEPARATOR,
    MD_PROMPT_BEGIN,
    MD_PROMPT_END,
    MD_QUESTION_FIELDS,
    MD_QUESTIONS_HEADING,
    MD_TAGS_LABEL,
    MD_TIP_LABEL,
    MD_TIPS_HEADING,
    comment_json,
    encode_list_cell,
    parse_export_header,
    parse_export_question,
)
from preptui.model import Bank, Question, Role

_NEWLINES = re.compile(r"\r\n|\r|\n")
_MARKERS = (MD_ANSWER_BEGIN, MD_ANSWER_END, MD_PROMPT_BEGIN, MD_PROMPT_END)


def _one_line(text: str) -> str:
    return _NEWLINES.sub(" ", text)


def _safe(text: str) -> str:
    """Multi-line text with no line that the importer would take for part of the layout."""
    lines = _NEWLINES.split(text)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("<!-- preptui") or stripped in _MARKERS:
            lines[index] = line.replace("<", "\\<", 1)
    return "\n".join(lines)


def _lines(text: str) -> list[str]:
    return _NEWLINES.sub("\n", text).split("\n")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --------------------------------------------------------------------------- Markdown


def export_markdown(bank: Bank) -> str:
    """A printable study sheet that :func:`preptui.importers.import_markdown` reads back exactly."""
    parts = [_markdown_header(bank.role, len(bank.questions))]
    parts += [_markdown_question(n, q) for n, q in enumerate(bank.questions, start=1)]
    return "\n".join(parts).rstrip("\n") + "\n"


def _markdown_header(role: Role, count: int) -> str:
    meta: dict[str, Any] = {
        "id": role.id,
        "icon": role.icon,
        "format": role.format.model_dump(mode="json"),
    }

    def render(meta: dict[str, Any]) -> str:
        fmt = role.format
        heading = f"{_one_line(role.icon)} {_one_line(role.title)}" if role.icon else role.title
        lines = [
            MD_EXPORT_MARKER,
            comment_json("preptui-role", meta),
            "",
            f"# {_one_line(heading)}",
        ]
        lines += ["", _safe(role.summary), ""]
        lines.append(
            f"{MD_FORMAT_LABEL} {fmt.minutes} minutes · {_one_line(fmt.rounds)} · "
            f"{_count(fmt.question_count, 'question')}: {fmt.mix_text()}"
        )
        if role.tips:
            lines += ["", MD_TIPS_HEADING, ""]
            lines += [f"- {_one_line(tip)}" for tip in role.tips]
        lines += ["", f"{MD_QUESTIONS_HEADING} ({count})", ""]
        return "\n".join(lines)

    visible, _ = parse_export_header(_lines(render(meta)))
    expected = role.model_dump(mode="json")
    for key in ("title", "summary", "tips"):
        if visible[key] != expected[key]:
            meta[key] = expected[key]
    return render(meta)


def _markdown_question(number: int, question: Question) -> str:
    def render(meta: dict[str, Any]) -> str:
        q = question
        details = [f"**Difficulty:** {q.difficulty.value}", f"**Kind:** {q.kind.value}"]
        if q.minutes is not None:
            details.append(f"**Minutes:** {q.minutes}")
        first, *rest = _NEWLINES.split(q.prompt)
        lines = [comment_json("preptui-question", meta), f"### {number}. {first}", ""]
        if rest:
            lines += [MD_PROMPT_BEGIN, _safe("\n".join(rest)), MD_PROMPT_END, ""]
        lines += [
            MD_META_SEPARATOR.join(details),
            "",
            MD_ANSWER_BEGIN,
            _safe(q.answer),
            MD_ANSWER_END,
            "",
            MD_KEY_POINTS_LABEL,
            "",
        ]
        lines += [f"- [ ] {_one_line(point)}" for point in q.key_points]
        if q.tip is not None:
            lines += ["", f"{MD_TIP_LABEL} {_one_line(q.tip)}"]
        if q.tags:
            tags = MD_META_SEPARATOR.join(f"`{_one_line(tag)}`" for tag in q.tags)
            lines += ["", f"{MD_TAGS_LABEL} {tags}"]
        if q.follow_ups:
            lines += ["", MD_FOLLOW_UPS_LABEL, ""]
            lines += [f"- {_one_line(follow_up)}" for follow_up in q.follow_ups]
        lines += ["", "---", ""]
        return "\n".join(lines)

    meta: dict[str, Any] = {"id": question.id}
    visible, _ = parse_export_question(_lines(render(meta)))
    expected = question.model_dump(mode="json")
    for key in MD_QUESTION_FIELDS:
        if visible[key] != expected[key]:
            meta[key] = expected[key]
    return render(meta)


# --------------------------------------------------------------------------- CSV


def export_csv(bank: Bank) -> str:
    """CSV with a header row and Anki-style ``#`` lines; lists are one item a line in a cell.

    The role travels as compact JSON in a ``#preptui-role:`` line, so
    :func:`preptui.importers.import_csv` reads the file back exactly. Every cell is quoted.
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
