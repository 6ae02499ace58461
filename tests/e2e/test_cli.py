"""The command line: exit codes, output and polite refusals."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from preptui.cli import main

from ..conftest import REPO, SAMPLE_BANKS


def test_validate_bundled_banks_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(REPO / "banks")]) == 0
    err = capsys.readouterr().err
    assert " 0 errors" in err


def test_validate_broken_copy_exits_1_with_file_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    text = (SAMPLE_BANKS / "beta.toml").read_text(encoding="utf-8")
    broken.write_text(text.replace('difficulty = "easy"', 'difficulty = "trivial"'), "utf-8")
    shutil.copy(SAMPLE_BANKS / "alpha.toml", tmp_path / "alpha.toml")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = text.splitlines().index('difficulty = "easy"') + 1
    assert out == [
        f"{broken}:{line}: questions[0].difficulty: Input should be 'easy', 'medium' or 'hard'"
    ]


def test_validate_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[role\n", encoding="utf-8")
    assert main(["validate", "--json", str(bad), str(SAMPLE_BANKS / "beta.toml")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["banks"][0]["role"] == "beta-analyst"
    assert report["errors"][0]["path"] == str(bad)
    assert report["errors"][0]["line"] == 1


def test_validate_missing_path_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/no/such/bank.toml"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_unknown_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_list_shows_roles_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "ml-engineer" in out and "backend-engineer" in out
    assert " questions  Machine Learning Engineer" in out


def test_list_with_extra_bad_bank_reports_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("", encoding="utf-8")
    assert main(["--banks", str(bad), "list"]) == 1
    captured = capsys.readouterr()
    assert "ml-engineer" in captured.out
    assert f"skipped: {bad}:1: the file is empty" in captured.err


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "preptui role bank"
    assert "questions" in schema["properties"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("preptui ")


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("list", "validate", "schema"):
        assert command in out


def test_app_refuses_without_a_terminal() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "preptui"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1
    assert "needs an interactive terminal" in proc.stderr
    assert "Traceback" not in proc.stderr
