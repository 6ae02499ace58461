"""The role sidebar: icon, title and question count for each loaded bank."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from preptui.banks import LoadedBank


class RoleList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    @dataclass
    class RoleChanged(Message):
        """The highlighted role changed."""

        role_id: str

    def set_banks(self, banks: list[LoadedBank], select: str | None = None) -> None:
        self.clear_options()
        self.add_options(
            Option(
                Content.assemble(
                    Content(b.bank.role.icon or "•"),
                    " ",
                    Content(b.bank.role.title),
                    (f" {len(b.bank.questions)}", "dim"),
                ),
                id=b.bank.role.id,
            )
            for b in banks
        )
        if banks:
            ids = [b.bank.role.id for b in banks]
            self.highlighted = ids.index(select) if select in ids else 0

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
