"""`preptui check`: JSON shape, text marks, one-line errors and exit codes, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROLE, QUESTION = "security-engineer", "password-storage"
ANSWER = (
    "Store a slow salted hash, argon2id or bcrypt, never a fast hash like md5.\n"
    "I'd also rate limit logins and offer MFA.\n"
)


def check(*args: str, stdin: str | bytes = "") -> subprocess.CompletedProcess[str]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "preptui", "check", *args],
        input=data,
        capture_output=True,
        timeout=120,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    )


def test_json_from_stdin_has_exactly_the_documented_shape() -> None:
    proc = check(ROLE, QUESTION, "-", "--json", stdin=ANSWER)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert set(report) == {"points", "covered", "suggested_rating"}
    assert len(report["points"]) == 5
    for index, point in enumerate(report["points"]):
        assert set(point) == {"index", "verdict", "score", "evidence"}
        assert point["index"] == index
        assert point["verdict"] in ("covered", "partial", "missed")
        assert 0.0 <= point["score"] <= 1.0
        assert point["evidence"] == "" or point["evidence"] in ANSWER
    assert report["covered"] == [p["index"] for p in report["points"] if p["verdict"] == "covered"]
    assert 0 in report["covered"] and 4 in report["covered"]
    assert report["suggested_rating"] in (1, 2, 3, 4)


def test_text_mode_marks_every_key_point(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER, encoding="utf-8")
    proc = check(ROLE, QUESTION, str(answer))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "✓ covered  1. Slow, salted, memory-hard hash" in out
    assert "✗ missed   4. Store parameters and rehash on login" in out
    assert "“I'd also rate limit logins and offer MFA.”" in out
    assert "Suggested rating:" in out


def test_behavioural_question_shows_structure() -> None:
    said = "At my last job I was on call when checkout broke. I rolled back. Errors dropped 90%."
    proc = check("backend-engineer", "behavioural-production-incident", stdin=said)
    assert proc.returncode == 0, proc.stderr
    assert "Structure: ✓ situation" in proc.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("no-such-role", QUESTION), 1, "no role 'no-such-role'"),
        ((ROLE, "no-such-question"), 1, "no question 'no-such-question' in role"),
        ((ROLE, QUESTION, "/no/such/answer.txt"), 2, "/no/such/answer.txt: no such file"),
    ],
)
def test_bad_input_is_one_line(args: tuple[str, ...], code: int, message: str) -> None:
    proc = check(*args)
    assert proc.returncode == code
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_answer_that_is_not_utf8(tmp_path: Path) -> None:
    answer = tmp_path / "latin1.txt"
    answer.write_bytes("caf\xe9 hashing".encode("latin-1"))
    proc = check(ROLE, QUESTION, str(answer))
    assert proc.returncode == 2
    assert "not UTF-8 text" in proc.stderr and "Traceback" not in proc.stderr


def test_control_characters_never_reach_the_terminal() -> None:
    proc = check(ROLE, QUESTION, stdin="bcrypt with a salt\x1b]0;pwned\x07 always.")
    assert proc.returncode == 0
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout


def test_unknown_engine_is_a_usage_error() -> None:
    proc = check(ROLE, QUESTION, "--engine", "magic")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr
