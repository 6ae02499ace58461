"""The Textual application: loads banks off the first frame, then hands them to the screens."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from preptui import paths
from preptui.config import Config
from preptui.ui.screens.browse import BrowseScreen

# Everything below is imported where it is used, so the first frame does not pay for it.
if TYPE_CHECKING:
    from preptui.banks.discover import Origin
    from preptui.banks.load import LoadedBank, LoadResult
    from preptui.mock.agenda import Agenda
    from preptui.mock.clock import Clock
    from preptui.store import Store
    from preptui.ui.screens.interview import InterviewScreen
    from preptui.ui.screens.mock_preview import MockPreviewScreen
    from preptui.ui.screens.review import ReviewScreen


@dataclass(frozen=True)
class MockRequest:
    """Open straight into a mock interview (``preptui mock``)."""

    role_id: str | None
    minutes: int | None = None
    seed: int | None = None
    resume: bool = False


@dataclass(frozen=True)
class ReviewRequest:
    """Open straight into a review session (``preptui review``); None: the role shown."""

    role_id: str | None


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _MockRun:
    mock_id: int | None
    loaded: LoadedBank
    agenda: Agenda
    started_at: str


_T = TypeVar("_T")
PROGRESS_SECONDS = 0.15


def _store_errors(*extra: type[Exception]) -> tuple[type[Exception], ...]:
    """What a store call may raise that the user should see as a notice (imported lazily)."""
    import sqlite3

    from preptui.store import StoreError

    return (sqlite3.Error, StoreError, *extra)


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
        review: ReviewRequest | None = None,
        now: Callable[[], datetime] | None = None,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self._sources = list(sources) if sources is not None else None
        self.result = result
        # Settings: given (tests), or read from config.toml; problems are shown once mounted.
        self._config_problems: list[str] = []
        if config is None:
            from preptui.config import load as load_config

            loaded_config = load_config()
            config, self._config_problems = loaded_config.config, loaded_config.problems
        self.config = config
        self.now: Callable[[], datetime] = now or utc_now
        self.review_request = review
        self._review_log_ids: dict[int, int] = {}
        role = role or config.default_role or None
        self.initial_role = role
        self._store_path = store_path
        self._use_store = use_store
        self.store: Store | None = None
        self.browse = BrowseScreen(initial_role=role)
        self.banks_ready = asyncio.Event()
        self.mock_request = mock
        self._clock = clock
        self.mock_run: _MockRun | None = None

    def get_default_screen(self) -> Screen[None]:
        return self.browse

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after quit was asked for (q then s in one burst) must not open screens
        # while the app is tearing down.
        if self._exit and isinstance(event, events.InputEvent):
            return
        await super().on_event(event)

    @property
    def clock(self) -> Clock:
        """The monotonic clock mock interviews run on (injected in tests)."""
        if self._clock is None:
            from preptui.mock.clock import MonotonicClock

            self._clock = MonotonicClock()
        return self._clock

    def on_mount(self) -> None:
        self._apply_theme(self.config.theme)
        for problem in self._config_problems:
            self.notify(problem, title="Settings", severity="warning", timeout=20, markup=False)
        if self.result is not None:
            if self._use_store:
                self._open_store()
            self._banks_loaded(self.result)
        else:
            # Paint the first frame before opening the store and the (GIL-holding) parse.
            if self._use_store:
                self.call_after_refresh(self._open_store)
            self.call_after_refresh(
                self.run_worker,
                self._load_banks,
                thread=True,
                name="load-banks",
                exit_on_error=False,
            )

    def _open_store(self) -> None:
        from preptui.store import Store, StoreError

        try:
            self.store = Store(self._store_path)
        except (StoreError, OSError) as exc:
            self.notify(f"Progress will not be saved: {exc}", severity="error", markup=False)
            return
        for notice in self.store.notices:
            self.notify(notice, severity="warning", timeout=30, markup=False)

    def _load_banks(self) -> None:
        """In a worker thread: load every bank, showing what has arrived every so often."""
        import time

        from preptui.banks.discover import default_sources
        from preptui.banks.load import LoadResult, load_banks

        sources = self._sources if self._sources is not None else default_sources()
        last = time.monotonic()  # a quick load (the usual case) shows everything at once

        def progress(done: int, total: int, partial: LoadResult) -> None:
            nonlocal last
            now = time.monotonic()
            if done < total and now - last >= PROGRESS_SECONDS:
                last = now
                snapshot = LoadResult(list(partial.banks), list(partial.errors))
                self.call_from_thread(self.browse.show_loading, snapshot, done, total)

        result = load_banks(sources, progress=progress)
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
        if self.review_request is not None:
            review, self.review_request = self.review_request, None
            self.call_after_refresh(self.open_review, review.role_id)
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
        from preptui.ui.screens.interview import InterviewScreen

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
        from preptui.ui.screens.mock_preview import MockPreviewScreen

        self.push_screen(MockPreviewScreen(loaded, minutes=minutes, seed=seed, recent=recent))

    def resume_mock(self, role_id: str | None) -> None:
        from preptui.mock.agenda import rebuild_agenda
        from preptui.mock.session import MockSession, QuestionResult
        from preptui.ui.screens.interview import InterviewScreen

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
        from preptui.mock.session import MockSession
        from preptui.times import now_iso
        from preptui.ui.screens.interview import InterviewScreen

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
        from preptui.mock.scorecard import scorecard
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

    # ------------------------------------------------------------------ review, stats, settings

    def _role(self, role_id: str | None) -> LoadedBank | None:
        """The loaded bank of a role; None: the role shown (or about to be shown)."""
        if role_id is None:
            if self.browse.bank is not None:
                return self.browse.bank
            banks = self.result.banks if self.result else []
            initial = (
                self.result.get(self.initial_role) if self.result and self.initial_role else None
            )
            if initial is not None or banks:
                return initial or banks[0]
        loaded = self.result.get(role_id) if self.result and role_id else None
        if loaded is None:
            self.notify(f"No role {role_id!r} is loaded.", severity="error", markup=False)
        return loaded

    def open_review(self, role_id: str | None = None) -> None:
        """Start a review session of the role: due cards, then today's new questions."""
        from preptui.srs.scheduler import Reviewer, Settings
        from preptui.srs.session import ReviewSession
        from preptui.times import day_start, iso
        from preptui.ui.screens.review import ReviewScreen
        from preptui.ui.screens.review_summary import ReviewSummaryScreen

        loaded = self._role(role_id)
        if loaded is None:
            return
        role = loaded.bank.role
        now = self.now()
        try:
            cards = self.store.cards(role.id) if self.store else {}
            new_done = self.store.new_cards_since(role.id, iso(day_start(now))) if self.store else 0
            settings = Settings(
                desired_retention=self.config.desired_retention,
                new_per_day=self.config.new_per_day,
            )
            session = ReviewSession(
                role.id,
                [q.id for q in loaded.bank.questions],
                cards,
                Reviewer(settings),
                now,
                new_done_today=new_done,
            )
        except _store_errors(ValueError) as exc:
            self.notify(f"Cannot start the review: {exc}", severity="error", markup=False)
            return
        if self.store is None:
            self.notify(
                "Progress will not be saved: the store could not be opened.", severity="warning"
            )
        if session.done:
            self.push_screen(
                ReviewSummaryScreen(
                    session.summary(now), role.title, now, new_per_day=settings.new_per_day
                )
            )
            return
        questions = {q.id: q for q in loaded.bank.questions}
        self.push_screen(ReviewScreen(session, questions, role.title, now=self.now))

    def on_review_screen_rated(self, event: ReviewScreen.Rated) -> None:
        rating = event.rating
        log_id = self._store_call(
            lambda s: s.record_review(
                event.role_id,
                rating.question_id,
                int(rating.grade),
                rating.reviewed_at.astimezone(UTC).isoformat(timespec="seconds"),
                rating.card_before,
                rating.card_after,
                event.scheduler,
                rating.duration_ms,
            )
        )
        if log_id is not None:
            self._review_log_ids[rating.seq] = log_id

    def on_review_screen_undone(self, event: ReviewScreen.Undone) -> None:
        log_id = self._review_log_ids.pop(event.rating.seq, None)
        if log_id is not None:
            self._store_call(lambda s: s.undo_review(log_id))

    def on_review_screen_finished(self, event: ReviewScreen.Finished) -> None:
        from preptui.ui.screens.review_summary import ReviewSummaryScreen

        self._review_log_ids.clear()
        self.browse.refresh_progress()
        self.switch_screen(ReviewSummaryScreen(event.summary, event.role_title, self.now()))

    def open_stats(self, role_id: str | None = None) -> None:
        from preptui.stats import role_stats
        from preptui.ui.screens.stats import StatsScreen

        loaded = self._role(role_id)
        if loaded is None:
            return
        role_id = loaded.bank.role.id
        try:
            cards = self.store.cards(role_id) if self.store else {}
            log = self.store.review_log(role_id) if self.store else []
            mocks = self.store.mocks(role_id) if self.store else []
            stats = role_stats(loaded.bank, cards, log, mocks, self.now())
        except _store_errors(ValueError) as exc:
            self.notify(f"Cannot show the stats: {exc}", severity="error", markup=False)
            return
        self.push_screen(StatsScreen(stats))

    def open_settings(self) -> None:
        from preptui.ui.screens.settings import SettingsScreen

        roles = (
            [(b.bank.role.id, b.bank.role.title) for b in self.result.banks] if self.result else []
        )
        self.push_screen(
            SettingsScreen(self.config, list(self.available_themes), roles), self.save_settings
        )

    def save_settings(self, config: Config | None) -> None:
        """Write the settings to config.toml (atomically) and apply them now."""
        if config is None:
            return
        from preptui.config import ConfigError, save

        try:
            path = save(config)
        except (OSError, ConfigError) as exc:
            self.notify(f"Could not save the settings: {exc}", severity="error", markup=False)
            return
        self.config = config
        self._apply_theme(config.theme)
        self.notify(f"Settings saved to {path}", timeout=4, markup=False)

    def _apply_theme(self, theme: str) -> None:
        if theme == self.theme:
            return
        if theme not in self.available_themes:
            self.notify(
                f"Unknown theme {theme!r}; keeping {self.theme!r}.",
                title="Settings",
                severity="warning",
                markup=False,
            )
            return
        self.theme = theme

    def _store_call(self, fn: Callable[[Store], _T]) -> _T | None:
        """Run a store write; a failure is shown, never raised into the UI."""
        if self.store is None:
            return None
        try:
            return fn(self.store)
        except _store_errors() as exc:
            self.notify(f"Could not save: {exc}", severity="error", markup=False)
            return None

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # Every key of the screen the palette was opened on is a command too.
        seen: set[str] = set()
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.action in seen or binding.action == "app.quit":  # Textual lists Quit
                continue
            seen.add(binding.action)
            run: Callable[[], object] = partial(screen.run_action, binding.action)
            key = binding.key_display or binding.key
            yield SystemCommand(binding.description, f"Key: {key}", run)
        if isinstance(screen, BrowseScreen) and self.result is not None:
            for loaded in self.result.banks:
                role = loaded.bank.role
                yield SystemCommand(
                    f"Switch role: {role.title}",
                    f"{len(loaded.bank.questions)} questions",
                    partial(screen.select_role, role.id),
                )
