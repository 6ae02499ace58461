"""Writing banks: TOML text with the schema line, written atomically; the JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from preptui.fileio import atomic_write

if TYPE_CHECKING:
    from preptui.model import Bank


SCHEMA_LINE = "#:schema ./bank.schema.json"


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


def json_schema() -> dict[str, Any]:
    from preptui.model import Bank

    schema = Bank.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "preptui role bank"
    return schema
