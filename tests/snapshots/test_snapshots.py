"""Snapshot tests of the screens over the sample banks (pytest-textual-snapshot).

Update after a deliberate UI change: pytest tests/snapshots/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from preptui.banks.discover import Origin

from ..apphelpers import sample_app, wait_for_banks

SIZES = [(120, 36), (80, 24)]

Snap = Callable[..., bool]


_TYPED = "\0typed:"


def typed(text: str) -> str:
    """A step of ``ready``: ``text`` typed into the focused box in one go (same Changed event,
    same screen as a key at a time, which only costs test time)."""
    return _TYPED + text


def ready(*keys: str, quiet: bool = False) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for_banks(pilot)
        for key in keys:
            if key.startswith(_TYPED):
                box = pilot.app.focused
                assert isinstance(box, TextArea), box
                box.insert(key.removeprefix(_TYPED))
                await pilot.pause()
            else:
                await pilot.press(key)
        await pilot.pause()
        if quiet:  # toasts expire on the wall clock: keep them out of timing-sensitive shots
            pilot.app.clear_notifications()
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(sample_app(), terminal_size=size, run_before=ready())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_question_hidden(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(sample_app(), terminal_size=size, run_before=ready("tab"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_question_revealed(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(sample_app(), terminal_size=size, run_before=ready("tab", "space"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(sample_app(), terminal_size=size, run_before=ready("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search(snap_compare: Snap, size: tuple[int, int]) -> None:
    keys = ("slash", *"cache")
    assert snap_compare(sample_app(), terminal_size=size, run_before=ready(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_bad_bank_notice(
    snap_compare: Snap, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relative path keeps the snapshot the same in any checkout folder.
    monkeypatch.chdir(Path(__file__).parents[1] / "data")
    app = sample_app(Path("bad/broken.toml"))
    assert app._sources is not None and app._sources[-1][1] is Origin.EXTRA
    assert snap_compare(app, terminal_size=size, run_before=ready())


def mock_snapshot_app(tmp_path: Path) -> Any:
    from preptui.banks.discover import bank_files
    from preptui.mock.clock import FakeClock
    from preptui.ui.app import PrepApp
    from preptui.ui.requests import MockRequest

    from ..conftest import SAMPLE_BANKS

    return PrepApp(
        sources=[(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)],
        store_path=tmp_path / "store.db",
        mock=MockRequest("alpha-engineer", minutes=20, seed=5),
        clock=FakeClock(),
    )


MOCK_CASES = {
    "preview": (),
    "interview_hidden": ("enter", "n", "tab", *"cache hits", "escape"),
    "interview_revealed": ("enter", "n", "space", "space", "3"),
    "scorecard": ("enter", "n", "3", "n", "s", "n", "space", "4", "n", "n", "n"),
}


@pytest.mark.parametrize("case", list(MOCK_CASES))
def test_mock_screens(snap_compare: Snap, case: str, tmp_path: Path) -> None:
    app = mock_snapshot_app(tmp_path)
    keys = MOCK_CASES[case]
    assert snap_compare(app, terminal_size=(100, 32), run_before=ready(*keys, quiet=True))
