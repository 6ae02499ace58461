"""Personal notes on a question: a small modal with a text area, saved in the store."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from preptui.store import StoreError

if TYPE_CHECKING:
    from preptui.model import Question
    from preptui.store import Store
    from preptui.ui.screens.browse import BrowseScreen


class NoteScreen(ModalScreen[str]):
    """Edit one note; ctrl+s or escape saves it (an empty note deletes it)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "save", "Save", show=False, priority=True),
    ]

    def __init__(self, prompt: str, note: str) -> None:
        super().__init__()
        self._prompt = prompt
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static("Your note", classes="title")
            yield Static(Content(self._prompt), classes="note-prompt")
            yield TextArea(
                self._note,
                id="note-text",
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
            )
            yield Static(
                "ctrl+s or escape: save · an empty note is deleted · shown under the answer",
                classes="hint",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = not self.app.is_headless
        area.placeholder = "What to remember about this question…"
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)


def _store(screen: BrowseScreen) -> Store | None:
    store: Store | None = getattr(screen.app, "store", None)
    return store


def stored_note(screen: BrowseScreen, question: Question | None) -> str:
    """The note on a question of the screen's current role, or "" (also if the store fails)."""
    store = _store(screen)
    if store is None or question is None or screen.bank is None:
        return ""
    try:
        return store.note(screen.bank.bank.role.id, question.id)
    except (sqlite3.Error, StoreError):
        return ""


def edit_note(screen: BrowseScreen) -> None:
    """``n``: open the note of the selected question; save it when the modal closes."""
    question, loaded = screen.question, screen.bank
    if question is None or loaded is None:
        screen.notify("No question selected.", severity="warning")
        return
    store = _store(screen)
    if store is None:
        screen.notify("Notes are unavailable: the store could not be opened.", severity="error")
        return
    role_id, before = loaded.bank.role.id, stored_note(screen, question)

    def save(text: str | None) -> None:
        note = (text or "").strip()
        if note == before.strip():
            return
        try:
            store.set_note(role_id, question.id, note)
        except (sqlite3.Error, StoreError) as exc:
            screen.notify(f"Could not save the note: {exc}", severity="error", markup=False)
            return
        if screen.question_id == question.id and screen.bank is not None:
            screen.answer_panel.note = note
        if not note:
            screen.notify("Note deleted.", timeout=3)
        elif screen.revealed:
            screen.notify("Note saved.", timeout=3)
        else:
            screen.notify("Note saved: it is shown under the answer.", timeout=3)

    screen.app.push_screen(NoteScreen(question.prompt, before), save)
