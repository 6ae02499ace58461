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
    """2-6 key points from the answer's own claims: its top-level list items (after the lead
    sentence that introduces them, if it says something), else the lead sentence of each
    paragraph and then the sentences after them. Never the prompt, a link or a source line.
    """
    asked = " ".join(plain(prompt).casefold().split())
    items = [p for p in (plain(item) for item in _top_level_items(answer)) if _claims(p, asked)]
    if len(items) >= 2:
        lead = [s for s in _sentences(answer, before_list=True)[:1] if not s.endswith(":")]
        lead = [s for s in lead if _claims(s, asked)]
        return [_point(item) for item in [*lead, *items][:MAX_DERIVED_KEY_POINTS]]
    paragraphs = [[s for s in unit if _claims(s, asked)] for unit in _paragraph_sentences(answer)]
    paragraphs = [unit for unit in paragraphs if unit]
    ordered = [(n, 0) for n in range(len(paragraphs))]
    ordered += [(n, k) for n, unit in enumerate(paragraphs) for k in range(1, len(unit))]
    pool = [(n, k) for n, k in ordered if len(paragraphs[n][k]) > 2]
    good = [(n, k) for n, k in pool if not paragraphs[n][k].endswith(":")]
    pool = good if len(good) >= 2 else pool
    chosen: list[tuple[int, int]] = []
    total = 0
    for n, k in pool:
        chosen.append((n, k))
        total += len(paragraphs[n][k])
        if len(chosen) >= 4 or (len(chosen) >= 2 and total > 400):
            break
    points = [_point(paragraphs[n][k]) for n, k in sorted(chosen)]
    if len(points) >= 2:
        return points
    if len(points) == 1:
        halves = _split_sentence(points[0])
        return halves if halves else [points[0], _COMPARE]
    return [_COMPARE, "Explain it in your own words."]


_COMPARE = "Compare your answer with the model answer."
_LINK_ONLY = re.compile(r"^\s*(?:source|sources|see|ref|reference|more)?\s*:?\s*$", re.I)


def _claims(sentence: str, asked: str) -> bool:
    """A sentence that says something: not the prompt again, a bare link or a source line."""
    text = " ".join(sentence.casefold().split())
    if not text or text.rstrip("?.!: ") == asked.rstrip("?.!: "):
        return False
    if re.match(r"^(?:source|sources)\s*:", text):
        return False
    return not _LINK_ONLY.match(re.sub(r"https?://\S+", "", text))


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


def _units(answer: str, before_list: bool = False) -> list[str]:
    """The answer's paragraphs and list items as text, without code, tables, images or links."""
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
            or _only_links(stripped)
        ):
            flush()
            continue
        match = _LIST_ITEM.match(line)
        if match:
            flush()
            if before_list:
                break
            paragraph.append(strip_checkbox(match[2]))
            continue
        paragraph.append(stripped.lstrip("> ").strip())
    flush()
    return units[:12]


def _only_links(line: str) -> bool:
    rest = re.sub(
        r"\[[^\]]{0,1000}\]\([^)]{0,2000}\)|<https?://[^>]{1,2000}>|https?://\S+", "", line
    )
    return rest != line and not re.search(r"\w", re.sub(r"(?i)\b(?:source|see|ref)\b", "", rest))


def _paragraph_sentences(answer: str) -> list[list[str]]:
    return [
        [s.strip() for s in _SENTENCE_END.split(plain(unit[:5000])) if s.strip()]
        for unit in _units(answer)
    ]


def _sentences(answer: str, before_list: bool = False) -> list[str]:
    return [
        s.strip()
        for unit in _units(answer, before_list)
        for s in _SENTENCE_END.split(plain(unit[:5000]))
        if s.strip()
    ]


def _split_sentence(sentence: str) -> list[str] | None:
    """A long sentence as two key points, split at the punctuation nearest its middle."""
    middle = len(sentence) / 2
    best: tuple[float, int, int] | None = None
    for penalty, sep in enumerate(("; ", " — ", " – ", ": ", ", ")):
        for match in re.finditer(re.escape(sep), sentence):
            left, right = sentence[: match.start()], sentence[match.end() :]
            if len(left.split()) < 2 or len(right.split()) < 2:
                continue
            short = len(left.split()) < 4 or len(right.split()) < 4
            distance = abs(match.start() - middle) + penalty * 5 + (1000 if short else 0)
            if best is None or distance < best[0]:
                best = (distance, match.start(), match.end())
    if best is None:
        return None
    left = sentence[: best[1]].strip(" ,;:-–—")
    right = sentence[best[2] :].strip()
    return [_point(left), _point(right[:1].upper() + right[1:])]
