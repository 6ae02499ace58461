"""Key points derived from an answer: its top-level list items, else its first sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence

from preptui.formats.syntax import THEMATIC_BREAK, strip_checkbox
from preptui.importing.plain import plain, trim

__all__ = ["KEY_POINT_CHARS", "MAX_DERIVED_KEY_POINTS", "derive_key_points"]

KEY_POINT_CHARS = 200
MAX_DERIVED_KEY_POINTS = 6

_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(\S.*)$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_IMAGE_LINE = re.compile(r"^\s*(?:!\[[^\]]*\]\([^)]*\)\s*|<img\b[^>]*>\s*)+$", re.I)
_HTML_ONLY = re.compile(r"^\s*(?:<[^>]+>\s*)+$")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def derive_key_points(prompt: str, answer: str) -> list[str]:
    """2-6 key points: the answer's top-level list items, else its first sentences."""
    items = [p for p in (plain(item) for item in _top_level_items(answer)) if p]
    if len(items) >= 2:
        return [_point(item) for item in items[:MAX_DERIVED_KEY_POINTS]]
    sentences = _sentences(answer)
    good = [s for s in sentences if len(s) > 2 and not s.endswith(":")]
    pool = good if len(good) >= 2 else sentences
    points: list[str] = []
    total = 0
    for sentence in pool:
        points.append(_point(sentence))
        total += len(sentence)
        if len(points) >= 4 or (len(points) >= 2 and total > 400):
            break
    if len(points) >= 2:
        return points
    fallback = _point(plain(prompt)) or "The question"
    if len(points) == 1:
        halves = _split_sentence(points[0])
        return halves if halves else [points[0], fallback]
    return [fallback, "Compare your answer with the model answer."]


def _point(text: str) -> str:
    return trim(text, KEY_POINT_CHARS)


def _code_mask(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it is part of a fenced code block (fence lines included)."""
    mask: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None:
            if match and not (match[1][0] == "`" and "`" in match[2]):
                fence = match[1]
                mask.append(True)
            else:
                mask.append(False)
            continue
        mask.append(True)
        if (
            match
            and match[1][0] == fence[0]
            and len(match[1]) >= len(fence)
            and not match[2].strip()
        ):
            fence = None
    return mask


def _top_level_items(answer: str) -> list[str]:
    lines = answer.split("\n")
    found: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for line, in_code in zip(lines, _code_mask(lines), strict=True):
        if in_code or not line.strip():
            current = None
            continue
        match = _LIST_ITEM.match(line)
        if match and not THEMATIC_BREAK.match(line):
            current = [strip_checkbox(match[2])]
            found.append((len(match[1].expandtabs(4)), current))
        elif current is not None and not _ATX.match(line):
            current.append(line.strip())
    if not found:
        return []
    base = min(indent for indent, _ in found)
    return [" ".join(parts) for indent, parts in found if indent <= base + 1]


def _sentences(answer: str) -> list[str]:
    lines = answer.split("\n")
    units: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            units.append(" ".join(paragraph))
            paragraph.clear()

    for line, in_code in zip(lines, _code_mask(lines), strict=True):
        stripped = line.strip()
        if (
            in_code
            or not stripped
            or _ATX.match(line)
            or stripped.startswith("|")
            or _IMAGE_LINE.match(line)
            or _HTML_ONLY.match(line)
            or THEMATIC_BREAK.match(line)
        ):
            flush()
            continue
        match = _LIST_ITEM.match(line)
        if match:
            flush()
            paragraph.append(strip_checkbox(match[2]))
            continue
        paragraph.append(stripped.lstrip("> ").strip())
    flush()
    sentences: list[str] = []
    for unit in units:
        if len(sentences) >= 8:
            break
        text = plain(unit[:5000])
        sentences.extend(s.strip() for s in _SENTENCE_END.split(text) if s.strip())
    return sentences


def _split_sentence(sentence: str) -> list[str] | None:
    """A long sentence as two key points, split at the punctuation nearest its middle."""
    middle = len(sentence) / 2
    best: tuple[float, int, int] | None = None
    for penalty, sep in enumerate(("; ", " — ", " – ", ": ", ", ")):
        for match in re.finditer(re.escape(sep), sentence):
            left, right = sentence[: match.start()], sentence[match.end() :]
            if len(left.split()) < 4 or len(right.split()) < 4:
                continue
            distance = abs(match.start() - middle) + penalty * 5
            if best is None or distance < best[0]:
                best = (distance, match.start(), match.end())
    if best is None:
        return None
    left = sentence[: best[1]].strip(" ,;:-–—")
    right = sentence[best[2] :].strip()
    return [_point(left), _point(right[:1].upper() + right[1:])]
