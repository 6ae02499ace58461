"""Ids of roles and questions: lowercase letters, digits and hyphens, up to 64 characters."""

from __future__ import annotations

import re

__all__ = ["SLUG_PATTERN", "ascii_slug", "cut_slug", "is_slug"]

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(value: object) -> bool:
    return isinstance(value, str) and _SLUG.fullmatch(value) is not None


def ascii_slug(text: str, max_len: int = 50) -> str:
    """A slug (``[a-z0-9-]``) of any script, at most ``max_len`` characters, cut at a hyphen.

    Letters are transliterated (``Что такое`` is ``chto-takoe``, ``闭包`` is ``bi-bao``); text
    with no letters or digits to keep (emoji, symbols) gets ``q-`` and 8 characters of its hash,
    so it still has an id, the same every time. Only empty text gives ``""``.
    """
    from anyascii import anyascii

    spaced = re.sub(r"([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff])", r" \1 ", text)
    ascii_text = re.sub(r"['`]", "", anyascii(spaced).lower())
    slug = cut_slug(re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-"), max_len)
    if slug or not text.strip():
        return slug
    import hashlib

    return "q-" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:8]


def cut_slug(slug: str, max_len: int) -> str:
    """``slug`` cut to ``max_len`` characters, at a hyphen when one is past half way."""
    if len(slug) <= max_len:
        return slug
    cut = slug[:max_len]
    if slug[max_len] != "-":
        hyphen = cut.rfind("-")
        if hyphen > max_len // 2:
            cut = cut[:hyphen]
    return cut.strip("-")
