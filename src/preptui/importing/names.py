"""Ids and titles the importer makes from text: question ids, role ids, tags, file names."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ID_CHARS", "TAG_CHARS", "cut_slug", "humanise", "slugify"]

ID_CHARS = 50
TAG_CHARS = 40


def slugify(text: str, max_len: int = ID_CHARS) -> str:
    """An ASCII slug (``[a-z0-9-]``) of at most ``max_len`` characters, cut at a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['`]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return cut_slug(slug, max_len)


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


def humanise(stem: str) -> str:
    """A title from a file name: ``python_basics`` is ``Python basics``."""
    words = " ".join(re.sub(r"[_-]+", " ", stem).split())
    return words[:1].upper() + words[1:] if words else ""
