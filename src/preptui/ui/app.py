"""The Textual application: loads banks off the first frame, then hands them to the screens."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from preptui import paths
from preptui.banks import LoadedBank, LoadResult, Origin
from preptui.mock import Agenda, Clock, MockSession, MonotonicClock
from preptui.store import Store, StoreError
from preptui.ui.screens.browse import BrowseScreen
from preptui.ui.screens.interview import InterviewScreen
from preptui.ui.screens.mock_preview import MockPreviewScreen


@dataclass(frozen=True)
class MockRequest:
    """Open straight into a mock interview (``preptui mock``)."""

    role_id: str | None
    minutes: int | None = None
    seed: int | None = None
    resume: bool = False


@dataclass
class _MockRun:
    mock_id: int | None
    loaded: LoadedBank
    agenda: Agenda
    started_at: str


_T = TypeVar("_T")


class PrepApp(App[None]):
    TITLE = "preptui"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Commands", show=False),
        Binding("ctrl+q", "ctrl_q", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        sources: Iterable[tuple[Path, Origin]] | None = None,
        result: LoadResult | None = None,
        role: str | None = None,
        store_path: Path | None = None,
        use_store: bool = True,
        mock: MockRequest | None = None,
        clock: Clock | None = None,
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
        self.mock_request = mock
        self.clock: Clock = clock or MonotonicClock()
        self.mock_run: _MockRun | None = None

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
        if self.mock_request is not None:
            request, self.mock_request = self.mock_request, None
            self.call_after_refresh(self.open_mock_request, request)
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

    # ------------------------------------------------------------------ mock interviews

    def action_ctrl_q(self) -> None:
        if isinstance(self.screen, InterviewScreen):
            self.screen.action_end()
        else:
            self.exit()

    def open_mock_request(self, request: MockRequest) -> None:
        if request.resume:
            self.resume_mock(request.role_id)
            return
        role_id = request.role_id or (self.browse.bank.bank.role.id if self.browse.bank else None)
        if role_id is None or self.result is None or self.result.get(role_id) is None:
            self.notify(f"No role {role_id!r} to interview for.", severity="error", markup=False)
            return
        self.open_mock_preview(role_id, minutes=request.minutes, seed=request.seed)

    def open_mock_preview(
        self, role_id: str, *, minutes: int | None = None, seed: int | None = None
    ) -> None:
        loaded = self.result.get(role_id) if self.result else None
        if loaded is None:
            return
        recent = self.store.recent_mock_ratings(role_id) if self.store else {}
        self.push_screen(MockPreviewScreen(loaded, minutes=minutes, seed=seed, recent=recent))

    def resume_mock(self, role_id: str | None) -> None:
        from preptui.mock import QuestionResult, rebuild_agenda

        record = self.store.latest_unfinished_mock(role_id) if self.store else None
        if record is None:
            self.notify("There is no unfinished mock interview to resume.", severity="warning")
            return
        loaded = self.result.get(record.role_id) if self.result else None
        if loaded is None:
            self.notify(
                f"The role {record.role_id!r} of that interview is not loaded.",
                severity="error",
                markup=False,
            )
            return
        agenda = rebuild_agenda(loaded.bank, record.question_ids, record.minutes, record.seed)
        results = [QuestionResult.from_dict(d) for d in self.store.mock_results(record.id)]  # type: ignore[union-attr]
        session = MockSession.resume(agenda, self.clock, results, record.elapsed_seconds)
        self.mock_run = _MockRun(record.id, loaded, agenda, record.started_at)
        self.push_screen(InterviewScreen(session, loaded.bank.role.title))

    def on_mock_preview_screen_start(self, event: MockPreviewScreen.Start) -> None:
        from preptui.store import now_iso

        agenda, role = event.agenda, event.loaded.bank.role
        mock_id = self._store_call(
            lambda s: s.create_mock(
                role.id, role.title, agenda.minutes, agenda.seed, agenda.question_ids
            )
        )
        self.mock_run = _MockRun(mock_id, event.loaded, agenda, now_iso())
        self.switch_screen(InterviewScreen(MockSession(agenda, self.clock), role.title))

    def on_interview_screen_result_saved(self, event: InterviewScreen.ResultSaved) -> None:
        run = self.mock_run
        if run is not None and run.mock_id is not None:
            mock_id = run.mock_id
            self._store_call(
                lambda s: s.save_mock_result(mock_id, event.result.to_dict(), event.elapsed_seconds)
            )

    def on_interview_screen_heartbeat(self, event: InterviewScreen.Heartbeat) -> None:
        run = self.mock_run
        if run is not None and run.mock_id is not None:
            mock_id = run.mock_id
            self._store_call(lambda s: s.save_mock_elapsed(mock_id, event.elapsed_seconds))

    def on_interview_screen_finished(self, event: InterviewScreen.Finished) -> None:
        from preptui.mock import scorecard
        from preptui.ui.screens.scorecard import ScorecardScreen

        run = self.mock_run
        if run is None:
            return
        card = scorecard(event.session.results, run.agenda)
        if run.mock_id is not None:
            mock_id = run.mock_id
            self._store_call(
                lambda s: s.finish_mock(
                    mock_id,
                    complete=event.complete,
                    score=card.score,
                    elapsed_seconds=event.session.elapsed_seconds,
                )
            )
        self.switch_screen(
            ScorecardScreen(
                card,
                run.loaded.bank.role.title,
                run.started_at,
                paths.data_dir() / "reports",
                event.complete,
            )
        )
        self.mock_run = None

    def _store_call(self, fn: Callable[[Store], _T]) -> _T | None:
        """Run a store write; a failure is shown, never raised into the UI."""
        if self.store is None:
            return None
        try:
            return fn(self.store)
        except (sqlite3.Error, StoreError) as exc:
            self.notify(f"Could not save: {exc}", severity="error", markup=False)
            return None

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
