"""Small pieces of styled text shared by widgets. Bank text only ever enters as a template
variable or plain ``Content``, so it is never read as markup."""

from __future__ import annotations

from textual.content import Content

from preptui.kinds import Difficulty, Kind

_DIFFICULTY_STYLE = {
    Difficulty.EASY: "$text-success on $success-muted",
    Difficulty.MEDIUM: "$text-warning on $warning-muted",
    Difficulty.HARD: "$text-error on $error-muted",
}
_KIND_STYLE = "$text-primary on $primary-muted"


def difficulty_badge(difficulty: Difficulty) -> Content:
    return Content.from_markup(
        f"[{_DIFFICULTY_STYLE[difficulty]}] $label [/]", label=difficulty.value
    )


def kind_badge(kind: Kind) -> Content:
    return Content.from_markup(f"[{_KIND_STYLE}] $label [/]", label=kind.label)


def plain(text: str) -> Content:
    """Untrusted text as content: shown literally, never parsed as markup."""
    return Content(text)
