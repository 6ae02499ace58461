"""Command-line entry point. Heavy modules are imported inside the commands that need them."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from preptui import __version__

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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("list", help="list the roles and their question counts")
    val = sub.add_parser("validate", help="check bank files; exit 1 if any has errors")
    val.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    val.add_argument("--json", action="store_true", help="print the result as JSON")
    sub.add_parser("schema", help="print the JSON Schema of the bank format")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command
    if command == "list":
        return cmd_list(args)
    if command == "validate":
        return cmd_validate(args)
    if command == "schema":
        return cmd_schema()
    return cmd_launch(args)


def _need_terminal(what: str) -> int | None:
    if sys.stdout.isatty() and sys.stdin.isatty():
        return None
    print(
        f"preptui: {what} needs an interactive terminal (stdin and stdout are not both a tty). "
        "Try 'preptui list' or 'preptui --help'.",
        file=sys.stderr,
    )
    return EXIT_ERRORS


def _print_load_errors(errors: Sequence[object]) -> None:
    for error in errors:
        print(f"preptui: skipped: {error}", file=sys.stderr)


def cmd_launch(args: argparse.Namespace) -> int:
    refused = _need_terminal("the app")
    if refused is not None:
        return refused
    from preptui.banks import default_sources
    from preptui.ui.app import PrepApp

    app = PrepApp(sources=default_sources(args.banks), role=args.role)
    app.run()
    return app.return_code or 0


def cmd_list(args: argparse.Namespace) -> int:
    from preptui.banks import load_default

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
        print(f"{role.id:<{width}}  {count:>4} questions  {role.title}{origin}")
    return EXIT_ERRORS if result.errors else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from preptui.banks import Origin, bank_files, default_sources, load_banks

    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        if missing:
            for path in missing:
                print(f"preptui: {path}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
        sources = [(f, Origin.EXTRA) for p in args.paths for f in bank_files(p)]
    else:
        sources = default_sources()
    result = load_banks(sources)
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
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for error in result.errors:
            print(error)
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


def cmd_schema() -> int:
    from preptui.banks import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
