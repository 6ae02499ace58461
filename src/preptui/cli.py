"""Command-line entry point. Heavy modules are imported inside the commands that need them.

``preptui`` with no arguments opens the app without building the parser (argparse and every
command's module cost ~35 ms, on the way to the first frame).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from preptui.ui.requests import MockRequest, ReviewRequest

from preptui import __version__
from preptui.safe import json_safe, safe, safe_path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            self.print_usage(sys.stderr)
            print(f"{self.prog}: error: {message}", file=sys.stderr)
            raise SystemExit(EXIT_USAGE)

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
    sub.add_parser("today", help="print what is due, learning and new in each role today")
    sub.add_parser("history", help="list past mock interviews")
    review = sub.add_parser("review", help="review due questions with spaced repetition")
    review.add_argument(
        "role", nargs="?", metavar="ROLE", help="role id (default: every role, in one session)"
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
    import argparse

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
    given = list(sys.argv[1:] if argv is None else argv)
    run: Callable[[], int] = partial(launch, [], None)  # no arguments: the app, no parser
    if given:
        parser = build_parser()
        try:
            args = parser.parse_args(given)
        except SystemExit as exc:
            return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
        args.banks = [*args.banks, *getattr(args, "sub_banks", [])]
        run = partial(_dispatch, args)
    try:
        code = run()
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
    from preptui.cli_progress import cmd_history, cmd_stats, cmd_today

    command = args.command
    if command == "list":
        return cmd_list(args)
    if command == "validate":
        return cmd_validate(args)
    if command == "schema":
        return cmd_schema()
    if command == "mock":
        return cmd_mock(args)
    if command == "today":
        return cmd_today(args)
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


def _pause_collection() -> bool:
    """Turn the cyclic garbage collector off until the app has drawn its first frame.

    Importing Textual and building the browser make some 70,000 objects that live as long as
    the app; the collections they set off (~20 ms before the first frame) walk them again and
    again for nothing. ``PrepApp(resume_collection=True)`` freezes what is alive once the frame
    is drawn (as ``banks.load`` does with the banks) and turns the collector on again. Returns
    whether it was on.
    """
    import gc

    collecting = gc.isenabled()
    gc.disable()
    return collecting


def cmd_launch(args: argparse.Namespace) -> int:
    return launch(args.banks, args.role)


def launch(banks: Sequence[Path], role: str | None) -> int:
    """Open the app (``preptui``, ``preptui --role ID``, ``--banks PATH``)."""
    refused = _need_terminal("the app")
    if refused is not None:
        return refused
    return _run_app(banks, role)


def _run_app(
    banks: Sequence[Path],
    role: str | None,
    *,
    mock: MockRequest | None = None,
    review: ReviewRequest | None = None,
) -> int:
    """Run the app until it is closed: the collector paused until its first frame."""
    from preptui.banks.discover import default_sources

    collecting = _pause_collection()
    from preptui.ui.app import PrepApp

    app = PrepApp(
        sources=default_sources(banks),
        role=role,
        mock=mock,
        review=review,
        resume_collection=collecting,
    )
    app.run()
    return app.return_code or 0


def cmd_list(args: argparse.Namespace) -> int:
    from preptui.banks.discover import default_sources
    from preptui.banks.load import list_banks
    from preptui.cli_progress import print_load_errors

    # Summaries only: an unchanged bank's comes from its cache entry, no question is built.
    result = list_banks(default_sources(args.banks))
    print_load_errors(result.errors)
    if not result.banks:
        print("No banks loaded.", file=sys.stderr)
        return EXIT_ERRORS
    width = max(len(b.summary.role_id) for b in result.banks)
    for listed in result.banks:
        role = listed.summary
        count = role.questions
        origin = "" if listed.origin == "bundled" else f"  ({listed.origin}: {listed.path})"
        print(
            safe(
                f"{role.role_id:<{width}}  {count:>4} questions  {role.title}{origin}",
                one_line=True,
            )
        )
    return EXIT_ERRORS if result.errors else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    import json

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
    from preptui.cli_progress import recent_ratings, unknown_role

    if args.plan:
        if not args.role:
            print("preptui: mock --plan needs a ROLE", file=sys.stderr)
            return EXIT_USAGE
        from preptui.mock.agenda import build_agenda
        from preptui.mock.plan import format_plan

        result = load_default(args.banks)
        loaded = result.get(args.role)
        if loaded is None:
            return unknown_role(args.role, result.role_ids())
        recent = recent_ratings(args.role)
        agenda = build_agenda(loaded.bank, args.minutes, args.seed, recent)
        print(safe(format_plan(agenda)))
        return EXIT_OK
    refused = _need_terminal("a mock interview")
    if refused is not None:
        return refused
    if args.role and not args.resume:
        result = load_default(args.banks)
        if result.get(args.role) is None:
            return unknown_role(args.role, result.role_ids())
    from preptui.ui.requests import MockRequest

    request = MockRequest(args.role, args.minutes, args.seed, args.resume)
    return _run_app(args.banks, args.role, mock=request)


def cmd_review(args: argparse.Namespace) -> int:
    refused = _need_terminal("a review session")
    if refused is not None:
        return refused
    from preptui.banks.load import load_default
    from preptui.cli_progress import unknown_role

    role = args.role
    if role:
        result = load_default(args.banks)
        if result.get(role) is None:
            return unknown_role(role, result.role_ids())
    from preptui.ui.requests import ReviewRequest

    return _run_app(args.banks, role, review=ReviewRequest(role, all_roles=not role))


def cmd_schema() -> int:
    import json

    from preptui.banks.write import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
