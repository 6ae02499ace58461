"""Where preptui keeps its files (``preptui paths``), ``preptui doctor``, and the cache's move."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from preptui import paths
from preptui.banks.cache import default_dir
from preptui.cli import main
from preptui.terminal import terminal_problem

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "preptui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_paths_lists_every_place_and_whether_it_is_writable(isolated_dirs: Path) -> None:
    code, out, err = run("paths")
    assert code == 0 and err == ""
    for label in ("data folder", "progress store", "your banks", "reports", "config folder"):
        assert label in out
    assert "settings" in out and "bank cache" in out and "bundled banks" in out
    assert str(isolated_dirs) in out
    assert str(isolated_dirs / "cache") in out  # the cache follows PREPTUI_DATA_DIR
    assert "not yet, can be created" in out  # nothing made yet in a fresh data folder
    assert "$PREPTUI_DATA_DIR set" in out


def test_paths_json_for_tools(isolated_dirs: Path, tmp_path: Path) -> None:
    (isolated_dirs / "banks").mkdir(parents=True)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    cache = blocker / "cache"
    proc = subprocess.run(
        [sys.executable, "-m", "preptui", "paths", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "PREPTUI_CACHE_DIR": str(cache)},
    )
    assert proc.returncode == 0
    report = json.loads(proc.stdout)
    assert report["user_banks"] == {
        "label": "your banks",
        "path": str(isolated_dirs / "banks"),
        "kind": "folder",
        "exists": True,
        "writable": True,
        "env": None,
    }
    assert report["store"]["exists"] is False and report["store"]["writable"] is True
    assert report["cache"]["path"] == str(cache)
    assert report["cache"]["writable"] is False  # a file stands where its parent should be
    assert set(report) >= {"data", "store", "user_banks", "reports", "config", "cache"}


def test_cache_dir_defaults_to_the_platform_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PREPTUI_DATA_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    if sys.platform.startswith("linux"):
        assert paths.cache_dir() == tmp_path / "xdg-cache" / "preptui"
        assert paths.data_dir() == tmp_path / "xdg-data" / "preptui"
    monkeypatch.setenv("PREPTUI_CACHE_DIR", str(tmp_path / "mine"))
    assert paths.cache_dir() == tmp_path / "mine"


def test_the_old_cache_moves_to_the_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    old = data / "cache"
    old.mkdir(parents=True)
    (old / "bank-abc.json").write_text("entry", encoding="utf-8")
    (old / ".bank-abc.json.1.2.tmp").write_text("half", encoding="utf-8")
    monkeypatch.setenv("PREPTUI_CACHE_DIR", str(cache))
    assert default_dir() == cache
    assert (cache / "bank-abc.json").read_text(encoding="utf-8") == "entry"
    assert not old.exists()  # emptied, then removed
    # Anything that is not the cache's own is left where it is.
    old.mkdir()
    (old / "notes.txt").write_text("mine", encoding="utf-8")
    (old / "bank-abc.json").write_text("older", encoding="utf-8")
    default_dir()
    assert (old / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (cache / "bank-abc.json").read_text(encoding="utf-8") == "entry"
    assert not (old / "bank-abc.json").exists()


# --------------------------------------------------------------------------- doctor


def test_doctor_on_a_fresh_install_finds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "no progress yet" in out and "bank files valid" in out
    assert out.rstrip().endswith("No problems found.")


def test_doctor_checks_a_real_store(isolated_dirs: Path) -> None:
    code, out, _ = run("history")  # creates the store
    assert code == 0
    code, out, _ = run("doctor")
    assert code == 0, out
    assert "integrity ok (schema" in out


def test_doctor_reports_each_problem_and_what_to_do(
    isolated_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_dirs.mkdir(parents=True)
    store = isolated_dirs / "preptui.sqlite3"
    store.write_bytes(b"this is not a database" * 200)
    banks = isolated_dirs / "banks"
    banks.mkdir()
    (banks / "broken.toml").write_text('[role]\nid = "x"\n', encoding="utf-8")
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text('new_per_day = "lots"\n', encoding="utf-8")
    before = store.read_bytes()

    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM  store:" in out and "is damaged" in out
    assert "keeps the damaged file as preptui.sqlite3.corrupt-<time>" in out
    assert "PROBLEM  banks:" in out and "broken.toml:1: role.title" in out
    assert "(and 3 more)" in out and f"preptui validate {banks / 'broken.toml'}" in out
    assert "PROBLEM  settings:" in out and "new_per_day" in out
    assert "or delete the file to go back to the defaults" in out
    assert out.rstrip().endswith("3 problems found.")
    assert store.read_bytes() == before  # doctor changes nothing
    assert sorted(p.name for p in isolated_dirs.iterdir()) == ["banks", "preptui.sqlite3"]

    assert main(["doctor", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert [f["area"] for f in report["findings"] if not f["ok"]] == ["store", "banks", "settings"]


def test_doctor_tells_a_newer_store_from_damage(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_dirs.mkdir(parents=True)
    conn = sqlite3.connect(isolated_dirs / "preptui.sqlite3")
    conn.execute("PRAGMA user_version = 999")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "written by a newer preptui (schema 999)" in out and "upgrade preptui" in out
    assert "damaged" not in out


# --------------------------------------------------------------------------- the terminal check


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_terminal_problem() -> None:
    tty, pipe = _Stream(True), _Stream(False)
    assert terminal_problem(tty, tty, {"TERM": "xterm-256color"}) is None
    assert terminal_problem(tty, tty, {"TERM": "dumb"}) == "TERM=dumb cannot draw a full-screen app"
    assert terminal_problem(pipe, tty, {"TERM": "xterm"}) == (
        "stdin and stdout are not both a terminal"
    )
    # textual-serve runs the app on pipes with its web driver: that is fine.
    web = {"TERM": "dumb", "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    assert terminal_problem(pipe, pipe, web) is None


def test_a_dumb_terminal_gets_a_polite_line_and_a_hint(isolated_dirs: Path) -> None:
    from tests.ptyrun import PtyApp

    env = {**__import__("os").environ, "TERM": "dumb"}
    env.pop("TEXTUAL_DRIVER", None)
    app = PtyApp([], env)
    assert app.wait_exit() == 1
    text = app.text()
    assert "the app needs an interactive terminal (TERM=dumb cannot draw" in text
    assert "hint: run it in a terminal emulator, or practise in a browser with 'preptui serve'" in (
        text.replace("\r\n", " ").replace("\n", " ")
    )
    assert "Traceback" not in text
