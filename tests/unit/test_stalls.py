"""Issue 15's key stalls: the question list's line count, the idle collector, the role indexes."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line

from preptui.banks.load import LoadedBank
from preptui.kinds import Difficulty, Kind
from preptui.model import Bank, Format, Question, Role
from preptui.ui import collector
from preptui.ui.collector import IdleCollector
from preptui.ui.role_indexes import RoleIndexes
from preptui.ui.widgets.question_list import _breaks

# Words, runs of spaces and long words; now and then a character that is not one cell wide.
lines = st.lists(
    st.one_of(
        st.text("abc", min_size=1, max_size=14),
        st.text(" ", min_size=1, max_size=3),
        st.sampled_from(["é", "日本", "\u200b", "?!", "x" * 25, "○ ", "★", "\u00a0"]),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(line=lines, width=st.integers(1, 40))
def test_the_line_breaks_are_the_ones_content_wraps_at(line: str, width: int) -> None:
    assert _breaks(line, width) == len(divide_line(line, width, fold=True))


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def due(monkeypatch: pytest.MonkeyPatch, young: int) -> list[int]:
    """gc.get_count() says ``young`` generation 1 collections since the last full one;
    returns the list that records the full collections made."""
    made: list[int] = []

    def collect(*args: object) -> int:
        made.append(1)
        return 0

    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, young))
    monkeypatch.setattr(gc, "collect", collect)
    return made


def test_a_due_collection_waits_for_a_pause_in_the_input(
    monkeypatch: pytest.MonkeyPatch, thresholds: None
) -> None:
    clock = FakeClock()
    idle = IdleCollector(clock=clock)
    idle.start()
    assert gc.get_threshold()[2] == collector.FULL_AFTER  # CPython's own, far off
    made = due(monkeypatch, collector.DUE_AFTER)
    for _ in range(10):  # a key every half second: never collected under them
        clock.now += 0.5
        idle.busy()
        assert not idle.tick()
    clock.now += collector.QUIET  # a pause: the next tick sees none since the last one
    assert not idle.tick()  # input came after the tick before this one
    clock.now += 0.5
    assert idle.tick() and made == [1]
    idle.stop()
    assert gc.get_threshold()[2] != collector.FULL_AFTER


def test_nothing_is_collected_when_none_is_due_or_while_a_worker_runs(
    monkeypatch: pytest.MonkeyPatch, thresholds: None
) -> None:
    clock = FakeClock()
    working = [True]
    idle = IdleCollector(working=lambda: working[0], clock=clock)
    idle.start()
    made = due(monkeypatch, collector.DUE_AFTER)
    for _ in range(10):
        clock.now += collector.QUIET
        assert not idle.tick()  # the user waits for the worker
    working[0] = False
    clock.now += 0.5
    assert not idle.tick()  # the worker just finished: its result is being looked at
    clock.now += collector.QUIET
    assert idle.tick() and made == [1]
    made.clear()
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, collector.DUE_AFTER - 1))
    clock.now += collector.QUIET
    assert not idle.tick() and not made
    idle.stop()


def test_nothing_is_collected_before_start_or_with_the_collector_off(
    monkeypatch: pytest.MonkeyPatch, thresholds: None
) -> None:
    clock = FakeClock()
    idle = IdleCollector(clock=clock)
    made = due(monkeypatch, collector.DUE_AFTER)
    clock.now += 10
    assert not idle.tick()  # not started
    idle.start()
    monkeypatch.setattr(gc, "isenabled", lambda: False)  # banks loading
    clock.now += 10
    idle.tick()
    clock.now += 10
    assert not idle.tick() and not made
    idle.stop()


def loaded(role_id: str, count: int) -> LoadedBank:
    from pathlib import Path

    from preptui.banks.discover import Origin

    questions = [
        Question(
            id=f"q{i}",
            prompt=f"Question {i}?",
            difficulty=Difficulty.EASY,
            kind=Kind.TECHNICAL,
            answer="An answer.",
            key_points=["one", "two"],
        )
        for i in range(count)
    ]
    role = Role(
        id=role_id,
        title=role_id.title(),
        summary="A role.",
        format=Format(minutes=30, rounds="One round.", mix={Kind.TECHNICAL: 1}),
    )
    bank = Bank(role=role, questions=questions)
    return LoadedBank(bank=bank, path=Path(f"/banks/{role_id}.toml"), origin=Origin.EXTRA)


def test_a_role_index_is_made_once_and_forgotten_with_its_bank() -> None:
    indexes = RoleIndexes()
    alpha, beta = loaded("alpha", 3), loaded("beta", 2)
    first = indexes.get(alpha)
    assert indexes.get(alpha) is first and indexes.get(beta) is not first
    edited = loaded("alpha", 4)  # the bank re-read after an edit: a new list of questions
    indexes.keep([edited, beta])
    assert len(indexes) == 1
    again = indexes.get(edited)
    assert again is not first and len(again.questions) == 4
