"""Shell completion: ``preptui completion bash|zsh|fish`` completes sub-commands and role ids.

bash runs everywhere the tests do; zsh and fish are exercised where they are installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from preptui.cli import main


def script(shell: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "preptui", "completion", shell],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture
def user_bank(isolated_dirs: Path) -> Path:
    banks = isolated_dirs / "banks"
    banks.mkdir(parents=True)
    bank = banks / "my-own-role.toml"
    bank.write_text("# completion only reads the file name\n", encoding="utf-8")
    return bank


BASH = """
source "$1"
comp() {
  COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
  _shtab_preptui
  echo "${COMPREPLY[*]}"
}
comp preptui ""
comp preptui mo
comp preptui mock ml
comp preptui review my
comp preptui --role sof
comp preptui completion ""
comp preptui serve --p
"""


def test_bash_completes_commands_options_and_role_ids(tmp_path: Path, user_bank: Path) -> None:
    path = tmp_path / "preptui.bash"
    path.write_text(script("bash"), encoding="utf-8")
    proc = subprocess.run(
        ["bash", "-c", BASH, "bash", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PREPTUI_DATA_DIR": str(user_bank.parent.parent)},
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    commands = lines[0].split()
    for command in ("list", "mock", "review", "paths", "doctor", "completion", "serve"):
        assert command in commands
    assert lines[1:] == [
        "mock",
        "ml-engineer",
        "my-own-role",  # a user bank, found when completing: no regenerating the script
        "software-engineer",
        "bash zsh fish",
        "--port --public-url",
    ]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_role_ids(tmp_path: Path, user_bank: Path) -> None:
    path = tmp_path / "preptui.fish"
    path.write_text(script("fish"), encoding="utf-8")
    commands = (
        f"source {path}; complete -C 'preptui mock ml'; complete -C 'preptui stats my';"
        " complete -C 'preptui doc'"
    )
    proc = subprocess.run(
        ["fish", "--no-config", "-c", commands],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PREPTUI_DATA_DIR": str(user_bank.parent.parent)},
    )
    assert proc.returncode == 0, proc.stderr
    words = [line.split("\t")[0] for line in proc.stdout.splitlines()]
    assert words == ["ml-engineer", "my-own-role", "doctor"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_script_parses_and_lists_role_ids(tmp_path: Path, user_bank: Path) -> None:
    path = tmp_path / "_preptui"
    text = script("zsh")
    path.write_text(text, encoding="utf-8")
    assert text.startswith("#compdef preptui")
    assert "_preptui_role_ids" in text
    check = subprocess.run(["zsh", "-n", str(path)], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    # The role-id function, with compadd standing in for the completion system.
    probe = f"""
compadd() {{ shift; print -rl -- "${{(@P)1}}"; }}
eval "$(sed -n '/^_preptui_role_ids() {{/,/^}}/p' {path})"
_preptui_role_ids
"""
    proc = subprocess.run(
        ["zsh", "-f", "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PREPTUI_DATA_DIR": str(user_bank.parent.parent)},
    )
    assert proc.returncode == 0, proc.stderr
    ids = proc.stdout.split()
    assert "ml-engineer" in ids and ids[-1] == "my-own-role"


def test_completion_needs_a_known_shell(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "tcsh"]) == 2
    assert "invalid choice: 'tcsh'" in capsys.readouterr().err
