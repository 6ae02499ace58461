"""The loader: good banks load; each kind of bad input gets one clear line naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from preptui.banks import load
from preptui.banks.discover import Origin, bank_files, default_sources
from preptui.banks.errors import BankLoadError
from preptui.banks.load import load_bank, load_banks
from preptui.banks.write import SCHEMA_LINE, json_schema, write_bank
from preptui.model import Difficulty, Kind

from ..conftest import REPO, SAMPLE_BANKS

GOOD = (SAMPLE_BANKS / "beta.toml").read_text(encoding="utf-8")


def errors_for(path: Path) -> list[str]:
    with pytest.raises(BankLoadError) as info:
        load_bank(path)
    return [str(e) for e in info.value.errors]


def write(tmp_path: Path, text: str | bytes, name: str = "bank.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_sample_bank_loads() -> None:
    bank = load_bank(SAMPLE_BANKS / "alpha.toml")
    assert bank.role.id == "alpha-engineer"
    assert bank.role.format.mix == {Kind.TECHNICAL: 3, Kind.SCENARIO: 1, Kind.BEHAVIOURAL: 1}
    assert [q.difficulty for q in bank.questions][:3] == [
        Difficulty.EASY,
        Difficulty.MEDIUM,
        Difficulty.HARD,
    ]
    assert bank.questions[2].minutes == 8


def test_every_bundled_bank_validates() -> None:
    files = bank_files(REPO / "banks")
    assert len(files) >= 2
    result = load_banks([(p, Origin.BUNDLED) for p in files])
    assert [str(e) for e in result.errors] == []
    ids = result.role_ids()
    assert len(ids) == len(set(ids))
    assert {"ml-engineer", "backend-engineer"} <= set(ids)


def test_bundled_banks_start_with_schema_line() -> None:
    for path in bank_files(REPO / "banks"):
        assert path.read_text(encoding="utf-8").startswith(SCHEMA_LINE + "\n"), path


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("minutes = 30", "minutes = = 30"))
    assert errors_for(path) == [f"{path}:11:11: TOML syntax: Invalid value"]


def test_toml_error_at_end_of_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a = 1\nb = [\n")
    assert errors_for(path) == [f"{path}:2: TOML syntax: Invalid value at the end of the file"]


def test_wrong_enum_points_at_key_line(tmp_path: Path) -> None:
    text = GOOD.replace(
        'difficulty = "medium"\nkind = "behavioural"',
        'difficulty = "hardish"\nkind = "behavioural"',
    )
    path = write(tmp_path, text)
    line = text.splitlines().index('difficulty = "hardish"') + 1
    assert errors_for(path) == [
        f"{path}:{line}: questions[2].difficulty: Input should be 'easy', 'medium' or 'hard'"
    ]


def test_missing_key_points_at_table_header(tmp_path: Path) -> None:
    text = GOOD.replace('key_points = ["Recheck", "Transparency", "Next steps"]\n', "")
    path = write(tmp_path, text)
    header = [i for i, line in enumerate(text.splitlines(), 1) if line == "[[questions]]"][2]
    assert errors_for(path) == [
        f"{path}:{header}: questions[2].key_points: required key is missing"
    ]


def test_unknown_key_and_wrong_type(tmp_path: Path) -> None:
    text = GOOD.replace("minutes = 30", 'minutes = "30"\nlength = 4')
    path = write(tmp_path, text)
    assert errors_for(path) == [
        f"{path}:11: role.format.minutes: Input should be a valid integer",
        f"{path}:12: role.format.length: unknown key (not part of the bank format)",
    ]


def test_unknown_kind_in_mix(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("behavioural = 1\n", "essay = 1\n", 1))
    (error,) = errors_for(path)
    assert error.startswith(f"{path}:16: role.format.mix.essay: Input should be 'technical'")


def test_duplicate_question_id_names_both_places(tmp_path: Path) -> None:
    text = GOOD.replace('id = "window-functions"', 'id = "joins"')
    path = write(tmp_path, text)
    lines = [i for i, line in enumerate(text.splitlines(), 1) if line == 'id = "joins"']
    assert errors_for(path) == [
        f"{path}:{lines[1]}: questions[1].id: duplicate question id 'joins': "
        f"first used by questions[0] at line {lines[0]}"
    ]


def test_duplicate_role_id_names_both_files(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD, "a.toml")
    second = write(tmp_path, GOOD, "b.toml")
    result = load_banks([(first, Origin.USER), (second, Origin.USER)])
    assert [b.path for b in result.banks] == [first]
    assert [str(e) for e in result.errors] == [
        f"{second}:4: role.id: duplicate role id 'beta-analyst': "
        f"already loaded from {first}; skipped"
    ]


def test_invalid_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.encode().replace(b"Beta Analyst", b"Beta \xff Analyst"))
    assert errors_for(path) == [f"{path}:5:15: not valid UTF-8 (byte 0xff); save the file as UTF-8"]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode())
    assert load_bank(path).role.id == "beta-analyst"


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "  \n\n")
    assert errors_for(path) == [f"{path}:1: the file is empty"]


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"SQLite format 3\x00\x01\x02")
    assert errors_for(path) == [f"{path}:1: not a text file (it contains NUL bytes)"]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, GOOD)

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    assert errors_for(path) == [f"{path}: cannot read the file: permission denied"]


def test_folder_and_missing_file(tmp_path: Path) -> None:
    assert errors_for(tmp_path) == [f"{tmp_path}: is a folder, not a bank file"]
    assert errors_for(tmp_path / "nope.toml") == [f"{tmp_path / 'nope.toml'}: no such file"]


def test_absurd_nesting(tmp_path: Path) -> None:
    path = write(tmp_path, "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert errors_for(path) == [f"{path}: TOML nesting is too deep"]


def test_huge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_BANK_BYTES", 1024 * 1024)
    path = write(tmp_path, "# " + "x" * (2 * 1024 * 1024))
    assert errors_for(path) == [f"{path}: file is too large (2.0 MiB; the limit is 1 MiB)"]


def test_one_bad_bank_never_stops_the_others(tmp_path: Path) -> None:
    bad = write(tmp_path, "[role\n", "bad.toml")
    result = load_banks(
        [
            (bad, Origin.USER),
            (SAMPLE_BANKS / "alpha.toml", Origin.USER),
            (SAMPLE_BANKS / "beta.toml", Origin.USER),
        ]
    )
    assert result.role_ids() == ["alpha-engineer", "beta-analyst"]
    assert result.skipped == [bad]


def test_errors_are_single_lines(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('answer = "An inner', 'answer = """\n\n"""\nx = "An inner'))
    for error in errors_for(path):
        assert "\n" not in error


def test_user_bank_folder_is_loaded(isolated_dirs: Path) -> None:
    user = isolated_dirs / "banks"
    user.mkdir(parents=True)
    (user / "mine.toml").write_text(GOOD, encoding="utf-8")
    result = load_banks(default_sources())
    mine = result.get("beta-analyst")
    assert mine is not None and mine.origin is Origin.USER and mine.editable


def test_write_then_load_is_equal(tmp_path: Path) -> None:
    bank = load_bank(SAMPLE_BANKS / "alpha.toml")
    out = tmp_path / "copy.toml"
    write_bank(bank, out)
    assert load_bank(out) == bank
    assert out.read_text(encoding="utf-8").startswith(SCHEMA_LINE)


def test_schema_file_matches_models() -> None:
    import json

    shipped = json.loads((REPO / "banks" / "bank.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run: preptui schema > banks/bank.schema.json"
