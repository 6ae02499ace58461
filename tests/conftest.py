from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=60, deadline=None)
settings.load_profile("ci")

DATA = Path(__file__).parent / "data"
SAMPLE_BANKS = DATA / "banks"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty data and config folders: never the user's."""
    data = tmp_path / "data"
    monkeypatch.setenv("PREPTUI_DATA_DIR", str(data))
    monkeypatch.setenv("PREPTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)  # $VISUAL wins over $EDITOR
    monkeypatch.delenv("PREPTUI_CACHE_DIR", raising=False)  # the cache follows PREPTUI_DATA_DIR
    yield data


@pytest.fixture
def sample_sources() -> list[tuple[Path, object]]:
    from preptui.banks.discover import Origin, bank_files

    return [(p, Origin.EXTRA) for p in bank_files(SAMPLE_BANKS)]


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    _quicker_idle_checks()


def _quicker_idle_checks() -> None:
    """Pilot waits for "idle" after every key by sleeping 20 ms slices (``textual._wait``), at
    least 40 ms a key: most of a flow test's time. 4 ms slices tell idle the same way (a slice in
    which the process used under 1/20 of it): no test waits for time, only for the app to settle.
    """
    import textual._wait

    textual._wait.SLEEP_GRANULARITY = 0.004
    textual._wait.SLEEP_IDLE = 0.004 / 20


TIERS = ("unit", "functional", "snapshots", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test is marked with its tier, the folder it lives in: ``pytest -m unit`` and so on."""
    for item in items:
        tier = item.path.parent.name
        if tier in TIERS:
            item.add_marker(getattr(pytest.mark, tier))
