"""The import-linter contracts in pyproject.toml really catch a breach.

`make test` runs `lint-imports` on the tree. This runs it once on a temporary copy of the source
with a breach of every contract injected, and checks that each contract breaks and names the
injected import (direct or through a chain).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from ..conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# (file in src/preptui, line appended to it, contract id, text the contract's report must hold)
BREACHES = [
    ("text.py", "import textual", "core-pure", "preptui.text -> textual"),
    ("srs/status.py", "from textual.widget import Widget", "core-pure", "preptui.srs.status ->"),
    ("mock/clock.py", "import preptui.store", "core-pure", "preptui.mock.clock -> preptui.store"),
    ("kinds.py", "import preptui.ui.glue", "core-pure", "preptui.kinds -> preptui.ui.glue"),
    ("store/notes.py", "import textual.app", "textual-free-services", "preptui.store.notes ->"),
    ("cli_banks.py", "import rich", "textual-free-services", "preptui.cli_banks -> rich"),
    ("search.py", "import sqlite3", "core-no-sqlite", "preptui.search -> sqlite3"),
    ("store/bookmarks.py", "import preptui.practice", "layers", "preptui.store.bookmarks ->"),
    ("model.py", "import preptui.mock.agenda", "core-layers", "preptui.model -> preptui.mock"),
    ("mock/plan.py", "import preptui.srs.queue", "rooms-independent", "preptui.mock.plan ->"),
    ("ui/widgets/badges.py", "import preptui.store.notes", "ui-via-practice", "ui.widgets.badges"),
    (
        "mock/clock.py",
        "import preptui.mock.plan",
        "no-cycles",
        "cycles are allowed in preptui.mock.",
    ),
]


def contract_names() -> dict[str, str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return {str(c["id"]): str(c["name"]) for c in contracts}


def broken_sections(report: str, names: dict[str, str]) -> dict[str, str]:
    """The 'Broken contracts' part of a lint-imports report, split by contract id."""
    _, marker, broken = report.partition("\nBroken contracts\n")
    assert marker, report
    starts = {cid: broken.find(f"\n{name}\n---") for cid, name in names.items()}
    found = sorted((at, cid) for cid, at in starts.items() if at >= 0)
    ends = [at for at, _ in found[1:]] + [len(broken)]
    return {cid: broken[at:end] for (at, cid), end in zip(found, ends, strict=True)}


def test_every_contract_catches_an_injected_import(tmp_path: Path) -> None:
    assert LINT_IMPORTS.is_file(), f"{LINT_IMPORTS} is missing: pip install -e '.[dev]'"
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    package = tmp_path / "src" / "preptui"
    shutil.copytree(REPO / "src" / "preptui", package, ignore=shutil.ignore_patterns("__pycache__"))
    # A new top-level module must be placed in a layer; a helper that pulls in Textual.
    (package / "brand_new.py").write_text('"""In no layer."""\n', encoding="utf-8")
    (package / "ui" / "glue.py").write_text("import textual\n", encoding="utf-8")
    for module, line, _, _ in BREACHES:
        path = package / module
        assert path.is_file(), f"{path} is missing: was it renamed? update BREACHES"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\n{line}  # injected by test_layers\n")

    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src"), "COLUMNS": "500"}
    args = [str(LINT_IMPORTS), "--no-cache", "--config", str(tmp_path / "pyproject.toml")]
    proc = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    names = contract_names()
    sections = broken_sections(proc.stdout, names)
    assert sorted(sections) == sorted(names), proc.stdout  # every contract broke
    # The copy was linted, not the installed tree: the module that exists only there is named.
    assert "- preptui.brand_new" in sections["layers"]
    for module, line, contract, expected in BREACHES:
        assert expected in sections[contract], f"{line!r} in {module}:\n{sections[contract]}"
