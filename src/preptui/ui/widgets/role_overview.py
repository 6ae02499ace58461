"""A role's overview: summary, interview format, rounds, question mix and general tips."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from preptui.text import plural
from preptui.ui.widgets.badges import icon_text

if TYPE_CHECKING:
    from preptui.model import Role


class RoleOverview(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="role-overview.scroll_down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="role-overview.scroll_up"),
    ]

    role: reactive[Role | None] = reactive(None, recompose=True)
    question_count: reactive[int] = reactive(0, recompose=True)

    def compose(self) -> ComposeResult:
        role = self.role
        if role is None:
            yield Static("Loading banks…", classes="hint")
            return
        title = f"{icon_text(role.icon)} {role.title}" if role.icon else role.title
        yield Static(Content(title), classes="title")
        yield Static(Content(role.summary), classes="summary")
        fmt = role.format
        facts = [
            ("Questions", str(self.question_count)),
            ("Length", plural(fmt.minutes, "minute")),
            ("Rounds", fmt.rounds),
            ("Mix", fmt.mix_text()),
        ]
        with Vertical(classes="facts"):
            for label, value in facts:
                with Horizontal(classes="fact"):
                    yield Static(label, classes="fact-label")
                    yield Static(Content(value), classes="fact-value")
        if role.tips:
            yield Static("General tips", classes="heading")
            yield Static(
                Content("\n").join(
                    Content.assemble(("• ", "$accent"), Content(t)) for t in role.tips
                ),
                classes="tips",
            )
        yield Static(
            "tab: questions  ·  space: reveal an answer  ·  F: search every role  ·  ?: every key",
            classes="hint",
        )
