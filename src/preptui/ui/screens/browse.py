"""The browser: role sidebar, question list and answer panel.

It owns its actions (bookmark, note, edit, add) and reaches everything stored through the
practice service it is given. Navigation to other screens is asked for by messages the app
handles; a bank re-read after an edit is announced with :class:`BrowseScreen.BankReplaced`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from preptui.banks.loaded import LoadedBank, LoadResult
from preptui.kinds import Kind
from preptui.practice import Practice, PracticeError
from preptui.search import Filter, SearchIndex
from preptui.text import plural
from preptui.ui.body_scroll import scroll_now
from preptui.ui.role_indexes import RoleIndexes
from preptui.ui.widgets.answer_panel import AnswerPanel
from preptui.ui.widgets.filter_bar import FilterBar
from preptui.ui.widgets.key_footer import KeyFooter
from preptui.ui.widgets.question_list import QuestionList
from preptui.ui.widgets.role_list import RoleList
from preptui.ui.widgets.role_overview import RoleOverview
from preptui.ui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from preptui.banks.edit import EditSession
    from preptui.editor import EditorRunner
    from preptui.model import Question
    from preptui.records import CardRecord
    from preptui.srs.status import Status
    from preptui.ui.bank_editing import EditResult

#: Seconds between checks that a card has fallen due (markers, due filter, role counts).
PROGRESS_EVERY = 30.0

# Keys that are not bindings of this screen but belong in the help.
NAVIGATION_KEYS = [
    ("j / k, ↑ / ↓", "Move in the focused list; scroll the answer when it has focus"),
    ("tab / shift+tab", "Next / previous pane"),
    ("enter", "Reveal or hide the answer (in the question list)"),
    ("ctrl+p", "Command palette: every action, and Switch role: …"),
    ("○ ◐ ● ◆", "Review status: new, learning, review (red: due), mastered"),
]


class BrowseScreen(Screen[None]):
    # In the Footer's order, most important first: at 80 columns it ends after "? Help".
    BINDINGS = [
        Binding("space", "toggle_answer", "Reveal", id="browse.toggle_answer"),
        Binding(
            "pagedown",
            "scroll_answer('down')",
            "Scroll",
            key_display="pgdn",
            tooltip="Scroll the revealed answer down",
            priority=True,
            id="browse.scroll_answer.pagedown",
        ),
        Binding(
            "pageup",
            "scroll_answer('up')",
            "Scroll the revealed answer up",
            show=False,
            priority=True,
            id="browse.scroll_answer.pageup",
        ),
        Binding(
            "home",
            "scroll_answer('top')",
            "Top of the revealed answer",
            show=False,
            priority=True,
            id="browse.scroll_answer.home",
        ),
        Binding(
            "end",
            "scroll_answer('end')",
            "End of the revealed answer",
            show=False,
            priority=True,
            id="browse.scroll_answer.end",
        ),
        Binding("slash", "search", "Search", id="browse.search"),
        Binding("F", "search_all", "All roles", tooltip="Search all roles", id="browse.search_all"),
        Binding("r", "review", "Review", id="browse.review"),
        Binding("m", "mock", "Mock", tooltip="Mock interview", id="browse.mock"),
        Binding("q", "app.quit", "Quit", id="browse.quit"),
        Binding("question_mark", "help", "Help", id="browse.help"),
        Binding("T", "today", "Today", id="browse.today"),
        Binding("H", "history", "Mock history", show=False, id="browse.history"),
        Binding("d", "cycle_difficulty", "Difficulty", id="browse.cycle_difficulty"),
        Binding("t", "cycle_kind", "Kind", id="browse.cycle_kind"),
        Binding("b", "bookmark", "Bookmark", id="browse.bookmark"),
        Binding("s", "stats", "Stats", show=False, id="browse.stats"),
        Binding("D", "toggle_due", "Due", show=False, id="browse.toggle_due"),
        Binding("comma", "settings", "Settings", show=False, key_display=",", id="browse.settings"),
        Binding("e", "edit_question", "Edit question", show=False, id="browse.edit_question"),
        Binding("a", "add_question", "Add question", show=False, id="browse.add_question"),
        Binding("n", "note", "Personal note", show=False, id="browse.note"),
        Binding("f", "toggle_bookmarked", "Bookmarked", show=False, id="browse.toggle_bookmarked"),
        Binding("o", "overview", "Overview", show=False, id="browse.overview"),
        Binding("escape", "clear_filters", "Clear filters", show=False, id="browse.clear_filters"),
        Binding("exclamation_mark", "problems", "Bank problems", show=False, id="browse.problems"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (76, "-narrow"), (110, "-wide")]
    # Keys that are not bindings of this screen but belong in the help.
    HELP_EXTRA = NAVIGATION_KEYS
    # Runs the editor for e / a; None means $EDITOR in the suspended terminal. Tests replace it.
    editor_runner: EditorRunner | None = None

    @dataclass
    class OpenMock(Message):
        """Open the mock interview preview of a role."""

        role_id: str

    @dataclass
    class OpenReview(Message):
        """Start a review of a role."""

        role_id: str

    @dataclass
    class OpenStats(Message):
        """Show a role's stats."""

        role_id: str

    class OpenSettings(Message):
        """Open the settings."""

    class OpenToday(Message):
        """Show the Today overview of every role."""

    class OpenHistory(Message):
        """Show the past mock interviews."""

    @dataclass
    class BankReplaced(Message):
        """A bank was re-read after an edit: the owner of the loaded banks takes it."""

        loaded: LoadedBank

    def __init__(self, practice: Practice, initial_role: str | None = None) -> None:
        super().__init__()
        self.practice = practice
        self.result = LoadResult()
        self.initial_role = initial_role
        self.bank: LoadedBank | None = None
        self.index = SearchIndex([])
        self.filter = Filter()
        self.bookmarks: set[str] = set()
        self.question: Question | None = None
        self.revealed = False
        self.cards: dict[str, CardRecord] = {}  # the review cards of the role shown (columns)
        self.statuses: dict[str, Status] = {}
        self.indexes = RoleIndexes()  # every role's shown or searched (F): made once

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
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(RoleList).border_title = "Roles"
        self.query_one("#middle").border_title = "Questions"
        self.query_one(RoleList).focus()
        self.set_interval(PROGRESS_EVERY, self.progress_tick, name="browse-progress")

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
        self.indexes.keep(result.banks)
        if self.initial_role and result.get(self.initial_role) is not None:
            # --role names a bank that may arrive after others: select it once it is there.
            current: str | None = self.initial_role
            self.initial_role = None
        else:
            current = self.bank.bank.role.id if self.bank else self.initial_role
        self.role_list.set_banks(result.banks, select=current, due=self.due_counts())
        if not result.banks:
            self.query_one(FilterBar).show("No banks loaded")
            self.query_one(RoleOverview).show(None, 0)

    def on_role_list_role_changed(self, event: RoleList.RoleChanged) -> None:
        self.show_role(event.role_id)

    def show_role(self, role_id: str) -> None:
        loaded = self.result.get(role_id)
        if loaded is None or loaded is self.bank:
            return  # the sidebar re-announced the role already shown (banks still arriving)
        changed = self.bank is None or self.bank.bank.role.id != role_id
        self.bank = loaded
        self.indexes.leave(self.index)  # stop building the word index of the role no longer shown
        self.index = self.indexes.get(loaded)
        if self.index.worth_indexing and not self.index.indexed:
            # A large role: build its word index off the UI thread, and scan meanwhile; once
            # the role is drawn, so that the thread does not take the GIL from drawing it.
            self.call_after_refresh(self._prepare_index, self.index)
        if changed:
            self.filter = Filter(text=self.filter.text)
            self.bookmarks = self.practice.bookmarks(role_id)
            self.load_progress(loaded)
        self.query_one(RoleOverview).show(loaded.bank.role, len(loaded.bank.questions))
        self.query_one("#middle").border_title = Content(loaded.bank.role.title)
        self.refresh_questions(keep=None if changed else self.question_id)
        if self.focused is not self.question_list:
            self.show_detail("overview")

    def _prepare_index(self, index: SearchIndex) -> None:
        if index is self.index and not index.indexed:  # still the role shown
            self.run_worker(index.prepare, thread=True, exit_on_error=False)

    # ------------------------------------------------------------------ review progress

    def load_progress(self, loaded: LoadedBank) -> None:
        """Read the role's review cards (their columns: no scheduler JSON is parsed) and work
        out each question's status."""
        self.cards = self.practice.card_records(loaded.bank.role.id)
        self.statuses = self.practice.statuses(loaded, self.cards)

    def due_counts(self) -> dict[str, int]:
        """Due questions per role (cards of questions gone from a bank are not counted)."""
        return self.practice.due_counts() if self.result.banks else {}

    def refresh_progress(self) -> None:
        """Re-read review progress after ratings: markers, the due filter and due counts."""
        if self.bank is None:
            return
        self.load_progress(self.bank)
        self.role_list.set_due(self.due_counts())
        self.refresh_questions(keep=self.question_id)

    @property
    def due_ids(self) -> set[str]:
        from preptui.srs.status import Status

        return {qid for qid, status in self.statuses.items() if status is Status.DUE}

    def stored_note(self, question: Question | None) -> str:
        """The note on a question of the role shown, or ""."""
        if question is None or self.bank is None:
            return ""
        return self.practice.note(self.bank.bank.role.id, question.id)

    @property
    def question_id(self) -> str | None:
        return self.question.id if self.question else None

    def refresh_questions(self, keep: str | None) -> None:
        due = self.due_ids if self.filter.due else ()  # a scan of every status: only when used
        indices = self.index.filter(self.filter, self.bookmarks, due)
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
        self.answer_panel.note = self.stored_note(event.question)
        self.refresh_bindings()

    def on_question_list_question_chosen(self, event: QuestionList.QuestionChosen) -> None:
        self.action_toggle_answer()

    def show_detail(self, which: str) -> None:
        self.query_one(ContentSwitcher).current = which
        self.refresh_bindings()  # "pgdn Scroll answer" is offered only beside a revealed answer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "scroll_answer":
            # Only beside a revealed answer, and not where the key has a use of its own (the
            # search line; the panel itself scrolls with them): else the key goes there.
            if not self.revealed or isinstance(self.focused, SearchBox | AnswerPanel):
                return False
            switchers = self.query(ContentSwitcher)
            return bool(switchers) and switchers.first().current == "answer"
        return True

    def action_scroll_answer(self, where: str) -> None:
        """pgdn / pgup / home / end: read a long revealed answer without leaving the list."""
        panel = self.answer_panel
        if where in ("top", "end"):
            scroll_now(panel, to="top" if where == "top" else "bottom")
        else:
            scroll_now(panel, pages=1 if where == "down" else -1)

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

    def action_search_all(self, text: str | None = None) -> None:
        """``F`` (or ``*`` first in the search line): search every loaded role; the hit
        chosen opens in its role. Starts from ``text``, else from this role's search."""
        from preptui.ui.screens.search_all import SearchAllScreen, SearchRole

        if not self.result.banks:
            self.notify("No banks loaded yet.", severity="warning")
            return
        roles = []
        for loaded in self.result.banks:
            role = loaded.bank.role
            roles.append(SearchRole(role.id, role.title, role.icon, self.indexes.get(loaded)))
        if text is None:
            text = self.query_one(SearchBox).value
        self.app.push_screen(SearchAllScreen(roles, text), self._jump)

    def _jump(self, jump: object) -> None:
        from preptui.ui.screens.search_all import Jump

        if isinstance(jump, Jump):
            self.jump_to(jump.role_id, jump.question_id)

    def jump_to(self, role_id: str, question_id: str) -> None:
        """Show a question of a role, with every filter cleared so that it is listed."""
        if self.result.get(role_id) is None:
            self.notify(f"No role {role_id!r} is loaded.", severity="warning", markup=False)
            return
        box = self.query_one(SearchBox)
        with box.prevent(SearchBox.Changed):
            box.value = ""
        box.remove_class("-visible")
        self.filter = Filter()
        self.show_role(role_id)
        self.role_list.select_role(role_id)
        self.refresh_questions(keep=question_id)
        self.question_list.focus()
        self.show_detail("answer")

    def on_input_changed(self, event: SearchBox.Changed) -> None:
        event.stop()
        if event.value.startswith("*"):  # "*words": the same search in every role
            self.on_search_box_cancelled(SearchBox.Cancelled())
            self.action_search_all(event.value[1:])
            return
        self.filter = self.filter.with_text(event.value)
        self.refresh_questions(keep=self.question_id)
        if event.value:  # searching: show the best match's prompt beside the list
            self.call_after_refresh(self._show_match)

    def _show_match(self) -> None:
        if self.question is not None:
            self.show_detail("answer")

    def on_search_box_cancelled(self, event: SearchBox.Cancelled) -> None:
        box = self.query_one(SearchBox)
        with box.prevent(SearchBox.Changed):  # the list is refilled here, in the same turn
            box.value = ""
        box.remove_class("-visible")
        self.question_list.focus()
        if self.filter.text:
            self.filter = self.filter.with_text("")
            self.refresh_questions(keep=self.question_id)

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

    def _selected(self) -> tuple[LoadedBank, Question] | None:
        if self.bank is None or self.question is None:
            self.notify("No question selected.", severity="warning")
            return None
        return self.bank, self.question

    def _role_shown(self) -> str | None:
        if self.bank is None:
            self.notify("No role loaded.", severity="warning")
            return None
        return self.bank.bank.role.id

    def action_bookmark(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        bank, question = selected
        try:
            on = self.practice.toggle_bookmark(bank.bank.role.id, question.id)
        except PracticeError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
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
        role_id = self._role_shown()
        if role_id is not None:
            self.post_message(self.OpenMock(role_id))

    def action_review(self) -> None:
        role_id = self._role_shown()
        if role_id is not None:
            self.post_message(self.OpenReview(role_id))

    def action_stats(self) -> None:
        role_id = self._role_shown()
        if role_id is not None:
            self.post_message(self.OpenStats(role_id))

    def action_settings(self) -> None:
        self.post_message(self.OpenSettings())

    def action_today(self) -> None:
        self.post_message(self.OpenToday())

    def action_history(self) -> None:
        self.post_message(self.OpenHistory())

    def progress_tick(self) -> None:
        """Cards fall due as time passes: refresh the markers and counts when one has."""
        if self.bank is None:
            return
        due = self.due_counts()
        shown = self.practice.statuses(self.bank, self.cards)
        roles = [b.bank.role.id for b in self.result.banks]
        if shown != self.statuses or any(due.get(r, 0) != self.role_list.due(r) for r in roles):
            self.refresh_progress()

    def action_note(self) -> None:
        """``n``: open the note of the selected question; save it when the dialog closes."""
        from preptui.ui.dialogs.note import NoteDialog

        selected = self._selected()
        if selected is None:
            return
        if self.practice.store is None:
            self.notify("Notes are unavailable: the store could not be opened.", severity="error")
            return
        loaded, question = selected
        role_id, before = loaded.bank.role.id, self.stored_note(question)
        save = partial(self._save_note, role_id, question, before)
        self.app.push_screen(NoteDialog(question.prompt, before), save)

    def _save_note(self, role_id: str, question: Question, before: str, text: str | None) -> None:
        if text is None:  # closed without saving (escape): the stored note stays as it was
            return
        note = text.strip()
        if note == before.strip():
            return
        try:
            self.practice.save_note(role_id, question.id, note)
        except PracticeError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if self.question_id == question.id and self.bank is not None:
            self.answer_panel.note = note
        if not note:
            self.notify("Note deleted.", timeout=3)
        elif self.revealed:
            self.notify("Note saved.", timeout=3)
        else:
            self.notify("Note saved: it is shown under the answer.", timeout=3)

    def action_edit_question(self) -> None:
        """``e``: edit the selected question (in its bank file) in the editor."""
        from preptui.ui.bank_editing import edit_question

        if self._editable(adding=False) and self.bank is not None:
            if self.question is None:
                self.notify("No question selected.", severity="warning")
                return
            edit_question(self, self.bank, self.question.id, partial(self._edit, adding=False))

    def action_add_question(self) -> None:
        """``a``: add a question to the current user bank, starting from a template."""
        from preptui.banks.edit import begin_add

        if self._editable(adding=True):
            self._edit(begin_add, adding=True)

    def _editable(self, *, adding: bool) -> bool:
        from preptui.ui.bank_editing import read_only_message

        if self._role_shown() is None or self.bank is None:
            return False
        if not self.bank.editable:
            message = read_only_message(self.bank, adding=adding)
            self.notify(
                message, title="Read-only bank", severity="warning", timeout=20, markup=False
            )
            return False
        return True

    def _edit(self, begin: Callable[[Any], EditSession], *, adding: bool) -> None:
        from preptui.banks.errors import BankLoadError
        from preptui.ui.bank_editing import cannot_start_message, run_edit, terminal_editor

        loaded = self.bank
        assert loaded is not None
        try:
            session = begin(loaded.path)
        except (BankLoadError, OSError) as exc:
            message = cannot_start_message(exc)
            self.notify(message, title="Cannot edit", severity="error", timeout=20, markup=False)
            return
        runner = self.editor_runner or terminal_editor(self.app)
        others = {b.bank.role.id: b.path for b in self.result.banks if b.path != loaded.path}
        result = run_edit(runner, loaded, session, others, adding=adding)
        if result.saved is not None:
            self._show_saved(result, keep_revealed=not adding)
            if adding:
                self.question_list.focus()
        self.notify(
            result.message,
            title=result.title,
            severity=result.severity,
            timeout=result.timeout,
            markup=False,
        )

    def _show_saved(self, result: EditResult, *, keep_revealed: bool) -> None:
        """Show the re-read bank's selected question now, then announce the bank."""
        new = result.saved
        assert new is not None
        question = new.bank.question(result.selected) if result.selected else None
        # When the list re-highlights this same object the browser sees no change, so a
        # revealed answer stays revealed. self.bank stays the old bank until set_banks.
        self.load_progress(new)  # review status markers for new or renamed questions
        if question is not None:
            self.revealed = self.revealed and keep_revealed
            self.question = question
            self.answer_panel.show(question, revealed=self.revealed)
            self.answer_panel.note = self.stored_note(question)
        self.post_message(self.BankReplaced(new))

    def action_overview(self) -> None:
        self.show_detail("overview")

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self))

    def action_problems(self) -> None:
        from preptui.ui.screens.problems import ProblemsScreen

        if not self.result.errors:
            self.notify("Every bank loaded cleanly.")
            return
        self.app.push_screen(ProblemsScreen(self.result.errors))

    def select_role(self, role_id: str) -> None:
        self.role_list.select_role(role_id)

    def palette_extra(self) -> list[tuple[Content, str, Callable[[], object]]]:
        """``Switch role: …`` for every loaded role."""
        return [
            (
                Content(f"Switch role: {b.bank.role.title}"),
                plural(len(b.bank.questions), "question"),
                partial(self.select_role, b.bank.role.id),
            )
            for b in self.result.banks
        ]
