"""Search and filters: pure logic."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preptui import search
from preptui.banks.load import load_bank
from preptui.model import Difficulty, Kind, Question
from preptui.search import Filter, SearchIndex, cycle

from ..conftest import SAMPLE_BANKS

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
    seen: list[Difficulty | None] = [None]
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


# --------------------------------------------------------------------------- indexed search


@contextmanager
def tuned(**constants: int) -> Iterator[None]:
    """Temporarily change preptui.search's tuning constants (read on every call)."""
    saved = {name: getattr(search, name) for name in constants}
    for name, value in constants.items():
        setattr(search, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(search, name, value)


def question(qid: str, text: str, difficulty: Difficulty, kind: Kind) -> Question:
    return Question(
        id=qid,
        prompt=text,
        answer=text[::-1],
        difficulty=difficulty,
        kind=kind,
        key_points=["one", "two"],
        tags=["tag"],
    )


def expected(
    questions: list[Question], flt: Filter, bookmarks: set[str], due: set[str]
) -> list[int]:
    """What filter must return: the plain definition, one question at a time."""
    terms = flt.text.casefold().split()
    return [
        i
        for i, q in enumerate(questions)
        if all(term in q.search_text() for term in terms)
        and flt.difficulty in (None, q.difficulty)
        and flt.kind in (None, q.kind)
        and (not flt.bookmarked or q.id in bookmarks)
        and (not flt.due or q.id in due)
    ]


# Few letters, so terms often match; ß casefolds to "ss"; NBSP and tab are whitespace to split().
ALPHABET = "abcAßs -\t\u00a0\n"
texts = st.text(ALPHABET, min_size=1, max_size=40).filter(str.strip)
filters = st.builds(
    Filter,
    text=st.text(ALPHABET, max_size=8),
    difficulty=st.none() | st.sampled_from(Difficulty),
    kind=st.none() | st.sampled_from([Kind.TECHNICAL, Kind.BEHAVIOURAL]),
    bookmarked=st.booleans(),
    due=st.booleans(),
)


@given(
    rows=st.lists(
        st.tuples(
            texts,
            st.sampled_from(Difficulty),
            st.sampled_from([Kind.TECHNICAL, Kind.BEHAVIOURAL]),
            st.booleans(),
            st.booleans(),
        ),
        max_size=12,
    ),
    typed=st.lists(filters, min_size=1, max_size=8),
    scan_below=st.sampled_from([0, 3, 1_000]),
    work_per_text=st.sampled_from([0, 1, 4]),
    memo_items=st.sampled_from([1, 50_000]),
)
def test_indexed_search_returns_what_a_scan_returns(
    rows: list[tuple[str, Difficulty, Kind, bool, bool]],
    typed: list[Filter],
    scan_below: int,
    work_per_text: int,
    memo_items: int,
) -> None:
    questions = [question(f"q{i}", *row[:3]) for i, row in enumerate(rows)]
    bookmarks = {f"q{i}" for i, row in enumerate(rows) if row[3]}
    due = {f"q{i}" for i, row in enumerate(rows) if row[4]}
    indexed = SearchIndex(questions, index_above=-1)  # forced, however little text
    indexed.prepare()
    assert indexed.worth_indexing and indexed.indexed
    scanned = SearchIndex(questions)
    assert not scanned.worth_indexing
    scanned.prepare()  # not worth it: does nothing
    assert not scanned.indexed
    # The same index answers filter after filter, as while typing: terms are remembered.
    with tuned(SCAN_BELOW=scan_below, WORK_PER_TEXT=work_per_text, MEMO_ITEMS=memo_items):
        for flt in typed:
            for prefix in (flt.with_text(flt.text[:end]) for end in range(len(flt.text) + 1)):
                want = expected(questions, prefix, bookmarks, due)
                assert indexed.filter(prefix, bookmarks, due) == want, prefix
                assert scanned.filter(prefix, bookmarks, due) == want, prefix


def test_remembered_terms_belong_to_their_index() -> None:
    first = [question("a", "cache miss", Difficulty.EASY, Kind.TECHNICAL)]
    second = [
        question("b", "queue", Difficulty.EASY, Kind.TECHNICAL),
        question("c", "cache hit", Difficulty.EASY, Kind.TECHNICAL),
    ]
    one, two = SearchIndex(first, index_above=-1), SearchIndex(second, index_above=-1)
    for index in (one, two):
        index.prepare()
    for text in ("c", "ca", "cache", "cache m"):
        assert one.filter(Filter(text=text)) == [0]
    assert two.filter(Filter(text="cache")) == [1]
    assert two.filter(Filter(text="cache m")) == []
    assert SearchIndex(second).filter(Filter(text="cache")) == [1]


@pytest.mark.parametrize("index_above", [search.INDEX_ABOVE_CHARS, -1], ids=["scan", "indexed"])
def test_text_difficulty_kind_bookmarked_and_due_combine(index_above: int) -> None:
    index = SearchIndex(BANK.questions, index_above=index_above)
    index.prepare()

    def got(flt: Filter, bookmarks: Collection[str] = (), due: Collection[str] = ()) -> list[str]:
        return [index.questions[i].id for i in index.filter(flt, bookmarks, due)]

    technical = Filter(kind=Kind.TECHNICAL)
    assert got(technical.with_text("the")) == ["caching", "markup-injection", "consistency"]
    medium = technical.next_difficulty().next_difficulty()
    assert got(medium.with_text("the")) == ["markup-injection"]
    assert got(medium.with_text("the").toggle_bookmarked(), ["caching"]) == []
    both = Filter(text="THE").toggle_bookmarked().toggle_due()
    marked, due = ["caching", "outage", "conflict"], ["outage", "conflict", "consistency"]
    assert got(both, marked, due) == ["outage", "conflict"]
    assert got(both.next_kind([Kind.SCENARIO]), marked, due) == ["outage"]
    assert got(both.next_difficulty(), marked, due) == ["conflict"]
    assert got(both.with_text("cache"), marked, due) == []
    assert got(Filter(due=True)) == []


def test_prepare_in_a_thread_while_filtering() -> None:
    questions = [
        question(f"q{i}", f"word{i % 7} shared {'rare' if i % 50 == 0 else 'common'}", d, k)
        for i, (d, k) in enumerate(
            zip(list(Difficulty) * 200, [Kind.TECHNICAL] * 600, strict=False)
        )
    ]
    index = SearchIndex(questions, index_above=-1)
    flt = Filter(text="rare word0")
    want = expected(questions, flt, set(), set())
    assert want
    worker = threading.Thread(target=index.prepare)
    worker.start()
    while worker.is_alive():
        assert index.filter(flt) == want
    worker.join()
    assert index.indexed
    assert index.filter(flt) == want


def test_abandoned_index_is_not_built_and_still_filters() -> None:
    index = SearchIndex(BANK.questions, index_above=-1)
    index.abandon()
    index.prepare()
    assert not index.indexed
    assert [index.questions[i].id for i in index.filter(Filter(text="cache"))] == ["caching"]
