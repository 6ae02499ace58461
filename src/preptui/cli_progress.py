"""CLI commands that read your progress: today, history, stats, past ratings for ``mock --plan``.

The store is opened read-mostly; a fault is one line naming the file and the cause (and what the
folder holding it says: full, read-only, not writable), never a traceback, and never touches it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from preptui.store import Store

from preptui.safe import safe

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def unknown_role(role: str, known: list[str]) -> int:
    print(
        f"preptui: no role {safe(repr(role))}. Known roles: {safe(', '.join(known))}",
        file=sys.stderr,
    )
    return EXIT_ERRORS


def recent_ratings(role_id: str) -> dict[str, int]:
    """Recent mock ratings for the plan; without the store the plan is made without them."""
    import sqlite3

    store = _open_store()
    if store is None:
        print("preptui: note: planning without your past ratings", file=sys.stderr)
        return {}
    try:
        return store.recent_mock_ratings(role_id)
    except sqlite3.Error as exc:
        print(f"preptui: cannot read past ratings: {_fault_line(store, exc)}", file=sys.stderr)
        return {}
    finally:
        _print_new_notices(store, 0)
        store.close()


def _fault_line(store: Store, exc: BaseException) -> str:
    """One line for a store error met while reading: the file, the cause in words."""
    from preptui.store.errors import describe

    return safe(f"{store.path}: {describe(exc)}{_folder_cause(store.path)}", one_line=True)


def _folder_cause(path: Path) -> str:
    """What the folder holding the store says about a fault: full, or read-only."""
    import os

    folder = path.parent
    try:
        fs = os.statvfs(folder)
    except OSError:
        return ""
    if fs.f_flag & os.ST_RDONLY:
        return f"; {folder} is on a read-only file system"
    if fs.f_bavail == 0 or (fs.f_favail == 0 and fs.f_files):
        return f"; the disk holding {folder} is full"
    if not os.access(folder, os.W_OK):
        return f"; {folder} is not writable by you"
    return ""


def _print_new_notices(store: Store, already: int) -> None:
    """Notices the store added while reading (damaged rows it skipped), one line each."""
    for notice in store.notices[already:]:
        print(f"preptui: {safe(notice, one_line=True)}", file=sys.stderr)


def _open_store() -> Store | None:
    """The user's store, or None after saying why on stderr (one line, no traceback)."""
    from preptui.store import Store, StoreError, StoreFault

    try:
        store = Store()
    except (StoreError, OSError) as exc:
        from preptui import paths

        cause = _folder_cause(paths.store_path()) if isinstance(exc, StoreFault) else ""
        print(f"preptui: {safe(f'{exc}{cause}', one_line=True)}", file=sys.stderr)
        return None
    for notice in store.notices:
        print(f"preptui: {safe(notice, one_line=True)}", file=sys.stderr)
    return store


def cmd_history() -> int:
    import sqlite3

    from preptui.history import format_history

    store = _open_store()
    if store is None:
        return EXIT_ERRORS
    seen = len(store.notices)
    try:
        mocks = store.mocks(None, limit=-1)  # every one: SQLite reads a negative limit as none
    except sqlite3.Error as exc:
        print(f"preptui: cannot read the history: {_fault_line(store, exc)}", file=sys.stderr)
        return EXIT_ERRORS
    finally:
        _print_new_notices(store, seen)
        store.close()
    if not mocks:
        print("No mock interviews yet. Start one with: preptui mock ROLE")
        return EXIT_OK
    print(safe(format_history(mocks, _clock().tzinfo)), end="")
    return EXIT_OK


def cmd_today(args: argparse.Namespace) -> int:
    """Due, learning and new per role, the streak and today's reviews (as the Today screen)."""
    from preptui.banks.load import load_default
    from preptui.config import load
    from preptui.practice import Practice, PracticeError
    from preptui.today import format_today

    loaded = load()
    for problem in loaded.problems:
        print(f"preptui: {safe(problem, one_line=True)}", file=sys.stderr)
    result = load_default(args.banks)
    print_load_errors(result.errors)
    store = _open_store()
    if store is None:
        return EXIT_ERRORS
    seen = len(store.notices)
    now = _clock()
    practice = Practice(loaded.config, now=lambda: now)
    practice.store = store  # the store opened above, its faults already said in one line
    practice.set_banks(result)
    try:
        today = practice.today(now.tzinfo)
    except PracticeError as exc:
        print(f"preptui: {safe(exc, one_line=True)}", file=sys.stderr)
        return EXIT_ERRORS
    finally:
        _print_new_notices(store, seen)
        practice.close()
    print(safe(format_today(today)), end="")
    return EXIT_OK


def _clock() -> datetime:
    """Now, timezone-aware in the local zone (tests replace this)."""
    return datetime.now().astimezone()


def _settings_problems() -> None:
    from preptui.config import load

    for problem in load().problems:
        print(f"preptui: {safe(problem, one_line=True)}", file=sys.stderr)


def cmd_stats(args: argparse.Namespace) -> int:
    import sqlite3

    from preptui.banks.load import load_default
    from preptui.coach.progress import coverage_by_week, coverage_line
    from preptui.stats import format_stats, role_stats

    _settings_problems()
    result = load_default(args.banks)
    print_load_errors(result.errors)
    if args.role and result.get(args.role) is None:
        return unknown_role(args.role, result.role_ids())
    store = _open_store()
    if store is None:
        return EXIT_ERRORS
    seen = len(store.notices)
    now = _clock()
    tz = now.tzinfo
    try:
        if args.role:
            roles = [args.role]
        else:
            reviewed = store.card_roles()
            roles = [r for r in result.role_ids() if r in reviewed]
            unknown = sorted(reviewed - set(result.role_ids()))
            if unknown:
                print(
                    f"preptui: reviews kept for roles not loaded: {safe(', '.join(unknown))}",
                    file=sys.stderr,
                )
        if not roles:
            print("No reviews yet. Start with: preptui review ROLE")
            return EXIT_OK
        reports = []
        # The cards' columns (no JSON parsed), read once for every role shown.
        cards = (
            store.all_card_records() if len(roles) > 1 else {roles[0]: store.card_records(roles[0])}
        )
        for role_id in roles:
            loaded = result.get(role_id)
            assert loaded is not None
            stats = role_stats(
                loaded.bank,
                cards.get(role_id, {}),
                store.review_figures(role_id),
                store.mock_scores(role_id),
                now,
                tz,
            )
            report = format_stats(stats)
            weeks = coverage_by_week(store.role_marks(role_id), now, tz)
            if weeks:
                report = report.rstrip("\n") + "\n" + coverage_line(weeks) + "\n"
            reports.append(report)
    except sqlite3.Error as exc:
        print(f"preptui: cannot read the statistics: {_fault_line(store, exc)}", file=sys.stderr)
        return EXIT_ERRORS
    except (ValueError, KeyError, TypeError) as exc:
        print(f"preptui: cannot read the statistics: {safe(exc, one_line=True)}", file=sys.stderr)
        return EXIT_ERRORS
    finally:
        _print_new_notices(store, seen)
        store.close()
    print(safe("\n".join(reports)), end="")
    return EXIT_OK


def print_load_errors(errors: Sequence[object]) -> None:
    for error in errors:
        print(f"preptui: skipped: {safe(error, one_line=True)}", file=sys.stderr)
