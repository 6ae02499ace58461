"""The role sidebar: icon, title and question count for each loaded bank."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from preptui.banks.loaded import LoadedBank
from preptui.ui.widgets.badges import icon_text


class RoleList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="role-list.cursor_down"),
        Binding("k", "cursor_up", "Up", show=False, id="role-list.cursor_up"),
    ]

    @dataclass
    class RoleChanged(Message):
        """The highlighted role changed."""

        role_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._banks: list[LoadedBank] = []
        self._due: dict[str, int] = {}

    @staticmethod
    def role_label(loaded: LoadedBank, due: int = 0) -> Content:
        """Icon, title and question count, then ``· 3 due`` when some questions are due."""
        role = loaded.bank.role
        return Content.assemble(
            Content(icon_text(role.icon or "•")),
            " ",
            Content(role.title),
            (f" {len(loaded.bank.questions)}", "dim"),
            *((" · ", "dim"), (f"{due} due", "$error")) if due else (),
        )

    def set_banks(
        self,
        banks: list[LoadedBank],
        select: str | None = None,
        due: Mapping[str, int] | None = None,
    ) -> None:
        self._banks = list(banks)
        self._due = dict(due or {})
        self.clear_options()
        self.add_options(
            Option(self.role_label(b, self._due.get(b.bank.role.id, 0)), id=b.bank.role.id)
            for b in banks
        )
        if banks:
            ids = [b.bank.role.id for b in banks]
            self.highlighted = ids.index(select) if select in ids else 0

    def set_due(self, due: Mapping[str, int]) -> None:
        """Show how many questions of each role are due (a role left out has none)."""
        for loaded in self._banks:
            role_id = loaded.bank.role.id
            count = due.get(role_id, 0)
            if count != self._due.get(role_id, 0):
                self.replace_option_prompt(role_id, self.role_label(loaded, count))
        self._due = dict(due)

    def watch_show_vertical_scrollbar(self) -> None:
        # The scrollbar takes two columns from the labels without a resize, and OptionList
        # wraps again only on a resize: a label that now needs a third line lost it (and a count
        # that no longer fitted beside its title was cut off), e.g. at 80 columns.
        self._clear_caches()

    def due(self, role_id: str) -> int:
        return self._due.get(role_id, 0)

    def select_role(self, role_id: str) -> None:
        try:
            self.highlighted = self.get_option_index(role_id)
        except Exception:
            return

    @property
    def role_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.RoleChanged(event.option.id))
