"""Anki's HTML fields as Markdown: bold, code and lists kept; media and cloze deletions handled.

markdownify does the HTML; before it, media references (``<img>``, ``[sound:…]``) are taken out
and counted, so the report can say what was dropped, and Anki's cloze deletions
(``{{c1::answer::hint}}``) become a readable prompt (``[…]`` or ``[hint]``) and an answer that
shows what was hidden in bold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["CLOZE", "Converted", "cloze_answer", "cloze_prompt", "html_to_markdown"]

CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.S)
_SOUND = re.compile(r"\[sound:([^\]]*)\]")
_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))[^>]*>", re.I)
_OTHER_MEDIA = re.compile(r"<(?:audio|video|object|embed|iframe)\b.*?(?:</\w+>|/?>)", re.I | re.S)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_BLANKS = re.compile(r"\n{3,}")


@dataclass
class Converted:
    text: str
    media: list[str] = field(default_factory=list)


def cloze_prompt(text: str) -> str:
    """Cloze text with each deletion hidden: ``[…]``, or ``[hint]`` when it has one."""
    return CLOZE.sub(lambda m: f"[{m[2]}]" if m[2] else "[…]", text)


def cloze_answer(text: str) -> str:
    """Cloze text with each deletion shown, in bold."""
    return CLOZE.sub(lambda m: f"<b>{m[1]}</b>", text)


def html_to_markdown(value: str) -> Converted:
    """One Anki field as Markdown, and the media files it referred to (dropped)."""
    from markdownify import markdownify

    media: list[str] = []

    def image(match: re.Match[str]) -> str:
        media.append(next(group for group in match.groups() if group is not None))
        return " "

    def sound(match: re.Match[str]) -> str:
        media.append(match[1])
        return " "

    def other(match: re.Match[str]) -> str:
        media.append(match[0][:40])
        return " "

    value = _SCRIPT.sub(" ", value)
    value = _SOUND.sub(sound, value)
    value = _IMG.sub(image, value)
    value = _OTHER_MEDIA.sub(other, value)
    text = markdownify(
        value,
        heading_style="ATX",
        bullets="-",
        escape_underscores=False,
        escape_asterisks=False,
    )
    text = "\n".join(line.rstrip() for line in str(text).replace("\xa0", " ").split("\n"))
    return Converted(_BLANKS.sub("\n\n", text).strip(), media)
