"""Search across roles (F in the browser): pure logic over each role's SearchIndex."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from preptui.banks.load import load_bank
from preptui.search import Filter, SearchIndex, search_roles

from ..conftest import SAMPLE_BANKS

ALPHA = load_bank(SAMPLE_BANKS / "alpha.toml")
BETA = load_bank(SAMPLE_BANKS / "beta.toml")
INDEXES = [
    ("alpha-engineer", SearchIndex(ALPHA.questions)),
    ("beta-analyst", SearchIndex(BETA.questions)),
]


def found(text: str, limit: int = 200) -> list[tuple[str, str]]:
    hits, _ = search_roles(INDEXES, text, limit)
    return [(hit.role_id, hit.question.id) for hit in hits]


def test_hits_name_their_role_in_the_order_of_the_roles() -> None:
    assert found("disagreed") == [("alpha-engineer", "conflict"), ("beta-analyst", "stakeholder")]
    assert search_roles(INDEXES, "disagreed")[1] == 2


def test_prompt_hits_of_every_role_come_before_answer_only_hits() -> None:
    # "cache" is in the caching question's prompt, and only in other answers.
    hits, total = search_roles(INDEXES, "cache")
    assert hits[0].question.id == "caching" and hits[0].in_prompt
    assert all(not hit.in_prompt for hit in hits[1:])
    assert total == len(hits)


def test_no_terms_no_hits_and_the_limit_keeps_the_total() -> None:
    assert search_roles(INDEXES, "   ") == ([], 0)
    hits, total = search_roles(INDEXES, "e", limit=3)
    assert len(hits) == 3 and total > 3


@given(st.text(alphabet="abcdeilnorst ", max_size=8))
def test_search_roles_finds_what_each_role_finds_alone(text: str) -> None:
    hits, total = search_roles(INDEXES, text)
    expected = {
        (role_id, index.questions[i].id)
        for role_id, index in INDEXES
        for i in index.filter(Filter(text=text))
    }
    if not Filter(text=text).terms:
        expected = set()
    assert {(h.role_id, h.question.id) for h in hits} == expected
    assert total == len(expected)
