"""The pure modules never import Textual, so they stay fast and testable on their own."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE = [
    "model",
    "banks",
    "search",
    "store",
    "paths",
    "mock",
    "review",
    "importers",
    "exporters",
    "config",
    "progress",
    "review_session",
    "stats",
]


@pytest.mark.parametrize("module", PURE)
def test_pure_module_does_not_import_textual(module: str) -> None:
    code = (
        "import importlib, importlib.util, sys\n"
        f"name = 'preptui.{module}'\n"
        "if importlib.util.find_spec(name) is None: sys.exit(3)\n"
        "importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode == 3:
        pytest.skip(f"preptui.{module} does not exist yet")
    assert proc.returncode == 0, f"preptui.{module} imports {proc.stdout}{proc.stderr}"
