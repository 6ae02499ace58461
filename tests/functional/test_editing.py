"""Editing user banks in $EDITOR (e, a) and personal notes (n): pure helpers and Pilot flows."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Markdown, TextArea

from preptui import paths
from preptui.banks.discover import Origin
from preptui.banks.edit import begin_add, begin_edit, finish, rejected_path
from preptui.banks.load import load_bank
from preptui.editor import EditorError, editor_argv, find_editor
from preptui.fileio import atomic_write as write_text_atomic
from preptui.store import Store
from preptui.ui.app import PrepApp
from preptui.ui.dialogs.note import NoteDialog
from preptui.ui.screens.browse import BrowseScreen
from preptui.ui.widgets.filter_bar import FilterBar
from preptui.ui.widgets.question_list import QuestionList

from ..apphelpers import visible_text, wait_for_banks
from ..conftest import SAMPLE_BANKS

ALPHA = SAMPLE_BANKS / "alpha.toml"
BETA = SAMPLE_BANKS / "beta.toml"
OLD_PROMPT = "Explain strong versus eventual consistency with an example of each."
NEW_PROMPT = "Strong or eventual consistency: which would you pick for a shopping cart?"


def user_copy() -> Path:
    dest = paths.user_bank_dir() / "alpha.toml"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ALPHA, dest)
    return dest


def line_of(text: str, needle: str, nth: int = 0) -> int:
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == needle]
    return lines[nth]


def replace_in_file(old: str, new: str) -> Callable[[Path, int], None]:
    def edit(path: Path, line: int) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


# --------------------------------------------------------------------------- the editor command


def fake_program(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return program


def test_find_editor_order_and_fallbacks(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    fake_program(bin_dir, "myed")
    fake_program(bin_dir, "other")
    path = str(bin_dir)
    # $VISUAL first, as git does; then $EDITOR; a blank variable counts as unset.
    env = {"PATH": path, "EDITOR": "myed --wait", "VISUAL": "other"}
    assert find_editor(env) == ["other"]
    assert find_editor({"PATH": path, "EDITOR": "myed --wait"}) == ["myed", "--wait"]
    assert find_editor({"PATH": path, "VISUAL": "myed -f"}) == ["myed", "-f"]
    assert find_editor({"PATH": path, "EDITOR": "other", "VISUAL": " "}) == ["other"]
    with pytest.raises(EditorError, match=r"\$VISUAL is 'gone', but 'gone' is not an"):
        find_editor({"PATH": path, "VISUAL": "gone", "EDITOR": "myed"})
    assert find_editor({"PATH": path}) is None  # no nano, no vi
    fake_program(bin_dir, "vi")
    assert find_editor({"PATH": path}) == [str(bin_dir / "vi")]
    fake_program(bin_dir, "nano")
    assert find_editor({"PATH": path}) == [str(bin_dir / "nano")]
    with pytest.raises(EditorError, match=r"\$EDITOR is 'nosuch', but 'nosuch' is not an"):
        find_editor({"PATH": path, "EDITOR": "nosuch"})
    with pytest.raises(EditorError, match="cannot be read as a command"):
        find_editor({"PATH": path, "EDITOR": "'unclosed"})


def test_editor_argv_opens_at_the_line_when_the_editor_can() -> None:
    f = Path("/b/x.toml")
    assert editor_argv(["/usr/bin/vim"], f, 12) == ["/usr/bin/vim", "+12", "/b/x.toml"]
    assert editor_argv(["nano"], f, 3) == ["nano", "+3", "/b/x.toml"]
    assert editor_argv(["emacs", "-nw"], f, 3) == ["emacs", "-nw", "+3", "/b/x.toml"]
    assert editor_argv(["hx"], f, 7) == ["hx", "/b/x.toml:7"]
    assert editor_argv(["code", "--wait"], f, 7) == ["code", "--wait", "/b/x.toml"]
    assert editor_argv(["vim"], f, 1) == ["vim", "/b/x.toml"]


# --------------------------------------------------------------------------- sessions


def test_valid_edit_is_saved_with_comments_kept(tmp_path: Path) -> None:
    bank = tmp_path / "alpha.toml"
    shutil.copyfile(ALPHA, bank)
    original = bank.read_text(encoding="utf-8")
    session = begin_edit(bank, "consistency")
    assert session.line == line_of(original, "[[questions]]", 2)
    assert session.work_path.name == "alpha.toml" and session.work_path.parent != tmp_path
    replace_in_file(OLD_PROMPT, NEW_PROMPT)(session.work_path, session.line)
    outcome = finish(session)
    assert outcome.status == "saved"
    assert outcome.selected == "consistency"
    assert outcome.bank is not None and outcome.bank == load_bank(bank)
    assert bank.read_text(encoding="utf-8") == original.replace(OLD_PROMPT, NEW_PROMPT)
    assert not session.work_path.parent.exists()
    assert not rejected_path(bank).exists()


def test_renamed_question_stays_selected(tmp_path: Path) -> None:
    bank = tmp_path / "alpha.toml"
    shutil.copyfile(ALPHA, bank)
    session = begin_edit(bank, "consistency")
    replace_in_file('id = "consistency"', 'id = "consistency-models"')(session.work_path, 1)
    assert finish(session).selected == "consistency-models"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('difficulty = "hard"', 'difficulty = "trivial"', "questions[2].difficulty: Input should"),
        ('id = "consistency"', 'id = "caching"', "duplicate question id 'caching'"),
        ("[[questions]]", "[[questions]", "TOML syntax"),
        ('id = "alpha-engineer"', 'id = "beta-analyst"', "'beta-analyst' is already the role id"),
    ],
)
def test_invalid_edit_is_rejected_and_kept(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    bank = tmp_path / "alpha.toml"
    shutil.copyfile(ALPHA, bank)
    before = bank.read_bytes()
    session = begin_edit(bank, "consistency")
    replace_in_file(old, new)(session.work_path, 1)
    edited = session.work_path.read_bytes()
    outcome = finish(session, {"beta-analyst": BETA})
    assert outcome.status == "rejected"
    kept = rejected_path(bank)
    assert outcome.kept == kept and kept.name == "alpha.toml.rejected"
    assert kept.read_bytes() == edited
    assert bank.read_bytes() == before
    assert any(expected in e for e in outcome.errors), outcome.errors
    assert all(e.startswith(f"{kept}:") for e in outcome.errors)
    assert all("\n" not in e for e in outcome.errors)
    assert not session.work_path.parent.exists()


def test_line_numbers_of_errors_point_into_the_kept_file(tmp_path: Path) -> None:
    bank = tmp_path / "alpha.toml"
    shutil.copyfile(ALPHA, bank)
    session = begin_edit(bank, "consistency")
    replace_in_file('difficulty = "hard"', 'difficulty = "trivial"')(session.work_path, 1)
    (error,) = finish(session).errors
    kept = rejected_path(bank).read_text(encoding="utf-8")
    line = line_of(kept, 'difficulty = "trivial"')
    assert error.startswith(f"{rejected_path(bank)}:{line}: questions[2].difficulty: ")


def test_unchanged_or_emptied_edit_changes_nothing(tmp_path: Path) -> None:
    bank = tmp_path / "alpha.toml"
    shutil.copyfile(ALPHA, bank)
    before = bank.read_bytes()
    session = begin_edit(bank, "caching")
    assert finish(session).status == "unchanged"
    session = begin_edit(bank, "caching")
    session.work_path.write_text("\n  \n", encoding="utf-8")
    assert finish(session).status == "unchanged"
    assert bank.read_bytes() == before
    assert not rejected_path(bank).exists()


def test_bank_changed_on_disk_during_the_edit_is_not_overwritten(tmp_path: Path) -> None:
    bank = tmp_path / "alpha.toml"
    shutil.copyfile(ALPHA, bank)
    session = begin_edit(bank, "consistency")
    replace_in_file(OLD_PROMPT, NEW_PROMPT)(session.work_path, 1)
    bank.write_text(ALPHA.read_text(encoding="utf-8") + "# someone else\n", encoding="utf-8")
    outcome = finish(session)
    assert outcome.status == "rejected"
    assert "changed on disk while you were editing" in outcome.errors[0]
    assert bank.read_text(encoding="utf-8").endswith("# someone else\n")
    assert NEW_PROMPT in rejected_path(bank).read_text(encoding="utf-8")


def test_add_appends_a_template_that_must_be_changed(tmp_path: Path) -> None:
    bank = tmp_path / "alpha.toml"
    shutil.copyfile(ALPHA, bank)
    before = bank.read_text(encoding="utf-8")
    session = begin_add(bank)
    start = session.work_path.read_text(encoding="utf-8")
    assert start.startswith(before)
    assert start.splitlines()[session.line - 1] == "[[questions]]"
    assert finish(session).status == "unchanged"  # the bare template is not added
    session = begin_add(bank)
    replace_in_file('id = "new-question"', 'id = "bloom-filters"')(session.work_path, 1)
    outcome = finish(session)
    assert outcome.status == "saved" and outcome.selected == "bloom-filters"
    assert [q.id for q in load_bank(bank).questions][-1] == "bloom-filters"
    session = begin_add(bank)  # the template's id is free again
    assert 'id = "new-question"' in session.work_path.read_text(encoding="utf-8")


def test_write_text_atomic_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "x.toml"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_text_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.toml"]


# --------------------------------------------------------------------------- Pilot: e and a


def editing_app(tmp_path: Path, *, origin: Origin = Origin.USER) -> tuple[PrepApp, Path]:
    bank = user_copy()
    sources = [(bank, origin), (BETA, Origin.BUNDLED)]
    return PrepApp(sources=sources, store_path=tmp_path / "store.db"), bank


def messages(app: PrepApp) -> list[str]:
    return [n.message for n in app._notifications]


def list_prompt(app: PrepApp, index: int) -> str:
    return str(app.screen.query_one(QuestionList).get_option_at_index(index).prompt)


async def test_e_saves_a_valid_edit_and_shows_it(tmp_path: Path) -> None:
    app, bank = editing_app(tmp_path)
    calls: list[tuple[Path, int]] = []
    edit = replace_in_file(OLD_PROMPT, NEW_PROMPT)

    def runner(path: Path, line: int) -> None:
        calls.append((path, line))
        edit(path, line)

    app.browse.editor_runner = runner
    original = bank.read_text(encoding="utf-8")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "j", "j", "space")
        await pilot.pause()
        assert OLD_PROMPT in visible_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert calls == [(calls[0][0], line_of(original, "[[questions]]", 2))]
        assert bank.read_text(encoding="utf-8") == original.replace(OLD_PROMPT, NEW_PROMPT)
        text = visible_text(app)
        assert NEW_PROMPT in text and OLD_PROMPT not in text
        assert app.screen.query(Markdown), "the answer stays revealed"
        questions = app.screen.query_one(QuestionList)
        assert questions.highlighted == 2  # the selection is kept
        assert NEW_PROMPT in list_prompt(app, 2)
        assert app.result is not None
        loaded = app.result.get("alpha-engineer")
        assert loaded is not None and loaded.bank.questions[2].prompt == NEW_PROMPT
        assert any(m == f"Saved: {bank}" for m in messages(app))
        # the next e edits the new text
        app.browse.editor_runner = replace_in_file(NEW_PROMPT, OLD_PROMPT)
        await pilot.press("e")
        await pilot.pause()
        assert OLD_PROMPT in visible_text(app)
    assert bank.read_text(encoding="utf-8") == original


async def test_e_rejects_an_invalid_edit_with_a_notice(tmp_path: Path) -> None:
    app, bank = editing_app(tmp_path)
    app.browse.editor_runner = replace_in_file('difficulty = "hard"', 'difficulty = "trivial"')
    before = bank.read_bytes()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "j", "j", "e")
        await pilot.pause()
        kept = rejected_path(bank)
        (notice,) = [m for m in messages(app) if "was not changed" in m]
        line = line_of(kept.read_text(encoding="utf-8"), 'difficulty = "trivial"')
        assert notice.startswith(f"{kept}:{line}: questions[2].difficulty: Input should be")
        assert notice.endswith(f"The bank was not changed. Your edited text is kept in {kept}")
        assert bank.read_bytes() == before
        assert OLD_PROMPT in visible_text(app)
        assert isinstance(app.screen, BrowseScreen) and app.is_running


async def test_editor_failure_keeps_the_text(tmp_path: Path) -> None:
    app, bank = editing_app(tmp_path)
    edit = replace_in_file(OLD_PROMPT, NEW_PROMPT)

    def crashing(path: Path, line: int) -> None:
        edit(path, line)
        raise EditorError("the editor (vim) exited with status 1")

    app.browse.editor_runner = crashing
    before = bank.read_bytes()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "j", "j", "e")
        await pilot.pause()
        kept = rejected_path(bank)
        assert (
            "The editor (vim) exited with status 1; the bank was not changed.\n"
            f"Your edited text is kept in {kept}"
        ) in messages(app)
        assert bank.read_bytes() == before
        assert NEW_PROMPT in kept.read_text(encoding="utf-8")


async def test_e_without_any_editor_says_how_to_set_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("VISUAL", raising=False)
    app, bank = editing_app(tmp_path)
    before = bank.read_bytes()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "e")
        await pilot.pause()
        assert any(
            m.startswith("No text editor found: set $EDITOR, for example: export EDITOR=nano")
            for m in messages(app)
        )
    assert bank.read_bytes() == before
    assert not rejected_path(bank).exists()


async def test_e_on_a_bundled_bank_is_read_only(tmp_path: Path) -> None:
    app, _ = editing_app(tmp_path, origin=Origin.BUNDLED)
    calls: list[Path] = []
    app.browse.editor_runner = lambda path, line: calls.append(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "e")
        await pilot.pause()
        (notice,) = messages(app)
        assert notice.startswith("Alpha Engineer is bundled with preptui and read-only.")
        assert "preptui export alpha-engineer --format md -o alpha-engineer.md" in notice
        assert (
            "preptui import alpha-engineer.md --role-id alpha-engineer-mine"
            " --title 'Alpha Engineer (mine)'\n"
        ) in notice
        await pilot.press("a")
        await pilot.pause()
        assert "preptui new my-questions" in messages(app)[-1]
    assert calls == []


async def test_a_adds_a_question_and_selects_it(tmp_path: Path) -> None:
    app, bank = editing_app(tmp_path)
    app.browse.editor_runner = replace_in_file(
        'prompt = "Write the question here, as an interviewer would ask it."',
        'prompt = "What is a Bloom filter good for?"',
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert app.focused is app.screen.query_one(QuestionList)
        assert str(app.screen.query_one(FilterBar).render()) == "6 of 6"
        assert app.browse.question is not None
        assert app.browse.question.prompt == "What is a Bloom filter good for?"
        assert "What is a Bloom filter good for?" in visible_text(app)
        assert app.screen.query_one(QuestionList).highlighted == 5
        assert [q.id for q in load_bank(bank).questions][-1] == "new-question"
        assert any(m == f"Question added: {bank}" for m in messages(app))
        # the untouched template adds nothing
        app.browse.editor_runner = lambda path, line: None
        await pilot.press("a")
        await pilot.pause()
        assert messages(app)[-1] == "No changes: nothing added."
    assert len(load_bank(bank).questions) == 6


# --------------------------------------------------------------------------- Pilot: n


async def test_n_note_is_saved_shown_after_reveal_and_after_restart(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    app = PrepApp(sources=[(ALPHA, Origin.BUNDLED)], store_path=db)  # notes work on any bank
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.focused is app.screen.query_one(TextArea)
        await pilot.press(*"Mention", "space", *"[b]jitter[/b]", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert "Your note" not in visible_text(app)  # hidden with the answer
        await pilot.press("space")
        await pilot.pause()
        text = visible_text(app)
        assert "Your note\nMention [b]jitter[/b]" in text  # literal, not markup
        await pilot.press("j")
        await pilot.pause()
        assert "Your note" not in visible_text(app)
    assert Store(db).note("alpha-engineer", "caching") == "Mention [b]jitter[/b]"

    again = PrepApp(sources=[(ALPHA, Origin.BUNDLED)], store_path=db)
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "space")
        await pilot.pause()
        assert "Your note\nMention [b]jitter[/b]" in visible_text(again)
        # an emptied note, saved, is deleted
        await pilot.press("n")
        await pilot.pause()
        again.screen.query_one(TextArea).text = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(again.screen, BrowseScreen)
        assert "Your note" not in visible_text(again)
        assert "Note deleted." in messages(again)
    assert Store(db).note("alpha-engineer", "caching") == ""


async def test_n_without_a_store_says_so(tmp_path: Path) -> None:
    app = PrepApp(sources=[(ALPHA, Origin.BUNDLED)], use_store=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab", "n")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert messages(app) == ["Notes are unavailable: the store could not be opened."]


def test_env_has_no_editor_set() -> None:
    assert "EDITOR" not in os.environ  # conftest keeps tests away from a real editor
