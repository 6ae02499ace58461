"""``e`` after a rejected edit offers to reopen the rejected text instead of the bank's (Pilot,
with a fake editor), and each rejected edit is kept under a name of its own."""

from __future__ import annotations

from pathlib import Path

from preptui.banks.edit import latest_rejected, rejected_files, rejected_since_saved
from preptui.ui.dialogs.confirm import ConfirmScreen
from preptui.ui.screens.browse import BrowseScreen

from ..apphelpers import until, visible_text, wait_for_banks
from .test_editing import NEW_PROMPT, OLD_PROMPT, editing_app, line_of, messages

BAD = 'difficulty = "trivial"'


class Editor:
    """A fake $EDITOR: records the text it was opened on (and the line), then changes it."""

    def __init__(self) -> None:
        self.opened: list[tuple[str, int]] = []
        self.change: tuple[str, str] | None = None

    def __call__(self, path: Path, line: int) -> None:
        text = path.read_text(encoding="utf-8")
        self.opened.append((text, line))
        if self.change is not None:
            old, new = self.change
            assert old in text
            path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_e_after_a_rejected_edit_offers_the_rejected_text(tmp_path: Path) -> None:
    app, bank = editing_app(tmp_path)
    editor = Editor()
    app.browse.editor_runner = editor
    original = bank.read_text(encoding="utf-8")
    assert rejected_since_saved(bank) is None
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        # A first edit: a new prompt, and a difficulty the bank format refuses.
        editor.change = ('difficulty = "hard"', BAD)
        await pilot.press("tab", "j", "j", "e")
        await pilot.pause()
        kept = latest_rejected(bank)
        assert kept is not None and BAD in kept.read_text(encoding="utf-8")
        assert bank.read_text(encoding="utf-8") == original

        # e again: asked first; y reopens the rejected text, at the question's line.
        editor.change = (BAD, 'difficulty = "hard"\n# fixed')
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the offer")
        offer = visible_text(app)
        assert "Your last edit of this bank was rejected" in offer and str(kept) in offer
        assert len(editor.opened) == 1  # no editor until the person answers
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "back")
        await pilot.pause()
        rejected_text, line = editor.opened[1]
        assert BAD in rejected_text
        assert line == line_of(rejected_text, "[[questions]]", 2)
        saved = bank.read_text(encoding="utf-8")
        assert "# fixed" in saved and BAD not in saved
        assert any(m == f"Saved: {bank}" for m in messages(app))

        # Saved since: e edits the bank straight away; the rejected text is still kept.
        editor.change = None
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert editor.opened[2][0] == saved
        assert rejected_since_saved(bank) is None and latest_rejected(bank) == kept


async def test_n_edits_the_bank_as_it_is_and_every_rejection_is_kept(tmp_path: Path) -> None:
    app, bank = editing_app(tmp_path)
    editor = Editor()
    app.browse.editor_runner = editor
    original = bank.read_text(encoding="utf-8")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        editor.change = (OLD_PROMPT, NEW_PROMPT + '"\nbroken = [')
        await pilot.press("tab", "j", "j", "e")
        await pilot.pause()
        assert len(rejected_files(bank)) == 1
        # e, n: the bank's own text (not the rejected one); a second rejection, kept apart.
        editor.change = ('difficulty = "hard"', BAD)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the offer")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "back")
        await pilot.pause()
        assert editor.opened[1][0] == original
        first, second = rejected_files(bank)
        assert "broken = [" in first.read_text(encoding="utf-8")
        assert BAD in second.read_text(encoding="utf-8")
        assert (
            first.name.startswith("alpha.toml.rejected-") and second.name == "alpha.toml.rejected"
        )
        # The newest rejection is the one offered next; escape answers no.
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the offer")
        assert str(second) in visible_text(app)
        editor.change = None
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BrowseScreen), "back")
        await pilot.pause()
        assert editor.opened[2][0] == original
        assert bank.read_text(encoding="utf-8") == original
        assert app.is_running
