"""Edit the settings: reviews (new a day, retention), looks (theme, default role), the mock
interviewer's follow-ups and the answer coach (engine, and the server and model of ``llm``).

The screen only checks the values: it is dismissed with the new :class:`Config` (or None when
cancelled), and the app writes ``config.toml`` and applies the theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, Switch

from preptui.config import ENGINE_NAMES, Config, ConfigError
from preptui.kinds import NEW_PER_DAY_MAX, NEW_PER_DAY_MIN, RETENTION_MAX, RETENTION_MIN
from preptui.ui.widgets.key_footer import KeyFooter

# Settings as the screen names them (config.toml's keys are for the file, not for people).
LABELS = {
    "new_per_day": "New questions a day",
    "desired_retention": "Desired retention",
    "theme": "Theme",
    "default_role": "Default role",
    "follow_ups": "Interviewer asks follow-ups",
    "coach_engine": "Answer coach",
    "coach_url": "Coach server address",
    "coach_model": "Coach model",
}

# What each coach engine needs, shown under the choice.
ENGINE_NEEDS = {
    "lexical": "lexical: matches your words to the key points. Built in, instant, works offline.",
    "wordllama": (
        "wordllama: matches meaning, not just words. Needs the coach extra: "
        "pip install 'preptui[coach]'."
    ),
    "llm": (
        "llm: asks a language model you run (Ollama, llama.cpp…) at the server address below; "
        "falls back to lexical when it does not answer."
    ),
}


def human(message: str) -> str:
    """A settings error with the setting's name as the screen shows it, as a sentence."""
    for key, label in LABELS.items():
        if message.startswith(key + " "):
            return label + message[len(key) :]
    return message[:1].upper() + message[1:]


class SettingsScreen(ModalScreen[Config | None]):
    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
        Binding("f1", "help", "Help", id="settings.help"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    HELP_EXTRA = [
        ("tab / shift+tab", "Next / previous setting"),
        ("enter", "Save (in a text field); open a list"),
        ("space", "Turn a switch on or off"),
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
        with VerticalScroll(id="settings-form"):
            yield Static("Settings", classes="title")
            with Horizontal(classes="settings-row"):
                yield Label(LABELS["new_per_day"], classes="settings-label")
                yield Input(
                    str(config.new_per_day),
                    type="integer",
                    id="new-per-day",
                    classes="settings-field",
                    compact=True,
                    tooltip=f"{NEW_PER_DAY_MIN}-{NEW_PER_DAY_MAX} new questions a day join reviews",
                )
            with Horizontal(classes="settings-row"):
                yield Label(LABELS["desired_retention"], classes="settings-label")
                yield Input(
                    f"{config.desired_retention:g}",
                    type="number",
                    id="retention",
                    classes="settings-field",
                    compact=True,
                    tooltip=f"{RETENTION_MIN}-{RETENTION_MAX}: higher means more frequent reviews",
                )
            with Horizontal(classes="settings-row"):
                yield Label(LABELS["theme"], classes="settings-label")
                yield Select(
                    [(name, name) for name in self.themes],
                    value=config.theme,
                    allow_blank=False,
                    id="theme",
                    classes="settings-field",
                    compact=True,
                )
            with Horizontal(classes="settings-row"):
                yield Label(LABELS["default_role"], classes="settings-label")
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
                    classes="settings-field",
                    compact=True,
                )
            with Horizontal(classes="settings-row"):
                yield Label(LABELS["follow_ups"], classes="settings-label")
                yield Switch(config.follow_ups, id="follow-ups")
                yield Static(_on_off(config.follow_ups), id="follow-ups-word")
            with Horizontal(classes="settings-row"):
                yield Label(LABELS["coach_engine"], classes="settings-label")
                yield Select(
                    [(name, name) for name in ENGINE_NAMES],
                    value=config.coach_engine,
                    allow_blank=False,
                    id="coach-engine",
                    classes="settings-field",
                    compact=True,
                )
            yield Static(
                ENGINE_NEEDS.get(config.coach_engine, ""), id="coach-needs", classes="settings-note"
            )
            with Horizontal(classes="settings-row"):
                yield Label(LABELS["coach_url"], classes="settings-label")
                yield Input(
                    config.coach_url,
                    id="coach-url",
                    classes="settings-field",
                    compact=True,
                    tooltip="The llm engine's OpenAI-compatible server, http:// or https://",
                )
            with Horizontal(classes="settings-row"):
                yield Label(LABELS["coach_model"], classes="settings-label")
                yield Input(
                    config.coach_model,
                    placeholder="(the engine's default model)",
                    id="coach-model",
                    classes="settings-field",
                    compact=True,
                    tooltip="The model the llm engine asks for, such as llama3.2",
                )
            yield Static(id="settings-error")
            with Horizontal(id="settings-actions"):
                yield Button("Save", variant="primary", id="settings-save", compact=True)
                yield Button("Cancel", id="settings-cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        for box in self.query(Input):
            box.cursor_blink = not self.app.is_headless
        self.query_one("#new-per-day", Input).focus()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.query_one("#follow-ups-word", Static).update(_on_off(event.value))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "coach-engine":
            needs = ENGINE_NEEDS.get(str(event.value), "")
            self.query_one("#coach-needs", Static).update(needs)

    def read(self) -> Config:
        """The settings on screen; ConfigError (in the screen's words) when one is out of range."""
        raw_new = self.query_one("#new-per-day", Input).value.strip()
        raw_retention = self.query_one("#retention", Input).value.strip()
        try:
            new_per_day = int(raw_new)
        except ValueError:
            raise ConfigError(
                f"{LABELS['new_per_day']} must be a whole number, not {raw_new!r}"
            ) from None
        try:
            retention = float(raw_retention)
        except ValueError:
            raise ConfigError(
                f"{LABELS['desired_retention']} must be a number, not {raw_retention!r}"
            ) from None
        theme = self.query_one("#theme", Select).value
        role = self.query_one("#default-role", Select).value
        engine = self.query_one("#coach-engine", Select).value
        config = replace(  # settings this screen does not show keep their values
            self.config,
            new_per_day=new_per_day,
            desired_retention=retention,
            theme=str(theme) if isinstance(theme, str) else self.config.theme,
            default_role=role if isinstance(role, str) else "",
            follow_ups=self.query_one("#follow-ups", Switch).value,
            coach_engine=engine if isinstance(engine, str) else self.config.coach_engine,
            coach_url=self.query_one("#coach-url", Input).value.strip(),
            coach_model=self.query_one("#coach-model", Input).value.strip(),
        )
        try:
            return config.validate()
        except ConfigError as exc:
            raise ConfigError(human(str(exc))) from None

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

    def action_help(self) -> None:
        from preptui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen.for_screen(self, "Settings: keys"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "settings-save":
            self.action_save()
        else:
            self.action_cancel()


def _on_off(value: bool) -> str:
    return "on" if value else "off"
