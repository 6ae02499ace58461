"""Writing banks: TOML text with the schema line, written atomically; the JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from preptui.fileio import atomic_write

if TYPE_CHECKING:
    from preptui.model import Bank


SCHEMA_FILE = "bank.schema.json"
SCHEMA_LINE = f"#:schema ./{SCHEMA_FILE}"
SCHEMA_TITLE = "preptui role bank"


def dumps_bank(bank: Bank) -> str:
    """A bank as TOML text that :func:`load_bank` reads back to an equal bank."""
    import tomli_w

    data = bank.model_dump(mode="json", exclude_none=True)
    role = data["role"]
    if not role.get("icon"):
        role.pop("icon", None)
    for question in data["questions"]:
        for key in ("tags", "follow_ups"):
            if not question.get(key):
                question.pop(key, None)
    body = tomli_w.dumps(data, multiline_strings=True)
    return f"{SCHEMA_LINE}\n\n{body}"


def write_bank(bank: Bank, path: Path) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of each."""
    atomic_write(path, dumps_bank(bank))


# The characters pydantic's strip_whitespace trims (Rust's White_Space, as str::trim): named one by
# one, because ``\s`` differs between regex engines (Python adds \x1c-\x1f, ECMA-262 adds \ufeff).
_SPACE = r"\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# What the models' no-control-characters rule refuses (preptui.safe.CONTROL less tab, newline).
_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f"


def stripped_length_pattern(
    min_length: int, max_length: int | None, *, no_controls: bool = False
) -> str:
    """A regex for a string whose text, trimmed of white space, has a length in range.

    pydantic trims first and counts after; JSON Schema's minLength/maxLength count the raw
    string, so a padded string would be rejected and a blank one accepted. The pattern pins the
    first and last non-space characters and bounds what lies between them. ``no_controls``
    also refuses control characters other than tab and newline, anywhere.
    """
    if no_controls:
        # pydantic trims before the rule runs: \r or \v at either end is trimmed, not refused.
        space, solid, any_char = f"[{_SPACE}]", f"[^{_SPACE}{_CONTROL}]", f"[^{_CONTROL}]"
    else:
        space, solid, any_char = f"[{_SPACE}]", f"[^{_SPACE}]", r"[\s\S]"
    if max_length is None:
        middle = f"{any_char}{{{max(min_length - 2, 0)},}}"
    elif max_length <= 1:
        middle = ""
    else:
        middle = f"{any_char}{{{max(min_length - 2, 0)},{max_length - 2}}}"
    body = f"{solid}(?:{middle}{solid})" if middle else solid
    if min_length <= 1 and middle:
        body += "?"  # one character is enough
    if min_length <= 0:
        body = f"(?:{body})?"
    if max_length == 0:
        body = ""
    return f"^{space}*{body}{space}*$"


def _bank_schema_generator() -> type[Any]:
    from pydantic.json_schema import GenerateJsonSchema

    from preptui import model

    no_controls = getattr(model, "_no_controls", None)

    class BankSchema(GenerateJsonSchema):
        """pydantic's schema, with the rules its default output leaves out (see json_schema)."""

        _refuse_controls = False

        def function_after_schema(self, schema: Any) -> Any:
            if no_controls is None or schema["function"].get("function") is not no_controls:
                return super().function_after_schema(schema)
            inner = schema["schema"]
            if inner.get("type") != "str" or not inner.get("strip_whitespace"):
                raise ValueError("the no-controls rule is expressed only on trimmed text")
            self._refuse_controls = True
            try:
                return super().function_after_schema(schema)
            finally:
                self._refuse_controls = False

        def str_schema(self, schema: Any) -> Any:
            result = super().str_schema(schema)
            if schema.get("strip_whitespace"):
                low = result.pop("minLength", 0)
                high = result.pop("maxLength", None)
                if "pattern" in result:  # a pattern applies to the trimmed text: not expressible
                    raise ValueError("strip_whitespace with a pattern has no JSON Schema form")
                result["pattern"] = stripped_length_pattern(
                    low, high, no_controls=self._refuse_controls
                )
            return result

    return BankSchema


def json_schema() -> dict[str, Any]:
    """The bank format as JSON Schema (draft 2020-12), generated from the pydantic models.

    It states the same rules as the models, read over TOML data (where ``30.0`` is a float, not
    an integer, and a date is not a string), with these additions to pydantic's own output:

    * trimmed text: ``pattern`` instead of ``minLength``/``maxLength``, counting after trimming,
      and refusing control characters other than tab and newline where the models do;
    * ``role.format.mix`` must ask at least one question (``Format._some_questions``).

    Not expressible in JSON Schema (``preptui validate`` checks them): question ids unique in a
    bank, role ids unique across banks.
    """
    from preptui.kinds import Kind
    from preptui.model import Bank

    schema = Bank.model_json_schema(schema_generator=_bank_schema_generator())
    mix = schema["$defs"]["Format"]["properties"]["mix"]
    mix["anyOf"] = [
        {"required": [kind.value], "properties": {kind.value: {"minimum": 1}}} for kind in Kind
    ]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = SCHEMA_TITLE
    return schema


def schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def ensure_schema_beside(folder: Path) -> str:
    """Make ``folder/bank.schema.json`` the current schema, so a bank's ``#:schema`` line resolves.

    Returns ``"current"`` (already there), ``"written"`` (created or updated), ``"foreign"`` (a
    file of that name that is not preptui's schema: left alone) or ``"failed"`` (not written).
    """
    import json

    target = folder / SCHEMA_FILE
    text = schema_text()
    try:
        if target.is_symlink() or (target.exists() and not target.is_file()):
            return "foreign"
        if target.is_file():
            current = target.read_text(encoding="utf-8")
            if current == text:
                return "current"
            try:
                ours = json.loads(current).get("title") == SCHEMA_TITLE
            except (ValueError, AttributeError):
                ours = False
            if not ours:
                return "foreign"
        atomic_write(target, text)
    except (OSError, UnicodeDecodeError):
        return "failed"
    return "written"
