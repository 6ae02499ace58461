"""``preptui today``, ``preptui history`` and the compact ``preptui stats``, as programs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from preptui import cli, cli_progress
from preptui.kinds import Grade
from preptui.srs.scheduler import Reviewer, Settings
from preptui.store import Store
from preptui.times import iso

from ..conftest import REPO, SAMPLE_BANKS

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ALPHA, BETA = "alpha-engineer", "beta-analyst"
DAY = timedelta(days=1)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "preptui", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=REPO,
        timeout=120,
        check=False,
    )


def db() -> Path:
    return Path(os.environ["PREPTUI_DATA_DIR"]) / "preptui.sqlite3"


def seed(role: str, qid: str, grades: list[tuple[int, datetime]]) -> None:
    reviewer = Reviewer(Settings(fuzz=False))
    store = Store(db())
    card: dict[str, Any] | None = None
    for grade, when in grades:
        before = card
        card, _ = reviewer.rate(before or reviewer.new_card(role, qid, when), Grade(grade), when)
        store.save_review(role, qid, grade, iso(when), before, card, reviewer.scheduler_dict())
    store.close()


def row(out: str, title: str) -> list[str]:
    """The numbers on a role's line of ``preptui today``."""
    line = next(line for line in out.splitlines() if line.startswith(title + " "))
    return line[len(title) :].split()


# --------------------------------------------------------------------------- today


def test_today_on_an_empty_store() -> None:
    done = run("today", "--banks", str(SAMPLE_BANKS))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Streak 0 days · 0 reviews today" in done.stdout
    assert row(done.stdout, "Alpha Engineer") == ["0", "0", "5", "5"]
    assert row(done.stdout, "Beta Analyst") == ["0", "0", "3", "3"]
    head = next(line for line in done.stdout.splitlines() if line.startswith("Role"))
    assert head.split() == ["Role", "Due", "Learning", "New", "today", "Total"]
    assert max(len(line) for line in done.stdout.splitlines()) <= 80


def test_today_agrees_with_stats(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(ALPHA, "caching", [(4, NOW - 12 * DAY), (3, NOW - 3 * DAY)])
    seed(ALPHA, "outage", [(1, NOW - 2 * DAY)])
    seed(ALPHA, "consistency", [(3, NOW - timedelta(minutes=1))])
    seed(BETA, "joins", [(1, NOW - DAY)])
    monkeypatch.setattr(cli_progress, "_clock", lambda: NOW)
    assert cli.main(["today", "--banks", str(SAMPLE_BANKS)]) == 0
    out = capsys.readouterr().out
    assert "Today, Mon 03 Mar 2025 · Streak 4 days · 1 review today · 2 due now" in out
    # due, learning, new today (10 a day, one introduced today, 2 never seen), total
    assert row(out, "Alpha Engineer") == ["1", "1", "2", "5"]
    assert row(out, "Beta Analyst") == ["1", "0", "2", "3"]
    for role, title in ((ALPHA, "Alpha Engineer"), (BETA, "Beta Analyst")):
        assert cli.main(["stats", role, "--banks", str(SAMPLE_BANKS)]) == 0
        stats = capsys.readouterr().out
        due_now = re.search(r"\((\d+) due now\)", stats)
        assert due_now is not None and row(out, title)[0] == due_now.group(1)


def test_today_is_in_the_shell_completion() -> None:
    done = run("completion", "bash")
    assert done.returncode == 0, done.stderr
    assert re.search(r"\btoday\b", done.stdout)
    helped = run("--help")
    assert "today" in helped.stdout


# --------------------------------------------------------------------------- history


def test_history_says_status_in_words_and_the_time_the_clock_ran() -> None:
    store = Store(db())
    for n in range(203):
        mock_id = store.create_mock(ALPHA, "Alpha Engineer", 10, n, ["caching"])
        store.finish_mock(mock_id, complete=True, score=50.0, elapsed_seconds=60)
    early = store.create_mock(BETA, "Beta Analyst", 20, 1, ["joins"])
    store.finish_mock(early, complete=False, score=None, elapsed_seconds=200)
    going = store.create_mock(ALPHA, "Alpha Engineer", 10, 2, ["caching"])
    store.save_mock_elapsed(going, 95.5)
    store.close()
    done = run("history")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 + 205  # the header, then every interview
    assert lines[1].startswith(f"{going:>4}  ")
    assert "in progress (preptui mock --resume)" in lines[1]
    assert "01:36" in lines[1]  # 95.5 s used, as the interview clock shows it
    assert "Beta Analyst" in lines[2] and "20 min" in lines[2] and "03:20" in lines[2]
    assert "ended early" in lines[2] and "–" in lines[2]
    assert lines[-1].startswith("   1  ") and "finished" in lines[-1] and "50%" in lines[-1]
    for internal in ("ended-early", "in-progress", "complete"):
        assert internal not in done.stdout


# --------------------------------------------------------------------------- stats


def test_stats_is_compact_and_explains_orphans(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(ALPHA, "caching", [(3, NOW - 20 * DAY), (3, NOW - 2 * DAY)])
    monkeypatch.setattr(cli_progress, "_clock", lambda: NOW)
    assert cli.main(["stats", ALPHA, "--banks", str(SAMPLE_BANKS)]) == 0
    out = capsys.readouterr().out.splitlines()
    chart = out.index("Reviews per day (last 30 days)")
    assert out[chart + 1] == "  2 reviews on 2 days, at most 1 (03-01)"
    assert out[chart + 2] == "  02-02 " + "·" * 9 + "█" + "·" * 17 + "█·· 03-03"
    assert out[chart + 3] == ""  # then the next section: no row per empty day
    assert "  Orphaned   none (cards kept for questions no longer in the bank)" in out


def test_stats_report_the_key_points_typed_answers_covered(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(ALPHA, "caching", [(3, NOW - 2 * DAY)])
    store = Store(db())
    for days, marks in (
        (8, ["covered", "missed"]),
        (1, ["covered", "partial", "covered", "missed"]),
    ):
        answer = store.save_answer(
            ALPHA, "caching", "typed", seconds=5, context="review", at=iso(NOW - days * DAY)
        )
        store.save_marks(answer, [(i, v, None) for i, v in enumerate(marks)], "lexical")
    store.close()
    monkeypatch.setattr(cli_progress, "_clock", lambda: NOW)
    assert cli.main(["stats", ALPHA, "--banks", str(SAMPLE_BANKS)]) == 0
    out = capsys.readouterr().out
    assert (
        "Typed answers: 62% of key points covered in the week of 24 Feb (1 answer), "
        "50% the week before" in out
    )
