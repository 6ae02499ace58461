"""The coach engines: negation, traps, paraphrases, evidence, ratings, structure, labelled set."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from preptui.coach import (
    EngineUnavailable,
    Target,
    Thresholds,
    Verdict,
    make_engine,
    suggested_rating,
)
from preptui.coach.lexical import LexicalEngine, TermWeights, bank_texts
from preptui.coach.semantic import Blend
from preptui.coach.structure import structure
from preptui.coach.words import sentences, tokens
from preptui.model import Bank

REPO = Path(__file__).resolve().parents[2]
LABELLED = Path(__file__).parents[1] / "data" / "coach"


def _bank(role: str) -> Bank:
    from preptui.banks.load import load_bank

    return load_bank(REPO / "banks" / f"{role}.toml")


def _engine_and_target(role: str, question_id: str) -> tuple[LexicalEngine, Target]:
    bank = _bank(role)
    question = bank.question(question_id)
    assert question is not None
    weights = TermWeights.from_texts(bank_texts(bank.questions))
    return LexicalEngine(weights), Target.from_question(question)


@pytest.fixture(scope="module")
def incident() -> tuple[LexicalEngine, Target]:
    return _engine_and_target("backend-engineer", "incident-db-cpu-latency")


def test_rolling_back_first_is_covered(incident: tuple[LexicalEngine, Target]) -> None:
    engine, target = incident
    coverage = engine.assess(
        target,
        "A deploy went out just before, so first I'd roll it back or turn its feature flag off.",
    )
    assert coverage.points[1].verdict is Verdict.COVERED
    assert "roll it back" in coverage.points[1].evidence


def test_negated_rollback_is_not_covered(incident: tuple[LexicalEngine, Target]) -> None:
    engine, target = incident
    coverage = engine.assess(
        target, "I wouldn't roll back the deploy until I've found the exact root cause."
    )
    assert coverage.points[1].verdict is Verdict.MISSED


def test_contradiction_costs_more_than_silence() -> None:
    engine = LexicalEngine()
    target = Target(("Fix it with eager loading or batched queries",))
    plain = engine.scores(target, "Fix it with eager loading of the relation.")[0].score
    negated = engine.scores(target, "I'd never use eager loading, it makes queries heavier.")[0]
    silent = engine.scores(target, "I'd add more replicas.")[0].score
    assert plain > silent >= negated.score == 0.0


def test_dismissal_is_a_contradiction() -> None:
    engine, target = _engine_and_target("data-scientist", "peeking-multiple-testing")
    said = "Honestly peeking is fine, it inflates nothing and false positives don't matter here."
    assert engine.assess(target, said).points[0].verdict is Verdict.MISSED


def test_sha256_trap_is_not_a_slow_salted_hash() -> None:
    engine, target = _engine_and_target("security-engineer", "password-storage")
    trap = "I'd hash them with SHA-256, it's a secure hash so that's enough."
    good = "Use a slow salted hash like argon2id or bcrypt."
    assert engine.assess(target, trap).points[0].verdict is Verdict.MISSED
    assert engine.assess(target, good).points[0].verdict is Verdict.COVERED


def test_paraphrase_blue_green() -> None:
    engine, target = _engine_and_target("sre", "deployment-strategies")
    said = (
        "Blue-green keeps two environments and you flip back straight away if it breaks, "
        "but you pay for twice the capacity."
    )
    assert engine.assess(target, said).points[1].verdict is Verdict.COVERED


def test_abbreviations_and_phrases_are_one_word() -> None:
    assert [t.stem for t in tokens("the db")] == [t.stem for t in tokens("the database")]
    assert [t.stem for t in tokens("rolled back")] == [t.stem for t in tokens("rollback")]
    assert [t.stem for t in tokens("cross-site scripting")] == [t.stem for t in tokens("XSS")]


def test_negation_scope_stops_at_the_clause() -> None:
    toks = tokens("I wouldn't retry, but I'd add an idempotency key")
    flags = {t.stem: t.negated for t in toks}
    assert flags["retri"] is True
    assert flags["idempot"] is False


def test_off_topic_answer_covers_nothing(incident: tuple[LexicalEngine, Target]) -> None:
    engine, target = incident
    coverage = engine.assess(target, "I like pairing with designers on colour palettes.")
    assert coverage.covered == []
    assert coverage.suggested_rating == 1
    assert all(p.evidence == "" for p in coverage.points)


def test_empty_answer() -> None:
    coverage = LexicalEngine().assess(Target(("a point", "another")), "")
    assert [p.verdict for p in coverage.points] == [Verdict.MISSED, Verdict.MISSED]
    assert coverage.as_dict() == {
        "points": [
            {"index": 0, "verdict": "missed", "score": 0.0, "evidence": ""},
            {"index": 1, "verdict": "missed", "score": 0.0, "evidence": ""},
        ],
        "covered": [],
        "suggested_rating": 1,
    }


@given(st.text(max_size=400))
def test_scores_and_evidence_are_well_formed(answer: str) -> None:
    target = Target(("Use eager loading to avoid N+1 queries", "Measure latency per request"))
    engine = LexicalEngine()
    coverage = engine.assess(target, answer)
    said = sentences(answer)
    for point in coverage.points:
        assert 0.0 <= point.score <= 1.0
        assert point.verdict is engine.thresholds.verdict(point.score)
        assert point.evidence == "" or point.evidence in said
    assert 1 <= coverage.suggested_rating <= 4


@given(st.lists(st.sampled_from(list(Verdict)), min_size=1, max_size=8))
def test_better_verdicts_never_lower_the_rating(verdicts: list[Verdict]) -> None:
    rating = suggested_rating(verdicts)
    upgraded = [Verdict.COVERED if v is Verdict.PARTIAL else v for v in verdicts]
    assert suggested_rating(upgraded) >= rating
    assert suggested_rating([Verdict.COVERED] * len(verdicts)) == 4
    assert suggested_rating([Verdict.MISSED] * len(verdicts)) == 1


def test_thresholds_must_be_ordered() -> None:
    with pytest.raises(ValueError):
        Thresholds(covered=0.2, partial=0.5)


def test_structure_of_a_star_answer() -> None:
    said = (
        "At my last job I was the on-call engineer when checkout failed. "
        "I rolled back the deploy and I posted updates every 15 minutes. "
        "As a result errors dropped from 8% to 0.1% within ten minutes."
    )
    s = structure(said)
    assert (s.situation, s.task, s.action, s.result) == (True, True, True, True)
    assert s.first_person and s.number_in_result
    assert s.hints() == []


def test_structure_of_a_vague_we_answer() -> None:
    s = structure("Incidents happen. We handled it as a team and we fixed it.")
    assert not s.first_person
    assert 'tell your own actions with "I", not only "we"' in s.hints()
    assert not s.number_in_result


def test_behavioural_questions_get_structure_feedback() -> None:
    engine, target = _engine_and_target("backend-engineer", "behavioural-production-incident")
    assert target.behavioural
    assert engine.assess(target, "We fixed it.").structure is not None
    _, technical = _engine_and_target("backend-engineer", "n-plus-one-queries")
    assert engine.assess(technical, "We fixed it.").structure is None


def test_wordllama_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import preptui.coach.semantic as semantic

    monkeypatch.setattr(semantic, "available", lambda: False)
    with pytest.raises(EngineUnavailable, match=r"preptui\[coach\]"):
        make_engine("wordllama")


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="lexical"):
        make_engine("magic")


def test_wordllama_engine_when_installed() -> None:
    pytest.importorskip("wordllama")
    _, target = _engine_and_target("backend-engineer", "incident-db-cpu-latency")
    corpus = bank_texts(_bank("backend-engineer").questions)
    semantic = make_engine("wordllama", corpus)
    good = semantic.assess(
        target,
        "If a deploy lines up with the spike, first roll it back or flip its feature flag off.",
    )
    bad = semantic.assess(target, "I wouldn't roll back the deploy until I know the root cause.")
    assert good.engine == "wordllama"
    assert good.points[1].verdict is Verdict.COVERED
    assert bad.points[1].verdict is Verdict.MISSED


def _labelled() -> list[tuple[Path, dict[str, object]]]:
    return [(p, tomllib.loads(p.read_text("utf-8"))) for p in sorted(LABELLED.glob("*.toml"))]


def test_labelled_set_is_complete_and_valid() -> None:
    files = _labelled()
    assert len(files) >= 12
    halves = {str(data["half"]) for _, data in files}
    assert halves == {"tune", "test"}
    behavioural = 0
    for path, data in files:
        bank = _bank(str(data["role"]))
        question = bank.question(str(data["question"]))
        assert question is not None, path.name
        behavioural += question.kind == "behavioural"
        answers = data["answers"]
        assert isinstance(answers, list)
        styles = sorted(a["style"] for a in answers)
        assert styles == ["off-topic", "partial", "strong", "trap", "weak"], path.name
        for answer in answers:
            assert answer["text"].strip()
            assert all(0 <= i < len(question.key_points) for i in answer["covered"]), path.name
            if answer["style"] in ("weak", "off-topic", "trap"):
                assert answer["covered"] == [], path.name
    assert behavioural >= 2


def test_words_of_the_model_answer_explain_a_point() -> None:
    point = ("Idempotency keys make POST retry-safe",)
    model = (
        "Accept an Idempotency-Key header. A repeat with the same key returns the stored "
        "response instead of creating a second payment."
    )
    said = "a repeat with the same key gets the stored response back instead of a second payment"
    engine = LexicalEngine()
    bare = engine.assess(Target(point), said).points[0]
    explained = engine.assess(Target(point, answer=model), said).points[0]
    assert bare.verdict is not Verdict.COVERED
    assert explained.verdict is Verdict.COVERED and explained.score > bare.score


def test_listed_alternatives_are_one_term() -> None:
    from preptui.coach.words import alternatives

    assert alternatives("Argon2id first, then scrypt, bcrypt or PBKDF2") == [
        frozenset({"scrypt", "bcrypt", "pbkdf2"})
    ]
    assert alternatives("Use eager loading or batched queries") == []
    engine = LexicalEngine()
    target = Target(("Hash with scrypt, bcrypt or PBKDF2",))
    assert engine.assess(target, "I'd hash with bcrypt.").points[0].verdict is Verdict.COVERED


def test_a_figure_answers_a_point_asking_for_numbers() -> None:
    target = Target(("Honest impact numbers",))
    said = "about 8 percent of payments failed for 40 minutes"
    assert LexicalEngine().scores(target, said)[0].score > 0
    assert LexicalEngine().scores(target, "payments failed for a while")[0].score == 0


def _negated(text: str) -> dict[str, bool]:
    return {t.stem: t.negated for t in tokens(text)}


def test_a_negated_verb_denies_its_subject_but_not_what_precedes_the_pronoun() -> None:
    assert _negated("SameSite cookies don't help with CSRF")["samesit"] is True
    flags = _negated("in the blameless postmortem we didn't blame the author")
    assert flags["blameless"] is False
    assert flags["author"] is True


def test_contractions_typed_without_apostrophe_negate() -> None:
    assert _negated("i didnt wait for the meeting")["wait"] is True
    assert _negated("it isnt cached")["cach"] is True


def test_pointless_dismisses_its_clause() -> None:
    assert _negated("surrogate keys are pointless")["surrog"] is True


def test_its_fine_to_dismisses_like_is_fine() -> None:
    # "it's" is "it is": "it's fine to X" dismisses X as "X is fine" does.
    flags = _negated("it's fine to use a mutable list as a key, the table copes")
    assert flags["mutabl"] is True
    assert flags["tabl"] is False
    assert _negated("that's fine, reuse the key")["reus"] is False


def test_an_opposite_word_is_a_wrong_claim() -> None:
    target = Target(("Store a slow salted hash",))
    right = LexicalEngine().assess(target, "Store a slow salted hash.")
    wrong = "Store a fast salted hash, it keeps logins quick."
    assert right.points[0].verdict is Verdict.COVERED
    assert LexicalEngine().assess(target, wrong).points[0].verdict is Verdict.MISSED
    blind = LexicalEngine(contrast=False).assess(target, wrong)
    assert blind.points[0].verdict is not Verdict.MISSED


def test_an_opposite_next_to_the_points_word_is_wrong_even_beside_the_right_word() -> None:
    target = Target(("Estimates show a read-heavy workload",))
    said = "My estimates show a write-heavy workload: people post more than they read."
    assert LexicalEngine().assess(target, said).points[0].verdict is Verdict.MISSED
    assert LexicalEngine(contrast=False).scores(target, said)[0].score >= 0.44


def test_swapped_sides_of_an_ordering_are_a_wrong_claim() -> None:
    target = Target(("Star favoured over snowflake in columnar warehouses",))
    right = "In columnar warehouses a star is favoured over a snowflake."
    swapped = "In columnar warehouses a snowflake is favoured over a star."
    assert LexicalEngine().assess(target, right).points[0].verdict is Verdict.COVERED
    assert LexicalEngine().assess(target, swapped).points[0].verdict is Verdict.MISSED
    assert LexicalEngine(contrast=False).assess(target, swapped).points[0].verdict is not (
        Verdict.MISSED
    )


def test_a_sentence_denying_the_point_takes_back_another_that_said_it() -> None:
    target = Target(("Explains fan-out on write versus fan-out on read",))
    said = (
        "I'd fan out on write for everyone. "
        "Fan out on write and fan out on read are the same thing."
    )
    assert LexicalEngine().scores(target, said)[0].score < 0.31
    assert LexicalEngine(deny_share=0.0).scores(target, said)[0].score >= 0.31


class _Rows:
    """The little of a numpy matrix the engine uses: rows to iterate, ``@`` a vector."""

    def __init__(self, rows: list[list[float]]) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[list[float]]:
        return iter(self.rows)

    def __matmul__(self, vector: list[float]) -> list[float]:
        return [sum(a * b for a, b in zip(row, vector, strict=True)) for row in self.rows]


class _FakeModel:
    """Embeds a text as a unit vector: [1, 0] if it mentions ``marker``, else [0, 1].

    No numpy: it comes only with the optional ``coach`` extra, which `make test` does not install.
    """

    def __init__(self, marker: str = "paraphrase") -> None:
        self.marker = marker
        self.calls = 0

    def embed(self, texts: list[str], norm: bool = True) -> _Rows:
        self.calls += 1
        return _Rows([[1.0, 0.0] if self.marker in t else [0.0, 1.0] for t in texts])


_LEXICAL_ONLY = Blend(rescue_gain=0.0, topic_floor=0.0)


def test_wordllama_rescue_lifts_a_close_window_but_not_a_contradicted_one() -> None:
    from preptui.coach.semantic import WordLlamaEngine

    target = Target(("Retry with backoff and jitter paraphrase",))
    lexical = LexicalEngine()
    said = "I'd retry with a paraphrase."
    plain = lexical.scores(target, said)[0].score
    rescue = replace(_LEXICAL_ONLY, rescue_gain=0.5, rescue_from=0.1, rescue_floor=0.65)
    rescued = WordLlamaEngine(lexical, model=_FakeModel(), blend=rescue)
    assert rescued.scores(target, said)[0].score == pytest.approx(plain + 0.5 * (1 - 0.65))
    none = WordLlamaEngine(lexical, model=_FakeModel(), blend=_LEXICAL_ONLY)
    assert none.scores(target, said)[0].score == pytest.approx(plain)
    denied = "I'd never retry with backoff, a paraphrase."
    assert rescued.scores(target, denied)[0].score == pytest.approx(
        lexical.scores(target, denied)[0].score
    )


_RETRIES = Target(
    ("Retry with exponential backoff and jitter",),
    prompt="How should a client retry?",
    answer="Retry failed calls with exponential backoff and full jitter, capped. (on topic)",
)


def test_wordllama_answer_far_from_the_model_answer_loses_its_marks() -> None:
    from preptui.coach.semantic import WordLlamaEngine

    lexical = LexicalEngine()
    engine = WordLlamaEngine(
        lexical,
        model=_FakeModel("on topic"),
        blend=replace(_LEXICAL_ONLY, topic_floor=0.3, topic_gain=2.0),
    )
    said = "I'd retry with exponential backoff and jitter."
    plain = lexical.scores(_RETRIES, said)[0].score
    assert plain >= 0.6
    # The fake puts this answer at similarity 0 to the model answer: 2 × (0.3 − 0) comes off.
    far = engine.scores(_RETRIES, said)[0]
    assert far.score == pytest.approx(plain - 0.6)
    assert engine.scores(_RETRIES, said + " (on topic)")[0].score == pytest.approx(plain)
    # Without a model answer there is nothing to compare with, so nothing comes off.
    bare = Target(_RETRIES.key_points, prompt=_RETRIES.prompt)
    assert engine.scores(bare, said)[0].score == pytest.approx(lexical.scores(bare, said)[0].score)


def test_wordllama_off_topic_answer_is_missed_with_no_evidence() -> None:
    from preptui.coach.semantic import WordLlamaEngine

    engine = WordLlamaEngine(
        LexicalEngine(),
        model=_FakeModel("on topic"),
        blend=replace(_LEXICAL_ONLY, topic_floor=0.3, topic_gain=2.0),
    )
    said = "I'd put retries with backoff somewhere, and jitter."
    point = engine.assess(_RETRIES, said).points[0]
    assert point.verdict is Verdict.MISSED
    assert point.evidence == ""


@given(st.text(alphabet="abcdefg .,retry backoff jitter not", max_size=80))
def test_wordllama_lexical_only_blend_scores_as_the_lexical_engine(said: str) -> None:
    from preptui.coach.semantic import WordLlamaEngine

    lexical = LexicalEngine()
    engine = WordLlamaEngine(lexical, model=_FakeModel(), blend=_LEXICAL_ONLY)
    ours = [p.score for p in engine.scores(_RETRIES, said)]
    assert ours == pytest.approx([p.score for p in lexical.scores(_RETRIES, said)])


def test_wordllama_embeds_a_questions_texts_once() -> None:
    from preptui.coach.semantic import WordLlamaEngine

    model = _FakeModel("on topic")
    engine = WordLlamaEngine(LexicalEngine(), model=model)
    engine.scores(_RETRIES, "Retry with backoff.")
    first = model.calls
    again = engine.with_thresholds(Thresholds(covered=0.5, partial=0.2))
    again.scores(_RETRIES, "Retry with jitter.")
    # The second answer embeds only itself (windows, then the whole answer): the key points and
    # the model answer come from the cache the two engines share.
    assert model.calls - first == 2
    assert again.thresholds.covered == 0.5
    assert again.blend == engine.blend


def test_one_before_a_noun_is_single_and_contrasts_with_multiple() -> None:
    target = Target(("Runs on one thread",))
    assert LexicalEngine().assess(target, "It runs on a single thread.").points[0].verdict is (
        Verdict.COVERED
    )
    wrong = LexicalEngine().assess(target, "It runs on multiple threads.")
    assert wrong.points[0].verdict is Verdict.MISSED


def test_less_softens_only_the_next_word() -> None:
    flags = _negated("use a less complex model")
    assert flags["complex"] is True
    assert flags["model"] is False


def test_a_condition_is_its_own_clause() -> None:
    flags = _negated("fix the root cause or delete it if it isn't worth it")
    assert flags["fix"] is False
    assert flags["delet"] is False


def test_swapped_roles_between_a_points_clauses_are_a_wrong_claim() -> None:
    target = Target(("Facts hold measures at a grain; dimensions hold descriptive context",))
    right = "Facts hold the measures at one grain, and dimensions hold the descriptive context."
    swapped = "Facts hold the descriptive context, and the dimensions hold the measures at a grain."
    assert LexicalEngine().assess(target, right).points[0].verdict is Verdict.COVERED
    assert LexicalEngine().assess(target, swapped).points[0].verdict is Verdict.MISSED
    assert LexicalEngine(contrast=False).assess(target, swapped).points[0].verdict is not (
        Verdict.MISSED
    )
