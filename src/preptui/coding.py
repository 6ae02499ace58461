"""Run a question's reference solution against its test cases.

Pure core: no Textual. Python solutions run in a separate, isolated interpreter (``python -I``)
with a time limit, so a solution that loops or crashes cannot take the caller with it; SQL
solutions run on an in-memory SQLite database. This is the base for solving coding questions
in the app; today the test suite runs every bundled solution.
"""

from __future__ import annotations

import ast
import json
import math
import sqlite3
import subprocess
import sys
from dataclasses import dataclass

from preptui.model import Solution

__all__ = ["CaseResult", "run_solution"]

TIME_LIMIT_SECONDS = 20.0

# Runs in the child interpreter: reads {"code", "cases"} on stdin, prints one JSON per case.
_PYTHON_CHILD = r"""
import ast, json, sys
job = json.load(sys.stdin)
namespace = {"__name__": "solution"}
try:
    exec(compile(job["code"], "<solution>", "exec"), namespace)
except BaseException as exc:
    print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
    sys.exit(0)
for case in job["cases"]:
    try:
        value = eval(compile(case, "<case>", "eval"), namespace)
        print(json.dumps({"repr": repr(value)}))
    except BaseException as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
"""


@dataclass(frozen=True)
class CaseResult:
    input: str
    expected: str
    actual: str
    passed: bool


def _equal(actual: object, expected: object) -> bool:
    if isinstance(expected, float) and isinstance(actual, int | float):
        return math.isclose(actual, expected, rel_tol=1e-6, abs_tol=1e-9)
    if isinstance(expected, list | tuple) and isinstance(actual, list | tuple):
        return len(actual) == len(expected) and all(
            _equal(a, e) for a, e in zip(actual, expected, strict=True)
        )
    return actual == expected


def _run_python(solution: Solution) -> list[CaseResult]:
    job = json.dumps({"code": solution.code, "cases": [c.input for c in solution.cases]})
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", _PYTHON_CHILD],
            input=job,
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT_SECONDS,
            check=False,
        )
        lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    except subprocess.TimeoutExpired:
        lines = [{"error": f"no answer within {TIME_LIMIT_SECONDS:g} s"}]
    results: list[CaseResult] = []
    for index, case in enumerate(solution.cases):
        line = lines[index] if index < len(lines) else lines[-1] if lines else {"error": "none"}
        if "error" in line:
            results.append(CaseResult(case.input, case.expected, line["error"], False))
            continue
        try:
            actual_value = ast.literal_eval(line["repr"])
        except (ValueError, SyntaxError):
            actual_value = line["repr"]
        passed = _equal(actual_value, ast.literal_eval(case.expected))
        results.append(CaseResult(case.input, case.expected, line["repr"], passed))
    return results


def _rows(value: object) -> list[tuple[object, ...]]:
    if not isinstance(value, list | tuple):
        raise ValueError("expected rows as a list of tuples")
    return [tuple(row) if isinstance(row, list | tuple) else (row,) for row in value]


def _sort_key(row: tuple[object, ...]) -> tuple[str, ...]:
    return tuple(repr(cell) for cell in row)


def _run_sql(solution: Solution) -> list[CaseResult]:
    results: list[CaseResult] = []
    for case in solution.cases:
        connection = sqlite3.connect(":memory:")
        try:
            if solution.setup:
                connection.executescript(solution.setup)
            connection.executescript(case.input)
            actual = [tuple(row) for row in connection.execute(solution.code).fetchall()]
        except sqlite3.Error as exc:
            results.append(CaseResult(case.input, case.expected, f"sqlite: {exc}", False))
            continue
        finally:
            connection.close()
        expected = _rows(ast.literal_eval(case.expected))
        if not solution.ordered:
            actual, expected = sorted(actual, key=_sort_key), sorted(expected, key=_sort_key)
        passed = _equal(actual, expected)
        results.append(CaseResult(case.input, case.expected, repr(actual), passed))
    return results


def run_solution(solution: Solution) -> list[CaseResult]:
    """Each case's outcome; a crash or time-out fails the cases it reaches."""
    if solution.language == "python":
        return _run_python(solution)
    return _run_sql(solution)


def main(argv: list[str] | None = None) -> int:
    """``python -m preptui.coding BANK.toml``: run every solution in a bank file."""
    import tomllib

    from preptui.model import Bank

    failed = 0
    for path in argv if argv is not None else sys.argv[1:]:
        with open(path, "rb") as handle:
            bank = Bank.model_validate(tomllib.load(handle))
        for question in bank.questions:
            if question.solution is None:
                continue
            for result in run_solution(question.solution):
                if not result.passed:
                    failed += 1
                    print(
                        f"{path}: {question.id}: {result.input!r} gave {result.actual}, "
                        f"expected {result.expected}"
                    )
    print("all solutions pass" if not failed else f"{failed} failing case(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
