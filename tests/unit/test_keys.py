"""Keys and icons as people see them: help, palette and the role list use these."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.binding import Binding

from preptui.ui.keys import key_name
from preptui.ui.widgets.badges import icon_text


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("exclamation_mark", "!"),
        ("question_mark", "?"),
        ("slash", "/"),
        ("comma", ","),
        ("asterisk", "*"),
        ("pagedown", "pgdn"),
        ("pageup", "pgup"),
        ("ctrl+s", "ctrl+s"),
        ("escape", "escape"),
        ("up,k", "↑, k"),
        ("f1,question_mark", "f1, ?"),
        ("D", "D"),
    ],
)
def test_key_name_is_what_the_keyboard_says(key: str, shown: str) -> None:
    assert key_name(Binding(key, "noop", "Something")) == shown


def test_key_name_ignores_the_footers_short_form() -> None:
    assert key_name(Binding("j", "noop", "Scroll", key_display="j/k")) == "j"


@pytest.mark.parametrize("icon", ["🛠️", "🗄️", "☁️", "🛡️", "🔧", "📊", "👩‍💻", "•"])
def test_icons_take_two_cells_without_variation_selectors(icon: str) -> None:
    shown = icon_text(icon)
    assert "\ufe0f" not in shown and "\u200d" not in shown
    assert cell_len(shown) == 2
    assert shown.strip()  # something is still drawn
