"""``e`` and ``a`` in the browser: edit or add a question of a user bank in ``$EDITOR``.

The app hands the terminal to the editor (``App.suspend``) on a copy of the bank file, then
checks the result with :func:`preptui.banks.edit.finish`: a valid bank is saved atomically;
anything else leaves the bank as it was and keeps the edited text beside it. The functions here
decide and say what happened; the browser applies it and announces a replaced bank.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported
from textual.notifications import SeverityLevel
from textual.screen import Screen

from preptui.banks.edit import EditSession, abandon, finish
from preptui.banks.errors import BankLoadError
from preptui.banks.load import LoadedBank
from preptui.editor import (
    NO_EDITOR,
    EditorError,
    EditorRunner,
    editor_argv,
    find_editor,
    run_editor,
)

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


def edit_question(
    screen: Screen[Any],
    loaded: LoadedBank,
    question_id: str,
    edit: Callable[[Callable[[Path], EditSession]], object],
) -> None:
    """``e``: edit a question with ``edit(begin)``; when the bank's last edit was rejected,
    first ask whether to reopen that rejected text instead of the bank's."""
    from preptui.banks.edit import begin_edit, begin_from_rejected, rejected_since_saved
    from preptui.ui.dialogs.confirm import ConfirmScreen

    rejected = rejected_since_saved(loaded.path)
    if rejected is None:
        edit(lambda path: begin_edit(path, question_id))
        return

    def chosen(reopen: bool | None) -> None:
        if reopen:
            edit(lambda path: begin_from_rejected(path, rejected, question_id))
        else:
            edit(lambda path: begin_edit(path, question_id))

    question = (
        f"Your last edit of this bank was rejected; the text is kept in {rejected}.\n"
        "Reopen your rejected text (y) or edit the bank as it is (n)?"
    )
    screen.app.push_screen(ConfirmScreen(question), chosen)


def copy_commands(loaded: LoadedBank) -> str:
    """The two commands that make an editable copy of a bundled bank in the user folder."""
    role = loaded.bank.role
    title = shlex.quote(f"{role.title} (mine)")
    return (
        f"  preptui export {role.id} --format md -o {role.id}.md\n"
        f"  preptui import {role.id}.md --role-id {role.id}-mine --title {title}\n"
        f"then open it with: preptui --role {role.id}-mine"
    )


def read_only_message(loaded: LoadedBank, *, adding: bool) -> str:
    role = loaded.bank.role
    if adding:
        return (
            f"Adding questions needs a bank of your own; {role.title} is bundled and "
            "read-only. Start a new one:\n  preptui new my-questions\n"
            f"or copy this one:\n{copy_commands(loaded)}"
        )
    return (
        f"{role.title} is bundled with preptui and read-only. "
        f"To edit a copy of your own:\n{copy_commands(loaded)}"
    )


def cannot_start_message(exc: BankLoadError | OSError) -> str:
    if isinstance(exc, BankLoadError):
        return "\n".join(str(e) for e in exc.errors[:MAX_ERROR_LINES])
    return f"cannot prepare the file to edit: {exc.strerror or exc}"


@dataclass(frozen=True)
class EditResult:
    """What an edit came to: a notice to show and, when saved, the re-read bank."""

    title: str
    message: str
    severity: SeverityLevel = "information"
    timeout: float = 3
    saved: LoadedBank | None = None
    selected: str | None = None


def run_edit(
    runner: EditorRunner,
    loaded: LoadedBank,
    session: EditSession,
    others: Mapping[str, Path],
    *,
    adding: bool,
) -> EditResult:
    """Run the editor on the session's copy and check what came back."""
    try:
        runner(session.work_path, session.line)
    except EditorError as exc:
        kept = abandon(session)
        message = f"{_capital(str(exc))}; the bank was not changed."
        if kept is not None:
            message += f"\nYour edited text is kept in {kept}"
        return EditResult("Not edited", message, "error", 20)
    outcome = finish(session, others)
    if outcome.status == "unchanged":
        return EditResult("", "No changes: nothing added." if adding else "No changes.")
    if outcome.status == "rejected":
        lines = list(outcome.errors[:MAX_ERROR_LINES])
        if len(outcome.errors) > MAX_ERROR_LINES:
            lines.append(f"… and {len(outcome.errors) - MAX_ERROR_LINES} more")
        lines.append(f"The bank was not changed. Your edited text is kept in {outcome.kept}")
        return EditResult("Edit rejected", "\n".join(lines), "error", 30)
    assert outcome.bank is not None
    new = LoadedBank(outcome.bank, loaded.path, loaded.origin)
    what = "Question added" if adding else "Saved"
    return EditResult("", f"{what}: {loaded.path}", timeout=4, saved=new, selected=outcome.selected)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
