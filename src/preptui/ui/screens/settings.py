"""Edit the settings: new questions per day, desired retention, theme and default role.

The screen only checks the values: it is dismissed with the new :class:`Config` (or None when
cancelled), and the app writes ``config.toml`` and applies the theme.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from preptui.config import Config, ConfigError
from preptui.kinds import NEW_PER_DAY_MAX, NEW_PER_DAY_MIN, RETENTION_MAX, RETENTION_MIN


class SettingsScreen(ModalScreen[Config | None]):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
    ]

    def __init__(
        self, config: Config, themes: Sequence[str], roles: Sequence[tuple[str, str]]
    ) -> None:
        super().__init__()
        self.config = config
        self.themes = sorted(set(themes) | {config.theme})
        self.roles = list(roles)

    def compose(self) -> ComposeResult:
        config = self.config
        with VerticalScroll(id="settings-box"):
            yield Static("Settings", classes="title")
            with Horizontal(classes="setting"):
                yield Label("New questions a day", classes="setting-label")
                yield Input(
                    str(config.new_per_day),
                    type="integer",
                    id="new-per-day",
                    classes="setting-input",
                    tooltip=f"{NEW_PER_DAY_MIN}-{NEW_PER_DAY_MAX} new questions a day join reviews",
                )
            with Horizontal(classes="setting"):
                yield Label("Desired retention", classes="setting-label")
                yield Input(
                    f"{config.desired_retention:g}",
                    type="number",
                    id="retention",
                    classes="setting-input",
                    tooltip=f"{RETENTION_MIN}-{RETENTION_MAX}: higher means more frequent reviews",
                )
            with Horizontal(classes="setting"):
                yield Label("Theme", classes="setting-label")
                yield Select(
                    [(name, name) for name in self.themes],
                    value=config.theme,
                    allow_blank=False,
                    id="theme",
                    classes="setting-input",
                )
            with Horizontal(classes="setting"):
                yield Label("Default role", classes="setting-label")
                known = {role_id for role_id, _ in self.roles}
                options = [(Content(title), role_id) for role_id, title in self.roles]
                if config.default_role and config.default_role not in known:
                    options.append(
                        (Content(f"{config.default_role} (not loaded)"), config.default_role)
                    )
                yield Select(
                    options,
                    value=config.default_role or Select.NULL,
                    prompt="(the first role)",
                    allow_blank=True,
                    id="default-role",
                    classes="setting-input",
                )
            yield Static(id="settings-error")
            with Horizontal(id="settings-buttons"):
                yield Button("Save", variant="primary", id="settings-save")
                yield Button("Cancel", id="settings-cancel")
            yield Static("ctrl+s or enter: save · escape: cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#new-per-day", Input).focus()

    def read(self) -> Config:
        """The settings on screen; ConfigError when one is out of range."""
        raw_new = self.query_one("#new-per-day", Input).value.strip()
        raw_retention = self.query_one("#retention", Input).value.strip()
        try:
            new_per_day = int(raw_new)
        except ValueError:
            raise ConfigError(
                f"new questions a day must be a whole number, not {raw_new!r}"
            ) from None
        try:
            retention = float(raw_retention)
        except ValueError:
            raise ConfigError(
                f"desired retention must be a number, not {raw_retention!r}"
            ) from None
        theme = self.query_one("#theme", Select).value
        role = self.query_one("#default-role", Select).value
        config = Config(
            new_per_day=new_per_day,
            desired_retention=retention,
            theme=str(theme) if isinstance(theme, str) else self.config.theme,
            default_role=role if isinstance(role, str) else "",
        )
        return config.validate()

    def action_save(self) -> None:
        error = self.query_one("#settings-error", Static)
        try:
            config = self.read()
        except ConfigError as exc:
            error.update(Content(str(exc)))
            error.add_class("-error")
            return
        self.dismiss(config)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "settings-save":
            self.action_save()
        else:
            self.action_cancel()
