"""Start-up cost guards: heavy libraries load only when a feature needs them.

Which layer may import what is checked by import-linter (`make lint`, contracts in pyproject.toml;
see test_layers.py). It cannot see *when* an import runs, so these check in a fresh interpreter that
importing a module does not pull in a library it only needs inside a function. A missing module
fails loudly here (it is never skipped), so a rename cannot pass unnoticed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_the_app_is_built_before_its_first_frame_without_pydantic(tmp_path: Path) -> None:
    """What ``preptui`` does before Textual draws (the app and its browser built) loads no
    pydantic: the bank model is needed only once banks are read, in a worker thread."""
    probe = (
        "import json, sys; from preptui.ui.app import PrepApp; PrepApp(sources=[]);"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    env = dict(os.environ, PREPTUI_DATA_DIR=str(tmp_path), PREPTUI_CONFIG_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    loaded = set(json.loads(proc.stdout))
    assert "textual" in loaded
    assert loaded & {"pydantic", "fsrs", "plotext"} == set()
