"""The practice service: the one thing screens talk to. Textual-free.

It owns the store, the loaded banks, the settings and the clocks, and offers the operations the
screens need: bookmarks and notes, review cards and due counts, a review's ratings and undo, a mock
interview's start, results, heartbeat, finish and resume, stats, and saving settings. Every store
failure becomes a :class:`PracticeError` whose message a screen can show as it is; nothing here
reports a write as done unless the store committed it.

Heavy modules (the store, fsrs, pydantic) are imported where they are first used, so building the
service costs nothing on the first frame.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from preptui import paths
from preptui.banks.load import LoadedBank, LoadResult
from preptui.config import Config
from preptui.srs.status import Status, due_count, statuses
from preptui.times import iso, utc_now

if TYPE_CHECKING:
    from preptui.mock.agenda import Agenda
    from preptui.mock.clock import Clock
    from preptui.mock.scorecard import Scorecard
    from preptui.mock.session import MockSession, QuestionResult
    from preptui.srs.session import Rating, ReviewSession
    from preptui.stats import RoleStats
    from preptui.store import Store

__all__ = ["MockRun", "Practice", "PracticeError"]

NO_STORE = "Progress will not be saved: the store could not be opened."


class PracticeError(Exception):
    """Something a person should be told, in one line (shown as a notice, never raised on)."""


@dataclass
class MockRun:
    """The mock interview under way: its stored id (None when nothing is saved) and agenda."""

    mock_id: int | None
    loaded: LoadedBank
    agenda: Agenda
    started_at: str


def _store_errors(*extra: type[Exception]) -> tuple[type[Exception], ...]:
    """What a store call may raise that a person should hear about (imported lazily)."""
    from preptui.store import StoreError

    return (sqlite3.Error, StoreError, OSError, *extra)


class Practice:
    """Store + banks + config + clock, for the screens."""

    def __init__(
        self,
        config: Config,
        *,
        store_path: Path | None = None,
        use_store: bool = True,
        now: Callable[[], datetime] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.config = config
        self.now: Callable[[], datetime] = now or utc_now
        self._clock = clock
        self._store_path = store_path
        self._use_store = use_store
        self.store: Store | None = None
        self.store_problem: str | None = None if use_store else "the store is turned off"
        self.banks = LoadResult()
        self._review_log_ids: dict[int, int] = {}

    # ------------------------------------------------------------------ store and banks

    def open_store(self) -> list[str]:
        """Open the store; returns what to tell the person (a file moved aside, a fault)."""
        if not self._use_store or self.store is not None:
            return []
        from preptui.store import Store, StoreError

        try:
            self.store = Store(self._store_path)
        except (StoreError, OSError, sqlite3.Error) as exc:
            self.store_problem = str(exc)
            return [f"Progress will not be saved: {exc}"]
        self.store_problem = None
        return list(self.store.notices)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    @property
    def clock(self) -> Clock:
        """The monotonic clock mock interviews run on (injected in tests)."""
        if self._clock is None:
            from preptui.mock.clock import MonotonicClock

            self._clock = MonotonicClock()
        return self._clock

    def set_banks(self, result: LoadResult) -> None:
        self.banks = result

    def bank(self, role_id: str | None) -> LoadedBank | None:
        return self.banks.get(role_id) if role_id else None

    def replace_bank(self, new: LoadedBank) -> LoadResult:
        """Put a re-read bank in place of the one loaded from the same file."""
        banks = [new if b.path == new.path else b for b in self.banks.banks]
        self.banks = LoadResult(banks=banks, errors=list(self.banks.errors))
        return self.banks

    def _write(self, what: str, fn: Callable[[Store], Any]) -> Any:
        """Run a store write; a failure raises PracticeError naming what was not saved."""
        if self.store is None:
            raise PracticeError(f"{what} not saved: {self.store_problem or 'no store'}")
        try:
            return fn(self.store)
        except _store_errors() as exc:
            from preptui.store.errors import describe

            raise PracticeError(f"{what} not saved: {describe(exc)}") from None

    def _read(self, fn: Callable[[Store], Any], default: Any) -> Any:
        """Run a store read; a failure gives ``default`` (reading must never break a screen)."""
        if self.store is None:
            return default
        try:
            return fn(self.store)
        except _store_errors(ValueError):
            return default

    # ------------------------------------------------------------------ bookmarks and notes

    def bookmarks(self, role_id: str) -> set[str]:
        found: set[str] = self._read(lambda s: s.bookmarks(role_id), set())
        return found

    def toggle_bookmark(self, role_id: str, question_id: str) -> bool:
        """Flip a bookmark; whether it is now set."""
        if self.store is None:
            raise PracticeError("Bookmarks are unavailable: the store could not be opened.")
        on: bool = self._write("Bookmark", lambda s: s.toggle_bookmark(role_id, question_id))
        return on

    def note(self, role_id: str, question_id: str) -> str:
        found: str = self._read(lambda s: s.note(role_id, question_id), "")
        return found

    def save_note(self, role_id: str, question_id: str, text: str) -> None:
        """Save a note (an empty one deletes it)."""
        if self.store is None:
            raise PracticeError("Notes are unavailable: the store could not be opened.")
        self._write("Note", lambda s: s.set_note(role_id, question_id, text))

    # ------------------------------------------------------------------ review progress

    def cards(self, role_id: str) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = self._read(lambda s: s.cards(role_id), {})
        return found

    def statuses(self, loaded: LoadedBank, cards: dict[str, dict[str, Any]]) -> dict[str, Status]:
        return statuses((q.id for q in loaded.bank.questions), cards, self.now())

    def due_counts(self) -> dict[str, int]:
        """Due questions per role (cards of questions gone from a bank are not counted)."""
        if not self.banks.banks:
            return {}
        every: dict[tuple[str, str], dict[str, Any]] = self._read(lambda s: s.all_cards(), {})
        by_role: dict[str, dict[str, dict[str, Any]]] = {}
        for (role_id, qid), card in every.items():
            by_role.setdefault(role_id, {})[qid] = card
        now = self.now()
        return {
            b.bank.role.id: due_count(
                (q.id for q in b.bank.questions), by_role[b.bank.role.id], now
            )
            for b in self.banks.banks
            if b.bank.role.id in by_role
        }

    # ------------------------------------------------------------------ review

    def start_review(self, loaded: LoadedBank) -> ReviewSession:
        """Today's review of a role: due cards, then new questions up to the daily limit."""
        from preptui.srs.scheduler import Reviewer, Settings
        from preptui.srs.session import ReviewSession
        from preptui.times import day_start

        role = loaded.bank.role
        now = self.now()
        try:
            cards = self.store.cards(role.id) if self.store else {}
            since = iso(day_start(now))
            new_done = self.store.new_cards_since(role.id, since) if self.store else 0
            settings = Settings(
                desired_retention=self.config.desired_retention,
                new_per_day=self.config.new_per_day,
            )
            return ReviewSession(
                role.id,
                [q.id for q in loaded.bank.questions],
                cards,
                Reviewer(settings),
                now,
                new_done_today=new_done,
            )
        except _store_errors(ValueError) as exc:
            raise PracticeError(f"Cannot start the review: {exc}") from None

    def record_rating(
        self,
        role_id: str,
        rating: Rating,
        scheduler: dict[str, Any],
        session: ReviewSession | None = None,
    ) -> bool:
        """Commit one rating and the card it produced; True if it was re-applied.

        The write is compare-and-set against the card the rating was worked out from: when
        another preptui rated the question meanwhile, the grade is re-applied to the stored card
        (never written over it) and ``session`` is told, so its undo stays right.
        """
        from preptui.srs.rebase import adopt, rebaser

        rebase = rebaser(session.reviewer, role_id, rating) if session is not None else None
        saved = self._write(
            "Rating",
            lambda s: s.save_review(
                role_id,
                rating.question_id,
                int(rating.grade),
                iso(rating.reviewed_at),
                rating.card_before,
                rating.card_after,
                scheduler,
                rating.duration_ms,
                rebase=rebase,
            ),
        )
        self._review_log_ids[rating.seq] = saved.log_id
        if saved.rebased and session is not None:
            adopt(session, rating, saved.card_before, saved.card_after)
        return bool(saved.rebased)

    def undo_rating(self, rating: Rating) -> None:
        log_id = self._review_log_ids.pop(rating.seq, None)
        if log_id is not None:
            self._write("Undo", lambda s: s.undo_review(log_id))

    def end_review(self) -> None:
        self._review_log_ids.clear()

    # ------------------------------------------------------------------ mock interviews

    def recent_mock_ratings(self, role_id: str) -> dict[str, int]:
        found: dict[str, int] = self._read(lambda s: s.recent_mock_ratings(role_id), {})
        return found

    def start_mock(self, loaded: LoadedBank, agenda: Agenda) -> tuple[MockRun, str | None]:
        """A new interview; the second value is why it is not being saved, if it is not."""
        role = loaded.bank.role
        problem: str | None = None
        mock_id: int | None = None
        try:
            mock_id = self._write(
                "Mock interview",
                lambda s: s.create_mock(
                    role.id, role.title, agenda.minutes, agenda.seed, agenda.question_ids
                ),
            )
        except PracticeError as exc:
            problem = str(exc)
        return MockRun(mock_id, loaded, agenda, iso(self.now())), problem

    def save_mock_result(self, run: MockRun, result: QuestionResult, elapsed: float) -> None:
        if run.mock_id is None:
            return
        mock_id = run.mock_id
        self._write("Answer", lambda s: s.save_mock_result(mock_id, result.to_dict(), elapsed))

    def save_mock_elapsed(self, run: MockRun, elapsed: float) -> None:
        if run.mock_id is None:
            return
        mock_id = run.mock_id
        self._write("Time used", lambda s: s.save_mock_elapsed(mock_id, elapsed))

    def finish_mock(self, run: MockRun, session: MockSession, *, complete: bool) -> Scorecard:
        """Score the interview and mark it finished in the store."""
        from preptui.mock.scorecard import scorecard

        card = scorecard(session.results, run.agenda)
        if run.mock_id is not None:
            mock_id = run.mock_id
            self._write(
                "Scorecard",
                lambda s: s.finish_mock(
                    mock_id,
                    complete=complete,
                    score=card.score,
                    elapsed_seconds=session.elapsed_seconds,
                ),
            )
        return card

    def resume_mock(self, role_id: str | None) -> tuple[MockRun, MockSession]:
        """The latest unfinished interview (of the role, or any), ready to go on."""
        from preptui.mock.agenda import rebuild_agenda
        from preptui.mock.session import MockSession, QuestionResult

        record = self._read(lambda s: s.latest_unfinished_mock(role_id), None)
        if record is None or self.store is None:
            raise PracticeError("There is no unfinished mock interview to resume.")
        loaded = self.banks.get(record.role_id)
        if loaded is None:
            raise PracticeError(f"The role {record.role_id!r} of that interview is not loaded.")
        agenda = rebuild_agenda(loaded.bank, record.question_ids, record.minutes, record.seed)
        rows = self._read(lambda s: s.mock_results(record.id), [])
        results = [QuestionResult.from_dict(d) for d in rows]
        session = MockSession.resume(agenda, self.clock, results, record.elapsed_seconds)
        return MockRun(record.id, loaded, agenda, record.started_at), session

    def reports_dir(self) -> Path:
        return paths.data_dir() / "reports"

    # ------------------------------------------------------------------ stats and settings

    def role_stats(self, loaded: LoadedBank) -> RoleStats:
        from preptui.stats import role_stats

        role_id = loaded.bank.role.id
        try:
            cards = self.store.cards(role_id) if self.store else {}
            log = self.store.review_log(role_id) if self.store else []
            mocks = self.store.mocks(role_id) if self.store else []
            return role_stats(loaded.bank, cards, log, mocks, self.now())
        except _store_errors(ValueError) as exc:
            raise PracticeError(f"Cannot show the stats: {exc}") from None

    def save_settings(self, config: Config) -> Path:
        """Write the settings to config.toml (atomically) and use them from now on."""
        from preptui.config import ConfigError, save

        try:
            path = save(config)
        except (OSError, ConfigError) as exc:
            raise PracticeError(f"Could not save the settings: {exc}") from None
        self.config = config
        return path
