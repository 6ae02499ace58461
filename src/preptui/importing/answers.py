"""Answers that are no answer: placeholders (``TODO``, ``Answer here``) and bare links."""

from __future__ import annotations

import re

from preptui.importing.plain import HTML_TAG, plain

__all__ = ["is_only_link", "is_placeholder"]

_PLACEHOLDER = re.compile(
    r"^(?:answers? (?:here|goes here|to be added|coming soon)|todo|to ?do|tbd|tba|wip"
    r"|work in progress|coming soon|to be (?:added|done|written)|n/?a|none|no answer(?: yet)?"
    r"|\.{3}|…|[-—–?]+)[.!]*$",
    re.I,
)
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")
_LINK_FILLER = re.compile(
    r"\b(?:see|here|link|links|answer|read|more|details|at|the|this|article|post|blog|in|on"
    r"|refer|to|check|out|source|reference|references|video|docs|documentation)\b",
    re.I,
)


#: A placeholder or a bare link is short; a longer answer is never one (and is not scanned).
_SHORT = 5_000


def is_placeholder(answer: str) -> bool:
    if len(answer) > _SHORT:
        return False
    return _PLACEHOLDER.match(plain(answer)) is not None


def is_only_link(answer: str) -> bool:
    """Whether the answer is links and filler words ("see here") and nothing else."""
    if len(answer) > _SHORT:
        return False
    if re.search(r"!\[[^\]]*\]\(|<img\b", answer, re.I):
        return False  # a diagram is an answer
    links = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal links
        links += 1
        return " "

    # bounded quantifiers: linear time on "[[[[…" or a thousand unclosed "<a" tags
    rest = re.sub(r"\[[^\]]{0,1000}\]\([^)]{0,2000}\)", drop, answer)
    rest = re.sub(r"<(?:https?|ftp)://[^>]{1,2000}>", drop, rest)
    link = r"<a\s(?=[^>]{0,2000}href=)[^>]{0,2000}>.{0,2000}?</a>"
    rest = re.sub(link, drop, rest, flags=re.I | re.S)
    rest = _URL.sub(drop, rest)
    rest = _LINK_FILLER.sub(" ", HTML_TAG.sub(" ", rest))
    return links > 0 and not re.search(r"\w", rest)
