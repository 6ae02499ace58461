"""The Textual application: loads banks off the first frame, then hands them to the screens."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from preptui.banks import LoadResult, Origin
from preptui.store import Store, StoreError
from preptui.ui.screens.browse import BrowseScreen


class PrepApp(App[None]):
    TITLE = "preptui"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+p", "command_palette", "Commands", show=False)]

    def __init__(
        self,
        *,
        sources: Iterable[tuple[Path, Origin]] | None = None,
        result: LoadResult | None = None,
        role: str | None = None,
        store_path: Path | None = None,
        use_store: bool = True,
    ) -> None:
        super().__init__()
        self._sources = list(sources) if sources is not None else None
        self.result = result
        self.initial_role = role
        self._store_path = store_path
        self._use_store = use_store
        self.store: Store | None = None
        self.browse = BrowseScreen(initial_role=role)
        self.banks_ready = asyncio.Event()

    def get_default_screen(self) -> Screen[None]:
        return self.browse

    def on_mount(self) -> None:
        if self._use_store:
            self._open_store()
        if self.result is not None:
            self._banks_loaded(self.result)
        else:
            # Paint the first frame before the (GIL-holding) parse starts.
            self.call_after_refresh(
                self.run_worker,
                self._load_banks,
                thread=True,
                name="load-banks",
                exit_on_error=False,
            )

    def _open_store(self) -> None:
        try:
            self.store = Store(self._store_path)
        except (StoreError, OSError) as exc:
            self.notify(f"Progress will not be saved: {exc}", severity="error", markup=False)
            return
        for notice in self.store.notices:
            self.notify(notice, severity="warning", timeout=30, markup=False)

    def _load_banks(self) -> None:
        from preptui.banks import default_sources, load_banks

        sources = self._sources if self._sources is not None else default_sources()
        result = load_banks(sources)
        self.call_from_thread(self._banks_loaded, result)

    def _banks_loaded(self, result: LoadResult) -> None:
        self.result = result
        self.browse.set_banks(result)
        self.call_after_refresh(self.banks_ready.set)
        if self.initial_role and result.get(self.initial_role) is None:
            self.notify(
                f"No role {self.initial_role!r}; showing the first role instead.",
                severity="warning",
                markup=False,
            )
        if result.errors:
            files = len(result.skipped)
            lines = "\n".join(str(e) for e in result.errors[:6])
            more = f"\n… and {len(result.errors) - 6} more" if len(result.errors) > 6 else ""
            self.notify(
                f"{lines}{more}\nPress ! for the full list.",
                title=f"Skipped {files} bank file{'s' if files != 1 else ''}",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, BrowseScreen):
            return
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            action = binding.action
            run: Callable[[], object] = partial(screen.run_action, action)
            yield SystemCommand(binding.description, f"Key: {binding.key}", run)
        if self.result is not None:
            for loaded in self.result.banks:
                role = loaded.bank.role
                yield SystemCommand(
                    f"Switch role: {role.title}",
                    f"{len(loaded.bank.questions)} questions",
                    partial(screen.select_role, role.id),
                )
