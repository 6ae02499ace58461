"""Bank problems: one line each, naming the file, the line and the field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class BankError:
    """One problem in one bank file, printable as ``path:line[:col]: [field: ]message``."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        subject = f"{self.field}: " if self.field else ""
        return f"{where}: {subject}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


class BankLoadError(Exception):
    """Raised by :func:`load_bank` when a file cannot be used; carries every error found."""

    def __init__(self, errors: Sequence[BankError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


def fail(path: Path, message: str, line: int | None = None) -> BankLoadError:
    return BankLoadError([BankError(path, message, line)])


def sentence(message: str) -> str:
    message = " ".join(message.split())
    return message[:1].upper() + message[1:] if message else message


def loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
