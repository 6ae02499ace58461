"""SIGTERM or SIGHUP in the middle of a mock interview: what was typed and the time used are saved,
the terminal is given back, and ``preptui history`` shows the interview, ready to resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from preptui.mock.clock import fmt_clock

from ..conftest import SAMPLE_BANKS
from ..ptyrun import PtyApp

LEAVE_ALT_SCREEN = "\x1b[?1049l"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_mid_mock_saves_the_answer_and_time_then_exits_cleanly(
    tmp_path: Path, signum: signal.Signals
) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, PREPTUI_DATA_DIR=str(data), TERM="xterm-256color")
    args = ["mock", "alpha-engineer", "--banks", str(SAMPLE_BANKS), "--minutes", "10"]
    app = PtyApp([*args, "--seed", "3"], env)
    try:
        app.wait_for("Start interview")
        app.send("\r")
        app.wait_for("This question")
        app.send("n")
        app.wait_for("Question 1 of")
        app.send("3")
        app.wait_for("Rated good")
        app.send("\t")
        app.wait_for("Escape leaves the box")  # the answer box has the focus
        app.send("typed before the signal")
        app.wait_for("signal")  # in the box, not saved by any key yet
        os.kill(app.pid, signum)
        code = app.wait_exit()
    finally:
        app.kill()
    assert code == 128 + signum
    assert LEAVE_ALT_SCREEN in app.output.decode("utf-8", "replace")  # the terminal is restored
    assert "Traceback" not in app.text()

    with sqlite3.connect(data / "preptui.sqlite3") as conn:
        status, elapsed = conn.execute("SELECT status, elapsed_seconds FROM mocks").fetchone()
        (result,) = conn.execute("SELECT result FROM mock_results").fetchone()
    assert status == "in-progress" and elapsed > 0
    assert "typed before the signal" in result and '"rating": 3' in result

    history = subprocess.run(
        [sys.executable, "-m", "preptui", "history"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert history.returncode == 0, history.stderr
    assert "in progress" in history.stdout and "1 answered" in history.stdout
    assert fmt_clock(elapsed) in history.stdout  # the time used, as saved at the signal
