"""The user's settings: a small TOML file, loaded into a dataclass with defaults.

Pure: no Textual. ``config.toml`` lives in :func:`preptui.paths.config_dir` (``PREPTUI_CONFIG_DIR``
overrides it). Loading never raises: a file that cannot be read or parsed gives the defaults, a
bad value gives that key's default, and each problem comes back as one line naming the file,
the line and the key where they are known. Saving writes a temporary file beside the real one
and renames it over it, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from preptui import paths
from preptui.kinds import new_per_day_problem, retention_problem
from preptui.slugs import is_slug

__all__ = [
    "DEFAULT_THEME",
    "Config",
    "ConfigError",
    "LoadedConfig",
    "config_path",
    "load",
    "save",
]

DEFAULT_THEME = "textual-dark"
# The coach's engines (kept here, not imported from preptui.coach, so settings load stays light;
# tests/unit/test_config.py checks the two lists agree).
ENGINE_NAMES = ("lexical", "wordllama", "llm")
FILE_NAME = "config.toml"
_THEME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class ConfigError(ValueError):
    """A setting out of range; the message says which and why, in one line."""


@dataclass(frozen=True)
class Config:
    """Every setting, with its default. :meth:`validate` checks the values."""

    new_per_day: int = 10
    desired_retention: float = 0.9
    theme: str = DEFAULT_THEME
    default_role: str = ""  # "" means none: open the first role
    follow_ups: bool = True  # the mock interviewer asks a follow-up after a question
    coach_engine: str = "lexical"  # lexical | wordllama | llm (see preptui.coach.factory)
    coach_url: str = "http://127.0.0.1:11434/v1"  # the llm engine's OpenAI-compatible server
    coach_model: str = ""  # the llm engine's model name ("" means the engine's default)

    def validate(self) -> Config:
        """Self, if every value is in range; else ConfigError naming the first bad one."""
        for f in fields(self):
            _check(f.name, getattr(self, f.name))
        return self

    def to_toml_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "new_per_day": self.new_per_day,
            "desired_retention": self.desired_retention,
            "theme": self.theme,
            "follow_ups": self.follow_ups,
            "coach_engine": self.coach_engine,
            "coach_url": self.coach_url,
        }
        if self.coach_model:
            data["coach_model"] = self.coach_model
        if self.default_role:
            data["default_role"] = self.default_role
        return data


DEFAULTS = Config()


def _check(key: str, value: object) -> None:
    if key == "new_per_day":
        if problem := new_per_day_problem(value):
            raise ConfigError(f"new_per_day {problem}")
    elif key == "desired_retention":
        if problem := retention_problem(value):
            raise ConfigError(f"desired_retention {problem}")
    elif key == "theme":
        if not isinstance(value, str) or not _THEME.match(value):
            raise ConfigError(
                f"theme must be a theme name such as {DEFAULT_THEME!r}, not {value!r}"
            )
    elif key == "follow_ups":
        if not isinstance(value, bool):
            raise ConfigError(f"follow_ups must be true or false, not {value!r}")
    elif key == "coach_engine":
        if value not in ENGINE_NAMES:
            raise ConfigError(
                f"coach_engine must be one of {', '.join(ENGINE_NAMES)}, not {value!r}"
            )
    elif key == "coach_url":
        if not isinstance(value, str) or not re.match(r"^https?://[^\s]+$", value):
            raise ConfigError(f"coach_url must be an http:// or https:// address, not {value!r}")
    elif key == "coach_model":
        if not isinstance(value, str) or len(value) > 200 or any(ord(c) < 32 for c in value):
            raise ConfigError(f"coach_model must be a model name such as 'llama3.2', not {value!r}")
    elif key == "default_role" and (not isinstance(value, str) or (value and not is_slug(value))):
        raise ConfigError(f"default_role must be a role id such as 'ml-engineer', not {value!r}")


@dataclass(frozen=True)
class LoadedConfig:
    """The settings in force and the problems met loading them (one line each)."""

    config: Config
    path: Path
    problems: list[str] = field(default_factory=list)


def config_path() -> Path:
    return paths.config_dir() / FILE_NAME


def _key_line(text: str, key: str) -> int | None:
    name = re.escape(key)
    pattern = re.compile(rf"^[ \t]*(?:{name}|\"{name}\"|'{name}')[ \t]*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _where(path: Path, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def load(path: Path | None = None) -> LoadedConfig:
    """Read the settings. A missing file is no problem: it gives the defaults."""
    path = path if path is not None else config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedConfig(DEFAULTS, path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return LoadedConfig(
            DEFAULTS, path, [f"{path}: cannot read the settings ({reason}); using the defaults"]
        )
    import tomllib  # only when there is a settings file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else None
        reason = message[: found.start()].strip() if found else message
        return LoadedConfig(
            DEFAULTS, path, [f"{_where(path, line)}: not valid TOML ({reason}); using the defaults"]
        )
    config = DEFAULTS
    problems: list[str] = []
    known = {f.name for f in fields(Config)}
    for key, value in data.items():
        where = _where(path, _key_line(text, key))
        if key not in known:
            problems.append(
                f"{where}: unknown setting {key!r}, ignored (known: {', '.join(sorted(known))})"
            )
            continue
        if key == "desired_retention" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        try:
            _check(key, value)
        except ConfigError as exc:
            default = getattr(DEFAULTS, key)
            problems.append(f"{where}: {exc}; using the default {default!r}")
            continue
        config = replace(config, **{key: value})
    return LoadedConfig(config, path, problems)


def save(config: Config, path: Path | None = None) -> Path:
    """Write the settings atomically (a temporary file, then ``os.replace``). Returns the path.

    Raises ConfigError for an invalid config and OSError when the file cannot be written.
    """
    import tempfile

    import tomli_w

    config.validate()
    path = path if path is not None else config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "# preptui settings (the settings screen, key ',', writes this file)\n"
    body += tomli_w.dumps(config.to_toml_dict())
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
