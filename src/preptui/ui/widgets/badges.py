"""Small pieces of styled text shared by widgets. Bank text only ever enters as a template
variable or plain ``Content``, so it is never read as markup."""

from __future__ import annotations

from functools import cache

from textual.content import Content

from preptui.kinds import Difficulty, Kind

_DIFFICULTY_STYLE = {
    Difficulty.EASY: "$text-success on $success-muted",
    Difficulty.MEDIUM: "$text-warning on $warning-muted",
    Difficulty.HARD: "$text-error on $error-muted",
}
_KIND_STYLE = "$text-primary on $primary-muted"


@cache  # a handful of values, drawn for every question in the list: parse the markup once
def difficulty_badge(difficulty: Difficulty) -> Content:
    return Content.from_markup(
        f"[{_DIFFICULTY_STYLE[difficulty]}] $label [/]", label=difficulty.value
    )


@cache
def kind_badge(kind: Kind) -> Content:
    return Content.from_markup(f"[{_KIND_STYLE}] $label [/]", label=kind.label)


def icon_text(icon: str) -> str:
    """A role's icon as drawn: without variation selectors (U+FE0E, U+FE0F) and joiners.

    "🛠️" is a narrow character asking to be drawn as a wide emoji; terminals and tmux disagree
    on its width, and the border after it is pushed out of line. Without the selector it is one
    cell everywhere (padded to two, so titles after it line up). A joined sequence (👩‍💻)
    keeps its first emoji only, for the same reason.
    """
    from rich.cells import cell_len

    first = icon.split("\u200d", 1)[0].replace("\ufe0f", "").replace("\ufe0e", "")
    return first + " " * (2 - cell_len(first))  # two cells, like the wide emoji beside it


def plain(text: str) -> Content:
    """Untrusted text as content: shown literally, never parsed as markup."""
    return Content(text)


# Review status of a question: a small coloured marker and its name.
_STATUS_STYLE = {
    "new": ("○", "$text-muted"),
    "learning": ("◐", "$warning"),
    "review": ("●", "$primary"),
    "due": ("●", "$error"),
    "mastered": ("◆", "$success"),
}


@cache
def status_badge(status: str, *, word: bool = True) -> Content:
    """``● due``, ``◆ mastered`` … in the status's colour (``status`` is a progress.Status)."""
    mark, style = _STATUS_STYLE.get(str(status), ("○", "$text-muted"))
    text = f"{mark} {status}" if word else mark
    return Content.styled(text, style)
