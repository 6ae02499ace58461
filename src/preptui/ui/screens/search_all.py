"""Search every loaded role at once (``F`` in the browser); enter opens the hit in its role.

Each role keeps its own :class:`SearchIndex` (the browser hands them over and keeps them between
openings). Searching many large roles runs in a worker thread, one search at a time; results
of a search the user has already typed past are dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from preptui.search import RoleHit, SearchIndex, search_roles
from preptui.text import first_line, plural
from preptui.ui.widgets.badges import difficulty_badge, icon_text, kind_badge
from preptui.ui.widgets.hit_list import HitList
from preptui.ui.widgets.key_footer import KeyFooter

#: Questions in all roles up to which a keystroke searches on the UI thread (a few ms).
SEARCH_INLINE_BELOW = 3_000
LIMIT = 200


@dataclass(frozen=True)
class SearchRole:
    """One loaded role, as the search lists it."""

    role_id: str
    title: str
    icon: str
    index: SearchIndex


@dataclass(frozen=True)
class Jump:
    """Where the user asked to go: this question of this role."""

    role_id: str
    question_id: str


class SearchAllScreen(ModalScreen[Jump | None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="search-all.close"),
        Binding("down", "to_hits", "To the hits", show=False, id="search-all.to_hits"),
        Binding("slash", "to_search", "Edit search", show=False, id="search-all.to_search"),
        Binding("f1,question_mark", "help", "Help", id="search-all.help"),
    ]
    HELP_EXTRA = [
        ("type", "Search prompt, answer and tags of every role"),
        ("enter", "Open the highlighted hit in its role"),
        ("↓ / ↑, j / k", "Move in the hits"),
    ]

    def __init__(self, roles: Sequence[SearchRole], text: str = "") -> None:
        super().__init__()
        self.roles = list(roles)
        self._titles = {r.role_id: (r.icon, r.title) for r in self.roles}
        self._text = text
        self._hits: list[RoleHit] = []
        self._lock = threading.Lock()  # one search at a time touches the indexes
        self._inline = sum(len(r.index.questions) for r in self.roles) < SEARCH_INLINE_BELOW

    def compose(self) -> ComposeResult:
        with Vertical(id="search-all-box"):
            yield Static(
                Content(f"Search all roles · {plural(len(self.roles), 'role')}"), classes="title"
            )
            yield Input(
                self._text, placeholder="Words to find in every role…", id="search-all-text"
            )
            yield Static("Type to search.", id="search-all-count")
            yield HitList(id="search-all-hits")
        yield KeyFooter()

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.cursor_blink = not self.app.is_headless
        box.focus()
        if self._text:
            self.search(self._text)

    # ------------------------------------------------------------------ searching

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.search(event.value)

    def search(self, text: str) -> None:
        self._text = text
        indexes = [(r.role_id, r.index) for r in self.roles]
        if self._inline:
            self.show_hits(text, *search_roles(indexes, text, LIMIT))
        else:
            self._search_in_thread(text, indexes)

    @work(thread=True, exclusive=True, group="search-all", exit_on_error=False)
    def _search_in_thread(self, text: str, indexes: list[tuple[str, SearchIndex]]) -> None:
        with self._lock:
            if get_current_worker().is_cancelled or text != self._text:
                return  # typed past it already
            hits, total = search_roles(indexes, text, LIMIT)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_hits, text, hits, total)

    def show_hits(self, text: str, hits: list[RoleHit], total: int) -> None:
        if text != self._text or not self.is_attached:
            return
        self._hits = hits
        count = self.query_one("#search-all-count", Static)
        if not text.split():
            count.update("Type to search.")
        elif not total:
            count.update(Content(f"No question in any role holds “{' '.join(text.split())}”."))
        else:
            roles = len({hit.role_id for hit in hits})
            shown = f" (the first {len(hits)} listed)" if total > len(hits) else ""
            count.update(
                Content(
                    f"{plural(total, 'question')} in {plural(roles, 'role')}{shown}"
                    " · enter opens one"
                )
            )
        hit_list = self.query_one(HitList)
        hit_list.clear_options()
        options: list[Option | None] = []
        for n, hit in enumerate(hits):
            options += [Option(self._label(hit), id=f"{n}"), None]
        hit_list.add_options(options[:-1])
        if hits:
            hit_list.highlighted = 0

    def _label(self, hit: RoleHit) -> Content:
        icon, title = self._titles.get(hit.role_id, ("", hit.role_id))
        question = hit.question
        role = f"{icon_text(icon)} {title}" if icon else title
        return Content.assemble(
            Content(first_line(question.prompt)),
            "\n",
            (role, "$text-accent"),
            "  ",
            difficulty_badge(question.difficulty),
            " ",
            kind_badge(question.kind),
        )

    # ------------------------------------------------------------------ keys

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._open(self.query_one(HitList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option_index)

    def _open(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self._hits):
            self.notify("No hit to open: type words to find.", severity="warning")
            return
        hit = self._hits[index]
        self.dismiss(Jump(hit.role_id, hit.question.id))

    def action_to_hits(self) -> None:
        hit_list = self.query_one(HitList)
        if hit_list.option_count:
            hit_list.focus()

    def action_to_search(self) -> None:
        self.query_one(Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, "Search all roles: keys"))
