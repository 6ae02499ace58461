"""Keys as people read them: one list per screen, made from its bindings (help and palette)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.keys import format_key
from textual.screen import Screen

__all__ = ["KeyRow", "key_name", "screen_keys"]

# Names people read; every other key goes through Textual's format_key ("pgdn", "!", "↑").
_NAMES = {
    "space": "space",
    "escape": "escape",
    "enter": "enter",
    "tab": "tab",
    "home": "home",
    "end": "end",
    "pageup": "pgup",
    "pagedown": "pgdn",
}


def _part_name(key: str) -> str:
    """One key of a binding: ``ctrl+s``, ``?``, ``pgdn``, ``shift+tab``."""
    *modifiers, last = key.strip().split("+")
    name = _NAMES.get(last) or format_key(last)
    return "+".join([*modifiers, name])


def key_name(binding: Binding) -> str:
    """``ctrl+s``, ``/``, ``?``: the key as printed on a keyboard, not Textual's name for it.

    Made from the key itself, not ``key_display``: that is the Footer's short form, which may
    stand for a pair ("j/k") listed here one key a row.
    """
    return ", ".join(_part_name(k) for k in binding.key.split(","))


@dataclass(frozen=True)
class KeyRow:
    key: str
    description: str
    action: str


def screen_keys(screen: Screen[Any]) -> Iterator[KeyRow]:
    """Every described binding of the screen, once per action (its keys joined), in order.

    The words are the binding's tooltip when it has one (the Footer shows the short
    description), so help and palette can say "Scroll the answer" where the Footer says "Scroll".
    """
    rows: dict[str, KeyRow] = {}
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        known = rows.get(binding.action)
        if known is None:
            # A binding's tooltip, when it has one, is the longer name (the Footer's is short).
            words = binding.tooltip or binding.description
            rows[binding.action] = KeyRow(key_name(binding), words, binding.action)
        else:
            rows[binding.action] = KeyRow(
                f"{known.key}, {key_name(binding)}", known.description, known.action
            )
    yield from rows.values()
