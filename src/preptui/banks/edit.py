"""Edit a user bank in the person's own text editor, safely. Pure: no Textual.

An edit works on a copy of the whole bank file in a temporary folder, so comments and layout
survive and the editor can open at the question's line (``+LINE`` for the editors that take it).
:func:`begin_edit` / :func:`begin_add` make the copy, the caller runs an editor on
``session.work_path``, and :func:`finish` checks the result exactly as ``preptui validate`` would:

* unchanged (or emptied) text: nothing happens;
* a valid bank: the bank file is replaced atomically with the edited text;
* anything else: the bank file is left alone and the edited text is kept beside it in
  ``<bank>.toml.rejected`` (never loaded as a bank), named in every error message; an earlier
  rejected edit there is first moved to ``<bank>.toml.rejected-<UTC time>``, so each one is
  kept, and :func:`latest_rejected` finds the newest, so the person can reopen it.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from preptui.banks.errors import BankError, BankLoadError
from preptui.banks.lines import KeyLines
from preptui.banks.load import parse_toml, read_text, validate
from preptui.fileio import atomic_write

if TYPE_CHECKING:
    from preptui.model import Bank


REJECTED_SUFFIX = ".rejected"


def rejected_path(bank_path: Path) -> Path:
    """Where the latest rejected edit of a bank is kept: beside it, a name that is never loaded.

    An earlier rejected edit found there is first moved to a time-stamped name of its own
    (``<bank>.toml.rejected-20250131T120000123456Z``), so none is ever overwritten.
    """
    return bank_path.with_name(bank_path.name + REJECTED_SUFFIX)


def _stamped_path(bank_path: Path, moment: datetime) -> Path:
    """A free time-stamped name for a kept rejected edit (a counter if the name is taken)."""
    stem = f"{rejected_path(bank_path).name}-{moment.astimezone(UTC).strftime('%Y%m%dT%H%M%S%fZ')}"
    target = bank_path.with_name(stem)
    counter = 1
    while target.exists() or target.is_symlink():
        counter += 1
        target = bank_path.with_name(f"{stem}-{counter:03d}")
    return target


def rejected_files(bank_path: Path) -> list[Path]:
    """Every kept rejected edit of a bank, oldest first: the time-stamped ones, then the latest."""
    prefix = bank_path.name + REJECTED_SUFFIX
    try:
        names = [p for p in bank_path.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return []
    found = [p for p in names if p.name == prefix or p.name.startswith(prefix + "-")]
    return sorted(found, key=lambda p: (p.name == prefix, p.name))


def latest_rejected(bank_path: Path) -> Path | None:
    """The newest rejected edit kept for a bank, to offer to reopen, or None."""
    found = rejected_files(bank_path)
    return found[-1] if found else None


def rejected_since_saved(bank_path: Path) -> Path | None:
    """The newest rejected edit if it came after the bank was last saved (the last edit of the
    bank was rejected), to offer to reopen; None otherwise."""
    latest = latest_rejected(bank_path)
    if latest is None:
        return None
    try:
        if latest.stat().st_mtime_ns < bank_path.stat().st_mtime_ns:
            return None  # saved since: that rejection is history
    except OSError:
        return None
    return latest


@dataclass
class EditSession:
    """One edit of one bank file."""

    bank_path: Path
    original: str  # the bank file's text when the edit began
    start: str  # the text handed to the editor
    work_path: Path  # the copy the editor changes
    line: int  # where the editor should open
    question_id: str | None = None  # the question being edited (None when adding)
    question_index: int | None = None
    known_ids: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class EditOutcome:
    status: Literal["unchanged", "saved", "rejected"]
    bank: Bank | None = None
    errors: tuple[str, ...] = ()
    kept: Path | None = None  # the rejected text, when it was kept
    selected: str | None = None  # the question to show after a save


def begin_edit(bank_path: Path, question_id: str | None) -> EditSession:
    """Copy the bank file for editing, positioned at ``question_id``'s ``[[questions]]`` line.

    Raises :class:`BankLoadError` if the file cannot be read.
    """
    text = read_text(bank_path)
    ids, index = _question_ids(text), None
    if question_id is not None and question_id in ids:
        index = ids.index(question_id)
    line = KeyLines(text).line_for(("questions", index)) if index is not None else 1
    return _session(bank_path, text, text, line, question_id, index, ids)


def begin_from_rejected(bank_path: Path, rejected: Path, question_id: str | None) -> EditSession:
    """Like :func:`begin_edit`, but hand the editor the rejected text kept in ``rejected``; a
    save is still checked against the bank file as it is now.

    Raises :class:`BankLoadError` if either file cannot be read.
    """
    original = read_text(bank_path)
    text = read_text(rejected)
    ids, index = _question_ids(text), None
    if question_id is not None and question_id in ids:
        index = ids.index(question_id)
    line = KeyLines(text).line_for(("questions", index)) if index is not None else 1
    return _session(bank_path, original, text, line, question_id, index, _question_ids(original))


def begin_add(bank_path: Path) -> EditSession:
    """Copy the bank file for editing with a template question appended, positioned at it."""
    from preptui.banks.scaffold import question_template, unique_question_id

    text = read_text(bank_path)
    ids = _question_ids(text)
    head = text if text.endswith("\n") else text + "\n"
    head += "\n"
    start = head + question_template(unique_question_id(ids))
    line = head.count("\n") + 1
    return _session(bank_path, text, start, line, None, None, ids)


def _question_ids(text: str) -> list[str]:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return []
    questions = data.get("questions")
    if not isinstance(questions, list):
        return []
    return [str(q.get("id")) if isinstance(q, dict) else "" for q in questions]


def _session(
    bank_path: Path,
    original: str,
    start: str,
    line: int,
    question_id: str | None,
    index: int | None,
    ids: list[str],
) -> EditSession:
    folder = Path(tempfile.mkdtemp(prefix="preptui-edit-"))
    work = folder / bank_path.name
    try:
        work.write_bytes(start.encode("utf-8"))
        schema = bank_path.parent / "bank.schema.json"
        if not schema.is_file():
            from preptui.paths import bundled_bank_dir

            schema = bundled_bank_dir() / "bank.schema.json"
        if schema.is_file():
            shutil.copyfile(schema, folder / "bank.schema.json")  # for the #:schema line
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return EditSession(
        bank_path, original, start, work, line, question_id, index, frozenset(i for i in ids if i)
    )


def abandon(session: EditSession) -> Path | None:
    """End a session whose editor failed: keep changed text as ``.rejected`` (returned)."""
    try:
        data = session.work_path.read_bytes()
    except OSError:
        data = b""
    kept = None
    if data.strip() and data != session.start.encode("utf-8"):
        kept = _keep(session, data)
    if kept != session.work_path:
        cleanup(session)
    return kept


def cleanup(session: EditSession) -> None:
    shutil.rmtree(session.work_path.parent, ignore_errors=True)


def finish(session: EditSession, other_roles: Mapping[str, Path] | None = None) -> EditOutcome:
    """Check the edited copy; save it over the bank if it is a valid bank, else keep it aside.

    ``other_roles`` maps the role ids of the other loaded banks to their files: the edited bank
    may not take one of them.
    """
    try:
        data = session.work_path.read_bytes()
    except OSError:
        cleanup(session)
        return EditOutcome("unchanged")
    if data == session.start.encode("utf-8") or not data.strip():
        cleanup(session)
        return EditOutcome("unchanged")
    work = session.work_path
    errors: list[BankError] = []
    bank: Bank | None = None
    text = ""
    try:
        text = read_text(work)
        bank = validate(work, text, parse_toml(work, text))
    except BankLoadError as exc:
        errors = exc.errors
    if bank is not None:
        other = (other_roles or {}).get(bank.role.id)
        if other is not None and other.resolve() != session.bank_path.resolve():
            errors.append(
                BankError(
                    work,
                    f"{bank.role.id!r} is already the role id of {other}; choose another",
                    KeyLines(text).line_for(("role", "id")),
                    field="role.id",
                )
            )
        else:
            try:
                current = session.bank_path.read_bytes()
            except OSError:
                current = None
            if current is not None and current != session.original.encode("utf-8"):
                errors.append(
                    BankError(work, "the bank file changed on disk while you were editing it")
                )
    if errors:
        kept = _keep(session, data)
        lines = tuple(str(dataclasses.replace(e, path=kept)) for e in errors)
        if kept != work:
            cleanup(session)
        return EditOutcome("rejected", errors=lines, kept=kept)
    assert bank is not None
    try:
        atomic_write(session.bank_path, text)
    except OSError as exc:
        kept = _keep(session, data)
        if kept != work:
            cleanup(session)
        reason = f"{session.bank_path}: cannot save: {exc.strerror or exc}"
        return EditOutcome("rejected", errors=(reason,), kept=kept)
    cleanup(session)
    return EditOutcome("saved", bank=bank, selected=_selected(session, bank))


def _selected(session: EditSession, bank: Bank) -> str | None:
    ids = [q.id for q in bank.questions]
    if session.question_id is None:  # adding: the first new question
        return next((i for i in ids if i not in session.known_ids), None)
    if session.question_id in ids:
        return session.question_id
    index = session.question_index
    if index is not None and index < len(ids):  # renamed: the question in the same place
        return ids[index]
    return None


def _keep(session: EditSession, data: bytes) -> Path:
    """Keep rejected text beside the bank; if that fails, leave it in the work copy."""
    target = rejected_path(session.bank_path)
    try:
        earlier = datetime.fromtimestamp(os.lstat(target).st_mtime, UTC)
    except OSError:
        earlier = None
    if earlier is not None:  # keep the earlier rejected edit under a name of its own
        try:
            target.rename(_stamped_path(session.bank_path, earlier))
        except OSError:
            target = _stamped_path(session.bank_path, datetime.now(UTC))
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)  # never over another
    except OSError:
        return session.work_path
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError:  # a full disk: the work copy still has the whole text
        target.unlink(missing_ok=True)
        return session.work_path
    return target
