"""Inline Markdown and HTML as plain text, and text cut to fit."""

from __future__ import annotations

import html
import re

__all__ = ["HTML_TAG", "normalise_newlines", "plain", "shorten", "trim"]

# Every quantifier that scans ahead is bounded, so "[[[[…" or "<a <a <a …" cost linear time.
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,100}(?:\s[^<>]{0,2000})?/?>")
_CODE_SPAN = re.compile(r"(`+)(.{1,1000}?)\1", re.S)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def trim(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def plain(text: str) -> str:
    """Inline Markdown and HTML simplified to plain text on one line."""
    parts: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_plain_inline(text[last : match.start()]))
        parts.append(match[2].strip())
        last = match.end()
    parts.append(_plain_inline(text[last:]))
    return " ".join("".join(parts).split())


def _plain_inline(text: str) -> str:
    text = re.sub(r"!\[([^\]]{0,1000})\]\([^)]{0,2000}\)", r"\1", text)
    text = re.sub(r"\[([^\]]{1,1000})\]\([^)]{0,2000}\)", r"\1", text)
    text = re.sub(r"\[([^\]]{1,1000})\]\[[^\]]{0,1000}\]", r"\1", text)
    text = re.sub(r"<((?:https?|ftp|mailto):[^>\s]{1,2000})>", r"\1", text)
    text = HTML_TAG.sub("", text)
    text = html.unescape(text)
    text = re.sub(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.{1,500}?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w])_(?=\S)(.{1,500}?)(?<=\S)_(?![\w])", r"\1", text)
    return re.sub(r"~~(?=\S)(.{1,500}?)(?<=\S)~~", r"\1", text)
