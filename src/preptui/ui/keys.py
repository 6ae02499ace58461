"""Keys as people read them: one list per screen, made from its bindings (help and palette)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.screen import Screen

__all__ = ["KeyRow", "key_name", "screen_keys"]

_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "exclamation_mark": "!",
    "comma": ",",
    "space": "space",
    "escape": "escape",
    "enter": "enter",
}


def key_name(binding: Binding) -> str:
    """``ctrl+s``, ``/``, ``?``: the key as printed on a keyboard, not Textual's name for it."""
    if binding.key_display:
        return binding.key_display
    return ", ".join(_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(","))


@dataclass(frozen=True)
class KeyRow:
    key: str
    description: str
    action: str


def screen_keys(screen: Screen[Any]) -> Iterator[KeyRow]:
    """Every described binding of the screen, once per action, in the order declared."""
    seen: set[str] = set()
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.action in seen:
            continue
        seen.add(binding.action)
        yield KeyRow(key_name(binding), binding.description, binding.action)
