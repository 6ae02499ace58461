"""A role's overview: summary, interview format, rounds, question mix and general tips.

Its widgets are made once and filled in place for each role: a role switch changes their text
(no widgets removed, mounted and styled anew, nor the layouts that follow a mount). They are
mounted when the first role is shown: the first frame, drawn before any bank is read, shows only
the loading line (the twenty widgets of a role cost a tenth of a bare app's first frame).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from preptui.text import plural
from preptui.ui.widgets.badges import icon_text

if TYPE_CHECKING:
    from preptui.model import Role

FACTS = ("Questions", "Length", "Rounds", "Mix")
HINT = "tab: questions  ·  space: reveal an answer  ·  F: search every role  ·  ?: every key"


class RoleOverview(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="role-overview.scroll_down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="role-overview.scroll_up"),
    ]

    role: reactive[Role | None] = reactive(None, init=False)
    question_count: reactive[int] = reactive(0, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._loading = Static("Loading banks…", classes="hint")
        self._title = Static(classes="title")
        self._summary = Static(classes="summary")
        self._values = {label: Static(classes="fact-value") for label in FACTS}
        self._facts = Vertical(
            *(
                Horizontal(Static(label, classes="fact-label"), value, classes="fact")
                for label, value in self._values.items()
            ),
            classes="facts",
        )
        self._tips_heading = Static("General tips", classes="heading")
        self._tips = Static(classes="tips")
        self._hint = Static(HINT, classes="hint")
        self._shown: tuple[object, ...] | None = None
        self._role_widgets: Literal["absent", "mounting", "mounted"] = "absent"

    def show(self, role: Role | None, question_count: int) -> None:
        """Show ``role`` (None: banks still loading) with its number of questions."""
        self.set_reactive(RoleOverview.question_count, question_count)
        self.set_reactive(RoleOverview.role, role)
        self._fill()

    def watch_role(self) -> None:
        self._fill()

    def watch_question_count(self) -> None:
        self._fill()

    def compose(self) -> ComposeResult:
        yield self._loading  # the role's widgets come with the first role (_mount_role_widgets)

    async def _mount_role_widgets(self) -> None:
        parts = (
            self._title,
            self._summary,
            self._facts,
            self._tips_heading,
            self._tips,
            self._hint,
        )
        for part in parts:
            part.display = False  # shown by _fill once filled, never empty
        await self.mount(*parts)  # and the facts' rows, once mounted
        self._role_widgets = "mounted"
        self._fill()

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        role = self.role
        shown = (role, self.question_count)
        if shown == self._shown or not self.is_mounted:
            return
        if role is not None and self._role_widgets != "mounted":
            if self._role_widgets == "absent":
                self._role_widgets = "mounting"
                self.call_later(self._mount_role_widgets)  # which fills them once mounted
            return
        self._shown = shown
        self._loading.display = role is None
        for part in (self._title, self._summary, self._facts, self._hint):
            part.display = role is not None
        self._tips_heading.display = self._tips.display = bool(role and role.tips)
        if role is None:
            return
        title = f"{icon_text(role.icon)} {role.title}" if role.icon else role.title
        self._title.update(Content(title))
        self._summary.update(Content(role.summary))
        fmt = role.format
        values = (
            str(self.question_count),
            plural(fmt.minutes, "minute"),
            fmt.rounds,
            fmt.mix_text(),
        )
        for label, value in zip(FACTS, values, strict=True):
            self._values[label].update(Content(value))
        if role.tips:
            self._tips.update(
                Content("\n").join(
                    Content.assemble(("• ", "$accent"), Content(t)) for t in role.tips
                )
            )
        self._settle_scrollbar()

    def _settle_scrollbar(self) -> None:
        """Show or hide the scrollbar now, for the role just filled in, as the layout will.

        Else the layout lays the overview out at the old width, finds the scrollbar must come
        (or go), and lays it out again at the new width: every line wrapped and drawn twice,
        and a third layout for the sizes that changed in the second.
        """
        styles = self.styles
        room, bar = self.container_size, styles.scrollbar_size_vertical
        if not (self.display and room and bar) or styles.scrollbar_gutter == "stable":
            return
        if styles.overflow_y != "auto" or styles.overflow_x == "auto":
            return
        # The children as the layout will place them without a scrollbar (their arrangements
        # made anew, as the layout would for the new text); they overflow then exactly when the
        # layout shows one: narrower, they are no shorter.
        for widget in (self, *self.walk_children(Widget)):
            widget._clear_arrangement_cache()
        show = self.arrange(room).total_region.height > room.height
        if show != self.show_vertical_scrollbar:
            self.show_vertical_scrollbar = show
            self.vertical_scrollbar.display = show
        if show:  # measured at the width the layout will use: it finds the heights known
            self.arrange(Size(room.width - bar, room.height))
