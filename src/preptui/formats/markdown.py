"""preptui's Markdown export: a printable study sheet that reads back exactly.

Every field is visible: the role's title, summary, interview format and tips, then each question
as a ``### n. prompt`` heading with its difficulty, kind, answer, key points (a checklist), tip,
tags and follow-ups. The role's id, icon and format ride in a ``<!-- preptui-role {...} -->``
comment and each question starts with a ``<!-- preptui-question {...} -->`` marker holding its id;
a value the visible layout cannot carry exactly (a key point with a line break, say) is also
stored in that marker. The answer sits between ``<!-- answer -->`` comments, so any Markdown in it
survives. :func:`read_markdown_export` gives the fields back as found; turning them into a
validated bank is :func:`preptui.importing.import_markdown`'s job.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from preptui.formats.syntax import THEMATIC_BREAK
from preptui.text import plural

if TYPE_CHECKING:
    from preptui.model import Bank, Question, Role, Solution

__all__ = [
    "MD_EXPORT_MARKER",
    "MD_QUESTION_FIELDS",
    "ExportedQuestion",
    "MarkdownExport",
    "export_markdown",
    "parse_export_header",
    "parse_export_question",
    "read_markdown_export",
]

MD_EXPORT_MARKER = "<!-- preptui-export v1 -->"
MD_ROLE_KIND = "preptui-role"
MD_QUESTION_KIND = "preptui-question"
MD_ANSWER_BEGIN = "<!-- answer -->"
MD_ANSWER_END = "<!-- /answer -->"
MD_PROMPT_BEGIN = "<!-- prompt -->"
MD_PROMPT_END = "<!-- /prompt -->"
MD_SOLUTION_BEGIN = "<!-- solution -->"
MD_SOLUTION_END = "<!-- /solution -->"
MD_SOLUTION_LABEL = "**Solution**"
MD_CASES_LABEL = "**Cases**"
MD_SETUP_LABEL = "**Setup**"
MD_FORMAT_LABEL = "**Format:**"
MD_TIPS_HEADING = "## Tips"
MD_QUESTIONS_HEADING = "## Questions"
MD_KEY_POINTS_LABEL = "**Key points**"
MD_FOLLOW_UPS_LABEL = "**Follow-ups**"
MD_TIP_LABEL = "**Tip:**"
MD_TAGS_LABEL = "**Tags:**"
MD_META_SEPARATOR = " · "
MD_QUESTION_FIELDS = (
    "prompt",
    "difficulty",
    "kind",
    "minutes",
    "answer",
    "key_points",
    "tip",
    "tags",
    "follow_ups",
    "solution",
)

_COMMENT_JSON = re.compile(r"^<!-- (preptui-role|preptui-question)(?:\s+(.*?))?\s*-->$")
_EXPORT_NUMBER = re.compile(r"^\d+\. ")
_META_PART = re.compile(r"^\*\*(Difficulty|Kind|Minutes):\*\*\s*(.*)$")
_KEY_POINT_ITEM = re.compile(r"^- \[[ xX]\] (.*)$")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_MARKERS = (
    MD_ANSWER_BEGIN,
    MD_ANSWER_END,
    MD_PROMPT_BEGIN,
    MD_PROMPT_END,
    MD_SOLUTION_BEGIN,
    MD_SOLUTION_END,
)


# --------------------------------------------------------------------------- reading


@dataclass
class ExportedQuestion:
    """One question block: its fields (the marker's values win over the visible ones) and id."""

    fields: dict[str, Any]
    id: Any


@dataclass
class MarkdownExport:
    """What an export holds: the visible title, the role (when its comment is there), questions."""

    title: str
    role: dict[str, Any] | None
    questions: list[ExportedQuestion]


def read_markdown_export(text: str) -> MarkdownExport:
    """The fields of a Markdown export (``\\n`` line ends), as found: nothing is validated."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _is_question_marker(line)]
    visible_role, role_meta = parse_export_header(lines[: starts[0]] if starts else lines)
    questions: list[ExportedQuestion] = []
    for n, begin in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        visible, meta = parse_export_question(lines[begin:end])
        fields = {**visible, **{k: v for k, v in meta.items() if k in MD_QUESTION_FIELDS}}
        questions.append(ExportedQuestion(fields, meta.get("id")))
    role = {**visible_role, **role_meta} if role_meta else None
    return MarkdownExport(visible_role["title"], role, questions)


def comment_json(kind: str, data: dict[str, Any]) -> str:
    """``<!-- kind {json} -->`` on one line; ``<`` and ``>`` escaped so the comment stays shut."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<!-- {kind} {payload} -->"


def _comment_data(line: str, kind: str) -> dict[str, Any] | None:
    match = _COMMENT_JSON.match(line.strip())
    if not match or match[1] != kind:
        return None
    if not match[2]:
        return {}
    try:
        data = json.loads(match[2])
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _is_question_marker(line: str) -> bool:
    return _comment_data(line, MD_QUESTION_KIND) is not None


def parse_export_header(lines: Sequence[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The visible title, summary and tips of a Markdown export, and its role comment's data."""
    meta: dict[str, Any] = {}
    title_line: str | None = None
    summary: list[str] = []
    tips: list[str] = []
    state = "start"
    for line in lines:
        stripped = line.strip()
        data = _comment_data(line, MD_ROLE_KIND)
        if data is not None:
            meta = data
            continue
        if state == "start":
            if line.startswith("# "):
                title_line = line[2:]
                state = "summary"
            continue
        if stripped == MD_TIPS_HEADING:
            state = "tips"
        elif stripped.startswith(MD_QUESTIONS_HEADING):
            state = "done"
        elif state == "summary" and stripped.startswith(MD_FORMAT_LABEL):
            state = "format"
        elif state == "summary":
            summary.append(line)
        elif state == "tips" and line.startswith("- "):
            tips.append(line[2:].strip())
    title = (title_line or "").strip()
    icon = meta.get("icon")
    if isinstance(icon, str) and icon and title.startswith(icon + " "):
        title = title[len(icon) + 1 :].strip()
    visible = {"title": title, "summary": "\n".join(summary).strip(), "tips": tips}
    return visible, meta


def parse_export_question(lines: Sequence[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The visible fields of one exported question block, and its marker comment's data.

    The block starts with its ``<!-- preptui-question {...} -->`` marker line.
    """
    meta = _comment_data(lines[0], MD_QUESTION_KIND) if lines else None
    visible: dict[str, Any] = {
        "prompt": "",
        "difficulty": None,
        "kind": None,
        "minutes": None,
        "answer": "",
        "key_points": [],
        "tip": None,
        "tags": [],
        "follow_ups": [],
        "solution": None,
    }
    answer: list[str] | None = None
    prompt_rest: list[str] | None = None
    loose: list[str] = []
    region: tuple[str, list[str]] | None = None  # inside <!-- answer --> or <!-- prompt -->
    section: str | None = None
    seen_prompt = False
    for line in lines[1:]:
        stripped = line.strip()
        if region is not None:
            end, into = region
            if stripped == end:
                region = None
            else:
                into.append(line)
            continue
        if stripped == MD_PROMPT_BEGIN and seen_prompt and prompt_rest is None and answer is None:
            prompt_rest = []
            region = (MD_PROMPT_END, prompt_rest)
        elif stripped == MD_SOLUTION_BEGIN:  # shown for reading; the marker carries it
            region, section = (MD_SOLUTION_END, []), None
        elif stripped == MD_ANSWER_BEGIN and answer is None:
            answer, section = [], None
            region = (MD_ANSWER_END, answer)
        elif not seen_prompt and line.startswith("### "):
            visible["prompt"] = _EXPORT_NUMBER.sub("", line[4:], count=1).strip()
            seen_prompt = True
        elif _META_PART.match(stripped):
            for part in stripped.split(MD_META_SEPARATOR):
                match = _META_PART.match(part.strip())
                if match:
                    key, value = match[1].lower(), match[2].strip()
                    visible[key] = int(value) if key == "minutes" and value.isdigit() else value
            section = None
        elif stripped == MD_KEY_POINTS_LABEL:
            section = "key_points"
        elif stripped == MD_FOLLOW_UPS_LABEL:
            section = "follow_ups"
        elif stripped.startswith(MD_TIP_LABEL):
            visible["tip"] = stripped[len(MD_TIP_LABEL) :].strip() or None
            section = "tip"
        elif stripped.startswith(MD_TAGS_LABEL):
            visible["tags"] = _split_export_tags(stripped[len(MD_TAGS_LABEL) :])
            section = "tags"
        elif section == "key_points" and _KEY_POINT_ITEM.match(line):
            visible["key_points"].append(line[6:].strip())
        elif section == "follow_ups" and line.startswith("- "):
            visible["follow_ups"].append(line[2:].strip())
        elif section is None and seen_prompt:
            loose.append(line)
    if prompt_rest is not None:
        visible["prompt"] = "\n".join([visible["prompt"], *prompt_rest]).strip()
    if answer is not None:
        visible["answer"] = "\n".join(answer).strip()
    else:  # edited by hand: the markers are gone, so take the text after the heading
        while loose and (not loose[-1].strip() or THEMATIC_BREAK.match(loose[-1])):
            loose.pop()
        visible["answer"] = "\n".join(loose).strip()
    return visible, meta or {}


def _split_export_tags(text: str) -> list[str]:
    tags: list[str] = []
    for item in text.strip().split(MD_META_SEPARATOR):
        tag = item.strip()
        if len(tag) >= 2 and tag.startswith("`") and tag.endswith("`"):
            tag = tag[1:-1]
        if tag:
            tags.append(tag)
    return tags


# --------------------------------------------------------------------------- writing


def export_markdown(bank: Bank) -> str:
    """A printable study sheet that :func:`preptui.importing.import_markdown` reads back exactly."""
    parts = [_markdown_header(bank.role, len(bank.questions))]
    parts += [_markdown_question(n, q) for n, q in enumerate(bank.questions, start=1)]
    return "\n".join(parts).rstrip("\n") + "\n"


def _one_line(text: str) -> str:
    return _NEWLINES.sub(" ", text)


def _safe(text: str) -> str:
    """Multi-line text with no line that the reader would take for part of the layout."""
    lines = _NEWLINES.split(text)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("<!-- preptui") or stripped in _MARKERS:
            lines[index] = line.replace("<", "\\<", 1)
    return "\n".join(lines)


def _lines(text: str) -> list[str]:
    return _NEWLINES.sub("\n", text).split("\n")


def _markdown_header(role: Role, count: int) -> str:
    meta: dict[str, Any] = {
        "id": role.id,
        "icon": role.icon,
        "format": role.format.model_dump(mode="json"),
    }

    def render(meta: dict[str, Any]) -> str:
        fmt = role.format
        heading = f"{_one_line(role.icon)} {_one_line(role.title)}" if role.icon else role.title
        lines = [MD_EXPORT_MARKER, comment_json(MD_ROLE_KIND, meta), "", f"# {_one_line(heading)}"]
        lines += ["", _safe(role.summary), ""]
        lines.append(
            f"{MD_FORMAT_LABEL} {fmt.minutes} minutes · {_one_line(fmt.rounds)} · "
            f"{plural(fmt.question_count, 'question')}: {fmt.mix_text()}"
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
        lines = [comment_json(MD_QUESTION_KIND, meta), f"### {number}. {first}", ""]
        if rest:
            lines += [MD_PROMPT_BEGIN, _safe("\n".join(rest)), MD_PROMPT_END, ""]
        lines += [MD_META_SEPARATOR.join(details), "", MD_ANSWER_BEGIN, _safe(q.answer)]
        lines += [MD_ANSWER_END, "", MD_KEY_POINTS_LABEL, ""]
        lines += [f"- [ ] {_one_line(point)}" for point in q.key_points]
        if q.solution is not None:
            lines += ["", *_solution_lines(q.solution)]
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
    # The solution shown is for reading; the marker carries it, as a JSON object.
    expected = question.model_dump(mode="json")
    for key in MD_QUESTION_FIELDS:
        if visible[key] != expected[key]:
            meta[key] = expected[key]
    return render(meta)


def _fence(code: str, info: str = "") -> list[str]:
    """A fenced code block longer than any run of backticks in ``code``."""
    runs = [len(run) for run in re.findall(r"`+", code)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return [f"{fence}{info}", _safe(code), fence]


def _solution_lines(solution: Solution) -> list[str]:
    """The reference solution, readable: its code, any setup, and its test cases."""
    lines = [MD_SOLUTION_BEGIN, f"{MD_SOLUTION_LABEL} ({solution.language})", ""]
    if solution.setup is not None:
        lines += [MD_SETUP_LABEL, "", *_fence(solution.setup, "sql"), ""]
    lines += [*_fence(solution.code, solution.language), "", MD_CASES_LABEL, ""]
    for case in solution.cases:
        lines.append(f"- {_code_span(case.input)} → {_code_span(case.expected)}")
    if solution.language == "sql" and not solution.ordered:
        lines += ["", "Rows may come in any order."]
    lines.append(MD_SOLUTION_END)
    return lines


def _code_span(text: str) -> str:
    """``text`` as one inline code span on one line."""
    text = _one_line(text)
    runs = [len(run) for run in re.findall(r"`+", text)]
    ticks = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"
