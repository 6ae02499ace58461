"""Start-up cost guards: heavy libraries load only when a feature needs them.

Which layer may import what is checked by import-linter (`make lint`, contracts in pyproject.toml;
see test_layers.py). It cannot see *when* an import runs, so these check in a fresh interpreter that
importing a module does not pull in a library it only needs inside a function. A missing module
fails loudly here (it is never skipped), so a rename cannot pass unnoticed.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..apphelpers import until

PROBE = """
import importlib, importlib.util, json, sys
for name in sys.argv[1:]:
    if importlib.util.find_spec(name) is None:
        sys.exit(f"{name} does not exist: was it renamed? update test_startup_imports.py")
    importlib.import_module(name)
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
"""


def top_level_imports(*modules: str) -> set[str]:
    """Top-level packages loaded after importing `modules` in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout)
    assert isinstance(loaded, list)
    return {str(name) for name in loaded}


@pytest.mark.parametrize(
    ("modules", "not_yet"),
    [
        # The bank cache reads entries without pydantic until one has to be rebuilt.
        (("preptui.banks.cache",), {"pydantic"}),
        # Reading settings needs neither the TOML writer nor the scheduler.
        (("preptui.config",), {"tomli_w", "fsrs"}),
        # Card status (browser badges) is computed without fsrs or pydantic.
        (("preptui.srs.status",), {"fsrs", "pydantic"}),
        # The browser's first frame loads no scheduler, no plotting, no TOML writer, and no
        # argument parser (``preptui`` alone opens the app without one).
        (
            ("preptui.cli", "preptui.ui.app"),
            {"fsrs", "plotext", "textual_plotext", "tomli_w", "argparse", "pydantic"},
        ),
    ],
)
def test_module_loads_without_heavy_libraries(modules: tuple[str, ...], not_yet: set[str]) -> None:
    loaded = top_level_imports(*modules)
    assert "preptui" in loaded
    assert loaded & not_yet == set(), f"importing {', '.join(modules)} loads {loaded & not_yet}"


def test_a_missing_module_fails_loudly() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "preptui.no_such_module"], capture_output=True, text=True
    )
    assert proc.returncode != 0
    assert "preptui.no_such_module does not exist" in proc.stderr


def test_stats_text_needs_no_scheduler() -> None:
    """`preptui stats` writes "next due in 4d" without loading fsrs (~30 ms of its run)."""
    probe = (
        "import json, sys; from datetime import UTC, datetime, timedelta;"
        "from preptui.stats import due_text; now = datetime.now(UTC);"
        "print(due_text(now + timedelta(days=4), now, UTC));"
        "print(json.dumps('fsrs' in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    shown, loaded = proc.stdout.splitlines()
    assert shown.startswith("in 4d (")
    assert json.loads(loaded) is False


def test_the_first_frame_loads_no_bank_loading_card_status_or_command_code(tmp_path: Path) -> None:
    """``preptui`` up to the browser's first frame (the command line read, the app and its
    browser built) imports none of what only loaded banks, a store or a sub-command use: the
    loading code (the result types live in ``banks.loaded``), the card-status rule and the
    store's records, the progress commands, the key rows of help and palette, SQLite, JSON
    and hashlib (~10 ms together)."""
    probe = (
        "import sys; from preptui.cli import main; from preptui.ui.app import PrepApp;"
        "PrepApp(sources=[]); print(sorted(sys.modules))"  # printed without json
    )
    env = dict(os.environ, PREPTUI_DATA_DIR=str(tmp_path), PREPTUI_CONFIG_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    loaded = set(ast.literal_eval(proc.stdout))
    assert "preptui.ui.screens.browse" in loaded
    later = {
        "pydantic",  # the bank model: only once banks are read, in a worker thread
        "fsrs",
        "plotext",
        "preptui.banks.load",
        "preptui.banks.errors",
        "preptui.banks.lines",
        "preptui.srs.status",
        "preptui.records",
        "preptui.cli_progress",
        "preptui.ui.keys",
        "preptui.ui.requests",  # only for --mock and --review
        "sqlite3",
        "hashlib",
        "json",
    }
    assert loaded & later == set()


async def test_footer_keys_are_styled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every screen's footer keys (one frame after the first, as Textual's footer draws them):
    each starts with the footer's ``compact`` rather than Textual's default, so it is not
    restyled twice (class added when mounted, removed when bound), ~10 ms for a dozen keys."""
    from textual.app import App, ComposeResult
    from textual.widgets._footer import FooterKey

    from preptui.ui.widgets.key_footer import KeyFooter

    restyled: list[str] = []
    restyle = FooterKey.update_node_styles

    def counted(self: FooterKey, animate: bool = True) -> None:
        if not self.has_class("-command-palette"):
            restyled.append(self.key)
        restyle(self, animate=animate)

    monkeypatch.setattr(FooterKey, "update_node_styles", counted)

    class Keys(App[None]):
        BINDINGS = [("x", "bell", "Ring"), ("y", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield KeyFooter()

    def keys() -> list[FooterKey]:
        return [k for k in pilot.app.query(FooterKey) if not k.has_class("-command-palette")]

    async with Keys().run_test() as pilot:
        await until(pilot, lambda: bool(keys()), "the keys, a frame after the first")
        await pilot.pause()
        assert [k.key for k in keys()] == ["x", "y"]
        assert all(not k.compact and not k.has_class("-compact") for k in keys())
    assert restyled == []


def test_the_app_starts_with_the_cyclic_collector_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``preptui`` turns the collector off before importing the app (its collections walk
    the objects of the start for nothing, ~20 ms before the first frame) and asks the app to
    turn it on again."""
    import gc

    from preptui import cli
    from preptui.ui.app import PrepApp

    monkeypatch.setenv("PREPTUI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PREPTUI_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr(cli, "_need_terminal", lambda what: None)
    seen: list[tuple[bool, bool]] = []
    monkeypatch.setattr(
        PrepApp, "run", lambda self: seen.append((gc.isenabled(), self._resume_collection))
    )
    # On, as in a fresh process: the collector is process-wide, and an earlier test in this
    # worker (or its app's bank loading, which pauses it) may have left it off.
    gc.enable()
    try:
        assert cli.launch([], None) == 0
    finally:
        gc.enable()
    assert seen == [(False, True)]


async def test_the_collector_is_on_again_once_the_first_frame_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from preptui.ui.app import PrepApp

    monkeypatch.setenv("PREPTUI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PREPTUI_CONFIG_DIR", str(tmp_path))
    gc.disable()
    try:
        app = PrepApp(sources=[], use_store=False, resume_collection=True)
        async with app.run_test() as pilot:
            await app.banks_ready.wait()
            await pilot.pause()
            assert gc.isenabled()  # loading the banks found it off and left it so, before
    finally:
        gc.enable()


async def test_the_other_screens_are_imported_in_a_thread_once_the_banks_are_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first r, m, T or s would otherwise import its screen on the UI thread (the review
    screen and fsrs ~45 ms, the chart's plotext ~120 ms). Each listed module exists, so a
    rename cannot leave the list importing nothing."""
    import importlib.util
    import threading

    from preptui.ui import warm
    from preptui.ui.app import PrepApp

    assert all(importlib.util.find_spec(name) is not None for name in warm.MODULES)
    assert "preptui.ui.screens.review" in warm.MODULES
    assert "preptui.ui.widgets.chart" in warm.MODULES
    imported: list[tuple[str, str]] = []

    def record(name: str) -> Any:
        imported.append((name, threading.current_thread().name))
        return importlib.import_module(name)

    monkeypatch.setattr(warm, "import_module", record)
    monkeypatch.setenv("PREPTUI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PREPTUI_CONFIG_DIR", str(tmp_path))
    app = PrepApp(sources=[], use_store=False)
    async with app.run_test() as pilot:
        await app.banks_ready.wait()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert [name for name, _ in imported] == list(warm.MODULES)
    assert threading.main_thread().name not in {thread for _, thread in imported}
