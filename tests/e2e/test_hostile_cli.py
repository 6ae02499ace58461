"""Bank text is only text in the terminal: every command run on hostile banks, an imported
Markdown file full of escape sequences, and a store holding such text, writes no ESC, no C1
control and no other control character but newline and tab, and never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from preptui.kinds import Grade
from preptui.srs.scheduler import Reviewer, Settings
from preptui.store import Store
from preptui.times import iso

from ..conftest import DATA, REPO

HOSTILE = DATA / "hostile" / "hostile.toml"
ROLE = "hostile-role"
# What a terminal would act on: clear the screen, set the title (OSC 0), a hyperlink (OSC 8),
# a clipboard write (OSC 52), a C1 CSI and a C1 OSC, a bell, a backspace.
ESCAPES = (
    "\x1b[2J\x1b[H",
    "\x1b]0;owned\x07",
    "\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]52;c;aGk=\x07",
    "\x9b31m",
    "\x9d0;c1\x9c",
    "\x07\x08",
)
ALL_ESCAPES = "".join(ESCAPES)


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "preptui", *args],
        input=stdin,
        capture_output=True,
        env=dict(os.environ, COLUMNS="120"),
        cwd=REPO,
        timeout=120,
        check=False,
    )


def controls(data: bytes) -> list[str]:
    """Control characters a terminal would act on (all but newline and tab), as U+ codes."""
    text = data.decode("utf-8", "replace")
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F
        }
    )


def safe_run(*args: str, stdin: bytes = b"", ok: bool | None = True) -> str:
    """Run a command: no control byte out, no traceback; returns stdout and stderr as text."""
    result = run(*args, stdin=stdin)
    out, err = result.stdout, result.stderr
    assert b"\x1b" not in out + err, (args, out[-400:], err[-400:])
    assert controls(out) == [] and controls(err) == [], (args, controls(out), controls(err))
    assert b"Traceback" not in err, (args, err.decode(errors="replace"))
    if ok:
        assert result.returncode == 0, (args, err.decode(errors="replace"))
    elif ok is False:
        assert result.returncode != 0, args
        assert err.strip(), args  # one line saying why
    return (out + err).decode("utf-8")


def seed_store(title: str) -> None:
    """Progress written by an older preptui, before bank text was checked: a mock whose stored
    role title and results hold escapes, and reviews of the hostile role."""
    store = Store(Path(os.environ["PREPTUI_DATA_DIR"]) / "preptui.sqlite3")
    try:
        mock = store.create_mock(ROLE, title, 30, 3, ["hostile-technical"])
        result = {"question_id": "hostile-technical", "rating": 3, "notes": ALL_ESCAPES}
        store.save_mock_result(mock, result, 60.0)
        store.finish_mock(mock, complete=True, score=0.75, elapsed_seconds=60.0)
        reviewer = Reviewer(Settings(fuzz=False))
        when = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
        card = reviewer.new_card(ROLE, "hostile-coding", when)
        after, _ = reviewer.rate(card, Grade(3), when)
        store.save_review(
            ROLE, "hostile-coding", 3, iso(when), None, after, reviewer.scheduler_dict()
        )
    finally:
        store.close()


def test_every_command_on_the_markup_bank_prints_it_as_text(tmp_path: Path) -> None:
    banks = ("--banks", str(HOSTILE))
    listed = safe_run("list", *banks)
    assert "Title [@click=app.quit]x[/] [reverse]r[/reverse]" in listed
    assert "1 bank ok" in safe_run("validate", str(HOSTILE))
    assert "[@click=app.quit]x[/]" in safe_run("export", *banks, ROLE)
    for fmt in ("md", "csv", "anki", "apkg"):
        out = tmp_path / f"hostile.{fmt}"
        safe_run("export", *banks, ROLE, "-f", fmt, "-o", str(out))
        assert out.stat().st_size > 0
        if fmt != "apkg":
            safe_run("export", *banks, ROLE, "-f", fmt)
    assert "Prompt " in safe_run("mock", *banks, ROLE, "--plan", "--seed", "3")
    answer = f"Point one [@click=app.quit]x[/] {ALL_ESCAPES}".encode()
    safe_run("check", *banks, ROLE, "hostile-technical", stdin=answer)
    # A Markdown file written from the bank reads back (import of preptui's own export).
    safe_run("import", str(tmp_path / "hostile.md"), "--role-id", "back-again")
    assert "back-again" in safe_run("list")


def test_history_stats_and_today_print_stored_escapes_as_text() -> None:
    seed_store(f"Old title {ALL_ESCAPES} [b]x[/b]")
    banks = ("--banks", str(HOSTILE))
    assert "Old title" in safe_run("history", *banks)
    safe_run("stats", *banks)
    safe_run("stats", *banks, ROLE)
    assert "Title [@click=app.quit]x[/]" in safe_run("today", *banks)
    safe_run("doctor", *banks, ok=None)  # whatever it finds, it says it as text


def test_an_imported_markdown_file_with_escapes_leaves_none_in_the_bank(tmp_path: Path) -> None:
    lines = ["# Escapes " + ESCAPES[1], ""]
    for number, sequence in enumerate(ESCAPES, 1):
        lines += [
            f"## Question {number}{sequence}: what does this do?",
            "",
            f"It does {sequence}nothing, here{sequence}. A plain sentence follows, as in any"
            " collection of questions, so the file reads as prose with a few bad bytes in it.",
            "",
            f"- point {sequence} one",
            "- point two",
            "",
        ]
    source = tmp_path / f"esc{ESCAPES[1]}.md"
    source.write_text("\n".join(lines), encoding="utf-8")
    said = safe_run("import", str(source), "--role-id", "escapes", "--title", "Escapes")
    assert "escapes" in said
    bank = next(Path(os.environ["PREPTUI_DATA_DIR"]).rglob("escapes*.toml"))
    assert controls(bank.read_bytes()) == []
    assert "escapes" in safe_run("list")
    safe_run("validate")
    safe_run("export", "escapes")
    safe_run("mock", "escapes", "--plan")


def test_bad_banks_and_arguments_with_escapes_are_named_as_text(tmp_path: Path) -> None:
    # A bank file whose name holds escapes, with escapes in its text: refused, named safely.
    folder = tmp_path / f"dir{ESCAPES[0]}"
    folder.mkdir()
    bad = folder / f"bank{ESCAPES[1]}{ESCAPES[4]}.toml"
    text = HOSTILE.read_text(encoding="utf-8").replace("Title ", "Title \\u001b]0;owned\\u0007 ")
    bad.write_text(text, encoding="utf-8")
    said = safe_run("validate", str(bad), ok=False)
    assert "control character U+001B" in said
    safe_run("list", "--banks", str(bad), ok=False)
    # A role id, a question id and a file argument made of escapes.
    safe_run("export", "--banks", str(HOSTILE), ALL_ESCAPES, ok=False)
    safe_run("mock", "--banks", str(HOSTILE), ALL_ESCAPES, "--plan", ok=False)
    safe_run("check", "--banks", str(HOSTILE), ROLE, ALL_ESCAPES, stdin=b"x", ok=False)
    safe_run("stats", "--banks", str(HOSTILE), ALL_ESCAPES, ok=False)
    safe_run("import", str(tmp_path / f"missing{ALL_ESCAPES}.md"), ok=False)


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_exports_of_the_markup_bank_import_back_unchanged(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"hostile.{fmt}"
    safe_run("export", "--banks", str(HOSTILE), ROLE, "-o", str(out))
    safe_run("import", str(out), "--role-id", f"again-{fmt}")
    safe_run("export", f"again-{fmt}", "-f", "md")
    assert "[@click=app.quit]x[/] [reverse]r[/reverse]" in safe_run("export", f"again-{fmt}")
