"""Markdown Q&A collections: the shapes community collections use, on markdown-it-py's tokens.

markdown-it-py's tokens (CommonMark, plus tables) give the structure: the top-level headings
(ATX or setext), the thematic breaks, lists, tables, where top-level paragraphs start, and the
lines of code blocks (fenced or indented, at any depth), which are kept as written and never
read for structure, so a ``#`` in a code block is not a heading. Then the heuristics decide:

* questions that hold their answer (:mod:`preptui.importing.mdshapes`): ``<details>`` with the
  question in its ``<summary>``, list items that start with a bold question or a heading, rows
  of a question|answer table;
* the heading level that holds most question-like headings (numbered ``Q1:``, ``1)``, ``1.``,
  marked with a difficulty, ending in ``?`` or starting with a question word) has the questions;
  headings above it are sections, which become tags (a difficulty such as "Beginner" sets the
  difficulty instead; "Questions & Answers" is no tag), and the first ``#`` heading may be the
  document's title;
* unless more questions are bold lines (``**What is …? 👶**``) or ``Q:``/``Question:`` lines at
  the start of a paragraph, when every heading is a section;
* an answer is what follows its question up to the next one, a thematic break or a line that is
  only ``<br>``; ``<details>`` wrappers, trailing ``<br>`` and answer labels are dropped, and
  :mod:`preptui.importing.bodies` keeps quiz options and code the prompt needs in the prompt.

Navigation (tables of contents, "back to top" links, anchors) is dropped, and every other line
that no question used is listed in the report with the reason.

A text that starts with ``<!-- preptui-export v1 -->`` is read back exactly instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from preptui.formats.markdown import MD_EXPORT_MARKER
from preptui.importing.bodies import is_answer_label, shape_question
from preptui.importing.drafts import Collector, Draft, finish
from preptui.importing.exported import import_markdown_export
from preptui.importing.mdshapes import (
    ANSWER_SUMMARY,
    Piece,
    details_pieces,
    is_navigation_line,
    list_pieces,
    table_pieces,
    toc_lines,
)
from preptui.importing.names import TAG_CHARS, cut_slug
from preptui.importing.plain import normalise_newlines, plain
from preptui.importing.prompts import (
    Prompt,
    asks_question,
    bold_line,
    parse_prompt,
    strip_numbering,
)
from preptui.importing.report import ImportFailed, ImportReport, Unused

__all__ = ["import_markdown"]

_BOILERPLATE = re.compile(
    r"^(?:table of contents|contents|toc|license|licence|contributing|contributors|credits"
    r"|references|resources|further reading|see also|acknowledg(?:e)?ments|about|introduction"
    r"|support|sponsors|changelog|links|footnotes|summary|conclusion|overview|notes)$",
    re.I,
)
#: Section headings that name the whole collection's content: no tag.
_GENERIC_SECTION = re.compile(
    r"^(?:(?:common|frequently asked|top|basic|the|all|some|sample|practice|interview|list of)\s+)*"
    r"(?:questions?(?:\s*(?:&|and|\+)\s*answers?)?|q\s*&\s*a|qna|faqs?|answers?|quiz(?:zes)?"
    r"|interview(?:\s+questions)?)$",
    re.I,
)
_CONTENTS = re.compile(r"^(?:table of contents|contents|toc|index)$", re.I)
_LEVEL_SECTION = re.compile(
    r"^(beginner|easy|junior|intermediate|medium|advanced|hard|expert|senior)"
    r"(?:\s+(?:level|questions|topics))?$",
    re.I,
)
_LEVEL_WORDS = {
    "junior": "easy",
    "senior": "hard",
    "beginner": "easy",
    "intermediate": "medium",
    "advanced": "hard",
    "expert": "hard",
}
_SHORTCODE = re.compile(r":[a-z0-9_+-]{1,40}:")
_QA_LINE = re.compile(
    r"^ {0,3}(?:\*\*|__)?(?:q|question)\s*\d{0,4}\s*[:.)](?:\*\*|__)?\s+(?=\S)(.*)$", re.I
)
_END_LINE = re.compile(r"^\s*(?:<br\s*/?>|<hr\s*/?>)\s*$", re.I)
_TRAILING_BR = re.compile(r"\s*<br\s*/?>\s*$", re.I)
_HTML_WRAPPER = re.compile(
    r"^\s*(?:</?(?:details|p|div)(?:\s[^>]*)?>|<summary>.*?</summary>)"
    r"(?:\s*(?:</?(?:details|p|div)(?:\s[^>]*)?>|<summary>.*?</summary>))*\s*$",
    re.I,
)
_MARKER_LINE = re.compile(r"^ {0,3}<")  # deeper, it is indented code
_CODE_TOKENS = ("fence", "code_block")
_BLOCK_TOKENS = ("paragraph_open", "html_block")
_PARSER: MarkdownIt | None = None


# --------------------------------------------------------------------------- structure


@dataclass
class _Heading:
    level: int
    text: str
    end: int  # the line after it: a setext heading spans its text and its underline


@dataclass
class _Outline:
    """The document's lines, and what markdown-it found on them (0-based line numbers)."""

    lines: list[str]
    tokens: list[Token] = field(default_factory=list)
    headings: dict[int, _Heading] = field(default_factory=dict)
    heading_lines: set[int] = field(default_factory=set)
    code: set[int] = field(default_factory=set)
    breaks: set[int] = field(default_factory=set)
    blocks: set[int] = field(default_factory=set)  # in top-level paragraphs and HTML blocks
    markers: set[int] = field(default_factory=set)  # <br>, <details> and the like: structure
    navigation: dict[int, str] = field(default_factory=dict)  # line -> what it is
    # A ``Q:`` prompt wrapped over lines before its ``A:`` line: first line -> the lines after it
    prompt_more: dict[int, list[int]] = field(default_factory=dict)

    def is_end(self, index: int) -> bool:
        """A thematic break, or a line that is only ``<br>`` or ``<hr>`` (outside code)."""
        if index in self.breaks:
            return True
        return index not in self.code and _END_LINE.match(self.lines[index]) is not None


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:  # block structure only: inline content is read as source text
        _PARSER = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
    return _PARSER


def _outline(text: str) -> _Outline:
    outline = _Outline(text.split("\n"))
    unwrapped = _unwrapped(outline.lines)
    outline.markers = {
        i for i, line in enumerate(outline.lines) if line.strip() and not unwrapped[i]
    }
    # The final newline makes markdown-it map the last line too (an unclosed fence takes it).
    tokens = _parser().parse("\n".join(unwrapped) + "\n")
    outline.tokens = tokens
    for position, token in enumerate(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type in _CODE_TOKENS:
            outline.code.update(range(start, end))
        elif token.level != 0:
            continue
        elif token.type == "heading_open":
            content = tokens[position + 1].content.strip()
            if ANSWER_SUMMARY.match(plain(content)):
                continue  # "#### Answer: B" inside an answer is part of it
            outline.headings[start] = _Heading(int(token.tag[1:]), content, end)
            outline.heading_lines.update(range(start, end))
        elif token.type == "hr":
            outline.breaks.update(range(start, end))
        elif token.type in _BLOCK_TOKENS:
            outline.blocks.update(range(start, end))
    for index in toc_lines(tokens):
        outline.navigation[index] = "table of contents"
    for index, line in enumerate(outline.lines):
        if index not in outline.code and is_navigation_line(line):
            outline.navigation[index] = "navigation"
    return outline


def _unwrapped(lines: list[str]) -> list[str]:
    """The lines to parse: ``<br>``, ``<hr>`` and ``<details>`` wrapper lines left blank.

    They separate questions and answers in collections, but to CommonMark each starts an HTML
    block that runs to the next blank line and would swallow a heading right below it.
    """
    return ["" if _is_marker(line) or is_navigation_line(line) else line for line in lines]


def _is_marker(line: str) -> bool:
    if not _MARKER_LINE.match(line):
        return False
    return _END_LINE.match(line) is not None or _HTML_WRAPPER.match(line) is not None


def _bold_questions(outline: _Outline, claimed: set[int]) -> dict[int, Prompt]:
    """Question-like bold lines and ``Q:`` lines that start a paragraph (or follow ``<br>``)."""
    bolds: dict[int, Prompt] = {}
    after_break = True
    for index, line in enumerate(outline.lines):
        if index in outline.code:
            after_break = False
            continue
        if index in outline.heading_lines:
            after_break = True
            continue
        if after_break and index in outline.blocks and index not in claimed:
            bold = bold_line(line)
            if bold is not None:
                prompt = parse_prompt(bold)
                if prompt.question_like:
                    bolds[index] = prompt
                    continue
            labelled = _QA_LINE.match(line) if bold is None else None
            if labelled is not None:
                more = _wrapped_prompt(outline, index)
                text = " ".join([labelled[1], *(outline.lines[i].strip() for i in more)])
                prompt = parse_prompt(text)
                if more:
                    outline.prompt_more[index] = more
                if prompt.text:
                    bolds[index] = Prompt(prompt.text, prompt.difficulty, True, prompt.marked)
                    continue
        after_break = not line.strip() or outline.is_end(index) or index in outline.markers
    return bolds


def _wrapped_prompt(outline: _Outline, index: int) -> list[int]:
    """The lines a ``Q:`` prompt wraps onto: those before an ``A:`` line in the same paragraph.

    With no answer label below, the lines after ``Q:`` are its answer, as before.
    """
    more: list[int] = []
    for after in range(index + 1, len(outline.lines)):
        line = outline.lines[after]
        if (
            not line.strip()
            or after in outline.code
            or after in outline.heading_lines
            or outline.is_end(after)
            or _QA_LINE.match(line)
        ):
            return []
        if is_answer_label(line):
            return more
        more.append(after)
    return []


# --------------------------------------------------------------------------- which headings


@dataclass
class _Plan:
    """Where the questions are: the heading level and headings, or bold lines."""

    bold_mode: bool
    level: int
    questions: dict[int, Prompt]
    title_index: int | None


def _plan(headings: dict[int, _Heading], bolds: dict[int, Prompt]) -> _Plan:
    title_index = next((i for i, h in headings.items() if h.level == 1), None)
    prompts = {i: parse_prompt(h.text) for i, h in headings.items()}
    by_level = Counter(
        h.level for i, h in headings.items() if i != title_index and asks_question(prompts[i])
    )
    level, count = max(by_level.items(), key=lambda kv: (kv[1], kv[0]), default=(0, 0))
    if len(bolds) > count:
        return _Plan(True, level, dict(bolds), title_index)
    if not count:
        return _Plan(False, 0, {}, title_index)
    at_level = [i for i, h in headings.items() if h.level == level]
    if title_index in at_level and not prompts[title_index].question_like:
        at_level.remove(title_index)
    mostly = count >= 0.75 * max(1, len(at_level))
    questions = {
        i: prompts[i]
        for i in at_level
        if prompts[i].text
        and (
            asks_question(prompts[i]) or (mostly and not _BOILERPLATE.match(plain(prompts[i].text)))
        )
    }
    if level == 1 and title_index in questions:
        title_index = None
    return _Plan(False, level, questions, title_index)


def _is_structure(plan: _Plan, heading: _Heading) -> bool:
    """Whether a heading is a question or a section (not a heading inside an answer)."""
    return plan.bold_mode or not plan.questions or heading.level <= plan.level


def _regions(outline: _Outline, plan: _Plan) -> list[tuple[int, int]]:
    """The lines each heading or bold question's answer may take: to the next one or section."""
    starts = sorted(plan.questions)
    regions = []
    stops = sorted(i for i, h in outline.headings.items() if _is_structure(plan, h))
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(outline.lines)
        later = [i for i in stops if start < i < end]
        regions.append((start, later[0] if later else end))
    return regions


# --------------------------------------------------------------------------- answers


@dataclass
class _Found:
    prompt: Prompt
    tags: list[str]
    line: int
    difficulty: str | None = None
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (text, is code)
    closed: bool = False
    last: int = -1
    piece: Piece | None = None

    def add(self, index: int, line: str, code: bool) -> bool:
        if self.closed:
            return False
        self.lines.append((line, code))
        if line.strip():
            self.last = index
        return True

    def end(self) -> None:
        if any(line.strip() for line, _ in self.lines):
            self.closed = True

    def body(self) -> str:
        """The answer's Markdown without HTML wrappers or trailing ``<br/>``."""
        if self.piece is not None:
            return self.piece.answer
        out: list[str] = []
        for line, code in self.lines:
            if not code:
                if _HTML_WRAPPER.match(line):
                    continue
                line = _without_trailing_br(line)
            out.append(line)
        return "\n".join(out).strip()

    @property
    def span(self) -> tuple[int, int]:
        if self.piece is not None:
            return self.piece.first, self.piece.last
        return self.line, max(self.line, self.last)


def _without_trailing_br(line: str) -> str:
    """``line`` without a trailing ``<br>``: only its end is searched (a long indent is cheap)."""
    body = line.rstrip()
    if not body.endswith(">"):
        return line
    tail = body[-64:]
    match = _TRAILING_BR.search(tail)
    if match is None:
        return line
    return body[: len(body) - len(tail) + match.start()].rstrip()


def _section(text: str) -> tuple[str, str | None]:
    """A section heading's tag (lower case, hyphens, unicode kept) and the difficulty it names."""
    words = " ".join(_SHORTCODE.sub(" ", strip_numbering(plain(text))).split())
    words = re.sub(r"^[^\w]+", "", words).strip()
    level = _LEVEL_SECTION.match(words)
    if level is not None:
        name = level[1].casefold()
        return "", _LEVEL_WORDS.get(name, name)
    if _GENERIC_SECTION.match(words) or _CONTENTS.match(words):
        return "", None
    slug = re.sub(r"[\W_]+", "-", words.casefold()).strip("-")
    return cut_slug(slug, TAG_CHARS), None


def _collect(
    outline: _Outline, plan: _Plan, pieces: Sequence[Piece]
) -> tuple[list[_Found], set[int]]:
    """The questions in document order, and the lines they and the structure used."""
    sections: dict[int, str] = {}
    levels: dict[int, str] = {}
    found: list[_Found] = []
    used: set[int] = set()
    starts = {piece.first: piece for piece in pieces}
    current: _Found | None = None
    index = 0
    while index < len(outline.lines):
        line = outline.lines[index]
        piece = starts.get(index)
        if piece is not None:
            current = None
            difficulty = piece.difficulty or _section_level(levels)
            found.append(
                _Found(
                    parse_prompt(piece.prompt),
                    _section_tags(sections) + list(piece.tags),
                    index,
                    difficulty,
                    piece=piece,
                )
            )
            from_line = piece.first if piece.used_from is None else piece.used_from
            used.update(range(from_line, piece.last + 1))
            index = piece.last + 1
            continue
        heading = outline.headings.get(index)
        if heading is not None and _is_structure(plan, heading):
            used.update(range(index, heading.end))
            current = None
            if index != plan.title_index:
                sections = {lv: tag for lv, tag in sections.items() if lv < heading.level}
                levels = {lv: d for lv, d in levels.items() if lv < heading.level}
                if index in plan.questions and not plan.bold_mode:
                    current = _Found(
                        plan.questions[index],
                        _section_tags(sections),
                        index,
                        _section_level(levels),
                    )
                    found.append(current)
                elif plan.bold_mode or not plan.questions or heading.level < plan.level:
                    tag, difficulty = _section(heading.text)
                    sections[heading.level] = tag
                    if difficulty:
                        levels[heading.level] = difficulty
            index = heading.end
            continue
        if plan.bold_mode and index in plan.questions:
            current = _Found(
                plan.questions[index], _section_tags(sections), index, _section_level(levels)
            )
            found.append(current)
            more = outline.prompt_more.get(index, [])
            used.update([index, *more])
            index = max([index, *more]) + 1
            continue
        elif index in outline.navigation:
            pass
        elif current is not None and outline.is_end(index):
            current.end()
            used.add(index)
        elif current is not None and current.add(index, line, index in outline.code):
            used.add(index)
        index += 1
    return found, used


def _section_tags(sections: dict[int, str]) -> list[str]:
    return list(dict.fromkeys(tag for _, tag in sorted(sections.items()) if tag))


def _section_level(levels: dict[int, str]) -> str | None:
    return levels[max(levels)] if levels else None


# --------------------------------------------------------------------------- what was left


def _unused(
    outline: _Outline, used: set[int], skipped: Sequence[tuple[_Found, str]], first: int | None
) -> list[Unused]:
    """Every non-blank line no question used, in ranges with the reason."""
    why: dict[int, str] = {}
    for question, reason in skipped:
        start, end = question.span
        for index in range(start, end + 1):
            why[index] = f"skipped question: {reason}"
    for index, line in enumerate(outline.lines):
        if index in why or not line.strip():
            continue
        if index in outline.navigation:
            why[index] = outline.navigation[index]
        elif index in used or index in outline.markers or outline.is_end(index):
            continue
        elif first is None or index < first:
            why[index] = "before the first question"
        else:
            why[index] = "not under a question"
    ranges: list[Unused] = []
    for index in sorted(why):
        reason = why[index]
        last = ranges[-1] if ranges else None
        if (
            last is not None
            and last.why == reason
            and all(
                not outline.lines[i].strip() or i in outline.markers or outline.is_end(i)
                for i in range(last.last, index)
            )
        ):
            last.last = index + 1
        else:
            ranges.append(Unused(index + 1, index + 1, reason))
    return ranges


# --------------------------------------------------------------------------- import


def _pieces(outline: _Outline, plan: _Plan, regions: list[tuple[int, int]]) -> list[Piece]:
    """Questions found whole: ``<details>`` anywhere its summary asks, lists and tables only
    outside the answer of a heading or bold question."""

    def inside(piece: Piece) -> bool:
        return any(start < piece.first < end for start, end in regions)

    found = [
        piece
        for piece in details_pieces(outline.lines, outline.code)
        if asks_question(parse_prompt(piece.prompt)) or not inside(piece)
    ]
    taken = {i for piece in found for i in range(piece.first, piece.last + 1)}
    for piece in [*list_pieces(outline.lines, outline.tokens), *table_pieces(outline.tokens)]:
        if piece.first in outline.navigation or piece.first in taken or inside(piece):
            continue
        found.append(piece)
        taken.update(range(piece.first, piece.last + 1))
    return sorted(found, key=lambda piece: piece.first)


def import_markdown(
    text: str,
    *,
    role_id: str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> ImportReport:
    """Import a Markdown Q&A collection, or read back a preptui Markdown export exactly.

    ``role_id`` and ``title`` override what the text says; ``source`` (a file name) names the
    role when neither the text nor the caller does.
    """
    text = normalise_newlines(text).lstrip("\ufeff")
    if not text.strip():
        raise ImportFailed("the file is empty")
    if text.lstrip().startswith(MD_EXPORT_MARKER):
        return import_markdown_export(text, role_id=role_id, title=title, source=source)
    outline = _outline(text)
    details = details_pieces(outline.lines, outline.code)
    in_details = {i for piece in details for i in range(piece.first, piece.last + 1)}
    for index in in_details:
        outline.headings.pop(index, None)
    plan = _plan(outline.headings, _bold_questions(outline, in_details))
    pieces = _pieces(outline, plan, _regions(outline, plan))
    found, used = _collect(outline, plan, pieces)
    if not found:
        raise ImportFailed(
            "no questions found: expected questions as headings (## What is …?), bold lines "
            "(**What is …?**), Q:/A: lines, <details> blocks, list items or a question|answer "
            "table"
        )
    collector = Collector()
    skipped: list[tuple[_Found, str]] = []
    for question in found:
        shaped = shape_question(question.prompt.text, question.body())
        start, end = question.span
        where = f"line {start + 1}" if start == end else f"lines {start + 1}-{end + 1}"
        draft = Draft(
            prompt=shaped.prompt,
            answer=shaped.answer,
            difficulty=question.prompt.difficulty or question.difficulty,
            tags=question.tags,
            label=f"({where})",
            source=shaped.source,
        )
        before = len(collector.skipped)
        collector.add(draft)
        if len(collector.skipped) > before:
            skipped.append((question, collector.skipped[-1][1]))
    doc_title = None
    if plan.title_index is not None:
        doc_title = plain(outline.headings[plan.title_index].text) or None
    report = finish(
        collector,
        role_id=role_id,
        title=title,
        doc_title=doc_title,
        source=source,
        what="in the Markdown",
    )
    report.unused = _unused(outline, used, skipped, found[0].span[0])
    return report
