"""What an import gives back: the bank and a report, or one reason it failed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from preptui.importing.plain import shorten
from preptui.text import plural

if TYPE_CHECKING:
    from preptui.model import Bank

__all__ = ["NAVIGATION", "ImportFailed", "ImportReport", "Unused", "reason_counts"]

#: Reasons for lines left out that are no content: leaving them loses nothing.
NAVIGATION = frozenset({"navigation", "table of contents"})


class ImportFailed(Exception):
    """A file cannot be imported. ``str(exc)`` is a one-line reason; ``path`` names the file."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass
class Unused:
    """Lines of the file no question used (1-based, inclusive), and why."""

    first: int
    last: int
    why: str

    @property
    def where(self) -> str:
        return (
            f"line {self.first}" if self.first == self.last else f"lines {self.first}-{self.last}"
        )


@dataclass
class ImportReport:
    """The imported bank and what happened on the way."""

    bank: Bank
    imported: int
    skipped: list[tuple[str, str]] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    unused: list[Unused] = field(default_factory=list)

    @property
    def left(self) -> int:
        """How many questions were skipped and parts of the file, other than navigation, unused."""
        parts = sum(1 for part in self.unused if part.why not in NAVIGATION)
        questions = sum(1 for part in self.unused if part.why.startswith("skipped question"))
        return len(self.skipped) + parts - min(questions, len(self.skipped))

    def summary(self, *, max_skipped: int = 10) -> str:
        role = self.bank.role
        lines = [
            f"Imported {plural(self.imported, 'question')} into role {role.id!r} ({role.title})."
        ]
        if self.skipped:
            counts = reason_counts(self.skipped)
            lines.append(f"Skipped {plural(len(self.skipped), 'question')} ({counts}):")
            for text, reason in self.skipped[:max_skipped]:
                lines.append(f"  - {shorten(text, 72)} ({reason})")
            if len(self.skipped) > max_skipped:
                lines.append(f"  … and {len(self.skipped) - max_skipped} more")
        if self.unused:
            lines.append(f"Not used ({plural(len(self.unused), 'part')} of the file):")
            for part in self.unused[: max_skipped * 2]:
                lines.append(f"  - {part.where}: {part.why}")
            if len(self.unused) > max_skipped * 2:
                lines.append(f"  … and {len(self.unused) - max_skipped * 2} more")
        if self.defaults:
            lines.append("Defaults applied:")
            lines.extend(f"  - {note}" for note in self.defaults)
        return "\n".join(lines)


def reason_counts(skipped: Sequence[tuple[str, str]]) -> str:
    """``2 no answer, 1 duplicate question``: the reasons, most common first."""
    reasons = Counter(reason for _, reason in skipped)
    return ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
