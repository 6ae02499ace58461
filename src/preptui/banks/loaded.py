"""What loading banks gives: each bank with its file and origin, and the banks with the errors.

Apart from :mod:`preptui.banks.load` (which re-exports them) so that the app can hold an empty
result, and the browser its type, before anything is loaded: the first frame imports none of the
loading code (TOML, validation, error lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from preptui.banks.discover import Origin

if TYPE_CHECKING:
    from preptui.banks.errors import BankError
    from preptui.model import Bank

__all__ = ["LoadResult", "LoadedBank"]


@dataclass(frozen=True)
class LoadedBank:
    bank: Bank
    path: Path
    origin: Origin

    @property
    def editable(self) -> bool:
        return self.origin is not Origin.BUNDLED


@dataclass
class LoadResult:
    banks: list[LoadedBank] = field(default_factory=list)
    errors: list[BankError] = field(default_factory=list)

    @property
    def skipped(self) -> list[Path]:
        return sorted({e.path for e in self.errors})

    def role_ids(self) -> list[str]:
        return [b.bank.role.id for b in self.banks]

    def get(self, role_id: str) -> LoadedBank | None:
        for loaded in self.banks:
            if loaded.bank.role.id == role_id:
                return loaded
        return None
