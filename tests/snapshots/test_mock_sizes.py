"""The mock interview's screens at 80×24 and 120×36 (pytest-textual-snapshot), over the sample
banks with a fake clock: the agenda, the opening, a question before and after reveal (with the
coach's marks and a follow-up), the closing and the scorecard.

Update after a deliberate UI change: pytest tests/snapshots/test_mock_sizes.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from preptui.banks.discover import Origin, bank_files
from preptui.mock.clock import FakeClock
from preptui.ui.app import PrepApp
from preptui.ui.requests import MockRequest

from ..conftest import SAMPLE_BANKS
from .test_snapshots import SIZES, ready, typed

Snap = Callable[..., bool]

ANSWER = "A cache helps when the same expensive read repeats and stale data is acceptable."

CASES: dict[str, tuple[str, ...]] = {
    "preview": (),
    "opening": ("enter", "tab", typed("I build alpha systems"), "escape", "space"),
    "question_hidden": ("enter", "n", "tab", *"cache hits", "escape"),
    "question_revealed": ("enter", "n", "tab", typed(ANSWER), "escape", "space"),
    "closing": ("enter", *"nnnnnn", "space"),
    "scorecard": (
        "enter",
        "n",
        "tab",
        typed(ANSWER),
        "escape",
        "space",
        "tab",
        typed("a lock per key"),
        "escape",
        "3",
        "n",
        "s",
        "n",
        "space",
        "4",
        "n",
        "n",
        "n",
    ),
}


def mock_app(tmp_path: Path) -> Any:
    return PrepApp(
        sources=[(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)],
        store_path=tmp_path / "store.db",
        mock=MockRequest("alpha-engineer", minutes=20, seed=5),
        clock=FakeClock(),
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("case", list(CASES))
def test_mock(snap_compare: Snap, case: str, size: tuple[int, int], tmp_path: Path) -> None:
    app = mock_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=ready(*CASES[case], quiet=True))
