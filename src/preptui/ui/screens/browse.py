"""The browser: role sidebar, question list and answer panel."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer

from preptui.banks.load import LoadedBank, LoadResult
from preptui.kinds import Kind
from preptui.search import Filter, SearchIndex
from preptui.srs.status import Status, due_count, statuses
from preptui.ui.widgets.answer_panel import AnswerPanel
from preptui.ui.widgets.filter_bar import FilterBar
from preptui.ui.widgets.question_list import QuestionList
from preptui.ui.widgets.role_list import RoleList
from preptui.ui.widgets.role_overview import RoleOverview
from preptui.ui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from preptui.editor import EditorRunner
    from preptui.model import Question

# Keys that are not bindings of this screen but belong in the help.
NAVIGATION_KEYS = [
    ("j / k, ↑ / ↓", "Move in the focused list, scroll the answer"),
    ("tab / shift+tab", "Next / previous pane"),
    ("enter", "Reveal or hide the answer (in the question list)"),
    ("ctrl+p", "Command palette: every action, and Switch role: …"),
    ("○ ◐ ● ◆", "Review status: new, learning, review (red: due), mastered"),
]


class BrowseScreen(Screen[None]):
    BINDINGS = [
        Binding("space", "toggle_answer", "Reveal"),
        Binding("slash", "search", "Search"),
        Binding("d", "cycle_difficulty", "Difficulty"),
        Binding("t", "cycle_kind", "Kind"),
        Binding("b", "bookmark", "Bookmark"),
        Binding("m", "mock", "Mock interview"),
        Binding("r", "review", "Review"),
        Binding("s", "stats", "Stats", show=False),
        Binding("D", "toggle_due", "Due", show=False),
        Binding("comma", "settings", "Settings", show=False, key_display=","),
        Binding("e", "edit_question", "Edit question", show=False),
        Binding("a", "add_question", "Add question", show=False),
        Binding("n", "note", "Personal note", show=False),
        Binding("f", "toggle_bookmarked", "Bookmarked", show=False),
        Binding("o", "overview", "Overview", show=False),
        Binding("escape", "clear_filters", "Clear filters", show=False),
        Binding("exclamation_mark", "problems", "Bank problems", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (76, "-narrow"), (110, "-wide")]
    # Runs the editor for e / a; None means $EDITOR in the suspended terminal. Tests replace it.
    editor_runner: EditorRunner | None = None

    def __init__(self, initial_role: str | None = None) -> None:
        super().__init__()
        self.result = LoadResult()
        self.initial_role = initial_role
        self.bank: LoadedBank | None = None
        self.index = SearchIndex([])
        self.filter = Filter()
        self.bookmarks: set[str] = set()
        self.question: Question | None = None
        self.revealed = False
        self.cards: dict[str, dict[str, Any]] = {}  # review cards of the role shown
        self.statuses: dict[str, Status] = {}

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield RoleList(id="roles")
            with Vertical(id="middle"):
                yield SearchBox(id="search")
                yield FilterBar("Loading banks…", id="filter")
                yield QuestionList(id="questions")
            with ContentSwitcher(id="detail", initial="overview"):
                yield RoleOverview(id="overview")
                yield AnswerPanel(id="answer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RoleList).border_title = "Roles"
        self.query_one("#middle").border_title = "Questions"
        self.query_one(RoleList).focus()

    @property
    def role_list(self) -> RoleList:
        return self.query_one(RoleList)

    @property
    def question_list(self) -> QuestionList:
        return self.query_one(QuestionList)

    @property
    def answer_panel(self) -> AnswerPanel:
        return self.query_one(AnswerPanel)

    # ------------------------------------------------------------------ data

    def show_loading(self, partial: LoadResult, done: int, total: int) -> None:
        """Banks appear as they load; the sidebar says how far loading has got."""
        self.set_banks(partial)
        self.role_list.border_subtitle = f"loading {done}/{total}"

    def set_banks(self, result: LoadResult) -> None:
        """Called by the app once the banks are loaded (or reloaded)."""
        self.role_list.border_subtitle = ""
        self.result = result
        if self.initial_role and result.get(self.initial_role) is not None:
            # --role names a bank that may arrive after others: select it once it is there.
            current: str | None = self.initial_role
            self.initial_role = None
        else:
            current = self.bank.bank.role.id if self.bank else self.initial_role
        self.role_list.set_banks(result.banks, select=current, due=self.due_counts())
        if not result.banks:
            self.query_one(FilterBar).show("No banks loaded")
            self.query_one(RoleOverview).role = None

    def on_role_list_role_changed(self, event: RoleList.RoleChanged) -> None:
        self.show_role(event.role_id)

    def show_role(self, role_id: str) -> None:
        loaded = self.result.get(role_id)
        if loaded is None or loaded is self.bank:
            return  # the sidebar re-announced the role already shown (banks still arriving)
        changed = self.bank is None or self.bank.bank.role.id != role_id
        self.bank = loaded
        self.index.abandon()  # stop building the word index of the role no longer shown
        self.index = SearchIndex(loaded.bank.questions)
        if self.index.worth_indexing:  # a large role: build it off the UI thread, scan meanwhile
            self.run_worker(self.index.prepare, thread=True, exit_on_error=False)
        if changed:
            self.filter = Filter(text=self.filter.text)
            self.bookmarks = self.app_bookmarks(role_id)
            self.load_progress(loaded)
        overview = self.query_one(RoleOverview)
        overview.question_count = len(loaded.bank.questions)
        overview.role = loaded.bank.role
        self.query_one("#middle").border_title = loaded.bank.role.title
        self.refresh_questions(keep=None if changed else self.question_id)
        if self.focused is not self.question_list:
            self.show_detail("overview")

    # ------------------------------------------------------------------ review progress

    def now(self) -> datetime:
        clock = getattr(self.app, "now", None)
        return clock() if callable(clock) else datetime.now(UTC)

    def load_progress(self, loaded: LoadedBank) -> None:
        """Read the role's review cards and work out each question's status."""
        store = getattr(self.app, "store", None)
        try:
            self.cards = store.cards(loaded.bank.role.id) if store is not None else {}
        except (sqlite3.Error, ValueError):  # a store problem must never break browsing
            self.cards = {}
        self.statuses = statuses((q.id for q in loaded.bank.questions), self.cards, self.now())

    def due_counts(self) -> dict[str, int]:
        """Due questions per role (cards of questions gone from a bank are not counted)."""
        store = getattr(self.app, "store", None)
        if store is None or not self.result.banks:
            return {}
        try:
            every = store.all_cards()
        except (sqlite3.Error, ValueError):
            return {}
        if not every:
            return {}
        by_role: dict[str, dict[str, dict[str, Any]]] = {}
        for (role_id, qid), card in every.items():
            by_role.setdefault(role_id, {})[qid] = card
        now = self.now()
        return {
            b.bank.role.id: due_count(
                (q.id for q in b.bank.questions), by_role.get(b.bank.role.id, {}), now
            )
            for b in self.result.banks
            if b.bank.role.id in by_role
        }

    def refresh_progress(self) -> None:
        """Re-read review progress after ratings: markers, the due filter and due counts."""
        if self.bank is None:
            return
        self.load_progress(self.bank)
        self.role_list.set_due(self.due_counts())
        self.refresh_questions(keep=self.question_id)

    @property
    def due_ids(self) -> set[str]:
        return {qid for qid, status in self.statuses.items() if status is Status.DUE}

    def app_bookmarks(self, role_id: str) -> set[str]:
        store = getattr(self.app, "store", None)
        return store.bookmarks(role_id) if store is not None else set()

    @property
    def question_id(self) -> str | None:
        return self.question.id if self.question else None

    def refresh_questions(self, keep: str | None) -> None:
        indices = self.index.filter(self.filter, self.bookmarks, self.due_ids)
        questions = [self.index.questions[i] for i in indices]
        self.query_one(FilterBar).show(
            self.filter.describe(len(questions), len(self.index.questions))
        )
        self.question_list.show(questions, self.bookmarks, keep=keep, statuses=self.statuses)

    def on_question_list_question_highlighted(
        self, event: QuestionList.QuestionHighlighted
    ) -> None:
        if event.question is not None and event.question is self.question:
            return
        self.question = event.question
        self.revealed = False
        self.answer_panel.show(event.question, revealed=False)
        from preptui.ui.screens.note import stored_note

        self.answer_panel.note = stored_note(self, event.question)

    def on_question_list_question_chosen(self, event: QuestionList.QuestionChosen) -> None:
        self.action_toggle_answer()

    def show_detail(self, which: str) -> None:
        self.query_one(ContentSwitcher).current = which

    def on_descendant_focus(self, event: object) -> None:
        focused = self.focused
        if isinstance(focused, RoleList):
            self.show_detail("overview")
        elif isinstance(focused, QuestionList | AnswerPanel) and self.question is not None:
            self.show_detail("answer")

    # ------------------------------------------------------------------ search

    def action_search(self) -> None:
        box = self.query_one(SearchBox)
        box.add_class("-visible")
        box.focus()

    def on_input_changed(self, event: SearchBox.Changed) -> None:
        event.stop()
        self.filter = self.filter.with_text(event.value)
        self.refresh_questions(keep=self.question_id)
        if event.value:  # searching: show the best match's prompt beside the list
            self.call_after_refresh(self._show_match)

    def _show_match(self) -> None:
        if self.question is not None:
            self.show_detail("answer")

    def on_search_box_cancelled(self, event: SearchBox.Cancelled) -> None:
        box = self.query_one(SearchBox)
        box.value = ""
        box.remove_class("-visible")
        self.question_list.focus()

    def on_search_box_done(self, event: SearchBox.Done) -> None:
        box = self.query_one(SearchBox)
        if not box.value:
            box.remove_class("-visible")
        self.question_list.focus()

    # ------------------------------------------------------------------ actions

    def action_toggle_answer(self) -> None:
        if self.question is None:
            self.notify("No question selected.", severity="warning")
            return
        self.revealed = not self.revealed
        self.answer_panel.revealed = self.revealed
        self.show_detail("answer")

    def action_cycle_difficulty(self) -> None:
        self.filter = self.filter.next_difficulty()
        self.refresh_questions(keep=self.question_id)

    def action_cycle_kind(self) -> None:
        kinds = sorted({q.kind for q in self.index.questions}, key=list(Kind).index)
        self.filter = self.filter.next_kind(kinds)
        self.refresh_questions(keep=self.question_id)

    def action_toggle_bookmarked(self) -> None:
        self.filter = self.filter.toggle_bookmarked()
        self.refresh_questions(keep=self.question_id)

    def action_toggle_due(self) -> None:
        self.filter = self.filter.toggle_due()
        self.refresh_questions(keep=self.question_id)

    def action_clear_filters(self) -> None:
        box = self.query_one(SearchBox)
        if not self.filter.active and not box.value:
            return
        with box.prevent(SearchBox.Changed):
            box.value = ""
        box.remove_class("-visible")
        self.filter = self.filter.cleared()
        self.refresh_questions(keep=self.question_id)

    def action_bookmark(self) -> None:
        question, bank = self.question, self.bank
        store = getattr(self.app, "store", None)
        if question is None or bank is None:
            self.notify("No question selected.", severity="warning")
            return
        if store is None:
            self.notify(
                "Bookmarks are unavailable: the store could not be opened.", severity="error"
            )
            return
        on = store.toggle_bookmark(bank.bank.role.id, question.id)
        if on:
            self.bookmarks.add(question.id)
        else:
            self.bookmarks.discard(question.id)
        if self.filter.bookmarked and not on:
            self.refresh_questions(keep=None)
        else:
            self.question_list.mark(question, on)
        self.notify("Bookmarked." if on else "Bookmark removed.", timeout=2)

    def action_mock(self) -> None:
        if self.bank is None:
            self.notify("No role loaded.", severity="warning")
            return
        open_preview = getattr(self.app, "open_mock_preview", None)
        if open_preview is not None:
            open_preview(self.bank.bank.role.id)

    def action_review(self) -> None:
        if self.bank is None:
            self.notify("No role loaded.", severity="warning")
            return
        open_review = getattr(self.app, "open_review", None)
        if open_review is not None:
            open_review(self.bank.bank.role.id)

    def action_stats(self) -> None:
        if self.bank is None:
            self.notify("No role loaded.", severity="warning")
            return
        open_stats = getattr(self.app, "open_stats", None)
        if open_stats is not None:
            open_stats(self.bank.bank.role.id)

    def action_settings(self) -> None:
        open_settings = getattr(self.app, "open_settings", None)
        if open_settings is not None:
            open_settings()

    def action_edit_question(self) -> None:
        from preptui.ui.screens.bank_edit import edit_question

        edit_question(self)

    def action_add_question(self) -> None:
        from preptui.ui.screens.bank_edit import add_question

        add_question(self)

    def action_note(self) -> None:
        from preptui.ui.screens.note import edit_note

        edit_note(self)

    def action_overview(self) -> None:
        self.show_detail("overview")

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        rows = list(NAVIGATION_KEYS)
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            rows.append((binding.key_display or _key_name(binding.key), binding.description))
        self.app.push_screen(HelpScreen("Keys", rows))

    def action_problems(self) -> None:
        from preptui.ui.screens.problems import ProblemsScreen

        if not self.result.errors:
            self.notify("Every bank loaded cleanly.")
            return
        self.app.push_screen(ProblemsScreen(self.result.errors))

    def select_role(self, role_id: str) -> None:
        self.role_list.select_role(role_id)


_KEY_NAMES = {"slash": "/", "question_mark": "?", "exclamation_mark": "!", "space": "space"}


def _key_name(key: str) -> str:
    return _KEY_NAMES.get(key, key)
