"""Question lines in Markdown collections: numbering, difficulty markers, bold question lines.

``## Q3. What is a thread? [Easy]`` and ``**What is overfitting? 👶**`` both give the question
text without the numbering or marker, and the difficulty the marker named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Prompt", "asks_question", "bold_line", "parse_prompt", "strip_numbering"]

_EMOJI = {"👶": "easy", "⭐": "medium", "🌟": "medium", "🚀": "hard"}
_EMOJI_CLASS = "👶⭐🌟🚀"
_EMOJI_TAIL = re.compile(
    rf"(?:[\s\u200d\ufe0f]*[{_EMOJI_CLASS}][\ufe0f\u200d]*)+(?:[A-Za-z](?!\w))?\s*$"
)
_EMOJI_ANY = re.compile(rf"[\u200d]?[{_EMOJI_CLASS}][\ufe0f\u200d]*")
_TEXT_MARKER = re.compile(
    r"\s*[(\[]\s*(easy|medium|hard|expert|beginner|intermediate|advanced)\s*[)\]]"
    r"(?!\()",
    re.I,
)
_TEXT_LEVEL = {
    "easy": "easy",
    "beginner": "easy",
    "medium": "medium",
    "intermediate": "medium",
    "hard": "hard",
    "advanced": "hard",
    "expert": "hard",
}
_LEVELS = ["easy", "medium", "hard"]
_NUMBERING = re.compile(
    r"^(?:(?:q(?:uestion)?|#)\s*\d+(?!\d)\s*[:.)\-–—]?\s*|q\s*[:.]\s*|\d{1,4}\s*[.):\-–—]\s+)(?=\S)",
    re.I,
)
_QUESTION_WORDS = re.compile(
    r"^(?:what|what's|whats|why|how|when|where|which|who|whom|whose|explain|describe|define"
    r"|compare|contrast|tell|can|could|would|should|is|are|do|does|did|will|write|implement"
    r"|design|name|list|give|walk|discuss|outline|summari[sz]e|differentiate|distinguish)\b",
    re.I,
)
_CODE_SPAN = re.compile(r"(`+)([^`]{1,500}?)\1")
_BOLD_LINE = re.compile(r"^ {0,3}(\*\*|__)(?=\S)(.+?)(?<=\S)\1(.*)$")


def strip_numbering(text: str) -> str:
    """``Q2) What …`` and ``3. What …`` without their numbers.

    A heading that is only its number (``Question 7?``) is kept whole: that is its text.
    """
    text = text.strip()
    rest = _NUMBERING.sub("", text, count=1)
    return rest if any(ch.isalnum() for ch in rest) else text


@dataclass
class Prompt:
    """Question text, the difficulty its markers named, and what made it look like a question."""

    text: str
    difficulty: str | None
    numbered: bool
    marked: bool

    @property
    def question_like(self) -> bool:
        return bool(self.text) and (self.numbered or self.marked or self.text.endswith("?"))


def parse_prompt(raw: str) -> Prompt:
    """Question text without numbering or difficulty markers, and the difficulty they named."""
    text = raw.strip()
    levels: list[str] = []
    tail = _EMOJI_TAIL.search(text)
    if tail:
        levels += [_EMOJI[ch] for ch in tail[0] if ch in _EMOJI]
        text = text[: tail.start()]

    def drop_emoji(match: re.Match[str]) -> str:
        levels.extend(_EMOJI[ch] for ch in match[0] if ch in _EMOJI)
        return " "

    def drop_text(match: re.Match[str]) -> str:
        levels.append(_TEXT_LEVEL[match[1].lower()])
        return " "

    text = _EMOJI_ANY.sub(drop_emoji, text)
    text = _TEXT_MARKER.sub(drop_text, text)
    text = text.strip()
    for wrap in ("**", "__"):
        if len(text) > 4 and text.startswith(wrap) and text.endswith(wrap):
            text = text[2:-2].strip()
    numbered = _NUMBERING.match(text) is not None
    text = " ".join(strip_numbering(text).split())
    difficulty = max(levels, key=_LEVELS.index) if levels else None
    return Prompt(text, difficulty, numbered, bool(levels))


def bold_line(line: str) -> str | None:
    """The text of a line that is wholly bold, perhaps followed by difficulty markers."""
    masked = _CODE_SPAN.sub(lambda m: m[1] + "x" * len(m[2]) + m[1], line)
    match = _BOLD_LINE.match(masked)
    if not match or "**" in match[2] or "__" in match[2]:
        return None
    text = line[match.start(2) : match.end(2)]
    rest = match[3].strip()
    if rest:
        stripped = _TEXT_MARKER.sub("", _EMOJI_ANY.sub("", rest)).strip(" \u200d\ufe0f")
        if stripped:
            return None
    return f"{text} {rest}".strip()


def asks_question(prompt: Prompt) -> bool:
    """Numbered, marked, ending in ``?`` or starting with a question word."""
    return prompt.question_like or _QUESTION_WORDS.match(prompt.text) is not None
