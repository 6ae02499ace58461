"""The question list's rows: each one whole, with its separator, however its prompt wraps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from preptui.kinds import Difficulty, Kind
from preptui.model import Question
from preptui.ui.widgets.question_list import QuestionList

RULE = "─"


class ListApp(App[None]):
    CSS = "QuestionList { width: 36; height: 18; }"

    def compose(self) -> ComposeResult:
        yield QuestionList()


def question(number: int, prompt: str) -> Question:
    return Question(
        id=f"q{number}",
        prompt=prompt,
        difficulty=Difficulty.EASY,
        kind=Kind.TECHNICAL,
        answer="An answer.",
        key_points=["one", "two"],
    )


# Prompts that fit on one line of the empty list but wrap once its scrollbar shows (those rows
# lost their separator line), and some that fit or wrap either way.
@pytest.mark.parametrize("short_of_width", [-4, 0, 1, 2, 8])
async def test_every_row_keeps_its_separator_when_the_scrollbar_narrows_the_list(
    short_of_width: int,
) -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        await pilot.pause()
        length = widget.scrollable_content_region.width - short_of_width  # no scrollbar yet
        widget.show([question(i, "w" * length) for i in range(30)], set(), None, {})
        await pilot.pause()
        await pilot.pause()
        width = widget.scrollable_content_region.width
        assert width < length + short_of_width, "the scrollbar should narrow the list"
        lines = [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]
        wrapped = -(-length // width)  # prompt lines
        row = wrapped + 2  # then the badges, then the separator
        for top in range(0, len(lines) - row + 1, row):
            assert lines[top].startswith("w"), lines
            assert "easy" in lines[top + wrapped], lines
            assert set(lines[top + wrapped + 1]) == {RULE}, lines


async def test_marking_a_question_not_listed_changes_nothing() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        shown = [question(i, f"Question {i}?") for i in range(3)]
        widget.show(shown, set(), None, {})
        await pilot.pause()
        widget.mark(question(7, "Filtered out?"), True)  # the answer panel's, not in the list
        await pilot.pause()
        assert [str(widget.get_option_at_index(i).prompt) for i in range(3)] == [
            f"Question {i}?\n easy   technical " for i in range(3)
        ]


@settings(max_examples=100, deadline=None)
@given(heights=st.lists(st.integers(1, 6), max_size=40))
def test_the_lines_are_each_options_lines_in_order(heights: list[int]) -> None:
    from preptui.ui.widgets.question_list import _LineCache

    cache = _LineCache()
    for height in heights:
        cache.add(height)
    expected = [(index, line) for index, h in enumerate(heights) for line in range(h)]
    assert list(cache.lines) == expected
    assert [expected.index((i, 0)) for i in range(len(heights))] == [
        cache.index_to_line[i] for i in range(len(heights))
    ]
    assert len(cache.lines) == len(expected)
    if expected:
        assert cache.lines[-1] == expected[-1]
    with pytest.raises(IndexError):
        cache.lines[len(expected)]
    cache.clear()
    assert len(cache.lines) == 0 and not cache.heights and not cache.index_to_line
