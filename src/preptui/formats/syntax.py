"""Markdown line syntax that preptui's export reader and the importers read alike."""

from __future__ import annotations

import re

__all__ = ["THEMATIC_BREAK", "strip_checkbox"]

THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")


def strip_checkbox(text: str) -> str:
    """A task-list item's text without its ``[ ]`` or ``[x]``."""
    return _CHECKBOX.sub("", text)
