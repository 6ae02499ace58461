"""Fixtures of the bank-cache tests (test_cache, test_lazy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from preptui.banks import cache
from preptui.banks.cache import BankCache

from ..conftest import SAMPLE_BANKS

GOOD = (SAMPLE_BANKS / "beta.toml").read_text(encoding="utf-8")


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old at most; let the cache take them anyway."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)


@pytest.fixture
def store(tmp_path: Path) -> BankCache:
    return BankCache(tmp_path / "cache")


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "banks" / "beta.toml"
    path.parent.mkdir()
    path.write_text(GOOD, encoding="utf-8")
    return path
