"""Questions that carry their own answer in one Markdown block, and navigation that is no question.

Three shapes hold a question and its answer together, so they are found before the questions
that take the blocks below them as their answer:

* ``<details><summary>What is …?</summary> answer </details>`` (a summary that is not a label
  such as "Answer" or "Show solution");
* top-level list items whose first line is a bold question (``1. **What is …?**``) or a heading
  (``1. ### What is …``), the answer indented under it;
* tables whose header names a question and an answer column, one question a row.

Navigation is found too: "back to top" links, lone anchors (``<a name="x"></a>``) and tables of
contents (lists or tables of links to the document's own headings). It is never a question or
part of an answer.

Line numbers are 0-based; a :class:`Piece` spans ``first`` to ``last`` inclusive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from preptui.importing.plain import plain
from preptui.importing.prompts import asks_question, bold_line, parse_prompt
from preptui.importing.table import column_key

__all__ = [
    "ANSWER_SUMMARY",
    "Piece",
    "details_pieces",
    "is_navigation_line",
    "list_pieces",
    "table_pieces",
    "toc_lines",
]

#: A ``<summary>`` (or a heading in an answer) that labels the answer instead of asking.
ANSWER_SUMMARY = re.compile(
    r"^(?:show|see|view|reveal|click(?: here)?(?: to)?(?: see| show| expand| reveal)?|toggle)?"
    r"\s*(?:the\s+)?(?:answers?|ans|solutions?|explanations?|hints?|spoilers?|details?|code"
    r"|output|results?|more|expand|example|examples)\b",
    re.I,
)
_DETAILS_OPEN = re.compile(r"^ {0,3}<details(?:\s[^>]*)?>", re.I)
_DETAILS_TAG = re.compile(r"<(/?)details(?:\s[^>]*)?>", re.I)
_SUMMARY = re.compile(r"<summary(?:\s[^>]*)?>(.*?)</summary>", re.I | re.S)
_WRAP_START = re.compile(r"^\s*(?:<(?:br|b|p|div|strong)\s*/?>\s*)+", re.I)
_WRAP_END = re.compile(r"\s*(?:</(?:b|p|div|strong)>\s*)+$", re.I)
_NAV_TEXT = (
    r"(?:[⬆↑⇧^🔝]\s*)?(?:back\s+to\s+(?:the\s+)?(?:top|contents|index|questions|list)|top|↑|⬆)"
)
_NAVIGATION = re.compile(
    rf"^\s*(?:\*\*|__)?\s*\[\s*(?:\*\*)?\s*{_NAV_TEXT}\s*[⬆↑]?\s*(?:\*\*)?\s*\]\([^)]*\)\s*(?:\*\*|__)?\s*$"
    rf"|^\s*<a\s[^>]*>\s*(?:{_NAV_TEXT})?\s*</a>\s*$"
    r"|^\s*<a\s+(?:name|id)\s*=\s*[\"'][^\"']*[\"']\s*/?>\s*(?:</a>)?\s*$",
    re.I,
)
_ANCHOR_LINK = re.compile(r"\[[^\]]+\]\(#[^)\s]*\)")
_LIST_MARKER = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
_ATX_IN_ITEM = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


@dataclass
class Piece:
    """A question found whole: its prompt text (raw), its answer (Markdown) and its lines."""

    prompt: str
    answer: str
    first: int
    last: int
    difficulty: str | None = None
    tags: tuple[str, ...] = ()
    used_from: int | None = None  # a table's first row also uses its header lines


def is_navigation_line(line: str) -> bool:
    """A "back to top" link or a lone anchor: navigation, never content."""
    return len(line) < 500 and _NAVIGATION.match(line) is not None


# --------------------------------------------------------------------------- <details>


def details_pieces(lines: Sequence[str], code: set[int]) -> list[Piece]:
    """``<details>`` blocks whose summary asks a question: the summary and what follows it."""
    pieces: list[Piece] = []
    index = 0
    while index < len(lines):
        if index in code or not _DETAILS_OPEN.match(lines[index]):
            index += 1
            continue
        close = _closing_details(lines, code, index)
        if close is None:
            index += 1
            continue
        block = "\n".join(lines[index : close + 1])
        summary = _SUMMARY.search(block)
        text = plain(summary[1]) if summary else ""
        if not summary or not text or ANSWER_SUMMARY.match(text):
            index += 1
            continue
        inner = block[summary.end() :]
        inner = inner[: inner.lower().rfind("</details")]
        pieces.append(Piece(summary[1].strip(), _unwrap(inner), index, close))
        index = close + 1
    return pieces


def _closing_details(lines: Sequence[str], code: set[int], start: int) -> int | None:
    depth = 0
    for index in range(start, min(len(lines), start + 5000)):
        if index in code:
            continue
        for tag in _DETAILS_TAG.finditer(lines[index]):
            depth += -1 if tag[1] else 1
            if depth == 0:
                return index
    return None


def _unwrap(inner: str) -> str:
    """An answer without the ``<br><b>`` … ``</b>`` and ``<p>`` … ``</p>`` around it."""
    text = _WRAP_START.sub("", inner.strip("\n"))
    return _WRAP_END.sub("", text).strip()


# --------------------------------------------------------------------------- lists


def list_pieces(lines: Sequence[str], tokens: Sequence[Token]) -> list[Piece]:
    """Items of top-level lists that are questions: most items start with one."""
    pieces: list[Piece] = []
    items: list[tuple[Token, Token | None]] = []
    for position, token in enumerate(tokens):
        if token.type == "list_item_open" and token.level == 1 and token.map is not None:
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            items.append((token, following))
        elif token.level == 0 and token.type in ("bullet_list_close", "ordered_list_close"):
            found = [_item_piece(lines, item, child) for item, child in items]
            asked = [piece for piece in found if piece is not None]
            if asked and len(asked) * 2 >= len(items):
                pieces.extend(asked)
            items = []
    return pieces


def _item_piece(lines: Sequence[str], item: Token, child: Token | None) -> Piece | None:
    assert item.map is not None
    first, end = item.map
    while end > first + 1 and not lines[end - 1].strip():
        end -= 1
    match = _LIST_MARKER.match(lines[first])
    if match is None:
        return None
    indent = len(match[0].expandtabs(4)) if match[3] else len(match[0]) + 1
    head = lines[first][len(match[0]) :].strip()
    body = [_dedent(line, indent) for line in lines[first + 1 : end]]
    if child is not None and child.type == "heading_open":
        heading = _ATX_IN_ITEM.match(head)
        prompt = heading[1] if heading else head
        return Piece(prompt, "\n".join(body).strip(), first, end - 1)
    question = _bold_question(head)
    if question is None:
        return None
    prompt, rest = question
    answer = "\n".join([rest, *body] if rest else body).strip()
    return Piece(prompt, answer, first, end - 1)


_BOLD_START = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1(.*)$")


def _bold_question(head: str) -> tuple[str, str] | None:
    """A bold question at the start of an item, and the text after it on the same line."""
    whole = bold_line(head)
    if whole is not None:
        return (whole, "") if _looks_asked(whole) else None
    match = _BOLD_START.match(head)
    if match is None or "**" in match[2] or not _looks_asked(match[2]):
        return None
    rest = match[3].strip()
    if re.fullmatch(r"(?:\[\s*)?\[[^\]]*\]\([^)]*\)(?:\s*\])?", rest):
        return f"{match[2]} {rest}", ""  # a trailing source link: the prompt cleans it up
    return match[2], rest


def _looks_asked(text: str) -> bool:
    return asks_question(parse_prompt(text))


def _dedent(line: str, indent: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]


# --------------------------------------------------------------------------- tables


def _cells(tokens: Sequence[Token], start: int) -> tuple[list[str], int]:
    """The cells of the row opened at ``start``, and the index of its ``tr_close``."""
    cells: list[str] = []
    index = start + 1
    while index < len(tokens) and tokens[index].type != "tr_close":
        if tokens[index].type == "inline":
            cells.append(tokens[index].content.replace("\\|", "|").strip())
        index += 1
    return cells, index


def table_pieces(tokens: Sequence[Token]) -> list[Piece]:
    """Rows of top-level tables whose header names a question column and an answer column."""
    pieces: list[Piece] = []
    header: dict[str, int] | None = None
    table_start: int | None = None
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            header = None
            table_start = token.map[0] if token.map else None
        elif token.type == "tr_open" and token.map is not None:
            cells, _ = _cells(tokens, index)
            if header is None:
                keys = [column_key(cell) for cell in cells]
                header = {key: i for i, key in reversed(list(enumerate(keys))) if key}
                if not {"prompt", "answer"} <= set(header):
                    header = {}
                continue
            if not header:
                continue

            def cell(key: str, cells: list[str] = cells, named: dict[str, int] = header) -> str:
                at = named.get(key)
                return cells[at] if at is not None and at < len(cells) else ""

            answer = re.sub(r"\s*<br\s*/?>\s*", "\n", cell("answer"), flags=re.I)
            tags = tuple(t for t in re.split(r"[,;]\s*|\s+", cell("tags")) if t)
            first, end = token.map
            pieces.append(
                Piece(
                    cell("prompt"),
                    answer,
                    first,
                    end - 1,
                    cell("difficulty") or None,
                    tags,
                    table_start,
                )
            )
            table_start = None
    return pieces


# --------------------------------------------------------------------------- contents


def toc_lines(tokens: Sequence[Token]) -> set[int]:
    """The lines of top-level lists and tables that are mostly links to the document's headings."""
    found: set[int] = set()
    opener: Token | None = None
    previous: Token | None = None
    texts: list[str] = []
    for token in tokens:
        if token.level == 0 and token.map is not None and token.type in _CONTAINERS:
            opener, texts = token, []
        elif token.level == 0 and token.type in _CLOSERS and opener is not None:
            assert opener.map is not None
            if _mostly_anchor_links(texts):
                found.update(range(*opener.map))
            opener = None
        elif (
            opener is not None
            and token.type == "inline"
            and token.content
            and (previous is None or previous.type != "th_open")  # header cells name columns
        ):
            texts.append(token.content)
        previous = token
    return found


_CONTAINERS = ("bullet_list_open", "ordered_list_open", "table_open")
_CLOSERS = ("bullet_list_close", "ordered_list_close", "table_close")


def _mostly_anchor_links(inline: Sequence[str]) -> bool:
    texts = [text for text in inline if not re.fullmatch(r"[\d.\s#]*", text)]
    if len(texts) < 2:
        return False
    linked = sum(1 for text in texts if _ANCHOR_LINK.search(text))
    return linked >= 0.8 * len(texts)
