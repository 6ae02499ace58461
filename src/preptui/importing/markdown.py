"""Markdown Q&A collections: questions as headings or bold lines, answers the blocks below them.

markdown-it-py's tokens (CommonMark) give the structure: the top-level headings (ATX or setext),
the thematic breaks, where top-level paragraphs start, and the lines of code blocks (fenced or
indented, at any depth), which are kept as written and never read for structure, so a ``#`` in
a code block is not a heading. Then the heuristics for community collections decide:

* the heading level that holds most question-like headings (numbered, marked with a difficulty,
  ending in ``?`` or starting with a question word) has the questions; headings above it are
  sections, which become tags, and the first ``#`` heading may be the document's title;
* unless more questions are bold lines (``**What is …? 👶**``) at the start of a paragraph,
  when every heading is a section;
* an answer is what follows its question up to the next one, a thematic break or a line that is
  only ``<br>``; ``<details>`` wrappers, trailing ``<br>`` and an ``A:`` label are dropped.

A text that starts with ``<!-- preptui-export v1 -->`` is read back exactly instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from preptui.formats.markdown import MD_EXPORT_MARKER
from preptui.importing.drafts import Collector, Draft, finish
from preptui.importing.exported import import_markdown_export
from preptui.importing.names import TAG_CHARS, cut_slug
from preptui.importing.plain import normalise_newlines, plain
from preptui.importing.prompts import Prompt, bold_line, parse_prompt, strip_numbering
from preptui.importing.report import ImportFailed, ImportReport

__all__ = ["import_markdown"]

_QUESTION_WORDS = re.compile(
    r"^(?:what|what's|whats|why|how|when|where|which|who|whom|whose|explain|describe|define"
    r"|compare|contrast|tell|can|could|would|should|is|are|do|does|did|will|write|implement"
    r"|design|name|list|give|walk|discuss|outline|summari[sz]e|differentiate|distinguish)\b",
    re.I,
)
_BOILERPLATE = re.compile(
    r"^(?:table of contents|contents|toc|license|licence|contributing|contributors|credits"
    r"|references|resources|further reading|see also|acknowledg(?:e)?ments|about|introduction"
    r"|support|sponsors|changelog|links|footnotes|summary|conclusion|overview|notes)$",
    re.I,
)
_END_LINE = re.compile(r"^\s*(?:<br\s*/?>|<hr\s*/?>)\s*$", re.I)
_TRAILING_BR = re.compile(r"\s*<br\s*/?>\s*$", re.I)
_HTML_WRAPPER = re.compile(
    r"^\s*(?:</?(?:details|p|div)(?:\s[^>]*)?>|<summary>.*?</summary>)"
    r"(?:\s*(?:</?(?:details|p|div)(?:\s[^>]*)?>|<summary>.*?</summary>))*\s*$",
    re.I,
)
_MARKER_LINE = re.compile(r"^ {0,3}<")  # deeper, it is indented code
_ANSWER_LABEL = re.compile(r"^(?:\*\*|__)?(?:a|ans|answer)\s*[:.](?:\*\*|__)?[ \t]*", re.I)
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
    headings: dict[int, _Heading] = field(default_factory=dict)
    heading_lines: set[int] = field(default_factory=set)
    code: set[int] = field(default_factory=set)
    breaks: set[int] = field(default_factory=set)
    blocks: set[int] = field(default_factory=set)  # in top-level paragraphs and HTML blocks

    def is_end(self, index: int) -> bool:
        """A thematic break, or a line that is only ``<br>`` or ``<hr>`` (outside code)."""
        if index in self.breaks:
            return True
        return index not in self.code and _END_LINE.match(self.lines[index]) is not None


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:  # block structure only: inline content is read as source text
        _PARSER = MarkdownIt("commonmark").disable(["inline", "text_join"])
    return _PARSER


def _outline(text: str) -> _Outline:
    outline = _Outline(text.split("\n"))
    # The final newline makes markdown-it map the last line too (an unclosed fence takes it).
    tokens = _parser().parse("\n".join(_unwrapped(outline.lines)) + "\n")
    for position, token in enumerate(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type in _CODE_TOKENS:
            outline.code.update(range(start, end))
        elif token.level != 0:
            continue
        elif token.type == "heading_open":
            content = tokens[position + 1].content
            outline.headings[start] = _Heading(int(token.tag[1:]), content.strip(), end)
            outline.heading_lines.update(range(start, end))
        elif token.type == "hr":
            outline.breaks.update(range(start, end))
        elif token.type in _BLOCK_TOKENS:
            outline.blocks.update(range(start, end))
    return outline


def _unwrapped(lines: list[str]) -> list[str]:
    """The lines to parse: ``<br>``, ``<hr>`` and ``<details>`` wrapper lines left blank.

    They separate questions and answers in collections, but to CommonMark each starts an HTML
    block that runs to the next blank line and would swallow a heading right below it.
    """
    return ["" if _is_marker(line) else line for line in lines]


def _is_marker(line: str) -> bool:
    if not _MARKER_LINE.match(line):
        return False
    return _END_LINE.match(line) is not None or _HTML_WRAPPER.match(line) is not None


def _bold_questions(outline: _Outline) -> dict[int, Prompt]:
    """Question-like bold lines that start a paragraph (or follow a ``<br>`` line)."""
    bolds: dict[int, Prompt] = {}
    after_break = True
    for index, line in enumerate(outline.lines):
        if index in outline.code:
            after_break = False
            continue
        if index in outline.heading_lines:
            after_break = True
            continue
        bold = bold_line(line) if after_break and index in outline.blocks else None
        if bold is not None:
            prompt = parse_prompt(bold)
            if prompt.question_like:
                bolds[index] = prompt
                continue
        after_break = not line.strip() or outline.is_end(index)
    return bolds


# --------------------------------------------------------------------------- which headings


def _asks(prompt: Prompt) -> bool:
    return prompt.question_like or _QUESTION_WORDS.match(prompt.text) is not None


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
        h.level for i, h in headings.items() if i != title_index and _asks(prompts[i])
    )
    level, count = max(by_level.items(), key=lambda kv: (kv[1], kv[0]), default=(0, 0))
    if not bolds and not count:
        raise ImportFailed(
            "no questions found: expected questions as headings (## What is …?) "
            "or bold lines (**What is …?**)"
        )
    if len(bolds) > count:
        return _Plan(True, level, dict(bolds), title_index)
    at_level = [i for i, h in headings.items() if h.level == level]
    if title_index in at_level and not prompts[title_index].question_like:
        at_level.remove(title_index)
    mostly = count >= 0.75 * max(1, len(at_level))
    questions = {
        i: prompts[i]
        for i in at_level
        if prompts[i].text
        and (_asks(prompts[i]) or (mostly and not _BOILERPLATE.match(plain(prompts[i].text))))
    }
    if level == 1 and title_index in questions:
        title_index = None
    return _Plan(False, level, questions, title_index)


# --------------------------------------------------------------------------- answers


@dataclass
class _Found:
    prompt: Prompt
    tags: list[str]
    line: int
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (text, is code)
    closed: bool = False

    def add(self, line: str, code: bool) -> None:
        if not self.closed:
            self.lines.append((line, code))

    def end(self) -> None:
        if any(line.strip() for line, _ in self.lines):
            self.closed = True

    def answer(self) -> str:
        """The answer's Markdown without HTML wrappers, trailing ``<br/>`` or an ``A:`` label."""
        out: list[str] = []
        for line, code in self.lines:
            if not code:
                if _HTML_WRAPPER.match(line):
                    continue
                line = _without_trailing_br(line)
            out.append(line)
        return _ANSWER_LABEL.sub("", "\n".join(out).strip(), count=1).strip()


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


def _tag(text: str) -> str:
    """A tag from a section heading: lower case, words joined by hyphens, unicode kept."""
    slug = re.sub(r"[\W_]+", "-", strip_numbering(plain(text)).casefold()).strip("-")
    return cut_slug(slug, TAG_CHARS)


def _collect(outline: _Outline, plan: _Plan) -> list[_Found]:
    sections: dict[int, str] = {}
    found: list[_Found] = []
    current: _Found | None = None
    skip_to = 0
    for index, line in enumerate(outline.lines):
        if index < skip_to:
            continue
        heading = outline.headings.get(index)
        if heading is not None and (plan.bold_mode or heading.level <= plan.level):
            skip_to, current = heading.end, None
            if index == plan.title_index:
                continue
            sections = {lv: tag for lv, tag in sections.items() if lv < heading.level}
            if index in plan.questions and not plan.bold_mode:
                current = _Found(plan.questions[index], _section_tags(sections), index)
                found.append(current)
            elif plan.bold_mode or heading.level < plan.level:
                sections[heading.level] = _tag(heading.text)
            continue
        if plan.bold_mode and index in plan.questions:
            current = _Found(plan.questions[index], _section_tags(sections), index)
            found.append(current)
            continue
        if current is None:
            continue
        if outline.is_end(index):
            current.end()
            continue
        current.add(line, index in outline.code)
    return found


def _section_tags(sections: dict[int, str]) -> list[str]:
    return list(dict.fromkeys(tag for _, tag in sorted(sections.items()) if tag))


# --------------------------------------------------------------------------- import


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
    plan = _plan(outline.headings, _bold_questions(outline))
    collector = Collector()
    for question in _collect(outline, plan):
        collector.add(
            Draft(
                prompt=question.prompt.text,
                answer=question.answer(),
                difficulty=question.prompt.difficulty,
                tags=question.tags,
                label=f"(line {question.line + 1})",
            )
        )
    doc_title = None
    if plan.title_index is not None:
        doc_title = plain(outline.headings[plan.title_index].text) or None
    return finish(
        collector,
        role_id=role_id,
        title=title,
        doc_title=doc_title,
        source=source,
        what="in the Markdown",
    )
