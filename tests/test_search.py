"""Search and filters: pure logic."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from preptui.banks import load_bank
from preptui.model import Difficulty, Kind
from preptui.search import Filter, SearchIndex, cycle

from .conftest import SAMPLE_BANKS

BANK = load_bank(SAMPLE_BANKS / "alpha.toml")


def ids(flt: Filter, bookmarks: set[str] | None = None) -> list[str]:
    index = SearchIndex(BANK.questions)
    return [BANK.questions[i].id for i in index.filter(flt, bookmarks or set())]


def test_no_filter_keeps_bank_order() -> None:
    assert ids(Filter()) == [q.id for q in BANK.questions]


def test_search_matches_prompt_answer_and_tags_case_insensitively() -> None:
    assert ids(Filter(text="CACHE")) == ["caching"]
    assert ids(Filter(text="stampede")) == ["caching"]  # in the answer
    assert ids(Filter(text="distributed-systems")) == ["consistency"]  # a tag
    assert ids(Filter(text="roll back")) == ["outage"]  # every word must match


def test_difficulty_kind_and_bookmark_filters_combine() -> None:
    assert ids(Filter(difficulty=Difficulty.EASY)) == ["caching", "conflict"]
    assert ids(Filter(difficulty=Difficulty.EASY, kind=Kind.BEHAVIOURAL)) == ["conflict"]
    assert ids(Filter(bookmarked=True), {"outage"}) == ["outage"]


def test_cycle_goes_round_through_none() -> None:
    options = list(Difficulty)
    seen = [None]
    for _ in range(4):
        seen.append(cycle(seen[-1], options))
    assert seen == [None, Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD, None]


def test_describe() -> None:
    flt = Filter(text=" drift ", difficulty=Difficulty.MEDIUM, kind=Kind.TECHNICAL)
    assert flt.describe(7, 18) == "7 of 18 · medium · technical · “drift”"
    assert Filter().describe(18, 18) == "18 of 18"


@given(st.text(max_size=20))
def test_search_result_is_a_subset_in_order(text: str) -> None:
    result = ids(Filter(text=text))
    all_ids = [q.id for q in BANK.questions]
    assert result == [i for i in all_ids if i in result]
    for qid in result:
        question = BANK.question(qid)
        assert question is not None
        for term in text.casefold().split():
            assert term in question.search_text()
