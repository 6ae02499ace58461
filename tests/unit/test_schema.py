"""The bank JSON Schema and the pydantic models give the same verdict on the same bank.

Both read the TOML as parsed (``tomllib``): a TOML float such as ``30.0`` stays a float and a
TOML date stays a date, as the schema is meant to be read over TOML data. Rules JSON Schema
cannot state (unique question ids) are pinned down as known differences.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.validators import extend
from pydantic import ValidationError

from preptui.banks.write import json_schema, stripped_length_pattern
from preptui.model import Bank

REPO = Path(__file__).resolve().parents[2]

BASE = """
[role]
id = "test-role"
title = "Test Role"
icon = "T"
summary = "A role for checking the schema."
tips = ["Think aloud."]

[role.format]
minutes = 45
rounds = "2 rounds"

[role.format.mix]
technical = 2
behavioural = 1

[[questions]]
id = "first"
prompt = "What is a cache?"
difficulty = "easy"
kind = "technical"
answer = "A faster copy of data."
key_points = ["Speed", "Staleness"]
tags = ["performance"]
minutes = 5

[[questions]]
id = "second"
prompt = "Write two_sum."
difficulty = "medium"
kind = "coding"
answer = "Use a dict."
key_points = ["Hash map", "One pass"]

[questions.solution]
language = "python"
code = "def two_sum(xs, t):\\n    return []"
ordered = true

[[questions.solution.cases]]
input = "two_sum([], 1)"
expected = "[]"
"""


def _toml_integer(_checker: Any, instance: object) -> bool:
    """A TOML integer: ``30`` is one, the float ``30.0`` is not (nor is ``true``)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _toml_integer),
)
SCHEMA = json_schema()
VALIDATOR = _Validator(SCHEMA)


def schema_ok(data: dict[str, Any]) -> bool:
    return bool(VALIDATOR.is_valid(data))


def pydantic_ok(data: dict[str, Any]) -> bool:
    try:
        Bank.model_validate(data)
    except ValidationError:
        return False
    return True


def base() -> dict[str, Any]:
    return copy.deepcopy(tomllib.loads(BASE))


def q(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    question: dict[str, Any] = data["questions"][index]
    return question


Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Edit:
    """An edit that sets a dotted path (``questions.0.prompt``) to ``value``."""

    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return edit


def _delete(path: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[last]

    return edit


# (name, edit, valid?) — each feeds the same data to the schema and to pydantic.
CASES: list[tuple[str, Edit, bool]] = [
    ("the base bank", lambda d: None, True),
    ("blank prompt", _set("questions.0.prompt", "   "), False),
    ("empty prompt", _set("questions.0.prompt", ""), False),
    ("prompt of ideographic spaces only", _set("questions.0.prompt", "\u3000\u3000"), False),
    ("padded prompt", _set("questions.0.prompt", "  What is a cache?\n"), True),
    ("zero-width space is not white space", _set("questions.0.prompt", "\u200b"), True),
    ("blank key point", _set("questions.0.key_points", ["Speed", " \t "]), False),
    ("one key point", _set("questions.0.key_points", ["Speed"]), False),
    ("nine key points", _set("questions.0.key_points", [f"p{i}" for i in range(9)]), False),
    ("mix asks nothing", _set("role.format.mix", {"technical": 0}), False),
    ("mix is empty", _set("role.format.mix", {}), False),
    (
        "mix with one zero and one kind",
        _set("role.format.mix", {"technical": 0, "coding": 1}),
        True,
    ),
    ("mix with an unknown kind", _set("role.format.mix", {"trivia": 1}), False),
    ("mix value over 50", _set("role.format.mix", {"technical": 51}), False),
    ("format minutes as a float", _set("role.format.minutes", 30.0), False),
    ("format minutes below the range", _set("role.format.minutes", 4), False),
    ("question minutes as a float", _set("questions.0.minutes", 5.0), False),
    ("question minutes as a boolean", _set("questions.0.minutes", True), False),
    ("question minutes zero", _set("questions.0.minutes", 0), False),
    ("a TOML date where text is expected", _set("questions.0.prompt", dt.date(2024, 1, 1)), False),
    ("a TOML datetime title", _set("role.title", dt.datetime(2024, 1, 1, 9, 30)), False),
    ("padded title", _set("role.title", "  Test Role  "), True),
    ("padded 40-character tag", _set("questions.0.tags", [" " + "t" * 40 + " "]), True),
    ("41-character tag", _set("questions.0.tags", ["t" * 41]), False),
    ("padded 2000-character line", _set("role.title", "\n" + "x" * 2000 + "  "), True),
    ("2001-character line", _set("role.title", "x" * 2001), False),
    ("padded icon", _set("role.icon", "  T  "), True),
    ("blank icon (optional)", _set("role.icon", "   "), True),
    ("icon of 9 characters", _set("role.icon", "123456789"), False),
    ("empty tip", _set("questions.0.tip", ""), False),
    ("unknown key", _set("questions.0.hint", "typo"), False),
    ("missing answer", _delete("questions.0.answer"), False),
    ("role id not a slug", _set("role.id", "Test Role"), False),
    ("question id with a space", _set("questions.0.id", "first one"), False),
    ("padded question id", _set("questions.0.id", " first"), False),
    ("difficulty not listed", _set("questions.0.difficulty", "extreme"), False),
    ("no questions", _set("questions", []), False),
    ("solution without cases", _set("questions.1.solution.cases", []), False),
    ("solution in another language", _set("questions.1.solution.language", "ruby"), False),
    ("ordered as a number", _set("questions.1.solution.ordered", 1), False),
    ("ordered as text", _set("questions.1.solution.ordered", "yes"), False),
    ("an escape character in a prompt", _set("questions.0.prompt", "Hi \x1b[2J there"), False),
    ("a carriage return inside a line", _set("role.title", "Test\rRole"), False),
    ("a carriage return at the end is trimmed", _set("role.title", "Test Role\r\n"), True),
    ("tab and newline inside text", _set("questions.0.answer", "a\tb\nc"), True),
    ("a C1 control in a tag", _set("questions.0.tags", ["x\x9by"]), False),
]


def test_there_are_enough_edge_cases() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize(("name", "edit", "valid"), CASES, ids=[c[0] for c in CASES])
def test_schema_and_pydantic_agree(name: str, edit: Edit, valid: bool) -> None:
    data = base()
    edit(data)
    assert pydantic_ok(data) is valid, f"pydantic: {name}"
    assert schema_ok(data) is valid, f"schema: {name}"


def test_unique_question_ids_are_beyond_json_schema() -> None:
    """The README lists this rule as one the schema cannot state; pydantic enforces it."""
    data = base()
    q(data, 1)["id"] = "first"
    assert not pydantic_ok(data)
    assert schema_ok(data)


# White space as pydantic trims it, and characters it does not trim, mixed with text.
_TEXT = st.text(
    alphabet=st.sampled_from(
        [" ", "\t", "\n", "\r", "\v", "\u3000", "\u00a0", "\x85", "\ufeff", "\x1c", "\x1b", "a"]
    ),
    max_size=12,
)


@given(prompt=_TEXT, tag=st.text(alphabet=st.sampled_from([" ", "\u2003", "b"]), max_size=44))
def test_trimmed_lengths_agree_on_any_text(prompt: str, tag: str) -> None:
    data = base()
    q(data)["prompt"] = prompt
    q(data)["tags"] = [tag]
    assert schema_ok(data) == pydantic_ok(data)


@pytest.mark.parametrize(("low", "high"), [(0, 1), (0, 8), (1, 1), (1, 2), (1, 40), (3, 5)])
@pytest.mark.parametrize("no_controls", [False, True])
def test_stripped_length_pattern_counts_after_trimming(
    low: int, high: int, no_controls: bool
) -> None:
    import re

    pattern = re.compile(stripped_length_pattern(low, high, no_controls=no_controls))
    for core in range(high + 2):
        for pad in ("", " ", "\u3000 \n"):
            text = pad + "x" * core + pad
            assert bool(pattern.search(text)) == (low <= core <= high), (low, high, text)


def test_every_bundled_bank_passes_the_schema() -> None:
    for path in sorted((REPO / "banks").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in VALIDATOR.iter_errors(data)][:1]
        assert not errors, f"{path.name}: {errors}"


def test_the_shipped_schema_is_the_generated_one() -> None:
    shipped = json.loads((REPO / "banks" / "bank.schema.json").read_text(encoding="utf-8"))
    assert shipped == SCHEMA, "run: preptui schema > banks/bank.schema.json"
    Draft202012Validator.check_schema(shipped)
