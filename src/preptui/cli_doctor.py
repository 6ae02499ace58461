"""``preptui doctor``: check the folders, the store, the banks and the settings, and say what to do.

It changes nothing; exit 1 when anything needs attention.
"""

from __future__ import annotations

import argparse
import json
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from preptui.fileio import writable

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

# --------------------------------------------------------------------------- doctor


@dataclass
class Finding:
    """One check's result: ``ok`` or a problem with what to do about it."""

    area: str
    ok: bool
    message: str
    advice: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"area": self.area, "ok": self.ok, "message": self.message, "advice": self.advice}


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def ok(self, area: str, message: str) -> None:
        self.findings.append(Finding(area, True, message))

    def problem(self, area: str, message: str, advice: str) -> None:
        self.findings.append(Finding(area, False, message, advice))

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]


def check_folders(report: Report) -> None:
    from preptui import paths

    for label, folder, env in (
        ("data folder", paths.data_dir(), "PREPTUI_DATA_DIR"),
        ("config folder", paths.config_dir(), "PREPTUI_CONFIG_DIR"),
        ("bank cache", paths.cache_dir(), "PREPTUI_CACHE_DIR"),
    ):
        if writable(folder):
            report.ok("folders", f"{label} {folder} is writable")
        else:
            report.problem(
                "folders",
                f"{label} {folder} cannot be written",
                f"fix its permissions (or free space), or set {env} to a folder you can write",
            )


def check_store(report: Report, path: Path | None = None) -> None:
    """``PRAGMA integrity_check`` on a read-only connection: a check never changes the file."""
    import sqlite3
    from urllib.parse import quote

    from preptui import paths
    from preptui.store.errors import describe, is_corruption
    from preptui.store.migrations import MIGRATIONS

    path = path if path is not None else paths.store_path()
    if not path.exists():
        report.ok("store", f"{path}: no progress yet (created on first use)")
        return
    if not path.is_file():
        report.problem(
            "store",
            f"{path} is not a regular file",
            "move it out of the way; preptui never replaces it by itself",
        )
        return
    uri = f"file:{quote(str(path.resolve()))}"
    try:
        try:  # read-write (never create) so SQLite tidies its -wal/-shm files on close
            conn = sqlite3.connect(f"{uri}?mode=rw", uri=True, timeout=5)
        except sqlite3.OperationalError:  # a read-only folder or file: look without writing
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=5)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_corruption(exc):
            _damaged(report, path, str(exc))
        else:
            report.problem(
                "store",
                f"{path}: cannot check the store: {describe(exc)}",
                "this is not damage and nothing was changed: check the file's permissions, "
                "free disk space, or close another program that holds it, then run doctor again",
            )
        return
    if rows != ["ok"]:
        _damaged(report, path, "; ".join(rows[:3]) + (" …" if len(rows) > 3 else ""))
        return
    if version > len(MIGRATIONS):
        report.problem(
            "store",
            f"{path} was written by a newer preptui (schema {version})",
            "upgrade preptui; this version will not change the file",
        )
        return
    report.ok("store", f"{path}: integrity ok (schema {version})")
    aside = sorted(path.parent.glob(f"{path.name}.corrupt-*"))
    if aside:
        names = ", ".join(p.name for p in aside[:3]) + (" …" if len(aside) > 3 else "")
        report.ok("store", f"kept aside earlier (damaged, yours to inspect or delete): {names}")


def _damaged(report: Report, path: Path, detail: str) -> None:
    report.problem(
        "store",
        f"{path} is damaged ({detail})",
        "copy it somewhere safe, then start preptui: it keeps the damaged file as "
        f"{path.name}.corrupt-<time> and starts a new store; restore a backup over it if you "
        "have one",
    )


def check_banks(report: Report, extra: Sequence[Path] = ()) -> None:
    from preptui import paths
    from preptui.banks.discover import default_sources
    from preptui.banks.load import load_banks

    sources = default_sources(extra)
    result = load_banks(sources, cache=False)
    bundled = paths.bundled_bank_dir().resolve()
    by_file: dict[Path, list[str]] = {}
    for error in result.errors:
        by_file.setdefault(error.path, []).append(str(error))
    for path, errors in by_file.items():
        folder = path.resolve().parent
        if folder == bundled:
            advice = "a bundled bank is broken: reinstall preptui"
        else:
            advice = (
                f"edit it ('preptui validate {shlex.quote(str(path))}' lists every "
                f"problem), or move it out of {folder}; the other banks still load"
            )
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        report.problem("banks", errors[0] + more, advice)
    if not result.banks:
        report.problem(
            "banks",
            "no bank loaded",
            "reinstall preptui to get the bundled banks, or add one with 'preptui new ROLE-ID'",
        )
        return
    questions = sum(len(b.bank.questions) for b in result.banks)
    report.ok(
        "banks",
        f"{len(result.banks)} of {len(sources)} bank files valid ({questions} questions)",
    )


def check_config(report: Report) -> None:
    from preptui import config

    loaded = config.load()
    for problem in loaded.problems:
        report.problem(
            "settings",
            problem,
            f"fix it in {loaded.path} (or the settings screen, key ','), or delete the file "
            "to go back to the defaults",
        )
    if not loaded.problems:
        where = loaded.path if loaded.path.exists() else f"{loaded.path} (none yet: defaults)"
        report.ok("settings", f"{where} readable")


def diagnose(extra: Sequence[Path] = ()) -> Report:
    report = Report()
    check_folders(report)
    check_store(report)
    check_banks(report, extra)
    check_config(report)
    return report


def cmd_doctor(args: argparse.Namespace) -> int:
    from preptui.safe import json_safe, safe

    report = diagnose(args.banks)
    problems = report.problems
    if args.json:
        data = {"ok": not problems, "findings": [f.as_dict() for f in report.findings]}
        print(json_safe(json.dumps(data, indent=2, ensure_ascii=False)))
    else:
        for finding in report.findings:
            mark = "ok     " if finding.ok else "PROBLEM"
            print(f"{mark}  {finding.area}: {safe(finding.message, one_line=True)}")
            if finding.advice:
                print(f"         what to do: {safe(finding.advice, one_line=True)}")
        count = len(problems)
        print(
            "No problems found."
            if not count
            else f"{count} problem{'s' if count != 1 else ''} found."
        )
    return EXIT_ERRORS if problems else EXIT_OK
