"""``preptui check ROLE QUESTION_ID [FILE|-]``: which key points a typed answer covers.

``add_command`` registers the sub-command (argparse only: keep this import light); ``run``
carries it out and returns the exit code. Errors are one line on stderr: an unknown role or
question exits 1, an unreadable answer file 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from preptui.coach import Coverage
    from preptui.model import Question

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
MAX_ANSWER_BYTES = 1_000_000
_MARKS = {"covered": "✓ covered", "partial": "~ partly ", "missed": "✗ missed "}


def add_command(sub: Any) -> None:
    from preptui.coach.factory import ENGINE_NAMES

    check = sub.add_parser(
        "check",
        help="score a typed answer against a question's key points",
        description="Read an answer from FILE (or standard input) and show which of the "
        "question's key points it covers, with the sentence that matched each, and a "
        "suggested rating.",
    )
    check.add_argument("role", metavar="ROLE", help="role id (see 'preptui list')")
    check.add_argument("question", metavar="QUESTION_ID", help="question id within the role")
    check.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="the answer; '-' or none: stdin"
    )
    check.add_argument(
        "--engine",
        choices=ENGINE_NAMES,
        default="lexical",
        help="lexical (built in), wordllama (extra preptui[coach]) or llm (a local server)",
    )
    check.add_argument(
        "--url", metavar="URL", help="llm: OpenAI-compatible server (http://127.0.0.1:11434/v1)"
    )
    check.add_argument("--model", metavar="NAME", help="llm: model name (llama3.2)")
    check.add_argument(
        "--timeout", type=float, metavar="S", help="llm: seconds to wait before the fallback"
    )
    check.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    from preptui.banks.load import load_default

    result = load_default(args.banks)
    loaded = result.get(args.role)
    if loaded is None:
        known = ", ".join(result.role_ids()) or "none"
        print(f"preptui: no role {clean(repr(args.role))}. Known roles: {known}", file=sys.stderr)
        return EXIT_ERRORS
    question = loaded.bank.question(args.question)
    if question is None:
        print(
            f"preptui: no question {clean(repr(args.question))} in role {clean(repr(args.role))} "
            f"(see 'preptui export {clean(args.role)}')",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    answer = _read_answer(args.file)
    if answer is None:
        return EXIT_USAGE

    from preptui.coach import EngineUnavailable, Target, make_engine
    from preptui.coach.lexical import bank_texts

    try:
        engine = make_engine(
            args.engine,
            bank_texts(loaded.bank.questions),
            url=args.url,
            model=args.model,
            timeout=args.timeout,
        )
        coverage = engine.assess(Target.from_question(question), answer)
    except EngineUnavailable as exc:
        print(f"preptui: {clean(str(exc))}", file=sys.stderr)
        return EXIT_ERRORS
    for note in coverage.notes:
        print(f"preptui: {clean(note)}", file=sys.stderr)
    if args.json:
        from preptui.safe import json_safe

        print(json_safe(json.dumps(coverage.as_dict(), indent=2, ensure_ascii=False)))
    else:
        print(format_coverage(question, coverage), end="")
    return EXIT_OK


def _read_answer(name: str) -> str | None:
    """The answer's text, or None after one line on stderr saying why it cannot be read."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_ANSWER_BYTES + 1)
            label = "standard input"
        else:
            path = Path(name)
            label = clean(str(path))
            if path.is_dir():
                print(f"preptui: {label}: is a folder, not an answer file", file=sys.stderr)
                return None
            with path.open("rb") as handle:
                data = handle.read(MAX_ANSWER_BYTES + 1)
    except FileNotFoundError:
        print(f"preptui: {clean(name)}: no such file", file=sys.stderr)
        return None
    except OSError as exc:
        print(f"preptui: {clean(name)}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return None
    if len(data) > MAX_ANSWER_BYTES:
        print(f"preptui: {label}: the answer is longer than 1 MB", file=sys.stderr)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        print(f"preptui: {label}: not UTF-8 text (byte {exc.start})", file=sys.stderr)
        return None


def clean(text: str) -> str:
    """Bank and answer text made safe for a terminal, on one line."""
    from preptui.safe import safe

    return safe(text, one_line=True)


def format_coverage(question: Question, coverage: Coverage) -> str:
    from preptui.text import plural

    lines = [f"{clean(question.prompt)}", ""]
    for point in coverage.points:
        mark = _MARKS[point.verdict.value]
        text = clean(question.key_points[point.index])
        lines.append(f"{mark}  {point.index + 1}. {text}")
        if point.evidence and point.verdict.value != "missed":
            lines.append(f"              “{clean(point.evidence)}”")
    covered, partial = len(coverage.covered), len(coverage.partial)
    total = len(coverage.points)
    summary = f"{covered} of {plural(total, 'key point')} covered"
    if partial:
        summary += f", {partial} partly"
    from preptui.kinds import Grade

    grade = Grade(coverage.suggested_rating)
    lines += ["", f"{summary}. Suggested rating: {grade.value} ({grade.label})."]
    if coverage.structure is not None:
        s = coverage.structure
        parts = [
            ("situation", s.situation),
            ("task", s.task),
            ("action", s.action),
            ("result", s.result),
            ("first person", s.first_person),
            ("number in the result", s.number_in_result),
        ]
        lines.append("Structure: " + ", ".join(f"{'✓' if ok else '✗'} {n}" for n, ok in parts))
        for hint in s.hints():
            lines.append(f"  - {hint}")
    lines.append(f"(engine: {coverage.engine})")
    return "\n".join(lines) + "\n"
