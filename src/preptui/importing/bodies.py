"""A question's text and the Markdown under it, as a prompt and an answer.

* a multiple-choice quiz keeps its options in the prompt (unticked) and answers with the right
  option and its explanation: ``- [x]`` ticks, or ``- A:`` … ``- D:`` options named by an
  ``Answer: B`` line;
* a prompt that refers to code ("What's the output?") keeps the code block under it;
* images move out of the prompt to the top of the answer, and a trailing source link
  (``[[src](url)]``) leaves the prompt for a line at the end of the answer;
* answer labels go: ``Answer:``, ``A:``, ``Ans.``, ``#### Answer`` (also after an image).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from preptui.formats.syntax import strip_checkbox
from preptui.importing.mdshapes import is_navigation_line

__all__ = ["Shaped", "shape_question", "strip_answer_label"]

_IMAGE = re.compile(r"!\[[^\]]{0,1000}\]\([^)]{0,2000}\)|<img\b[^>]{0,2000}>", re.I)
_IMAGE_LINE = re.compile(rf"^\s*(?:(?:{_IMAGE.pattern})\s*)+$", re.I)
_REF_TEXT = r"(?:src|source|sources|ref|refs|reference|references|link|more|read more|\d{1,3})"
_TRAILING_REF = re.compile(
    rf"\s*(?:\[\s*\[{_REF_TEXT}\]\([^)\s]{{1,2000}}\)\s*\]|\(\s*\[{_REF_TEXT}\]\([^)\s]{{1,2000}}\)\s*\)"
    rf"|\[{_REF_TEXT}\]\([^)\s]{{1,2000}}\)|\[\[{_REF_TEXT}\]\]\([^)\s]{{1,2000}}\))\s*$",
    re.I,
)
_LABEL = r"(?:the\s+)?(?:correct\s+)?(?:answer|ans|a|solution|explanation)"
_ANSWER_LINE = re.compile(
    rf"^\s*(?:#{{1,6}}\s+)?(?:\*\*|__)?{_LABEL}\s*(?:[:.\-–—]|(?=\*\*|__|\s*$))"
    r"\s*(?:\*\*|__)?[ \t]*",
    re.I,
)
_LETTER_ANSWER = re.compile(
    rf"^\s*(?:#{{1,6}}\s+)?(?:\*\*|__)?{_LABEL}\s*[:.\-–—]?\s*(?:\*\*|__)?\s*"
    r"\(?([A-Ha-h]|\d)\)?[.):]?\s*(?:\*\*|__)?\s*$",
    re.I,
)
_CHECKBOX = re.compile(r"^\s*[-*+]\s+\[([ xX])\]\s+(\S.*)$")
_LETTER_OPTION = re.compile(
    r"^\s*(?:(?:[-*+]\s+)?\(?([A-Ha-h])\s*[:.)]|[-*+]\s+\(?(\d)\s*[:)])\s+(\S.*)$"
)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_REFERS_TO_CODE = re.compile(
    r"\b(?:output|outputs|print|prints|printed|log|logs|logged|code|snippet|below|following"
    r"|this|these|result|returns?|evaluates?)\b",
    re.I,
)


@dataclass
class Shaped:
    prompt: str
    answer: str
    source: str | None = None


def shape_question(prompt: str, body: str) -> Shaped:
    """The prompt and answer of a question whose text is ``prompt`` and whose block is ``body``."""
    prompt, source = _split_source(prompt.strip())
    images = _IMAGE.findall(prompt)
    prompt = " ".join(_IMAGE.sub(" ", prompt).split())
    lines = [line for line in body.split("\n") if not is_navigation_line(line)]
    extra, rest = _quiz(lines)
    quiz = extra is not None
    if extra is None:
        extra, rest = _code_under(prompt, lines)
    kept: list[str] = []
    for line in extra:
        if _IMAGE_LINE.match(line):
            images.append(line.strip())
        else:
            kept.append(line)
    full_prompt = "\n".join([prompt, "", *kept]).strip() if any(x.strip() for x in kept) else prompt
    answer = "\n".join(rest).strip()
    answer = re.sub(r"\n{3,}", "\n\n", answer) if quiz else strip_answer_label(answer)
    if images and answer:
        answer = "\n\n".join([*images, answer])
    return Shaped(full_prompt, answer, source)


def _split_source(prompt: str) -> tuple[str, str | None]:
    sources: list[str] = []
    while True:
        match = _TRAILING_REF.search(prompt)
        if match is None or match.start() == 0:
            break
        ref = match[0].strip()
        if (ref.startswith("[[") and ref.endswith(")]")) or ref.startswith("(["):
            ref = ref[1:-1].strip()
        sources.insert(0, ref)
        prompt = prompt[: match.start()].rstrip()
    return prompt, " ".join(sources) or None


def strip_answer_label(answer: str) -> str:
    """``answer`` without a leading ``Answer:``/``A:``/``Ans.`` label, also after images."""
    lines = answer.split("\n")
    for index, line in enumerate(lines):
        if not line.strip() or _IMAGE_LINE.match(line):
            continue
        match = _ANSWER_LINE.match(line)
        if match is not None and not _starts_sentence(line, match.end()):
            lines[index] = line[match.end() :]
        break
    return "\n".join(lines).strip()


def is_answer_label(line: str) -> bool:
    """The line starts with an answer label (``A:``, ``Answer:``, ``**Ans.**``), not ``A lock``."""
    match = _ANSWER_LINE.match(line)
    return match is not None and not _starts_sentence(line, match.end())


def _starts_sentence(line: str, end: int) -> bool:
    """``A lock …`` or ``A-level``: an article or a word, not the label ``A:``."""
    label = line[:end].strip().strip("*_").strip()
    return label.casefold() == "a" and not re.match(r"\s*(?:\*\*|__)?\s*[aA]\s*[:.]", line)


# --------------------------------------------------------------------------- quizzes


def _quiz(lines: list[str]) -> tuple[list[str] | None, list[str]]:
    """Options kept for the prompt and the answer lines, or ``None`` if there are no options."""
    fence: str | None = None
    for start, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening[1]
            continue
        if not line.strip() or _IMAGE_LINE.match(line):
            continue
        found = _options_at(lines, start)
        if found is not None:
            end, correct, unticked = found
            prompt_lines = lines[:start] + unticked
            rest = lines[end:]
            answer = _letter_answer(rest, lines[start:end]) if correct is None else None
            if answer is None:
                picked = correct or []
                head = [picked[0]] if len(picked) == 1 else [f"- {p}" for p in picked]
                explained = strip_answer_label("\n".join(rest)).split("\n")
                answer = [*head, "", *explained] if picked else rest
            return prompt_lines, answer
        return None, lines  # prose first: not a quiz
    return None, lines


def _options_at(lines: list[str], start: int) -> tuple[int, list[str] | None, list[str]] | None:
    """Options starting at ``start``: where they end, the ticked ones, the lines unticked."""
    boxes = []
    index = start
    while index < len(lines) and (match := _CHECKBOX.match(lines[index])):
        boxes.append((match[1].strip().lower() == "x", match[2].strip()))
        index += 1
    if len(boxes) >= 2:
        ticked = [text for tick, text in boxes if tick]
        if ticked and len(ticked) < len(boxes):
            unticked = [_untick(line) for line in lines[start:index]]
            return index, ticked, unticked
        return None
    letters = []
    index = start
    while index < len(lines) and (match := _LETTER_OPTION.match(lines[index])):
        letters.append((match[1] or match[2]).upper())
        index += 1
    in_order = len(letters) >= 2 and letters == _sequence(letters[0], len(letters))
    if in_order and letters[0] in ("A", "1"):
        return index, None, lines[start:index]
    return None


def _sequence(first: str, n: int) -> list[str]:
    return [chr(ord(first) + k) for k in range(n)]


def _untick(line: str) -> str:
    return re.sub(r"\[[xX]\]", "[ ]", line, count=1)


def _letter_answer(rest: list[str], options: list[str]) -> list[str] | None:
    """``Answer: B`` replaced by option B itself; ``None`` if no line names an option."""
    named = {}
    for line in options:
        match = _LETTER_OPTION.match(line)
        if match:
            named[(match[1] or match[2]).upper()] = strip_checkbox(match[3].strip())
    for index, line in enumerate(rest):
        if not line.strip():
            continue
        match = _LETTER_ANSWER.match(line)
        if match and match[1].upper() in named:
            letter = match[1].upper()
            explained = strip_answer_label("\n".join(rest[index + 1 :]))
            return [*rest[:index], f"**{letter}:** {named[letter]}", "", explained]
        if not _IMAGE_LINE.match(line) and not line.lstrip().startswith("<"):
            return None
    return None


# --------------------------------------------------------------------------- code


def _code_under(prompt: str, lines: list[str]) -> tuple[list[str], list[str]]:
    """The code block right under a prompt that refers to it, and the lines after it."""
    if not _REFERS_TO_CODE.search(prompt):
        return [], lines
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        return [], lines
    opening = _FENCE.match(lines[start])
    if opening is None:
        return [], lines
    fence = opening[1]
    for end in range(start + 1, len(lines)):
        closing = _FENCE.match(lines[end])
        if (
            closing
            and closing[1][0] == fence[0]
            and len(closing[1]) >= len(fence)
            and not lines[end].strip()[len(closing[1]) :].strip()
        ):
            return lines[: end + 1], lines[end + 1 :]
    return [], lines
