"""Ids of roles and questions: lowercase letters, digits and hyphens, up to 64 characters."""

from __future__ import annotations

import re

__all__ = ["SLUG_PATTERN", "is_slug"]

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(value: object) -> bool:
    return isinstance(value, str) and _SLUG.fullmatch(value) is not None
