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

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from preptui import paths
from preptui.banks.loaded import LoadedBank, LoadResult
from preptui.config import Config
from preptui.pending import Pending, WriteQueue
from preptui.times import iso, utc_now

if TYPE_CHECKING:
    from preptui.coach import Coverage, Engine, Verdict
    from preptui.coach.progress import WeekCoverage
    from preptui.mock.agenda import Agenda
    from preptui.mock.clock import Clock
    from preptui.mock.scorecard import Scorecard
    from preptui.mock.session import FrameResult, MockSession, QuestionResult
    from preptui.model import Question
    from preptui.records import AnswerMark, AnswerRecord, CardRecord, MockRecord, ReviewRecord
    from preptui.srs.combined import CombinedReview
    from preptui.srs.session import Rating, ReviewSession
    from preptui.srs.status import Card, Status
    from preptui.stats import ReviewFigures, RoleStats
    from preptui.store import Store
    from preptui.today import Today

__all__ = ["RETRY_SECONDS", "MockRun", "Practice", "PracticeError", "Queued"]

NO_STORE = "Progress will not be saved: the store could not be opened."
RETRY_SECONDS = 30  # how often the app tries queued writes again


class PracticeError(Exception):
    """Something a person should be told, in one line (shown as a notice, never raised on)."""


class Queued(PracticeError):
    """A write the store refused, kept in memory to be tried again (it is not saved yet)."""


@dataclass
class MockRun:
    """The mock interview under way: its stored id (None when nothing is saved) and agenda."""

    mock_id: int | None
    loaded: LoadedBank
    agenda: Agenda
    started_at: str
    # Its creation waits in the write queue (the store refused it): its writes queue behind it
    # and find ``mock_id`` set by the time they run.
    queued: bool = False

    @property
    def saving(self) -> bool:
        """Whether this interview's writes go to the store (now, or once it takes writes)."""
        return self.mock_id is not None or self.queued

    def stored_id(self) -> int:
        """The stored id, for a write run once the interview's creation has been written."""
        assert self.mock_id is not None, "a mock write ran before the mock was created"
        return self.mock_id


def _store_errors(*extra: type[Exception]) -> tuple[type[Exception], ...]:
    """What a store call may raise that a person should hear about (imported lazily)."""
    import sqlite3

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
        self._review_log_ids: dict[tuple[str, int], int] = {}
        # due_counts' cards by role, as of (the store, its cards version), and each role's
        # count: role -> (the bank counted, worked out at, valid until, count).
        self._due_cards: tuple[object, dict[str, dict[str, CardRecord]]] | None = None
        self._due_roles: dict[str, tuple[object, datetime, datetime | None, int]] = {}
        # The coach per (settings, role), with the banks it was made from.
        self._coaches: dict[tuple[str, str, str, str | None], tuple[LoadResult, Engine]] = {}
        self._coach_lock = threading.Lock()
        # Writes the store refused (disk full, read-only), kept in order and tried again.
        self.pending: WriteQueue[Store] = WriteQueue()
        self.write_problem: str | None = None  # why the last write failed (None: it worked)
        self.unsaved: str | None = None  # set by close() if something could still not be written
        # Told when saving changes: N queued writes just saved (0: only the problem changed).
        self.on_saving: Callable[[int], None] | None = None
        self._told: tuple[str | None, int] = (None, 0)
        self.coach_note: str | None = None  # why the chosen coach is not the one in use

    # ------------------------------------------------------------------ store and banks

    def open_store(self) -> list[str]:
        """Open the store; returns what to tell the person (a file moved aside, a fault)."""
        if not self._use_store or self.store is not None:
            return []
        import sqlite3

        from preptui.store import Store, StoreError

        try:
            self.store = Store(self._store_path)
        except (StoreError, OSError, sqlite3.Error) as exc:
            self.store_problem = str(exc)
            return [f"Progress will not be saved: {exc}"]
        self.store_problem = None
        return list(self.store.notices)

    def close(self) -> None:
        """Write what is still queued, then close; ``unsaved`` says what could not be written."""
        self.retry_pending()
        if self.pending:
            self.unsaved = (
                f"{self.pending.describe()} could not be saved: "
                f"{self.saving_problem() or 'the store is not open'}"
            )
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

    def saving_problem(self) -> str | None:
        """Why progress is not being saved right now (None: it is, or the store is off)."""
        if not self._use_store:
            return None
        if self.store is None:
            return self.store_problem or "the store is not open"
        return self.write_problem

    def retry_pending(self) -> int:
        """Try the queued writes again (and the store, if it could not be opened); how many
        were written. ``on_saving`` hears of it whenever anything was written."""
        if not self.pending:
            return 0
        if self.store is None and self._use_store:
            self.open_store()
        if self.store is None:
            return 0
        flushed = self.pending.flush(self.store, _store_errors())
        if flushed.error is not None:
            from preptui.store.errors import describe

            self.write_problem = describe(flushed.error)
        else:
            self.write_problem = None
        self._tell(flushed.written)
        return flushed.written

    def _tell(self, saved: int = 0) -> None:
        """Let ``on_saving`` know when queued writes were saved or the problem changed."""
        state = (self.saving_problem(), len(self.pending))
        if (saved or state != self._told) and self.on_saving is not None:
            self.on_saving(saved)
        self._told = state

    def _write(
        self,
        what: str,
        fn: Callable[[Store], Any],
        *,
        queue: bool = False,
        key: object = None,
        done: Callable[[Any], None] | None = None,
    ) -> Any:
        """Run a store write; a failure raises PracticeError naming what was not saved.

        Writes queued earlier go first. With ``queue`` (ratings, notes, a mock's results) a
        write that fails, or that would overtake writes still waiting, is kept in ``pending``
        and :class:`Queued` is raised: it is not saved yet, and is written with the next write
        that succeeds (``done`` then gets its result).
        """
        self.retry_pending()
        if queue and self._use_store and (self.pending or self.store is None):
            return self._queue(what, fn, key, done, self.saving_problem())
        if self.store is None:
            raise PracticeError(f"{what} not saved: {self.store_problem or 'no store'}")
        try:
            result = fn(self.store)
        except _store_errors() as exc:
            from preptui.store.errors import describe

            if queue:
                return self._queue(what, fn, key, done, describe(exc))
            self.write_problem = describe(exc)
            self._tell()
            raise PracticeError(f"{what} not saved: {describe(exc)}") from None
        self.write_problem = None
        self._tell()
        if done is not None:
            done(result)
        return result

    def _queue(
        self,
        what: str,
        fn: Callable[[Store], Any],
        key: object,
        done: Callable[[Any], None] | None,
        cause: str | None,
    ) -> Any:
        self.pending.add(Pending(what, fn, done, key))
        if self.store is not None:
            self.write_problem = cause
        self._tell()
        raise Queued(
            f"{what} not saved yet: {cause or 'the store is not open'}. Kept in memory "
            f"({self.pending.describe()} waiting) and tried again every {RETRY_SECONDS} s "
            "and when you quit."
        )

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
        self._write(
            "Note",
            lambda s: s.set_note(role_id, question_id, text),
            queue=True,
            key=("note", role_id, question_id),
        )

    # ------------------------------------------------------------------ answers and the coach

    def save_answer(
        self,
        role_id: str,
        question_id: str,
        text: str,
        *,
        seconds: float,
        context: str,
        answer_id: int | None = None,
    ) -> int:
        """Commit a typed answer (a new one, or ``answer_id`` updated); returns its id."""
        when = iso(self.now())
        saved: int = self._write(
            "Answer",
            lambda s: s.save_answer(
                role_id,
                question_id,
                text,
                seconds=seconds,
                context=context,
                answer_id=answer_id,
                at=when,
            ),
        )
        return saved

    def answers(self, role_id: str, question_id: str, limit: int = 5) -> list[AnswerRecord]:
        """The question's typed answers, newest first."""
        found: list[AnswerRecord] = self._read(lambda s: s.answers(role_id, question_id, limit), [])
        return found

    def answer_marks(self, answer_id: int) -> list[AnswerMark]:
        found: list[AnswerMark] = self._read(lambda s: s.answer_marks(answer_id), [])
        return found

    def coverage_trend(self, role_id: str) -> list[WeekCoverage]:
        """The share of key points your typed answers covered, week by week (stats)."""
        from preptui.coach.progress import coverage_by_week

        marks: list[tuple[int, str, str]] = self._read(lambda s: s.role_marks(role_id), [])
        return coverage_by_week(marks, self.now())

    def _corpus(self, role_id: str | None) -> list[str]:
        """The texts term weights come from: the role's bank (as ``preptui check`` and the
        benchmark weigh them), or every loaded bank when no role is given."""
        from preptui.coach.lexical import bank_texts

        loaded = self.banks.get(role_id) if role_id else None
        banks = [loaded] if loaded is not None else self.banks.banks
        return bank_texts(q for b in banks for q in b.bank.questions)

    def _coach_key(self, role_id: str | None) -> tuple[str, str, str, str | None]:
        config = self.config
        return (config.coach_engine, config.coach_url, config.coach_model, role_id)

    def coach_ready(self, role_id: str | None = None) -> bool:
        """Whether the coach for the role is made (making one weighs a bank: do it in a thread)."""
        made = self._coaches.get(self._coach_key(role_id))
        return made is not None and made[0] is self.banks

    def coach_engine(self, role_id: str | None = None) -> Engine:
        """The coach chosen in the settings, made on first use with term weights from the role's
        bank (~0.1 s a role: call it from a thread first). An engine that cannot run here gives
        the built-in one, and ``coach_note`` says why in one line."""
        key = self._coach_key(role_id)
        with self._coach_lock:
            made = self._coaches.get(key)
            if made is not None and made[0] is self.banks:
                return made[1]
            from preptui.coach import EngineUnavailable, make_engine

            config, banks = self.config, self.banks
            corpus = self._corpus(role_id)
            self.coach_note = None
            try:
                engine = make_engine(
                    config.coach_engine,
                    corpus,
                    url=config.coach_url or None,
                    model=config.coach_model or None,
                )
            except (EngineUnavailable, ValueError) as exc:
                engine = make_engine("lexical", corpus)
                self.coach_note = f"Using the built-in coach: {exc}"
            self._coaches[key] = (banks, engine)
            return engine

    def assess(self, question: Question, text: str, role_id: str | None = None) -> Coverage:
        """Which of the question's key points ``text`` covers, by the chosen engine."""
        from preptui.coach import Target

        engine = self.coach_engine(role_id)
        target = Target.from_question(question)
        if engine.name == "lexical":
            return engine.assess(target, text)
        try:
            return engine.assess(target, text)
        except Exception as exc:  # an optional engine must never take the review down
            from preptui.coach import make_engine

            self.coach_note = f"Using the built-in coach: the {engine.name} engine failed ({exc})"
            return make_engine("lexical", self._corpus(role_id)).assess(target, text)

    def save_marks(
        self, answer_id: int, coverage: Coverage, corrections: Mapping[int, Verdict]
    ) -> None:
        """Commit the coach's mark of each key point, with the person's corrections."""
        marks = [
            (
                p.index,
                p.verdict.value,
                corrections[p.index].value if p.index in corrections else None,
            )
            for p in coverage.points
        ]
        self._write("Marks", lambda s: s.save_marks(answer_id, marks, coverage.engine))

    # ------------------------------------------------------------------ review progress

    def cards(self, role_id: str) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = self._read(lambda s: s.cards(role_id), {})
        return found

    def card_records(self, role_id: str) -> dict[str, CardRecord]:
        """What the status rule reads of each card of a role: the cards' columns, no JSON (what
        marking a role's questions needs; :meth:`cards` is the FSRS dicts, for rating them)."""
        found: dict[str, CardRecord] = self._read(lambda s: s.card_records(role_id), {})
        return found

    def statuses(self, loaded: LoadedBank, cards: Mapping[str, Card]) -> dict[str, Status]:
        # A question without a card is new: only the reviewed ones need their card read, so a
        # big role with little history costs little (the bank's order is kept).
        from preptui.srs.status import Status, statuses

        ids = [q.id for q in loaded.bank.questions]
        found = dict.fromkeys(ids, Status.NEW)
        found.update(statuses([qid for qid in ids if qid in cards], cards, self.now()))
        return found

    def due_counts(self) -> dict[str, int]:
        """Due questions per role (cards of questions gone from a bank are not counted).

        The cards' records (their columns, no JSON) are read again only when one may have
        changed, and a role counted again only when its bank changed or one of its cards fell
        due since: the browser asks at each loading update and every half minute.
        """
        if not self.banks.banks:
            return {}
        version = self._read(lambda s: (s, s.cards_version()), None)
        if version is None or self._due_cards is None or self._due_cards[0] != version:
            by_role: dict[str, dict[str, CardRecord]] = self._read(
                lambda s: s.all_card_records(), {}
            )
            self._due_cards = (version, by_role)
            self._due_roles = {}
        by_role = self._due_cards[1]
        now = self.now()
        counts: dict[str, int] = {}
        for b in self.banks.banks:
            role_id = b.bank.role.id
            role_cards = by_role.get(role_id)
            if role_cards is None:
                continue
            known = self._due_roles.get(role_id)
            # Valid for this bank from when it was worked out until the next card falls due (a
            # clock set back, as tests do, works it out again).
            if (
                known is None
                or known[0] is not b.bank
                or now < known[1]
                or (known[2] is not None and now >= known[2])
            ):
                known = (b.bank, now, *_count_due(b, role_cards, now))
                self._due_roles[role_id] = known
            counts[role_id] = known[3]
        return counts

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

    def start_reviews(self, banks: Sequence[LoadedBank]) -> CombinedReview:
        """Today's review of several roles in one session (each with its own daily limit)."""
        from preptui.srs.combined import CombinedReview

        return CombinedReview([self.start_review(loaded) for loaded in banks])

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
        key = ("rating", id(rating))  # unique while queued (the queue keeps it alive)

        def written(saved: Any) -> None:  # now, or later from the queue: undo can find it
            self._review_log_ids[role_id, rating.seq] = saved.log_id

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
            queue=True,
            key=key,
            done=written,
        )
        if saved.rebased and session is not None:
            adopt(session, rating, saved.card_before, saved.card_after)
        return bool(saved.rebased)

    def undo_rating(self, role_id: str, rating: Rating) -> None:
        if self.pending.drop(("rating", id(rating))):
            return  # never written: forgetting it is the undo
        log_id = self._review_log_ids.pop((role_id, rating.seq), None)
        if log_id is not None:
            self._write("Undo", lambda s: s.undo_review(log_id), queue=True)

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
        run = MockRun(None, loaded, agenda, iso(self.now()))

        def created(mock_id: Any) -> None:  # now, or later from the queue
            run.mock_id, run.queued = int(mock_id), False

        try:
            self._write(
                "Mock interview",
                lambda s: s.create_mock(  # queued: it began now, not when it is written
                    role.id,
                    role.title,
                    agenda.minutes,
                    agenda.seed,
                    agenda.question_ids,
                    started_at=run.started_at,
                ),
                queue=True,
                done=created,
            )
        except Queued as exc:  # kept in memory: the interview is saved once writes work
            run.queued = True
            problem = str(exc)
        except PracticeError as exc:
            problem = str(exc)
        return run, problem

    def save_mock_result(self, run: MockRun, result: QuestionResult, elapsed: float) -> None:
        if not run.saving:
            return
        self._write(
            "Answer",
            lambda s: s.save_mock_result(run.stored_id(), result.to_dict(), elapsed),
            queue=True,
        )

    def save_mock_elapsed(self, run: MockRun, elapsed: float) -> None:
        if not run.saving:
            return
        self._write(
            "Time used",
            lambda s: s.save_mock_elapsed(run.stored_id(), elapsed),
            queue=True,
            key=("mock-elapsed", id(run)),  # the latest heartbeat is the one that matters
        )

    def save_mock_frame(self, run: MockRun, frame: FrameResult, elapsed: float) -> None:
        """Commit the opening's or closing's notes and the time used so far."""
        if not run.saving:
            return
        self._write(
            "Notes",
            lambda s: s.save_mock_frame(
                run.stored_id(),
                frame.segment,
                frame.notes,
                frame.used_seconds,
                elapsed,
                frame.rating,
            ),
            queue=True,
        )

    def mock_session(self, agenda: Agenda) -> MockSession:
        """A new interview over ``agenda`` on the practice clock, follow-ups as set."""
        from preptui.mock.session import MockSession

        return MockSession(agenda, self.clock, follow_ups=self.config.follow_ups)

    def save_mock_state(self, run: MockRun, session: MockSession) -> None:
        """Commit what is under way now (the segment's notes and result, the time used).

        For a shutdown (a signal): it saves what can be saved and raises the first failure.
        """
        elapsed = session.elapsed_seconds
        frame = session.current_frame()
        result = session.current_result()
        if frame is not None:
            self.save_mock_frame(run, frame, elapsed)
        elif result is not None:
            self.save_mock_result(run, result, elapsed)
        else:
            self.save_mock_elapsed(run, elapsed)

    def finish_mock(self, run: MockRun, session: MockSession, *, complete: bool) -> Scorecard:
        """Score the interview and mark it finished in the store."""
        from preptui.mock.scorecard import scorecard

        card = scorecard(
            session.results,
            run.agenda,
            elapsed_seconds=session.elapsed_seconds,
            frames=session.frames,
        )
        if run.saving:
            self._write(
                "Scorecard",
                lambda s: s.finish_mock(
                    run.stored_id(),
                    complete=complete,
                    score=card.score,
                    elapsed_seconds=session.elapsed_seconds,
                ),
                queue=True,
            )
        return card

    def resume_mock(self, role_id: str | None) -> tuple[MockRun, MockSession]:
        """The latest unfinished interview (of the role, or any), ready to go on."""
        record = self._read(lambda s: s.latest_unfinished_mock(role_id), None)
        if record is None or self.store is None:
            raise PracticeError("There is no unfinished mock interview to resume.")
        return self._resume_record(record)

    def _resume_record(self, record: MockRecord) -> tuple[MockRun, MockSession]:
        """A stored unfinished interview, ready to go on."""
        from preptui.mock.agenda import rebuild_agenda
        from preptui.mock.session import MockSession

        loaded = self.banks.get(record.role_id)
        if loaded is None:
            raise PracticeError(f"The role {record.role_id!r} of that interview is not loaded.")
        agenda = rebuild_agenda(loaded.bank, record.question_ids, record.minutes, record.seed)
        results = self._stored_results(record)
        session = MockSession.resume(
            agenda,
            self.clock,
            results,
            record.elapsed_seconds,
            frames=self._stored_frames(record),
            follow_ups=self.config.follow_ups,
        )
        return MockRun(record.id, loaded, agenda, record.started_at), session

    def _stored_frames(self, record: MockRecord) -> list[FrameResult]:
        """The interview's saved opening and closing notes; one that cannot be read is left out."""
        from preptui.mock.session import FrameResult

        frames = []
        for data in self._read(lambda s: s.mock_frames(record.id), []):
            try:
                frames.append(FrameResult.from_dict(data))
            except (KeyError, ValueError, TypeError):
                continue
        return frames

    def reports_dir(self) -> Path:
        return paths.data_dir() / "reports"

    # ------------------------------------------------------------------ today and history

    def today(self, tz: tzinfo | None = None) -> Today:
        """Due, learning and new per loaded role, the streak and today's reviews (days in ``tz``,
        default local, as the review's daily new limit counts them). Safe in a worker thread."""
        from preptui.times import day_start
        from preptui.today import today_overview

        now = self.now()
        banks = [b.bank for b in self.banks.banks]
        new_per_day, main = self.config.new_per_day, self.store
        if main is None:
            return today_overview(banks, {}, [], {}, now, new_per_day=new_per_day, tz=tz)
        since = iso(day_start(now, tz))
        try:
            with main.reading() as store:  # a worker thread's own connection
                cards = store.all_card_records()  # their columns: no card's JSON parsed
                log = store.review_figures(None)  # SQL over the indexed log, every role
                new_done = {b.role.id: store.new_cards_since(b.role.id, since) for b in banks}
                return today_overview(
                    banks, cards, log, new_done, now, new_per_day=new_per_day, tz=tz
                )  # the log's figures are read as they are asked for
        except _store_errors(ValueError) as exc:
            raise PracticeError(f"Cannot show today's overview: {exc}") from None

    def mock_history(self) -> tuple[list[MockRecord], list[str]]:
        """Every stored mock interview, newest first, and a line for each damaged one skipped.
        Safe in a worker thread."""
        main = self.store
        if main is None:
            return [], []
        seen = len(main.notices)
        try:
            with main.reading() as store:  # a worker thread's own connection
                records = store.mocks(None, limit=-1)  # SQLite: a negative limit is no limit
        except _store_errors() as exc:
            from preptui.store.errors import describe

            raise PracticeError(f"Cannot show the history: {describe(exc)}") from None
        return records, list(main.notices[seen:])

    def _stored_mock(self, mock_id: int) -> MockRecord:
        record: MockRecord | None = self._read(lambda s: s.mock(mock_id), None)
        if record is None:
            raise PracticeError("That mock interview is no longer in the store.")
        return record

    def _stored_results(self, record: MockRecord) -> list[QuestionResult]:
        """The interview's stored results; one that cannot be read is left out."""
        from preptui.mock.session import QuestionResult

        results = []
        for data in self._read(lambda s: s.mock_results(record.id), []):
            try:
                results.append(QuestionResult.from_dict(data))
            except (KeyError, ValueError, TypeError):
                continue
        return results

    def past_scorecard(self, mock_id: int) -> tuple[MockRecord, Scorecard]:
        """A stored interview's scorecard, rebuilt from its results and its role's bank."""
        from preptui.mock.agenda import rebuild_agenda
        from preptui.mock.scorecard import scorecard

        record = self._stored_mock(mock_id)
        loaded = self.banks.get(record.role_id)
        if loaded is None:
            raise PracticeError(
                f"The role {record.role_title!r} ({record.role_id}) is not loaded: "
                "its scorecard cannot be rebuilt."
            )
        try:
            agenda = rebuild_agenda(loaded.bank, record.question_ids, record.minutes, record.seed)
        except ValueError as exc:
            raise PracticeError(f"Cannot rebuild that interview: {exc}") from None
        card = scorecard(
            self._stored_results(record),
            agenda,
            elapsed_seconds=record.elapsed_seconds,  # the one figure for time used
            frames=self._stored_frames(record),
        )
        return record, card

    def resume_mock_id(self, mock_id: int) -> tuple[MockRun, MockSession]:
        """That unfinished interview, ready to go on."""
        record = self._stored_mock(mock_id)
        if not record.unfinished:
            raise PracticeError(f"That interview is {record.status_words}: it cannot be resumed.")
        return self._resume_record(record)

    # ------------------------------------------------------------------ stats and settings

    def role_stats(self, loaded: LoadedBank) -> RoleStats:
        from preptui.stats import role_stats

        role_id = loaded.bank.role.id
        try:
            cards = self.store.card_records(role_id) if self.store else {}
            # SQL aggregates of the log: a long history is never read row by row.
            log: ReviewFigures | list[ReviewRecord] = (
                self.store.review_figures(role_id) if self.store else []
            )
            mocks = self.store.mock_scores(role_id) if self.store else []
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


def _count_due(
    loaded: LoadedBank, role_cards: dict[str, CardRecord], now: datetime
) -> tuple[datetime | None, int]:
    """A role's due count at ``now``, and the first moment after it one of its cards falls due.

    Only the role's cards are read, not every question (orphans are left out)."""
    from preptui.srs.status import due_summary

    ids = {q.id for q in loaded.bank.questions} if role_cards else set()
    due, soonest = due_summary([qid for qid in role_cards if qid in ids], role_cards, now)
    return soonest, due
