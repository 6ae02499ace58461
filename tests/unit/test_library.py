"""Guards on the bundled role library: every bank is complete, deep enough and clean."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from preptui.banks.discover import Origin, bank_files
from preptui.banks.load import load_banks
from preptui.cli import main
from preptui.mock.agenda import build_agenda
from preptui.model import Bank, Kind

from ..conftest import REPO

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
NEW_ROLES = {"ai-engineer", "solutions-architect", "technical-program-manager"}
ALL_ROLES = ROLES | NEW_ROLES
# Loaded at import, for the parametrisations: before any fixture isolates the data folder, so
# parse every file for real (as `preptui validate` does) and write no cache anywhere.
RESULT = load_banks([(p, Origin.BUNDLED) for p in bank_files(REPO / "banks")], cache=False)
BANKS = {loaded.bank.role.id: loaded.bank for loaded in RESULT.banks}
PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|lorem|ipsum|xxx)\b", re.IGNORECASE)


def words(text: str) -> int:
    return len(text.split())


def test_library_loads_cleanly_with_every_role() -> None:
    assert [str(e) for e in RESULT.errors] == []
    assert set(BANKS) == ALL_ROLES


@pytest.mark.parametrize("role_id", sorted(ALL_ROLES))
def test_bank_is_deep_enough(role_id: str) -> None:
    bank = BANKS[role_id]
    assert 4 <= len(bank.role.tips) <= 6
    assert len(bank.questions) >= (30 if role_id in NEW_ROLES else 40)
    kinds = Counter(q.kind for q in bank.questions)
    for kind, count in bank.role.format.mix.items():
        assert kinds[kind] >= 2 * count, f"{kind.value}: two mocks need {2 * count}"
    assert kinds[Kind.BEHAVIOURAL] >= 2
    assert {q.difficulty.value for q in bank.questions} == {"easy", "medium", "hard"}


@pytest.mark.parametrize("role_id", sorted(ALL_ROLES))
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


@pytest.mark.parametrize("role_id", sorted(ALL_ROLES))
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
    # The loop the role's own rounds describe: coding and ML system design, not only talk.
    mix = bank.role.format.mix
    assert mix.get(Kind.CODING, 0) >= 1
    assert mix.get(Kind.SYSTEM_DESIGN, 0) >= 1
    recommender = bank.question("recommendation-system")
    assert recommender is not None
    assert recommender.kind is Kind.SYSTEM_DESIGN


CODING_ROLES = {"software-engineer", "ml-engineer", "platform-engineer", "security-engineer", "sre"}


@pytest.mark.parametrize("role_id", sorted(CODING_ROLES))
def test_coding_rounds_exist(role_id: str) -> None:
    bank = BANKS[role_id]
    coding = [q for q in bank.questions if q.kind is Kind.CODING]
    assert bank.role.format.mix.get(Kind.CODING, 0) >= 1
    assert len(coding) >= (20 if role_id == "software-engineer" else 4)


SOLVED = [
    (role_id, q.id)
    for role_id, bank in sorted(BANKS.items())
    for q in bank.questions
    if q.solution is not None
]


def test_coding_questions_carry_runnable_solutions() -> None:
    coding = [q for bank in BANKS.values() for q in bank.questions if q.kind is Kind.CODING]
    python_or_sql = [q for q in coding if q.solution is not None]
    assert len(python_or_sql) >= 40
    swe = BANKS["software-engineer"]
    assert sum(1 for q in swe.questions if q.solution is not None) >= 20


@pytest.mark.parametrize(("role_id", "question_id"), SOLVED)
def test_reference_solution_passes_its_cases(role_id: str, question_id: str) -> None:
    from preptui.coding import run_solution

    question = BANKS[role_id].question(question_id)
    assert question is not None and question.solution is not None
    assert len(question.solution.cases) >= 3
    failures = [r for r in run_solution(question.solution) if not r.passed]
    assert failures == []


STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "and",
        "or",
        "for",
        "is",
        "are",
        "you",
        "your",
        "how",
        "what",
        "why",
        "would",
        "do",
        "does",
        "with",
        "on",
        "at",
        "be",
        "it",
        "this",
        "that",
        "when",
        "which",
        "we",
        "i",
        "as",
        "by",
        "from",
        "can",
    ]
)


def _prompt_words(prompt: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", prompt.casefold()) if w not in STOP_WORDS}


def test_no_near_identical_prompts_across_banks_unless_tagged_shared() -> None:
    from difflib import SequenceMatcher

    prompts = [
        (role_id, q.id, q.prompt.casefold(), _prompt_words(q.prompt), "shared" in q.tags)
        for role_id, bank in sorted(BANKS.items())
        for q in bank.questions
    ]
    # ratio() is costly and 280,000 pairs are many: it is asked only of pairs sharing a fifth of
    # their words. Measured over every pair of the library, those sharing fewer reach 0.64 at
    # most (e.g. "What is a feature store…" and "What is your favourite product…"), far from 0.8.
    near = []
    for j, (r2, i2, p2, w2, s2) in enumerate(prompts):
        for r1, i1, p1, w1, s1 in prompts[:j]:
            if r1 == r2 or (s1 and s2):
                continue
            jaccard = len(w1 & w2) / max(1, len(w1 | w2))
            ratio = SequenceMatcher(None, p1, p2).ratio() if jaccard >= 0.2 else 0.0
            if jaccard >= 0.6 or ratio >= 0.8:
                near.append(f"{r1}:{i1} ~ {r2}:{i2} ({jaccard:.2f}, {ratio:.2f})")
    assert near == []


def test_list_shows_every_role(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert {line.split()[0] for line in lines} >= ROLES
    for line in lines:
        assert int(line.split()[1]) >= 15


def test_role_icons_keep_pane_borders_straight() -> None:
    # A variation selector (U+FE0F) makes terminals disagree on the icon's width.
    for role_id, bank in BANKS.items():
        assert "\ufe0f" not in bank.role.icon, role_id
        assert len(bank.role.icon) <= 1, role_id
