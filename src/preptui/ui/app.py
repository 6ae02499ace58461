"""The Textual application: builds the practice service, loads banks off the first frame, and
moves between screens. Screens get the service explicitly; they ask for navigation by messages.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from preptui.config import Config
from preptui.practice import NO_STORE, RETRY_SECONDS, MockRun, Practice, PracticeError, Queued
from preptui.text import plural
from preptui.ui.collector import IdleCollector
from preptui.ui.palette import GuardedPalette, ScreenCommands, useful_system_commands
from preptui.ui.screens.browse import BrowseScreen

# Everything below is imported where it is used, so the first frame does not pay for it.
if TYPE_CHECKING:
    from preptui.banks.discover import Origin
    from preptui.banks.load import LoadedBank, LoadResult
    from preptui.mock.clock import Clock
    from preptui.ui.requests import MockRequest, ReviewRequest
    from preptui.ui.screens.history import HistoryScreen
    from preptui.ui.screens.interview import InterviewScreen
    from preptui.ui.screens.mock_preview import MockPreviewScreen
    from preptui.ui.screens.review import ReviewScreen
    from preptui.ui.screens.stats import StatsScreen
    from preptui.ui.screens.today import TodayScreen


PROGRESS_SECONDS = 0.15
COLLECT_SECONDS = 0.5  # how often a pause in the input is looked for (ui/collector.py)


class PrepApp(App[None]):
    TITLE = "preptui"
    CSS_PATH = ["app.tcss", "widgets/store_banner.tcss"]
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {ScreenCommands}
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
        Binding("ctrl+q", "ctrl_q", "Quit", show=False, priority=True, id="app.quit"),
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
        resume_collection: bool = False,
    ) -> None:
        """``resume_collection``: the cyclic garbage collector was turned off for the start
        (``cli._pause_collection``); freeze what is alive and turn it on once the first frame
        is drawn."""
        super().__init__()
        self._resume_collection = resume_collection
        self._sources = list(sources) if sources is not None else None
        self._given_result = result
        # Settings: given (tests), or read from config.toml; problems are shown once mounted.
        self._config_problems: list[str] = []
        if config is None:
            from preptui.config import load as load_config

            loaded_config = load_config()
            config, self._config_problems = loaded_config.config, loaded_config.problems
        self.practice = Practice(
            config, store_path=store_path, use_store=use_store, now=now, clock=clock
        )
        self._store_args = (store_path, use_store)  # for the first opening, in a thread
        self.review_request = review
        role = role or config.default_role or None
        self.initial_role = role
        self.browse = BrowseScreen(self.practice, initial_role=role)
        self.banks_ready = asyncio.Event()
        self.mock_request = mock
        self.mock_run: MockRun | None = None
        self._banks_arrived = False
        self.collector = IdleCollector(working=lambda: any(w.is_running for w in self.workers))

    @property
    def config(self) -> Config:
        return self.practice.config

    @property
    def result(self) -> LoadResult | None:
        """The loaded banks (None until they have arrived)."""
        return self.practice.banks if self._banks_arrived else None

    def get_default_screen(self) -> Screen[None]:
        return self.browse

    def action_command_palette(self) -> None:
        """Textual's palette, guarded against fast keys (``ui/palette.py``)."""
        if self.use_command_palette and not self.screen.has_class("--textual-command-palette"):
            self.push_screen(GuardedPalette())

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(GuardedPalette([ThemeProvider], placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return useful_system_commands(super().get_system_commands(screen))

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after quit was asked for (q then s in one burst) must not open screens
        # while the app is tearing down.
        if self._exit and isinstance(event, events.InputEvent):
            return
        if isinstance(event, events.InputEvent):
            self.collector.busy()  # full collections wait for a pause in the typing
        await super().on_event(event)

    def on_mount(self) -> None:
        if self._resume_collection:  # first of all after the first frame: before the banks load
            self.call_after_refresh(self._collect_again)
        self._install_signal_handlers()
        self._apply_theme(self.config.theme)
        # A theme picked anywhere (the palette's "Theme" command too) is saved like a setting.
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        # Progress that cannot be saved: a banner on every screen, queued writes retried.
        self.practice.on_saving = self._saving_changed
        self.screen_change_signal.subscribe(
            self, lambda _screen: self.call_later(self._show_store_banner)
        )
        self.set_interval(RETRY_SECONDS, self.practice.retry_pending, name="retry-writes")
        self.collector.start()
        self.set_interval(COLLECT_SECONDS, self.collector.tick, name="idle-collect")
        for problem in self._config_problems:
            self.notify(problem, title="Settings", severity="warning", timeout=20, markup=False)
        if self._given_result is not None:
            self._open_store()
            self._banks_loaded(self._given_result)
        else:
            # Paint the first frame before opening the store and the (GIL-holding) parse.
            self.call_after_refresh(
                self.run_worker,
                self._start_up,
                thread=True,
                name="load-banks",
                exit_on_error=False,
            )

    def _collect_again(self) -> None:
        """After the first frame: what the start made stays (modules, classes, the browser), so
        it is frozen out of every later collection, and the collector is turned on again."""
        if self._resume_collection:
            self._resume_collection = False
            gc.freeze()
            gc.enable()

    def _start_up(self) -> None:
        """In a worker thread: the store's first opening, then the banks (in that order)."""
        early = self._probe_store()
        self.call_from_thread(self._open_store, early)
        self._load_banks()

    def _probe_store(self) -> list[str]:
        """Open the store once in this thread and close it: what an unclean exit asks for (the
        integrity check, 100–300 ms on a big store; a damaged file moved aside) happens here,
        and the UI thread's own opening (a connection belongs to its thread) finds it done.
        Returns what to tell the person; a store that cannot be opened says so on its own."""
        store_path, use_store = self._store_args
        probe = Practice(self.config, store_path=store_path, use_store=use_store)
        try:
            notices = probe.open_store()
            opened = probe.store is not None
            probe.close()
        except Exception:  # the UI thread's opening reports whatever is wrong
            return []
        return notices if opened else []

    def _open_store(self, early: Iterable[str] = ()) -> None:
        for notice in [*early, *self.practice.open_store()]:
            severity: SeverityLevel = (
                "error" if notice.startswith("Progress will not") else "warning"
            )
            self.notify(notice, severity=severity, timeout=30, markup=False)
        self._show_store_banner()

    def _saving_changed(self, saved: int) -> None:
        if saved:
            self.notify(f"Saved {plural(saved, 'queued change')}.", timeout=4)
        self._show_store_banner()

    def _show_store_banner(self) -> None:
        """The banner on the current screen says why progress is not saved (or is removed)."""
        from preptui.ui.widgets.store_banner import StoreBanner, banner_text

        problem = self.practice.saving_problem()
        screen = self.screen
        banners = list(screen.query(StoreBanner))
        if problem is None:
            for banner in banners:
                banner.remove()
            return
        text = banner_text(problem, self.practice.pending.describe(), RETRY_SECONDS)
        if banners:
            banners[0].show(text)
        else:
            banner = StoreBanner(id="store-banner")
            screen.mount(banner)
            banner.show(text)

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run the app; then say in the terminal what could not be saved, if anything."""
        result = super().run(*args, **kwargs)
        self._collect_again()  # if it ended before drawing anything
        if self.practice.unsaved:
            print(f"preptui: {self.practice.unsaved}", file=sys.stderr)
        return result

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
        first = not self._banks_arrived
        self._banks_arrived = True
        self.collector.busy()  # the first keys come now: no full collection under them
        self.practice.set_banks(result)
        self.browse.set_banks(result)
        self.call_after_refresh(self.banks_ready.set)
        if first:  # the other screens' modules, while the person reads the first role
            from preptui.ui.warm import warm_up

            self.call_after_refresh(
                self.run_worker, warm_up, thread=True, name="warm-up", exit_on_error=False
            )
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
            if review.all_roles:
                self.call_after_refresh(self.open_review_all)
            else:
                self.call_after_refresh(self.open_review, review.role_id)
        if result.errors:
            files = len(result.skipped)
            lines = "\n".join(str(e) for e in result.errors[:6])
            more = f"\n… and {len(result.errors) - 6} more" if len(result.errors) > 6 else ""
            self.notify(
                f"{lines}{more}\nPress ! for the full list.",
                title=f"Skipped {plural(files, 'bank file')}",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def _failed(self, exc: PracticeError) -> None:
        self.notify(str(exc), severity="error", markup=False)
        self._show_store_banner()

    # ------------------------------------------------------------------ navigation asked by screens

    def on_browse_screen_open_mock(self, event: BrowseScreen.OpenMock) -> None:
        self.open_mock_preview(event.role_id)

    def on_browse_screen_open_review(self, event: BrowseScreen.OpenReview) -> None:
        self.open_review(event.role_id)

    def on_browse_screen_open_stats(self, event: BrowseScreen.OpenStats) -> None:
        self.open_stats(event.role_id)

    def on_browse_screen_open_settings(self, event: BrowseScreen.OpenSettings) -> None:
        self.open_settings()

    def on_browse_screen_bank_replaced(self, event: BrowseScreen.BankReplaced) -> None:
        """The one owner of the loaded banks takes the re-read bank, then tells the browser."""
        self.browse.set_banks(self.practice.replace_bank(event.loaded))

    def on_stats_screen_open_review(self, event: StatsScreen.OpenReview) -> None:
        self.open_review(event.role_id)

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
        shown = self.browse.bank
        role_id = request.role_id or (shown.bank.role.id if shown else None)
        if role_id is None or self.practice.bank(role_id) is None:
            self.notify(f"No role {role_id!r} to interview for.", severity="error", markup=False)
            return
        self.open_mock_preview(role_id, minutes=request.minutes, seed=request.seed)

    def open_mock_preview(
        self, role_id: str, *, minutes: int | None = None, seed: int | None = None
    ) -> None:
        loaded = self.practice.bank(role_id)
        if loaded is None:
            return
        recent = self.practice.recent_mock_ratings(role_id)
        from preptui.ui.screens.mock_preview import MockPreviewScreen

        self.push_screen(MockPreviewScreen(loaded, minutes=minutes, seed=seed, recent=recent))

    def resume_mock(self, role_id: str | None, *, mock_id: int | None = None) -> None:
        """Go on with the latest unfinished interview (of the role, or any), or with ``mock_id``."""
        from preptui.ui.screens.interview import InterviewScreen

        try:
            if mock_id is not None:
                run, session = self.practice.resume_mock_id(mock_id)
            else:
                run, session = self.practice.resume_mock(role_id)
        except PracticeError as exc:
            severity: SeverityLevel = "warning" if "no unfinished" in str(exc) else "error"
            self.notify(str(exc), severity=severity, markup=False)
            return
        self.mock_run = run
        self.push_screen(InterviewScreen(self.practice, session, run.loaded.bank.role))

    def on_mock_preview_screen_start(self, event: MockPreviewScreen.Start) -> None:
        from preptui.ui.screens.interview import InterviewScreen

        self.mock_run, problem = self.practice.start_mock(event.loaded, event.agenda)
        if problem is not None:
            self.notify(problem, severity="error", markup=False)
        session = self.practice.mock_session(event.agenda)
        self.switch_screen(InterviewScreen(self.practice, session, event.loaded.bank.role))

    def on_interview_screen_frame_saved(self, event: InterviewScreen.FrameSaved) -> None:
        if self.mock_run is not None:
            try:
                self.practice.save_mock_frame(self.mock_run, event.frame, event.elapsed_seconds)
            except PracticeError as exc:
                self._failed(exc)

    def on_interview_screen_result_saved(self, event: InterviewScreen.ResultSaved) -> None:
        if self.mock_run is not None:
            try:
                self.practice.save_mock_result(self.mock_run, event.result, event.elapsed_seconds)
            except PracticeError as exc:
                self._failed(exc)

    def on_interview_screen_heartbeat(self, event: InterviewScreen.Heartbeat) -> None:
        if self.mock_run is not None:
            try:
                self.practice.save_mock_elapsed(self.mock_run, event.elapsed_seconds)
            except PracticeError as exc:
                self._failed(exc)

    def on_interview_screen_finished(self, event: InterviewScreen.Finished) -> None:
        from preptui.mock.scorecard import scorecard
        from preptui.ui.screens.scorecard import ScorecardScreen

        run = self.mock_run
        if run is None:
            return
        try:
            card = self.practice.finish_mock(run, event.session, complete=event.complete)
        except PracticeError as exc:
            self._failed(exc)
            card = scorecard(
                event.session.results,
                run.agenda,
                elapsed_seconds=event.session.elapsed_seconds,
                frames=event.session.frames,
            )
        self.switch_screen(
            ScorecardScreen(
                card,
                run.loaded.bank.role.title,
                run.started_at,
                self.practice.reports_dir(),
                event.complete,
            )
        )
        self.mock_run = None
        self.browse.refresh_progress()

    # ------------------------------------------------------------------ today and history

    def open_today(self) -> None:
        from preptui.ui.screens.today import TodayScreen

        self.push_screen(TodayScreen(self.practice))

    def open_history(self) -> None:
        from preptui.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.practice))

    def on_browse_screen_open_today(self, event: BrowseScreen.OpenToday) -> None:
        self.open_today()

    def on_browse_screen_open_history(self, event: BrowseScreen.OpenHistory) -> None:
        self.open_history()

    def on_today_screen_review_all(self, event: TodayScreen.ReviewAll) -> None:
        self.open_review_all()

    def on_today_screen_open_role(self, event: TodayScreen.OpenRole) -> None:
        while len(self.screen_stack) > 1 and self.screen is not self.browse:
            self.pop_screen()
        self.browse.select_role(event.role_id)

    def on_today_screen_open_history(self, event: TodayScreen.OpenHistory) -> None:
        self.open_history()

    def on_history_screen_open_scorecard(self, event: HistoryScreen.OpenScorecard) -> None:
        from preptui.ui.screens.scorecard import ScorecardScreen

        try:
            record, card = self.practice.past_scorecard(event.mock_id)
        except PracticeError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        reports = self.practice.reports_dir()
        self.push_screen(
            ScorecardScreen(
                card,
                record.role_title,
                record.started_at,
                reports,
                record.complete,
                status=record.status,
            )
        )

    def on_history_screen_resume(self, event: HistoryScreen.Resume) -> None:
        self.resume_mock(None, mock_id=event.mock_id)

    # ------------------------------------------------------------------ review, stats, settings

    def _role(self, role_id: str | None) -> LoadedBank | None:
        """The loaded bank of a role; None: the role shown (or about to be shown)."""
        banks = self.practice.banks
        if role_id is None:
            if self.browse.bank is not None:
                return self.browse.bank
            initial = banks.get(self.initial_role) if self.initial_role else None
            if initial is not None or banks.banks:
                return initial or banks.banks[0]
        loaded = banks.get(role_id) if role_id else None
        if loaded is None:
            self.notify(f"No role {role_id!r} is loaded.", severity="error", markup=False)
        return loaded

    def open_review(self, role_id: str | None = None) -> None:
        """Start a review session of the role: due cards, then today's new questions."""
        loaded = self._role(role_id)
        if loaded is not None:
            self._start_review([loaded], all_roles=False)

    def open_review_all(self) -> None:
        """One review session of every loaded role: due cards, then each role's new ones."""
        banks = self.practice.banks.banks
        if not banks:
            self.notify("No role is loaded to review.", severity="warning")
            return
        self._start_review(list(banks), all_roles=True)

    def _start_review(self, banks: list[LoadedBank], *, all_roles: bool) -> None:
        from preptui.ui.screens.review import ALL_ROLES, ReviewScreen
        from preptui.ui.screens.review_summary import ReviewSummaryScreen

        try:
            review = self.practice.start_reviews(banks)
        except PracticeError as exc:
            self._failed(exc)
            return
        if self.practice.store is None:
            self.notify(NO_STORE, severity="warning")
        now = self.practice.now()
        if review.done:
            title = ALL_ROLES if all_roles else banks[0].bank.role.title
            summary = review.summary(now)
            new_per_day = self.config.new_per_day
            self.push_screen(ReviewSummaryScreen(summary, title, now, new_per_day=new_per_day))
            return
        self.push_screen(ReviewScreen(self.practice, review, banks, all_roles=all_roles))

    def on_review_screen_rated(self, event: ReviewScreen.Rated) -> None:
        from preptui.ui.screens.review import ReviewScreen

        screen = self.screen
        review = screen.review if isinstance(screen, ReviewScreen) else None
        session = review.session(event.role_id) if review is not None else None
        said = f"{event.rating.grade.label}: due again in {event.due_in}"
        try:
            rebased = self.practice.record_rating(
                event.role_id, event.rating, event.scheduler, session
            )
        except Queued as exc:  # never "due again" as if all were well: it is not saved yet
            self.notify(f"{said} once saved. {exc}", severity="warning", markup=False)
            self._show_store_banner()
            return
        except PracticeError as exc:
            self._failed(exc)
            return
        self.notify(f"{said}.", timeout=2)
        if rebased:
            self.notify(
                "This question was rated in another preptui meanwhile; your grade was applied "
                "on top of that rating.",
                severity="warning",
            )

    def on_review_screen_undone(self, event: ReviewScreen.Undone) -> None:
        try:
            self.practice.undo_rating(event.role_id, event.rating)
        except PracticeError as exc:
            self._failed(exc)

    def on_review_screen_finished(self, event: ReviewScreen.Finished) -> None:
        from preptui.ui.screens.review_summary import ReviewSummaryScreen

        self.practice.end_review()
        self.browse.refresh_progress()
        now = self.practice.now()
        self.switch_screen(ReviewSummaryScreen(event.summary, event.role_title, now))

    def open_stats(self, role_id: str | None = None) -> None:
        from preptui.ui.screens.stats import StatsScreen

        loaded = self._role(role_id)
        if loaded is None:
            return
        try:
            stats = self.practice.role_stats(loaded)
        except PracticeError as exc:
            self._failed(exc)
            return
        self.push_screen(StatsScreen(stats, self.practice.coverage_trend(loaded.bank.role.id)))

    def open_settings(self) -> None:
        from preptui.ui.screens.settings import SettingsScreen

        roles = [(b.bank.role.id, b.bank.role.title) for b in self.practice.banks.banks]
        self.push_screen(
            SettingsScreen(self.config, list(self.available_themes), roles), self.save_settings
        )

    def save_settings(self, config: Config | None) -> None:
        """Write the settings to config.toml (atomically) and apply them now."""
        if config is None:
            return
        try:
            path = self.practice.save_settings(config)
        except PracticeError as exc:
            self._failed(exc)
            return
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

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self.config.theme:
            return
        from dataclasses import replace

        try:
            self.practice.save_settings(replace(self.config, theme=theme.name))
        except PracticeError as exc:
            self._failed(exc)

    # ------------------------------------------------------------------ signals

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal) end the app cleanly, saving a mock under way."""
        import signal

        self._signal_handlers: dict[int, Any] = {}
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is None:
                continue
            try:
                previous = signal.getsignal(number)
                loop.add_signal_handler(number, self._on_signal, int(number))
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # not the main thread, or a platform without them
            self._signal_handlers[int(number)] = previous

    def _restore_signal_handlers(self) -> None:
        import signal

        handlers: dict[int, Any] = getattr(self, "_signal_handlers", {})
        loop = asyncio.get_running_loop()
        for number, previous in handlers.items():
            try:
                loop.remove_signal_handler(number)
                signal.signal(number, previous if previous is not None else signal.SIG_DFL)
            except (NotImplementedError, RuntimeError, ValueError, TypeError):
                continue
        handlers.clear()

    def _on_signal(self, number: int) -> None:
        """Save what a mock interview has so far (it stays resumable), then exit."""
        self.save_mock_now()
        self.exit(return_code=128 + number)

    def save_mock_now(self) -> None:
        """Commit the segment under way and the time used of the mock being sat, if any."""
        from preptui.ui.screens.interview import InterviewScreen

        run = self.mock_run
        if run is None:
            return
        for screen in reversed(self.screen_stack):
            if isinstance(screen, InterviewScreen) and not screen.session.finished:
                try:
                    self.practice.save_mock_state(run, screen.session)
                except PracticeError as exc:
                    self._failed(exc)
                return

    def on_unmount(self) -> None:
        self.collector.stop()
        self._restore_signal_handlers()
        self.practice.close()
