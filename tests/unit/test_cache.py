"""The bank cache: a warm load equals a cold one, and no stale or broken entry is ever used."""

from __future__ import annotations

import json
import os
import shutil
import time
import zlib
from pathlib import Path

import pytest

from preptui import paths
from preptui.banks import cache
from preptui.banks.cache import BankCache
from preptui.banks.discover import Origin, bank_files
from preptui.banks.errors import BankLoadError
from preptui.banks.load import load_bank, load_banks
from preptui.model import Bank

from ..conftest import SAMPLE_BANKS
from .conftest import GOOD

pytestmark = pytest.mark.usefixtures("no_racy_window")


def load(store: BankCache, path: Path) -> Bank:
    return load_bank(path, cache=store)


def test_warm_load_equals_cold_load(store: BankCache, bank_file: Path) -> None:
    cold = load(store, bank_file)
    assert (store.stats.misses, store.stats.writes) == (1, 1)
    assert store.entry_path(bank_file).is_file()
    warm = load(store, bank_file)
    assert store.stats.hits == 1
    assert warm == cold == load_bank(bank_file)
    assert warm.questions[0].difficulty is cold.questions[0].difficulty  # real enums, not str


def test_every_sample_and_bundled_bank_round_trips(store: BankCache) -> None:
    files = bank_files(SAMPLE_BANKS) + bank_files(paths.bundled_bank_dir())
    for path in files:
        assert load(store, path) == load(store, path) == load_bank(path), path
    assert store.stats.hits == len(files)


def test_modified_file_is_parsed_again(store: BankCache, bank_file: Path) -> None:
    load(store, bank_file)
    bank_file.write_text(GOOD.replace("Beta Analyst", "Gamma Analyst"), encoding="utf-8")
    assert load(store, bank_file).role.title == "Gamma Analyst"
    assert store.stats.hits == 0
    assert load(store, bank_file).role.title == "Gamma Analyst"
    assert store.stats.hits == 1


def test_touch_invalidates(store: BankCache, bank_file: Path) -> None:
    load(store, bank_file)
    st = bank_file.stat()
    os.utime(bank_file, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    load(store, bank_file)
    assert (store.stats.hits, store.stats.misses) == (0, 2)


def test_same_size_edit_with_restored_mtime_is_still_seen(
    store: BankCache, bank_file: Path
) -> None:
    load(store, bank_file)
    st = bank_file.stat()
    same_size = GOOD.replace("Beta Analyst", "Zeta Analyst")
    assert len(same_size) == len(GOOD)
    bank_file.write_text(same_size, encoding="utf-8")
    os.utime(bank_file, ns=(st.st_atime_ns, st.st_mtime_ns))  # as `cp -p` or `touch -r` would
    assert bank_file.stat().st_size == st.st_size
    assert load(store, bank_file).role.title == "Zeta Analyst"


def test_replaced_file_is_seen(store: BankCache, bank_file: Path, tmp_path: Path) -> None:
    load(store, bank_file)
    other = tmp_path / "other.toml"
    other.write_text(GOOD.replace("Beta Analyst", "Zeta Analyst"), encoding="utf-8")
    st = bank_file.stat()
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(other, bank_file)
    assert load(store, bank_file).role.title == "Zeta Analyst"


def test_each_path_has_its_own_entry(store: BankCache, bank_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.toml"
    copy.write_text(GOOD.replace("beta-analyst", "copy-analyst"), encoding="utf-8")
    assert load(store, bank_file).role.id == "beta-analyst"
    assert load(store, copy).role.id == "copy-analyst"
    assert load(store, bank_file).role.id == "beta-analyst"
    assert load(store, copy).role.id == "copy-analyst"
    assert store.entry_path(bank_file) != store.entry_path(copy)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1], id="last-byte-missing"),
        pytest.param(lambda data: b"\x00\xff garbage \n{not json", id="garbage"),
        pytest.param(lambda data: data.split(b"\n", 1)[1], id="no-header"),
        pytest.param(lambda data: data.replace(b"Beta Analyst", b"Beta Anal\xffst"), id="bit-flip"),
        pytest.param(lambda data: data.replace(b"Beta Analyst", b"Zeta Analyst"), id="altered"),
        pytest.param(lambda data: b"[]\n" + data.split(b"\n", 1)[1], id="header-not-object"),
    ],
)
def test_damaged_entry_falls_back_and_is_rewritten(
    store: BankCache, bank_file: Path, damage: object
) -> None:
    assert callable(damage)
    expected = load(store, bank_file)
    entry = store.entry_path(bank_file)
    entry.write_bytes(damage(entry.read_bytes()))
    assert load(store, bank_file) == expected
    assert store.stats.hits == 0
    assert load(store, bank_file) == expected  # the entry was rewritten
    assert store.stats.hits == 1


def _forge(entry: Path, body: bytes) -> None:
    """Give ``entry`` a new body with a matching length and CRC, as if written that way."""
    header = json.loads(entry.read_bytes().split(b"\n", 1)[0])
    header.update(length=len(body), crc32=zlib.crc32(body))
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)


def test_entry_that_fails_validation_falls_back(store: BankCache, bank_file: Path) -> None:
    expected = load(store, bank_file)
    entry = store.entry_path(bank_file)
    head, rest = entry.read_bytes().split(b"\n", 1)
    data = json.loads(rest[: json.loads(head)["length"]])  # the body; the light section follows
    data["questions"][0]["difficulty"] = "trivial"
    _forge(entry, json.dumps(data).encode())
    assert load(store, bank_file) == expected
    assert store.stats.hits == 0


def test_entry_of_another_file_is_not_used(
    store: BankCache, bank_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.toml"
    other.write_text(GOOD.replace("beta-analyst", "other-analyst"), encoding="utf-8")
    load(store, bank_file)
    load(store, other)
    shutil.copy(store.entry_path(other), store.entry_path(bank_file))
    assert load(store, bank_file).role.id == "beta-analyst"
    assert store.stats.hits == 0


def test_model_change_invalidates(
    store: BankCache, bank_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(store, bank_file)
    monkeypatch.setattr(cache, "model_fingerprint", lambda: "another-schema")
    assert load(store, bank_file).role.id == "beta-analyst"
    assert store.stats.hits == 0
    assert load(store, bank_file).role.id == "beta-analyst"  # rewritten for the new schema
    assert store.stats.hits == 1


def test_version_change_invalidates(
    store: BankCache, bank_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(store, bank_file)
    monkeypatch.setattr(cache, "__version__", "999.0")
    load(store, bank_file)
    assert store.stats.hits == 0


def test_fingerprint_follows_the_schema() -> None:
    assert cache.model_fingerprint() == cache.model_fingerprint()
    assert len(cache.model_fingerprint()) == 32


def test_unwritable_cache_still_loads(bank_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    store = BankCache(blocker / "cache")  # mkdir fails: its parent is a file
    assert load(store, bank_file) == load_bank(bank_file)
    assert load(store, bank_file) == load_bank(bank_file)
    assert store.stats.write_errors == 2
    assert store.stats.hits == 0


def test_unreadable_entry_still_loads(store: BankCache, bank_file: Path) -> None:
    store.entry_path(bank_file).mkdir(parents=True)  # a folder where the entry should be
    assert load(store, bank_file) == load_bank(bank_file)
    assert store.stats.write_errors == 1


def test_read_only_cache_folder_still_loads(
    store: BankCache, bank_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", deny)  # the cache's own os.replace
    assert load(store, bank_file) == load_bank(bank_file)
    assert store.stats.write_errors == 1
    assert not list(store.directory.iterdir())  # no temporary file left behind


def test_errors_are_never_cached(store: BankCache, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('difficulty = "easy"', 'difficulty = "trivial"'), "utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(BankLoadError) as info:
            load(store, bad)
        messages.append([str(e) for e in info.value.errors])
    with pytest.raises(BankLoadError) as info:
        load_bank(bad)
    assert messages[0] == messages[1] == [str(e) for e in info.value.errors]
    assert store.stats.writes == 0
    assert not store.entry_path(bad).exists()


def test_bank_that_turns_bad_loses_its_entry(store: BankCache, bank_file: Path) -> None:
    load(store, bank_file)
    bank_file.write_text(GOOD.replace("minutes = 30", "minutes = = 30"), encoding="utf-8")
    with pytest.raises(BankLoadError) as info:
        load(store, bank_file)
    assert [str(e) for e in info.value.errors] == [f"{bank_file}:11:11: TOML syntax: Invalid value"]
    assert not store.entry_path(bank_file).exists()


def test_missing_file_reports_exactly(store: BankCache, tmp_path: Path) -> None:
    with pytest.raises(BankLoadError) as info:
        load(store, tmp_path / "nope.toml")
    assert [str(e) for e in info.value.errors] == [f"{tmp_path / 'nope.toml'}: no such file"]


def test_fresh_file_is_not_cached_until_it_ages(
    store: BankCache, bank_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_SECONDS", 2.0)
    load(store, bank_file)
    assert store.stats.writes == 0  # a second same-size edit now could keep size and mtime
    monkeypatch.setattr(time, "time_ns", lambda: bank_file.stat().st_ctime_ns + 3 * 10**9)
    load(store, bank_file)
    assert store.stats.writes == 1
    assert load(store, bank_file) == load_bank(bank_file)
    assert store.stats.hits == 1


def test_file_changed_while_parsing_is_not_cached(store: BankCache, bank_file: Path) -> None:
    def parse_then_edit(path: Path) -> Bank:
        bank = load_bank(path)
        path.write_text(GOOD.replace("Beta Analyst", "Beta Analysts"), encoding="utf-8")
        return bank

    store.load(bank_file, parse_then_edit)
    assert store.stats.writes == 0
    assert load(store, bank_file).role.title == "Beta Analysts"


def test_clear_removes_entries(store: BankCache, bank_file: Path) -> None:
    load(store, bank_file)
    store.clear()
    assert not store.entry_path(bank_file).exists()
    load(store, bank_file)
    assert store.stats.hits == 0


# --------------------------------------------------------------------------- wiring


def test_load_banks_caches_by_default_under_the_data_dir(isolated_dirs: Path) -> None:
    sources = [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)]
    first = load_banks(sources)
    entries = sorted((isolated_dirs / "cache").iterdir())
    assert len(entries) == len(first.banks)
    second = load_banks(sources)
    assert [b.bank for b in second.banks] == [b.bank for b in first.banks]
    assert [str(e) for e in second.errors] == [str(e) for e in first.errors]


def test_cache_off_and_plain_load_bank_write_nothing(isolated_dirs: Path) -> None:
    sources = [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)]
    load_banks(sources, cache=False)
    load_bank(SAMPLE_BANKS / "alpha.toml")
    assert not (isolated_dirs / "cache").exists()


def test_duplicate_role_ids_are_reported_the_same_when_warm(tmp_path: Path) -> None:
    first = tmp_path / "a.toml"
    second = tmp_path / "b.toml"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD, encoding="utf-8")
    sources = [(first, Origin.USER), (second, Origin.USER)]
    cold = load_banks(sources, cache=False)
    for _ in range(2):
        warm = load_banks(sources)
        assert [b.path for b in warm.banks] == [first]
        assert [str(e) for e in warm.errors] == [str(e) for e in cold.errors]


# --------------------------------------------------------------------------- summaries (list)


def _never(path: Path) -> Bank:
    raise AssertionError(f"{path} was parsed, but its summary was in the cache")


def test_summary_of_an_unchanged_file_comes_from_the_header_alone(
    store: BankCache, bank_file: Path
) -> None:
    bank = load(store, bank_file)  # writes the entry
    summary = store.summary(bank_file, _never)
    assert summary == cache.BankSummary.of(bank)
    assert (summary.role_id, summary.questions) == (bank.role.id, len(bank.questions))
    assert summary.tags == tuple(sorted({t for q in bank.questions for t in q.tags}))


def test_summary_of_a_changed_or_uncached_file_reads_the_bank(
    store: BankCache, bank_file: Path
) -> None:
    first = store.summary(bank_file, lambda p: load_bank(p))  # no entry yet: parsed, cached
    assert store.stats.writes == 1
    assert store.summary(bank_file, _never) == first
    changed = GOOD.replace('title = "', 'title = "Changed ', 1)
    bank_file.write_text(changed, encoding="utf-8")
    again = store.summary(bank_file, lambda p: load_bank(p))
    assert again.title.startswith("Changed ")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda h: {**h, "summary": None}, id="no-summary"),
        pytest.param(
            lambda h: {**h, "summary": {**h["summary"], "questions": "3"}}, id="bad-count"
        ),
        pytest.param(lambda h: {k: v for k, v in h.items() if k != "key"}, id="no-key"),
    ],
)
def test_a_damaged_summary_is_never_used(store: BankCache, bank_file: Path, damage: object) -> None:
    bank = load(store, bank_file)
    entry = store.entry_path(bank_file)
    head, body = entry.read_bytes().split(b"\n", 1)
    assert callable(damage)
    entry.write_bytes(json.dumps(damage(json.loads(head))).encode() + b"\n" + body)
    parsed: list[Path] = []

    def parse(path: Path) -> Bank:
        parsed.append(path)
        return load_bank(path)

    assert store.summary(bank_file, parse) == cache.BankSummary.of(bank)
    assert parsed == [bank_file]


def test_list_banks_matches_load_banks_with_errors_and_duplicates(
    store: BankCache, tmp_path: Path, bank_file: Path
) -> None:
    from preptui.banks.load import list_banks

    (bank_file.parent / "zz-copy.toml").write_text(GOOD, encoding="utf-8")  # same role id
    (bank_file.parent / "broken.toml").write_text("[role\n", encoding="utf-8")
    sources = [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)]
    sources += [(p, Origin.USER) for p in bank_files(bank_file.parent)]
    for _ in range(2):  # cold (parses and caches), then warm (headers only)
        listed = list_banks(sources, cache=store)
        loaded = load_banks(sources, cache=False)
        assert [(b.summary, b.path, b.origin) for b in listed.banks] == [
            (cache.BankSummary.of(b.bank), b.path, b.origin) for b in loaded.banks
        ]
        assert listed.errors == loaded.errors
    assert store.stats.hits >= len(loaded.banks)
