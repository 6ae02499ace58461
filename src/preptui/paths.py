"""Where preptui keeps its files. Environment variables override the platform defaults."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "preptui"


def data_dir() -> Path:
    """The user data folder: the store and the user bank folder live here."""
    env = os.environ.get("PREPTUI_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    env = os.environ.get("PREPTUI_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """The bank cache: ``$PREPTUI_CACHE_DIR``, else ``$PREPTUI_DATA_DIR/cache`` when the data
    folder is overridden (everything stays together), else the platform's user cache folder."""
    env = os.environ.get("PREPTUI_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if os.environ.get("PREPTUI_DATA_DIR"):
        return data_dir() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def legacy_cache_dir() -> Path:
    """Where the bank cache lived before it moved to :func:`cache_dir`."""
    return data_dir() / "cache"


def user_bank_dir() -> Path:
    return data_dir() / "banks"


def reports_dir() -> Path:
    """Exported mock interview reports."""
    return data_dir() / "reports"


def bundled_bank_dir() -> Path:
    """Banks shipped with preptui: inside the wheel, or ``banks/`` beside ``src/`` in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "bundled_banks"
    if installed.is_dir():
        return installed
    return here.parent.parent / "banks"


def store_path() -> Path:
    return data_dir() / "preptui.sqlite3"
