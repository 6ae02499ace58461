"""Settings in config.toml: defaults, round trip, atomic writes, clear messages for bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from preptui import config
from preptui.config import DEFAULTS, Config, ConfigError, config_path, load, save


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    loaded = load(tmp_path / "none.toml")
    assert loaded.config == Config() == DEFAULTS
    assert loaded.problems == []
    assert (DEFAULTS.new_per_day, DEFAULTS.desired_retention) == (10, 0.9)
    assert DEFAULTS.theme == "textual-dark" and DEFAULTS.default_role == ""


def test_config_path_follows_the_environment(isolated_dirs: Path, tmp_path: Path) -> None:
    assert config_path() == tmp_path / "config" / "config.toml"


def test_round_trip_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "config.toml"
    wanted = Config(new_per_day=25, desired_retention=0.85, theme="nord", default_role="sre")
    assert save(wanted, path) == path
    assert load(path) == config.LoadedConfig(wanted, path, [])
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]
    text = path.read_text(encoding="utf-8")
    assert 'theme = "nord"' in text and "new_per_day = 25" in text
    # no default role: the key is left out, and reads back as none
    save(Config(), path)
    assert "default_role" not in path.read_text(encoding="utf-8")
    assert load(path).config == Config()


def test_save_replaces_in_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    save(Config(new_per_day=3), path)
    replaced: list[tuple[str, str]] = []
    real = os.replace

    def spy(src: str, dst: str) -> None:
        replaced.append((Path(src).name, Path(dst).name))
        assert path.read_text(encoding="utf-8").count("new_per_day = 3") == 1  # old file intact
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    save(Config(new_per_day=4), path)
    assert len(replaced) == 1 and replaced[0][1] == "config.toml"
    assert replaced[0][0].startswith(".config.toml.") and replaced[0][0].endswith(".tmp")
    assert load(path).config.new_per_day == 4


def test_save_refuses_invalid_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="new_per_day"):
        save(Config(new_per_day=-1), tmp_path / "c.toml")
    assert not (tmp_path / "c.toml").exists()


def test_not_toml_names_file_and_line_and_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('new_per_day = 5\ntheme = "nord\n', encoding="utf-8")
    loaded = load(path)
    assert loaded.config == DEFAULTS
    (problem,) = loaded.problems
    assert problem.startswith(f"{path}:2: not valid TOML (")
    assert problem.endswith("; using the defaults")
    assert "\n" not in problem


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("new_per_day = 'ten'", "new_per_day"),
        ("new_per_day = 501", "new_per_day"),
        ("new_per_day = true", "new_per_day"),
        ("desired_retention = 1.5", "desired_retention"),
        ("desired_retention = nan", "desired_retention"),
        ("theme = 3", "theme"),
        ("theme = '<script>'", "theme"),
        ("default_role = 'Not A Slug'", "default_role"),
    ],
)
def test_bad_value_names_file_line_and_key_and_keeps_the_rest(
    tmp_path: Path, line: str, key: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"# settings\nnew_per_day = 7\n\n{line}\n", encoding="utf-8")
    if key == "new_per_day":  # the bad line is the only new_per_day
        path.write_text(f"# settings\ntheme = 'nord'\n\n{line}\n", encoding="utf-8")
    loaded = load(path)
    (problem,) = loaded.problems
    assert problem.startswith(f"{path}:4: {key} must be")
    assert f"using the default {getattr(DEFAULTS, key)!r}" in problem
    assert getattr(loaded.config, key) == getattr(DEFAULTS, key)
    if key == "new_per_day":
        assert loaded.config.theme == "nord"
    else:
        assert loaded.config.new_per_day == 7


def test_unknown_key_is_reported_and_ignored(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("new_per_day = 3\ncolour = 'red'\n", encoding="utf-8")
    loaded = load(path)
    assert loaded.config == Config(new_per_day=3)
    (problem,) = loaded.problems
    assert problem.startswith(f"{path}:2: unknown setting 'colour', ignored")


def test_integer_retention_and_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("desired_retention = 0.95\n", encoding="utf-8")
    assert load(path).config.desired_retention == 0.95
    path.write_bytes(b"\xff\xfe not utf-8")
    loaded = load(path)
    assert loaded.config == DEFAULTS
    assert loaded.problems[0].startswith(f"{path}: cannot read the settings")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert load(folder).problems[0].startswith(f"{folder}: cannot read the settings")


def test_coach_engine_names_agree_with_the_coach() -> None:
    from preptui.coach.factory import ENGINE_NAMES as COACH_ENGINES
    from preptui.config import ENGINE_NAMES

    assert ENGINE_NAMES == COACH_ENGINES


def test_new_settings_are_checked_and_round_trip(tmp_path: Path) -> None:
    from preptui.config import Config, ConfigError, load, save

    config = Config(follow_ups=False, coach_engine="llm", coach_model="llama3.2")
    path = save(config, tmp_path / "config.toml")
    assert load(path).config == config
    for bad in (
        Config(coach_engine="gpt"),
        Config(coach_url="ftp://x"),
        Config(follow_ups="yes"),  # type: ignore[arg-type]
    ):
        with pytest.raises(ConfigError):
            bad.validate()
