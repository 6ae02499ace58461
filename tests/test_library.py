"""Guards on the bundled role library: every bank is complete, deep enough and clean."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from preptui.banks import Origin, bank_files, load_banks
from preptui.cli import main
from preptui.mock import build_agenda
from preptui.model import Bank, Kind

from .conftest import REPO

ROLES = {
    "software-engineer",
    "backend-engineer",
    "frontend-engineer",
    "mobile-engineer",
    "ml-engineer",
    "data-scientist",
    "data-engineer",
    "data-analyst",
    "sre",
    "platform-engineer",
    "security-engineer",
    "qa-engineer",
    "product-manager",
    "engineering-manager",
    "ux-designer",
}
RESULT = load_banks([(p, Origin.BUNDLED) for p in bank_files(REPO / "banks")])
BANKS = {loaded.bank.role.id: loaded.bank for loaded in RESULT.banks}
PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|lorem|ipsum|xxx)\b", re.IGNORECASE)


def words(text: str) -> int:
    return len(text.split())


def test_library_loads_cleanly_with_every_role() -> None:
    assert [str(e) for e in RESULT.errors] == []
    assert set(BANKS) == ROLES


@pytest.mark.parametrize("role_id", sorted(ROLES))
def test_bank_is_deep_enough(role_id: str) -> None:
    bank = BANKS[role_id]
    assert 4 <= len(bank.role.tips) <= 6
    assert len(bank.questions) >= 15
    kinds = Counter(q.kind for q in bank.questions)
    for kind, count in bank.role.format.mix.items():
        assert kinds[kind] >= 2 * count, f"{kind.value}: two mocks need {2 * count}"
    assert kinds[Kind.BEHAVIOURAL] >= 2
    assert {q.difficulty.value for q in bank.questions} == {"easy", "medium", "hard"}


@pytest.mark.parametrize("role_id", sorted(ROLES))
def test_every_answer_is_substantial_and_clean(role_id: str) -> None:
    bank = BANKS[role_id]
    low = 150 if role_id == "ml-engineer" else 120
    seen: set[str] = set()
    for q in bank.questions:
        assert low <= words(q.answer) <= 400, f"{q.id}: {words(q.answer)} words"
        assert 3 <= len(q.key_points) <= 6, q.id
        assert 2 <= len(q.follow_ups) <= 3, q.id
        assert q.tags, q.id
        assert not PLACEHOLDER.search(q.answer + " ".join(q.key_points)), q.id
        normalised = " ".join(q.answer.split()).casefold()
        assert normalised not in seen, f"{q.id}: duplicated answer"
        seen.add(normalised)


@pytest.mark.parametrize("role_id", sorted(ROLES))
def test_two_disjoint_mocks_fill_the_mix(role_id: str) -> None:
    bank = BANKS[role_id]
    first = build_agenda(bank, seed=1)
    used = set(first.question_ids)
    rest = Bank(role=bank.role, questions=[q for q in bank.questions if q.id not in used])
    second = build_agenda(rest, seed=2)
    assert not used & set(second.question_ids)
    for agenda in (first, second):
        kinds = Counter(s.question.kind for s in agenda.questions if s.question)
        assert kinds == Counter({k: n for k, n in bank.role.format.mix.items() if n})
        assert not [n for n in agenda.notes if "short" in n or "filled" in n.casefold()]
        assert agenda.total_seconds == bank.role.format.minutes * 60


def test_ml_bank_keeps_the_reference_topics() -> None:
    bank = BANKS["ml-engineer"]
    ids = {q.id for q in bank.questions}
    assert {
        "learning-paradigms",
        "overfitting",
        "bias-variance",
        "deploy-model",
        "recommendation-system",
        "classification-metrics",
        "feature-engineering",
        "failed-ml-project",
        "accuracy-decay",
    } <= ids
    fmt = bank.role.format
    assert fmt.minutes == 60
    assert fmt.mix == {Kind.TECHNICAL: 7, Kind.BEHAVIOURAL: 1, Kind.SCENARIO: 1}


def test_list_shows_every_role(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert {line.split()[0] for line in lines} >= ROLES
    for line in lines:
        assert int(line.split()[1]) >= 15
