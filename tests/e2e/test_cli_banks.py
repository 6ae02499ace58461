"""preptui import, new and export: what they write, what they refuse, what they print."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from preptui import paths
from preptui.banks.discover import Origin, bank_files, default_sources
from preptui.banks.load import load_bank
from preptui.banks.scaffold import question_template, scaffold_bank
from preptui.cli import main
from preptui.importing import import_file
from preptui.ui.app import PrepApp
from preptui.ui.widgets.filter_bar import FilterBar

from ..apphelpers import visible_text, wait_for_banks
from ..conftest import REPO

THEORY = REPO.parent / "shared" / "corpus" / "data-science-interviews" / "theory.md"
BUNDLED = bank_files(REPO / "banks")
SMALL_MD = """\
# Warm-up questions

## What is a hash map?

A table of buckets indexed by a hash of the key: average O(1) lookups.

## What is a race condition?

Two threads touch shared state and the result depends on their timing.

## Tell me about a time you disagreed with a teammate.
"""


def user_banks() -> list[Path]:
    folder = paths.user_bank_dir()
    return sorted(folder.iterdir()) if folder.is_dir() else []


# --------------------------------------------------------------------------- import


@pytest.mark.skipif(not THEORY.is_file(), reason="shared corpus not present")
def test_import_corpus_writes_a_bank_that_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(THEORY)]) == 0
    dest = paths.user_bank_dir() / "theory.toml"
    out = capsys.readouterr().out
    assert out.startswith(
        "Imported 152 questions into role 'theory' (Theoretical interview questions).\n"
    )
    assert "Skipped 14 questions (14 no answer):" in out
    assert "Defaults applied:\n" in out
    assert "  - 152 questions had no kind: set to technical" in out
    assert out.endswith(f"Wrote {dest}\nBrowse it with: preptui --role theory\n")
    bank = load_bank(dest)
    assert len(bank.questions) == 152
    assert bank == import_file(THEORY).bank
    assert dest.read_text(encoding="utf-8").startswith("#:schema ./bank.schema.json\n")
    assert (dest.parent / "bank.schema.json").is_file()  # for the #:schema line
    capsys.readouterr()
    assert main(["validate", str(dest)]) == 0
    assert "1 bank ok (152 questions), 0 errors" in capsys.readouterr().err


SHAPES = REPO / "tests" / "data" / "import" / "shapes"


def test_import_strict_refuses_a_file_with_parts_left(
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = SHAPES / "details_summary.md"
    assert main(["import", "--strict", str(source)]) == 1
    captured = capsys.readouterr()
    assert "  - lines 30-32: skipped question: no answer\n" in captured.out
    assert "  - lines 7-8: table of contents\n" in captured.out
    assert "--strict: 2 parts of the file not imported (listed above); nothing written" in (
        captured.err
    )
    assert user_banks() == []
    # a file whose every part is a question, or navigation, imports under --strict
    assert main(["import", "--strict", str(SHAPES / "mixed.md")]) == 0
    assert [p.name for p in user_banks() if p.suffix == ".toml"] == ["mixed.toml"]


def test_import_anki_text_export_writes_one_bank_per_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = SHAPES / "anki_decks.txt"
    assert main(["import", str(source), "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.toml")) == ["networks.toml", "storage.toml"]
    capsys.readouterr()
    assert (
        main(
            ["import", str(source), "--deck", "Interview::Storage", "-o", str(tmp_path / "s.toml")]
        )
        == 0
    )
    assert load_bank(tmp_path / "s.toml").role.title == "Storage"


@pytest.mark.skipif(not THEORY.is_file(), reason="shared corpus not present")
async def test_imported_corpus_shows_in_the_app(tmp_path: Path) -> None:
    assert main(["import", str(THEORY)]) == 0
    app = PrepApp(sources=default_sources(), role="theory", store_path=tmp_path / "s.db")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        assert app.result is not None and not app.result.errors
        assert str(app.screen.query_one(FilterBar).render()) == "152 of 152"
        assert "Theoretical interview questions" in visible_text(app)
        await pilot.press("tab", "space")
        await pilot.pause()
        assert "What is supervised machine learning?" in visible_text(app)
        assert "Model answer" in visible_text(app)


def test_import_small_file_prints_skips_and_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "warm-up.md"
    source.write_text(SMALL_MD, encoding="utf-8")
    assert main(["import", str(source), "--title", "Warm up"]) == 0
    out = capsys.readouterr().out
    assert "Imported 2 questions into role 'warm-up' (Warm up)." in out
    assert "Skipped 1 question (1 no answer):" in out
    assert "Tell me about a time you disagreed" in out
    assert "preptui --role warm-up" in out
    assert [p.name for p in user_banks()] == ["bank.schema.json", "warm-up.toml"]


def test_import_refuses_to_overwrite_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "warm-up.md"
    source.write_text(SMALL_MD, encoding="utf-8")
    assert main(["import", str(source)]) == 0
    dest = paths.user_bank_dir() / "warm-up.toml"
    dest.write_text(dest.read_text(encoding="utf-8") + "# my comment\n", encoding="utf-8")
    before = dest.read_bytes()
    capsys.readouterr()
    assert main(["import", str(source)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"preptui: {dest} already exists; use --force to replace it, "
        "or --role-id ID for a new bank\n"
    )
    assert dest.read_bytes() == before
    assert main(["import", str(source), "--force"]) == 0
    assert b"# my comment" not in dest.read_bytes()


def test_import_refuses_a_role_id_already_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "backend-engineer.md"
    source.write_text(SMALL_MD, encoding="utf-8")
    assert main(["import", str(source)]) == 1
    err = capsys.readouterr().err
    assert "role id 'backend-engineer' is already used by" in err
    assert "banks/backend-engineer.toml; choose another with --role-id ID" in err
    assert user_banks() == []
    assert main(["import", str(source), "--role-id", "my-backend"]) == 0
    assert load_bank(paths.user_bank_dir() / "my-backend.toml").role.id == "my-backend"


def test_import_elsewhere_with_a_taken_role_id_only_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "sre.md"
    source.write_text(SMALL_MD, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert main(["import", str(source), "-o", str(out)]) == 0  # a folder: <role-id>.toml in it
    captured = capsys.readouterr()
    assert "note: role id 'sre' is already used by" in captured.err
    assert f"Browse it with: preptui --banks {out / 'sre.toml'} --role sre" in captured.out
    assert load_bank(out / "sre.toml").role.id == "sre"
    assert user_banks() == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("binary.md", b"\x89PNG\r\n\x1a\nrest", "binary file (a PNG image), not Markdown or CSV"),
        ("nul.csv", b"a,b\x00\x01", "binary file (it contains NUL bytes)"),
        ("empty.md", b"", "the file is empty"),
        ("prose.md", b"# Notes\n\nJust some prose, no questions.\n", "no questions found"),
        ("todo.md", b"## What is X?\n\nTODO\n", "no questions to import"),
    ],
)
def test_import_bad_input_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out.toml"
    assert main(["import", str(source)]) == 1
    assert main(["import", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert err[0].startswith(f"preptui: {source}: ")
    assert message in err[0]
    assert user_banks() == []
    assert not out.exists()


def test_import_missing_file_and_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path / "missing.md")]) == 1
    assert capsys.readouterr().err == f"preptui: {tmp_path / 'missing.md'}: no such file\n"
    assert main(["import"]) == 2
    assert main(["import", "x.md", "--role-id", "Not An Id"]) == 2
    assert "'Not An Id' is not a valid role id" in capsys.readouterr().err
    assert main(["import", "x.md", "--title", "  "]) == 2
    assert user_banks() == []


def test_import_failure_has_no_traceback(tmp_path: Path) -> None:
    source = tmp_path / "deck.csv"
    source.write_bytes(b"PK\x03\x04zip")
    proc = subprocess.run(
        [sys.executable, "-m", "preptui", "import", str(source)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        f"preptui: {source}: binary file (a ZIP archive such as .apkg, .docx or .xlsx), "
        "not Markdown or CSV text\n"
    )
    assert proc.stdout == ""


def test_import_of_a_bank_file_takes_it_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sre = REPO / "banks" / "sre.toml"
    original = load_bank(sre)
    assert main(["import", str(sre), "--role-id", "my-sre", "--title", "My SRE"]) == 0
    out = capsys.readouterr().out
    count = len(original.questions)
    assert out.startswith(f"Imported {count} questions into role 'my-sre' (My SRE).\n")
    back = load_bank(paths.user_bank_dir() / "my-sre.toml")
    assert back.questions == original.questions
    assert back.role.title == "My SRE" and back.role.summary == original.role.summary
    broken = tmp_path / "broken.toml"
    broken.write_text('[role]\nid = "Bad Id"\n', encoding="utf-8")
    assert main(["import", str(broken), "--role-id", "other"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"preptui: not a valid bank file: {broken}:2: role.id: ")
    assert err.endswith(" more problems)\n") or err.endswith(" more problem)\n")
    assert not (paths.user_bank_dir() / "other.toml").exists()


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("fmt", ["md", "csv"])
@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_export_of_bundled_role_imports_back_equal(
    path: Path, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = load_bank(path)
    role = original.role.id
    exported = tmp_path / f"{role}.{fmt}"
    assert main(["export", role, "--format", fmt, "-o", str(exported)]) == 0
    back = tmp_path / "back.toml"
    assert main(["import", str(exported), "-o", str(back)]) == 0
    assert load_bank(back) == original
    out = capsys.readouterr().out
    assert out.startswith(f"Imported {len(original.questions)} questions into role {role!r}")
    assert "Skipped" not in out and "Defaults applied" not in out
    assert main(["validate", str(back)]) == 0


def test_export_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "sre"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!-- preptui-export v1 -->\n")
    assert "\n# " in out and "## Questions (" in out
    assert main(["export", "sre", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("#separator:comma\n#html:false\n")


def test_export_format_from_extension_and_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sre.csv"
    assert main(["export", "sre", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("#separator:comma")
    assert "questions)" in capsys.readouterr().err
    out.write_text("mine", encoding="utf-8")
    assert main(["export", "sre", "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"preptui: {out} already exists; use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["export", "sre", "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("#separator:comma")


def test_export_unknown_role_and_bad_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "astronaut"]) == 1
    err = capsys.readouterr().err
    known = ", ".join(sorted(load_bank(path).role.id for path in BUNDLED))
    assert err.startswith("preptui: no role 'astronaut'. Known roles: ")
    assert known in err
    assert main(["export", "sre", "--format", "pdf"]) == 2


def test_export_of_a_user_bank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "my-role"]) == 0
    capsys.readouterr()
    assert main(["export", "my-role", "--format", "md"]) == 0
    assert "### 1. Write the question here" in capsys.readouterr().out


# --------------------------------------------------------------------------- new


def test_new_writes_a_commented_bank_that_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "data-platform", "--title", 'Data "platform" \\ engineer']) == 0
    dest = paths.user_bank_dir() / "data-platform.toml"
    out = capsys.readouterr().out
    assert out.startswith(f"Wrote {dest}\n")
    assert "preptui --role data-platform" in out
    text = dest.read_text(encoding="utf-8")
    assert text.startswith("#:schema ./bank.schema.json\n")
    bank = load_bank(dest)
    assert bank.role.id == "data-platform"
    assert bank.role.title == 'Data "platform" \\ engineer'
    assert len(bank.questions) == 1
    assert main(["validate", str(dest)]) == 0
    # every key is explained by a comment on the line before it
    lines = text.splitlines()
    mix = re.compile(r"^(technical|behavioural|scenario|coding|system-design) = \d+$")
    keys = [
        i for i, line in enumerate(lines) if re.match(r"^[a-z_]+ = ", line) and not mix.match(line)
    ]
    assert len(keys) == 5 + 2 + 10  # role, role.format, one question
    for i in keys:
        assert lines[i - 1].startswith("# "), lines[i]
    mix_lines = [i for i, line in enumerate(lines) if mix.match(line)]
    assert lines[mix_lines[0] - 1].startswith("# Kinds: ")  # the mix is explained once
    for table in ("[role]", "[role.format]", "[role.format.mix]", "[[questions]]"):
        assert table in lines


def test_new_refuses_to_overwrite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "my-role"]) == 0
    dest = paths.user_bank_dir() / "my-role.toml"
    dest.write_text(dest.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    before = dest.read_bytes()
    capsys.readouterr()
    assert main(["new", "my-role"]) == 1
    assert capsys.readouterr().err.startswith(f"preptui: {dest} already exists; not replacing it")
    assert dest.read_bytes() == before


def test_new_refuses_a_taken_role_id_and_a_bad_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "sre"]) == 1
    assert "role id 'sre' is already used by" in capsys.readouterr().err
    assert main(["new", "Bad_Id"]) == 2
    assert "'Bad_Id' is not a valid role id" in capsys.readouterr().err
    assert user_banks() == []


def test_new_with_output_path(tmp_path: Path) -> None:
    out = tmp_path / "elsewhere.toml"
    assert main(["new", "elsewhere", "-o", str(out)]) == 0
    assert load_bank(out).role.id == "elsewhere"
    assert user_banks() == []


@pytest.mark.parametrize("title", [None, "Titled", "Ünïcode – “quotes” \t tab"])
def test_scaffold_validates(tmp_path: Path, title: str | None) -> None:
    path = tmp_path / "x.toml"
    path.write_text(scaffold_bank("x-role", title), encoding="utf-8")
    bank = load_bank(path)
    assert bank.role.title == (title.strip() if title else "X role")


def test_question_template_is_one_valid_question(tmp_path: Path) -> None:
    text = scaffold_bank("x-role").split("\n[[questions]]\n")[0] + "\n" + question_template("q-1")
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    assert [q.id for q in load_bank(path).questions] == ["q-1"]


async def test_new_bank_shows_in_the_app(tmp_path: Path) -> None:
    assert main(["new", "my-role", "--title", "My role"]) == 0
    app = PrepApp(
        sources=default_sources(bundled=False), role="my-role", store_path=tmp_path / "s.db"
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        assert app.result is not None
        assert [(b.bank.role.id, b.origin) for b in app.result.banks] == [("my-role", Origin.USER)]
        assert "My role" in visible_text(app)
