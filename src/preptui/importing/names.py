"""Ids and titles the importer makes from text: question ids, role ids, tags, file names."""

from __future__ import annotations

import re

from preptui.slugs import ascii_slug, cut_slug

__all__ = ["ID_CHARS", "TAG_CHARS", "cut_slug", "humanise", "slugify"]

ID_CHARS = 50
TAG_CHARS = 40


def slugify(text: str, max_len: int = ID_CHARS) -> str:
    """An ASCII slug (``[a-z0-9-]``) of any script: transliterated, else a short stable hash."""
    return ascii_slug(text, max_len)


def humanise(stem: str) -> str:
    """A title from a file name: ``python_basics`` is ``Python basics``."""
    words = " ".join(re.sub(r"[_-]+", " ", stem).split())
    return words[:1].upper() + words[1:] if words else ""
