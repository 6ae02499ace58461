"""Lazy questions: a bank read back from its cache entry reads each question's body when used,
and is the same bank as the one parsed from its file."""

from __future__ import annotations

import copy
import functools
import json
import pickle
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from preptui import search
from preptui.banks import cache, lazy
from preptui.banks.cache import BankCache
from preptui.banks.discover import Origin, bank_files
from preptui.banks.lazy import EntryBodies
from preptui.banks.load import load_bank, load_banks
from preptui.banks.write import write_bank
from preptui.kinds import Difficulty
from preptui.model import LIGHT_FIELDS, Bank, Question, is_lazy, search_chars, search_texts
from preptui.search import Filter, SearchIndex, search_roles

from ..conftest import SAMPLE_BANKS
from .conftest import GOOD
from .test_import import banks

pytestmark = pytest.mark.usefixtures("no_racy_window")


def bodies_of(bank: Bank) -> EntryBodies:
    link = bank.questions[0].__pydantic_private__
    source = getattr(link, "source", None)
    assert isinstance(source, EntryBodies)
    return source


def assert_same(lazy_bank: Bank, eager: Bank) -> None:
    """Everything a screen, an export or a search reads is the same."""
    assert all(is_lazy(q) for q in lazy_bank.questions)
    assert not any(is_lazy(q) for q in eager.questions)
    assert lazy_bank == eager and eager == lazy_bank
    assert lazy_bank.role == eager.role
    for mine, theirs in zip(lazy_bank.questions, eager.questions, strict=True):
        for name in Question.model_fields:
            assert getattr(mine, name) == getattr(theirs, name), name
        assert mine.search_text() == theirs.search_text()
        assert repr(mine) == repr(theirs)
        assert dict(mine) == dict(theirs)
    assert lazy_bank.model_dump(mode="json") == eager.model_dump(mode="json")
    assert lazy_bank.model_dump_json() == eager.model_dump_json()
    assert search_texts(lazy_bank.questions) == [q.search_text() for q in eager.questions]
    assert search_chars(lazy_bank.questions) == search_chars(eager.questions)


# --------------------------------------------------------------------------- the same bank


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(banks())
def test_a_lazy_bank_is_the_bank_its_file_holds(bank: Bank) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.toml"
        write_bank(bank, path)  # (that it parses back to ``bank``: test_import's round trip)
        store = BankCache(Path(folder) / "cache")
        cold = store.load(path, lambda _: bank)  # "parsed", cached, read back from the entry
        warm = load_bank(path, cache=store)
        assert (store.stats.misses, store.stats.hits) == (1, 1)
        assert_same(cold, bank)
        assert_same(warm, bank)


def _given(bank: Bank, path: Path) -> Bank:
    return bank  # "parsed": the bank already in hand


def test_sample_and_bundled_banks_are_the_same_lazily(store: BankCache) -> None:
    from preptui import paths

    bundled = paths.bundled_bank_dir()
    names = ("backend-engineer", "data-analyst", "software-engineer")  # python and sql solutions
    for path in bank_files(SAMPLE_BANKS) + [bundled / f"{name}.toml" for name in names]:
        eager = load_bank(path)
        assert_same(store.load(path, functools.partial(_given, eager)), eager)  # read back lazily


def test_the_entry_body_is_the_bank_as_json(bank_file: Path) -> None:
    eager = load_bank(bank_file)
    body, light = lazy.entry_parts(eager)
    assert body == eager.__pydantic_serializer__.to_json(eager)
    assert Bank.model_validate_json(body) == eager
    assert len(json.loads(light)["questions"]) == len(eager.questions)


def test_copies_pickles_and_hashes_as_the_eager_question(store: BankCache, bank_file: Path) -> None:
    load_bank(bank_file, cache=store)
    question = load_bank(bank_file, cache=store).questions[0]
    eager = load_bank(bank_file).questions[0]
    for other in (
        copy.copy(question),
        copy.deepcopy(question),
        pickle.loads(pickle.dumps(question)),
    ):
        assert other == eager
        assert not is_lazy(other)
    assert question.model_copy(update={"prompt": "Changed?"}).prompt == "Changed?"
    assert question.model_copy(update={"prompt": "Changed?"}).answer == eager.answer
    assert question.model_fields_set == set(Question.model_fields)
    with pytest.raises(TypeError):  # a list field: unhashable, as a frozen pydantic model is
        hash(eager)
    with pytest.raises(TypeError):
        hash(question)
    with pytest.raises(AttributeError):
        question.no_such_field  # type: ignore[attr-defined]  # noqa: B018


def test_unequal_questions_are_told_apart(store: BankCache, bank_file: Path) -> None:
    load_bank(bank_file, cache=store)
    first, second = load_bank(bank_file, cache=store).questions[:2]
    assert first != second
    assert first != "not a question"
    other_file = bank_file.with_name("other.toml")
    other_file.write_text(GOOD.replace("beta-analyst", "other-analyst"), encoding="utf-8")
    load_bank(other_file, cache=store)
    same_question_elsewhere = load_bank(other_file, cache=store).questions[0]
    assert same_question_elsewhere == first  # same content, another bank's entry


# --------------------------------------------------------------------------- read when used


def test_bodies_are_read_only_when_used_and_never_kept_in_the_question(
    store: BankCache, bank_file: Path
) -> None:
    load_bank(bank_file, cache=store)
    bank = load_bank(bank_file, cache=store)
    bodies = bodies_of(bank)
    # What lists, filters, search and mock agendas read costs no body.
    assert [q.id for q in bank.questions] and all(q.prompt for q in bank.questions)
    index = SearchIndex(bank.questions)
    assert index.filter(Filter(difficulty=Difficulty.MEDIUM))
    assert index.filter(Filter(text="stakeholder"))
    assert bodies.reads == 0
    question = bank.questions[0]
    assert set(question.__dict__) == set(LIGHT_FIELDS)
    answer = question.answer
    assert question.key_points and question.answer == answer
    assert bodies.reads == 1  # the whole question was read once, then kept for a while
    assert set(question.__dict__) == set(LIGHT_FIELDS)


def test_only_a_few_whole_questions_are_kept(tmp_path: Path, store: BankCache) -> None:
    path = bank_file_with(tmp_path, lazy.KEEP * 2)
    load_bank(path, cache=store)
    bank = load_bank(path, cache=store)
    bodies = bodies_of(bank)
    for question in bank.questions:
        assert question.answer
    assert bodies.reads == len(bank.questions)
    assert len(bodies._recent) == lazy.KEEP


def bank_file_with(tmp_path: Path, count: int) -> Path:
    base = load_bank(SAMPLE_BANKS / "beta.toml")
    template = base.questions[0]
    questions = [
        template.model_copy(update={"id": f"q-{i}", "prompt": f"Question {i}?"})
        for i in range(count)
    ]
    path = tmp_path / f"with-{count}.toml"
    write_bank(Bank(role=base.role, questions=questions), path)
    return path


def test_a_cold_start_ends_with_lazy_banks(isolated_dirs: Path) -> None:
    sources = [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)]
    cold = load_banks(sources)
    warm = load_banks(sources)
    assert all(is_lazy(q) for b in cold.banks for q in b.bank.questions)
    assert [b.bank for b in cold.banks] == [b.bank for b in warm.banks]


def test_without_a_cache_or_before_it_can_be_written_banks_are_eager(
    store: BankCache, bank_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not is_lazy(load_bank(bank_file).questions[0])
    monkeypatch.setattr(cache, "RACY_SECONDS", 3600.0)  # just modified: not cached yet
    assert not is_lazy(load_bank(bank_file, cache=store).questions[0])
    assert store.stats.writes == 0


# --------------------------------------------------------------------------- damage after load


def _span(entry: Path, index: int) -> tuple[int, int]:
    """Where question ``index``'s JSON lies in ``entry`` (offset in the file, length)."""
    data = entry.read_bytes()
    head, rest = data.split(b"\n", 1)
    header = json.loads(head)
    light = json.loads(rest[header["length"] :])
    row = light["questions"][index]  # light fields, answer and tags length, start, length, …
    start, length = row[len(LIGHT_FIELDS) + 1 : len(LIGHT_FIELDS) + 3]
    return len(head) + 1 + start, length


def _overwrite_in_place(entry: Path, at: int, data: bytes) -> None:
    with open(entry, "r+b") as handle:  # in place: the open entry sees it
        handle.seek(at)
        handle.write(data)


def test_a_body_damaged_after_loading_is_read_from_the_bank_file(
    store: BankCache, bank_file: Path
) -> None:
    load_bank(bank_file, cache=store)
    bank = load_bank(bank_file, cache=store)
    at, length = _span(store.entry_path(bank_file), 1)
    _overwrite_in_place(store.entry_path(bank_file), at + length // 2, b"#")
    assert bank.questions[1].answer == load_bank(bank_file).questions[1].answer
    assert bank == load_bank(bank_file)


def test_a_body_that_fails_validation_is_read_from_the_bank_file(
    store: BankCache, bank_file: Path
) -> None:
    """Even with a matching CRC (written that way), a body is validated before it is used."""
    load_bank(bank_file, cache=store)
    bank = load_bank(bank_file, cache=store)
    entry = store.entry_path(bank_file)
    at, length = _span(entry, 0)
    original = entry.read_bytes()[at : at + length]
    forged = original
    for level in (b"easy", b"medium", b"hard"):
        forged = forged.replace(b'"difficulty":"' + level, b'"difficulty":"x' + level[1:])
    assert len(forged) == length and forged != original
    _overwrite_in_place(entry, at, forged)
    bodies_of(bank)._crcs[0] = zlib.crc32(forged)  # as if the entry had been written so
    assert bank.questions[0] == load_bank(bank_file).questions[0]


def test_a_body_gone_from_cache_and_file_reads_as_a_stand_in(
    store: BankCache, bank_file: Path
) -> None:
    load_bank(bank_file, cache=store)
    bank = load_bank(bank_file, cache=store)
    entry = store.entry_path(bank_file)
    at, length = _span(entry, 0)
    _overwrite_in_place(entry, at, b"x" * length)
    bank_file.write_text("[role\n", encoding="utf-8")  # and the file is broken now
    question = bank.questions[0]
    assert "could not be read" in question.answer
    assert str(bank_file) in question.answer
    assert len(question.key_points) == 2
    assert question.id == load_bank(SAMPLE_BANKS / "beta.toml").questions[0].id


def test_a_truncated_or_grown_entry_is_not_used(store: BankCache, bank_file: Path) -> None:
    expected = load_bank(bank_file, cache=store)
    entry = store.entry_path(bank_file)
    data = entry.read_bytes()
    for damaged in (data[:-1], data + b" "):
        entry.write_bytes(damaged)
        hits = store.stats.hits
        assert load_bank(bank_file, cache=store) == expected
        assert store.stats.hits == hits  # parsed again (and the entry rewritten)


def test_a_damaged_role_is_not_used(store: BankCache, bank_file: Path) -> None:
    expected = load_bank(bank_file, cache=store)
    entry = store.entry_path(bank_file)
    entry.write_bytes(entry.read_bytes().replace(b"A second test role", b"A SECOND test role"))
    assert load_bank(bank_file, cache=store) == expected
    assert store.stats.hits == 0


# --------------------------------------------------------------------------- search memory


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(search, "HELD_CHARS", 1)
    yield


def _texts_held(index: SearchIndex) -> bool:
    return index._text_list is not None


def test_indexes_let_their_texts_go_past_the_budget_and_still_search(
    small_budget: None,
) -> None:
    bank = load_bank(SAMPLE_BANKS / "alpha.toml")
    first, second = SearchIndex(bank.questions, index_above=-1), SearchIndex(bank.questions[1:])
    first.prepare()
    assert first.indexed and _texts_held(first)
    found = first.filter(Filter(text="cache"))
    assert second.filter(Filter(text="cache")) == [i - 1 for i in found if i]
    assert _texts_held(second) and not _texts_held(first) and not first.indexed
    assert first.filter(Filter(text="cache")) == found  # made again when searched again
    assert _texts_held(first) and not _texts_held(second)


def test_search_across_roles_lets_nothing_go_until_it_is_done(small_budget: None) -> None:
    bank = load_bank(SAMPLE_BANKS / "alpha.toml")
    other = load_bank(SAMPLE_BANKS / "beta.toml")
    indexes = [("alpha", SearchIndex(bank.questions)), ("beta", SearchIndex(other.questions))]
    hits, total = search_roles(indexes, "the")
    assert total and hits
    assert all(_texts_held(index) for _, index in indexes)
    assert search_roles(indexes, "the") == (hits, total)
    indexes[1][1].filter(Filter())  # the browser shows a role again: the others go
    assert not _texts_held(indexes[0][1]) and _texts_held(indexes[1][1])


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts /proc/self/fd")
def test_a_dropped_bank_closes_its_entry(store: BankCache, bank_file: Path) -> None:
    load_bank(bank_file, cache=store)
    before = len(list(Path("/proc/self/fd").iterdir()))
    for _ in range(20):
        bank = load_bank(bank_file, cache=store)
        assert bank.questions[0].answer
        del bank
    assert len(list(Path("/proc/self/fd").iterdir())) <= before + 1
