"""``e`` and ``a`` on the browser: edit or add a question of a user bank in ``$EDITOR``.

The app hands the terminal to the editor (``App.suspend``) on a copy of the bank file, then
checks the result with :func:`preptui.banks.edit.finish`: a valid bank is saved atomically and
reloaded in place, keeping the selection; anything else leaves the bank as it was and keeps the
edited text in ``<bank>.toml.rejected``. The editor is a :data:`~preptui.banks.edit.EditorRunner`,
so tests can swap in a function that edits the file (``BrowseScreen.editor_runner``).
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SuspendNotSupported

from preptui.banks.edit import EditSession, abandon, begin_add, begin_edit, finish
from preptui.banks.errors import BankLoadError
from preptui.banks.load import LoadedBank, LoadResult
from preptui.editor import (
    NO_EDITOR,
    EditorError,
    EditorRunner,
    editor_argv,
    find_editor,
    run_editor,
)
from preptui.ui.screens.note import stored_note

if TYPE_CHECKING:
    from preptui.ui.screens.browse import BrowseScreen

MAX_ERROR_LINES = 6


def terminal_editor(app: App[object]) -> EditorRunner:
    """The real editor: ``$EDITOR`` (or ``$VISUAL``, nano, vi) run with the app suspended."""

    def run(path: Path, line: int) -> None:
        command = find_editor()
        if command is None:
            raise EditorError(NO_EDITOR)
        argv = editor_argv(command, path, line)
        try:
            with app.suspend():
                status = run_editor(argv)
        except SuspendNotSupported:
            raise EditorError("this terminal cannot hand over to an editor") from None
        if status != 0:
            name = Path(command[0]).name
            raise EditorError(f"the editor ({name}) exited with status {status}")

    return run


def copy_commands(loaded: LoadedBank) -> str:
    """The two commands that make an editable copy of a bundled bank in the user folder."""
    role = loaded.bank.role
    title = shlex.quote(f"{role.title} (mine)")
    return (
        f"  preptui export {role.id} --format md -o {role.id}.md\n"
        f"  preptui import {role.id}.md --role-id {role.id}-mine --title {title}\n"
        f"then open it with: preptui --role {role.id}-mine"
    )


def read_only_message(loaded: LoadedBank) -> str:
    return (
        f"{loaded.bank.role.title} is bundled with preptui and read-only. "
        f"To edit a copy of your own:\n{copy_commands(loaded)}"
    )


def edit_question(screen: BrowseScreen) -> None:
    """``e``: edit the selected question (in its bank file) in the editor."""
    loaded, question = screen.bank, screen.question
    if loaded is None:
        screen.notify("No role loaded.", severity="warning")
        return
    if not loaded.editable:
        screen.notify(
            read_only_message(loaded),
            title="Read-only bank",
            severity="warning",
            timeout=20,
            markup=False,
        )
        return
    if question is None:
        screen.notify("No question selected.", severity="warning")
        return
    try:
        session = begin_edit(loaded.path, question.id)
    except (BankLoadError, OSError) as exc:
        _cannot_start(screen, exc)
        return
    _run(screen, loaded, session, adding=False)


def add_question(screen: BrowseScreen) -> None:
    """``a``: add a question to the current user bank, starting from a template."""
    loaded = screen.bank
    if loaded is None:
        screen.notify("No role loaded.", severity="warning")
        return
    if not loaded.editable:
        role = loaded.bank.role
        screen.notify(
            f"Adding questions needs a bank of your own; {role.title} is bundled and "
            "read-only. Start a new one:\n  preptui new my-questions\n"
            f"or copy this one:\n{copy_commands(loaded)}",
            title="Read-only bank",
            severity="warning",
            timeout=20,
            markup=False,
        )
        return
    try:
        session = begin_add(loaded.path)
    except (BankLoadError, OSError) as exc:
        _cannot_start(screen, exc)
        return
    _run(screen, loaded, session, adding=True)


def _cannot_start(screen: BrowseScreen, exc: BankLoadError | OSError) -> None:
    if isinstance(exc, BankLoadError):
        message = "\n".join(str(e) for e in exc.errors[:MAX_ERROR_LINES])
    else:
        message = f"cannot prepare the file to edit: {exc.strerror or exc}"
    screen.notify(message, title="Cannot edit", severity="error", timeout=20, markup=False)


def _run(screen: BrowseScreen, loaded: LoadedBank, session: EditSession, *, adding: bool) -> None:
    runner = screen.editor_runner or terminal_editor(screen.app)
    try:
        runner(session.work_path, session.line)
    except EditorError as exc:
        kept = abandon(session)
        message = f"{_capital(str(exc))}; the bank was not changed."
        if kept is not None:
            message += f"\nYour edited text is kept in {kept}"
        screen.notify(message, title="Not edited", severity="error", timeout=20, markup=False)
        return
    others = {b.bank.role.id: b.path for b in screen.result.banks if b.path != loaded.path}
    outcome = finish(session, others)
    if outcome.status == "unchanged":
        screen.notify("No changes: nothing added." if adding else "No changes.", timeout=3)
        return
    if outcome.status == "rejected":
        lines = list(outcome.errors[:MAX_ERROR_LINES])
        if len(outcome.errors) > MAX_ERROR_LINES:
            lines.append(f"… and {len(outcome.errors) - MAX_ERROR_LINES} more")
        lines.append(f"The bank was not changed. Your edited text is kept in {outcome.kept}")
        screen.notify(
            "\n".join(lines),
            title="Edit rejected",
            severity="error",
            timeout=30,
            markup=False,
        )
        return
    assert outcome.bank is not None
    new = LoadedBank(outcome.bank, loaded.path, loaded.origin)
    reload_bank(screen, new, outcome.selected, keep_revealed=not adding)
    if adding:
        screen.question_list.focus()
    what = "Question added" if adding else "Saved"
    screen.notify(f"{what}: {loaded.path}", timeout=4, markup=False)


def reload_bank(
    screen: BrowseScreen, new: LoadedBank, selected: str | None, *, keep_revealed: bool = True
) -> None:
    """Put a re-read bank in place of the old one, in the app and the browser."""
    from preptui.ui.app import PrepApp

    old = screen.result
    banks = [new if b.path == new.path else b for b in old.banks]
    result = LoadResult(banks=banks, errors=list(old.errors))
    app = screen.app
    if isinstance(app, PrepApp):
        app.result = result
    question = new.bank.question(selected) if selected else None
    # Show the selected question now: when the list re-highlights this same object, the
    # browser sees no change (so a revealed answer stays revealed). screen.bank is left as
    # the old bank, so set_banks sees a new bank for the role and rebuilds its list.
    screen.load_progress(new)  # review status markers for new or renamed questions
    if question is not None:
        screen.revealed = screen.revealed and keep_revealed
        screen.question = question
        screen.answer_panel.show(question, revealed=screen.revealed)
        screen.answer_panel.note = stored_note(screen, question)
    screen.set_banks(result)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
