"""Command-line entry point. Heavy modules are imported inside the commands that need them."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from preptui.store import Store

from preptui import __version__
from preptui.safe import json_safe, safe, safe_path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="preptui",
        description="Practise job interviews in the terminal: browse role banks, "
        "sit timed mock interviews, review with spaced repetition.",
    )
    parser.add_argument("--version", action="version", version=f"preptui {__version__}")
    parser.add_argument("--role", metavar="ID", help="open the app on this role")
    parser.add_argument(
        "--banks",
        metavar="PATH",
        action="append",
        type=Path,
        default=[],
        help="also load this bank file or folder (repeatable)",
    )
    # Sub-commands accept --banks too, after their own name (preptui mock ROLE --banks PATH).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--banks",
        dest="sub_banks",
        metavar="PATH",
        action="append",
        type=Path,
        default=[],
        help="also load this bank file or folder (repeatable)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_parser = sub.add_parser

    def add_parser(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        kwargs.setdefault("parents", [common])
        return _add_parser(name, **kwargs)

    sub.add_parser = add_parser  # type: ignore[method-assign,assignment]
    sub.add_parser("list", help="list the roles and their question counts")
    val = sub.add_parser("validate", help="check bank files; exit 1 if any has errors")
    val.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    val.add_argument("--json", action="store_true", help="print the result as JSON")
    sub.add_parser("schema", help="print the JSON Schema of the bank format")
    mock = sub.add_parser("mock", help="sit a timed mock interview for a role")
    mock.add_argument("role", nargs="?", metavar="ROLE", help="role id (see 'preptui list')")
    mock.add_argument("--minutes", type=_minutes, metavar="N", help="interview length in minutes")
    mock.add_argument("--seed", type=int, metavar="S", help="seed for a reproducible question pick")
    mock.add_argument("--plan", action="store_true", help="print the agenda and exit")
    mock.add_argument("--resume", action="store_true", help="continue the last unfinished mock")
    sub.add_parser("history", help="list past mock interviews")
    review = sub.add_parser("review", help="review due questions with spaced repetition")
    review.add_argument(
        "role", nargs="?", metavar="ROLE", help="role id (default: the default role, or the first)"
    )
    stats = sub.add_parser("stats", help="print review and mock interview statistics")
    stats.add_argument(
        "role", nargs="?", metavar="ROLE", help="role id (default: every role with reviews)"
    )
    from preptui import cli_banks

    cli_banks.add_commands(sub)
    from preptui import cli_check

    cli_check.add_command(sub)
    from preptui import cli_tools

    cli_tools.add_commands(sub)
    return parser


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of minutes: {text!r}") from None
    from preptui.kinds import MAX_INTERVIEW_MINUTES, MIN_INTERVIEW_MINUTES

    if not MIN_INTERVIEW_MINUTES <= value <= MAX_INTERVIEW_MINUTES:
        raise argparse.ArgumentTypeError(
            f"minutes must be between {MIN_INTERVIEW_MINUTES} and {MAX_INTERVIEW_MINUTES}"
        )
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    args.banks = [*args.banks, *getattr(args, "sub_banks", [])]
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a full disk or /dev/full fails here: say so, not at exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # one line, never a traceback
        if exc.filename is not None:
            print(f"preptui: {safe_path(exc.filename)}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_ERRORS
        _quiet_stdout()
        print(f"preptui: cannot write to standard output: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS


def _quiet_stdout() -> None:
    """Point stdout at the null device: what is still buffered cannot fail again at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command
    if command == "list":
        return cmd_list(args)
    if command == "validate":
        return cmd_validate(args)
    if command == "schema":
        return cmd_schema()
    if command == "mock":
        return cmd_mock(args)
    if command == "history":
        return cmd_history()
    if command == "review":
        return cmd_review(args)
    if command == "stats":
        return cmd_stats(args)
    if command == "check":
        from preptui import cli_check

        return cli_check.run(args)
    if command in ("import", "new", "export"):
        from preptui import cli_banks

        return cli_banks.run(args)
    if command in ("paths", "doctor", "completion", "serve"):
        from preptui import cli_tools

        return cli_tools.run(args, build_parser)
    return cmd_launch(args)


def _need_terminal(what: str) -> int | None:
    """None if the full-screen app can run (a terminal, or textual-serve's web driver)."""
    from preptui.terminal import HINT, terminal_problem

    problem = terminal_problem(sys.stdin, sys.stdout)
    if problem is None:
        return None
    print(f"preptui: {what} needs an interactive terminal ({problem}).", file=sys.stderr)
    print(HINT, file=sys.stderr)
    return EXIT_ERRORS


def _print_load_errors(errors: Sequence[object]) -> None:
    for error in errors:
        print(f"preptui: skipped: {safe(error, one_line=True)}", file=sys.stderr)


def cmd_launch(args: argparse.Namespace) -> int:
    refused = _need_terminal("the app")
    if refused is not None:
        return refused
    from preptui.banks.discover import default_sources
    from preptui.ui.app import PrepApp

    app = PrepApp(sources=default_sources(args.banks), role=args.role)
    app.run()
    return app.return_code or 0


def cmd_list(args: argparse.Namespace) -> int:
    from preptui.banks.load import load_default

    result = load_default(args.banks)
    _print_load_errors(result.errors)
    if not result.banks:
        print("No banks loaded.", file=sys.stderr)
        return EXIT_ERRORS
    width = max(len(b.bank.role.id) for b in result.banks)
    for loaded in result.banks:
        role = loaded.bank.role
        count = len(loaded.bank.questions)
        origin = "" if loaded.origin == "bundled" else f"  ({loaded.origin}: {loaded.path})"
        print(
            safe(f"{role.id:<{width}}  {count:>4} questions  {role.title}{origin}", one_line=True)
        )
    return EXIT_ERRORS if result.errors else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from preptui.banks.discover import Origin, bank_files, default_sources
    from preptui.banks.load import load_banks

    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        if missing:
            for path in missing:
                print(f"preptui: {safe_path(path)}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
        sources = [(f, Origin.EXTRA) for p in args.paths for f in bank_files(p)]
    else:
        sources = default_sources()
    result = load_banks(sources, cache=False)  # validate always parses for real
    if args.json:
        report = {
            "ok": not result.errors,
            "files": len(sources),
            "banks": [
                {
                    "path": str(b.path),
                    "role": b.bank.role.id,
                    "questions": len(b.bank.questions),
                }
                for b in result.banks
            ],
            "errors": [e.as_dict() for e in result.errors],
        }
        print(json_safe(json.dumps(report, indent=2, ensure_ascii=False)))
    else:
        for error in result.errors:
            print(safe(error, one_line=True))
        questions = sum(len(b.bank.questions) for b in result.banks)
        summary = (
            f"{len(sources)} file{'s' if len(sources) != 1 else ''} checked: "
            f"{len(result.banks)} bank{'s' if len(result.banks) != 1 else ''} ok "
            f"({questions} questions), {len(result.errors)} error"
            f"{'s' if len(result.errors) != 1 else ''}"
        )
        print(summary, file=sys.stderr)
    if not sources:
        print("preptui: no bank files found", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_ERRORS if result.errors else EXIT_OK


def cmd_mock(args: argparse.Namespace) -> int:
    from preptui.banks.load import load_default

    if args.plan:
        if not args.role:
            print("preptui: mock --plan needs a ROLE", file=sys.stderr)
            return EXIT_USAGE
        from preptui.mock.agenda import build_agenda
        from preptui.mock.plan import format_plan

        result = load_default(args.banks)
        loaded = result.get(args.role)
        if loaded is None:
            return _unknown_role(args.role, result.role_ids())
        recent = _recent_ratings(args.role)
        agenda = build_agenda(loaded.bank, args.minutes, args.seed, recent)
        print(safe(format_plan(agenda)))
        return EXIT_OK
    refused = _need_terminal("a mock interview")
    if refused is not None:
        return refused
    if args.role and not args.resume:
        result = load_default(args.banks)
        if result.get(args.role) is None:
            return _unknown_role(args.role, result.role_ids())
    from preptui.banks.discover import default_sources
    from preptui.ui.app import MockRequest, PrepApp

    request = MockRequest(args.role, args.minutes, args.seed, args.resume)
    app = PrepApp(sources=default_sources(args.banks), role=args.role, mock=request)
    app.run()
    return app.return_code or 0


def _unknown_role(role: str, known: list[str]) -> int:
    print(
        f"preptui: no role {safe(repr(role))}. Known roles: {safe(', '.join(known))}",
        file=sys.stderr,
    )
    return EXIT_ERRORS


def _recent_ratings(role_id: str) -> dict[str, int]:
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

    from preptui.mock.clock import fmt_clock

    store = _open_store()
    if store is None:
        return EXIT_ERRORS
    seen = len(store.notices)
    try:
        mocks = store.mocks()
    except sqlite3.Error as exc:
        print(f"preptui: cannot read the history: {_fault_line(store, exc)}", file=sys.stderr)
        return EXIT_ERRORS
    finally:
        _print_new_notices(store, seen)
        store.close()
    if not mocks:
        print("No mock interviews yet. Start one with: preptui mock ROLE")
        return EXIT_OK
    print(f"{'#':>4}  {'date':<16}  {'role':<28}  {'min':>3}  {'used':>5}  {'score':>5}  status")
    for m in mocks:
        score = "–" if m.score is None else f"{m.score:.0f}%"
        status = {"in-progress": "incomplete (preptui mock --resume)"}.get(m.status, m.status)
        date = m.started_at[:16].replace("T", " ")
        line = (
            f"{m.id:>4}  {date:<16}  {m.role_title[:28]:<28}  {m.minutes:>3}  "
            f"{fmt_clock(m.elapsed_seconds):>5}  {score:>5}  {status} · {m.answered} answered"
        )
        print(safe(line, one_line=True))
    return EXIT_OK


def _clock() -> datetime:
    """Now, timezone-aware in the local zone (tests replace this)."""
    return datetime.now().astimezone()


def _settings_problems() -> None:
    from preptui.config import load

    for problem in load().problems:
        print(f"preptui: {safe(problem, one_line=True)}", file=sys.stderr)


def cmd_review(args: argparse.Namespace) -> int:
    refused = _need_terminal("a review session")
    if refused is not None:
        return refused
    from preptui.banks.discover import default_sources
    from preptui.banks.load import load_default

    role = args.role
    if role:
        result = load_default(args.banks)
        if result.get(role) is None:
            return _unknown_role(role, result.role_ids())
    from preptui.ui.app import PrepApp, ReviewRequest

    app = PrepApp(sources=default_sources(args.banks), role=role, review=ReviewRequest(role))
    app.run()
    return app.return_code or 0


def cmd_stats(args: argparse.Namespace) -> int:
    import sqlite3

    from preptui.banks.load import load_default
    from preptui.stats import format_stats, role_stats

    _settings_problems()
    result = load_default(args.banks)
    _print_load_errors(result.errors)
    if args.role and result.get(args.role) is None:
        return _unknown_role(args.role, result.role_ids())
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
            reviewed = {role_id for role_id, _ in store.all_cards()}
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
        for role_id in roles:
            loaded = result.get(role_id)
            assert loaded is not None
            stats = role_stats(
                loaded.bank,
                store.cards(role_id),
                store.review_log(role_id),
                store.mocks(role_id),
                now,
                tz,
            )
            reports.append(format_stats(stats))
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


def cmd_schema() -> int:
    from preptui.banks.write import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
