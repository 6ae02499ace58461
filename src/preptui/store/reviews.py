"""Spaced repetition: each question's FSRS card and the log of every rating."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from preptui.records import CardRecord, ReviewRecord
from preptui.store.cardcolumns import COLUMNS, DAMAGED, SOUND_NOT, card_columns
from preptui.store.connection import Database
from preptui.store.damage import BAD, Damage, iso_or_bad, json_or_bad
from preptui.store.errors import StoreError
from preptui.times import iso, now_iso

CardData = dict[str, Any]
#: Given the card as stored now (None: never reviewed), the (card_before, card_after) to write.
Rebase = Callable[[CardData | None], tuple[CardData | None, Mapping[str, Any]]]


class CardChanged(StoreError):
    """The stored card is not the one the rating was worked out from: another instance rated
    the question meanwhile. Nothing was written; ``current`` is the card as stored now (None if
    it was never reviewed), to re-apply the grade to (:func:`preptui.srs.rebase.reapply`)."""

    def __init__(self, role_id: str, question_id: str, current: CardData | None) -> None:
        super().__init__(
            f"{question_id!r} of {role_id!r} was rated meanwhile (another preptui?); "
            "the rating was not saved over it"
        )
        self.role_id = role_id
        self.question_id = question_id
        self.current = current


@dataclass(frozen=True)
class SavedReview:
    """What :meth:`Reviews.save_review` wrote: the log id and the card as now stored."""

    log_id: int
    card_before: CardData | None
    card_after: CardData
    rebased: bool  # the stored card had changed: the rating was re-applied to it


def _seen(card: Mapping[str, Any] | None) -> CardData | None:
    """A card as a rating's ``card_before``: None for a card never reviewed."""
    if card is None or card.get("last_review") is None:
        return None
    return dict(card)


def _scheduler_id(conn: sqlite3.Connection, scheduler: Mapping[str, Any]) -> int:
    """The id of these scheduler settings in ``schedulers``, added the first time they are used.

    Ratings refer to their settings by id: the settings change rarely, and their JSON would
    otherwise be repeated in every row of the log.
    """
    settings = json.dumps(scheduler)  # as the log held it before: old rows match
    row = conn.execute("SELECT id FROM schedulers WHERE settings = ?", (settings,)).fetchone()
    if row is not None:
        return int(row[0])
    cur = conn.execute("INSERT INTO schedulers (settings) VALUES (?)", (settings,))
    return int(cur.lastrowid or 0)


def _put_card(
    conn: sqlite3.Connection,
    role_id: str,
    question_id: str,
    card: Mapping[str, Any],
    updated_at: str,
) -> None:
    """Write a card, and then its columns (writing the JSON forgets them: migration 11)."""
    conn.execute(
        "INSERT INTO cards (role_id, question_id, card, due, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (role_id, question_id) DO UPDATE SET"
        " card = excluded.card, due = excluded.due, updated_at = excluded.updated_at",
        (role_id, question_id, json.dumps(card), str(card.get("due", "")), updated_at),
    )
    conn.execute(
        f"UPDATE cards SET {', '.join(f'{c} = ?' for c in COLUMNS)}"
        " WHERE role_id = ? AND question_id = ?",
        (*card_columns(card), role_id, question_id),
    )


#: A row ``review_log`` reads as a rating (the others are reported and skipped). Migration 10's
#: partial index ``review_log_damaged`` holds the others: keep the two the same, term for term.
_VALID = (
    "typeof(grade) = 'integer' AND grade BETWEEN 1 AND 4"
    " AND julianday(reviewed_at) IS NOT NULL"
    " AND (duration_ms IS NULL OR typeof(duration_ms) = 'integer')"
)


class LogFigures:
    """The figures of one role's review log (or of every role's: ``role_id`` None), each one SQL
    query: what ``preptui stats``, the stats screen and Today need, however long the history
    (:class:`preptui.srs.metrics.ReviewFigures`; :class:`~preptui.srs.metrics.RecordFigures` is
    the rule).

    Counts, grades and recall tests come from ``review_totals`` (one row per question, kept by
    triggers); times from the log's indexes. A log with a damaged row is read row by row,
    leaving that row out.
    """

    def __init__(self, conn: sqlite3.Connection, role_id: str | None, *, damaged: bool) -> None:
        self._conn = conn
        self._role: tuple[str, ...] = () if role_id is None else (role_id,)
        self._of_role = "1" if role_id is None else "role_id = ?"
        # Only a log with a damaged row pays for checking every row in every figure.
        self._valid = _VALID if damaged else "1"
        self._damaged = damaged

    def review_count(self) -> int:
        if not self._damaged:
            sql = f"SELECT COALESCE(SUM(ratings), 0) FROM review_totals WHERE {self._of_role}"
        else:
            sql = f"SELECT COUNT(*) FROM review_log WHERE {self._of_role} AND {self._valid}"
        return int(self._conn.execute(sql, self._role).fetchone()[0])

    def recall_tests(self) -> tuple[int, int]:
        if not self._damaged:  # each rating knows whether it was one (``after_day``)
            row = self._conn.execute(
                "SELECT COALESCE(SUM(tests), 0), COALESCE(SUM(passed), 0) FROM review_totals"
                f" WHERE {self._of_role}",
                self._role,
            ).fetchone()
            return int(row[0]), int(row[1])
        # A damaged row is left out, so its neighbours are compared with each other here.
        # Times are stored to the second, so julianday compares them exactly.
        row = self._conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(grade >= 2), 0) FROM ("
            " SELECT grade, reviewed_at, LAG(reviewed_at) OVER ("
            "  PARTITION BY role_id, question_id ORDER BY reviewed_at, id) AS prev"
            " FROM review_log INDEXED BY review_log_by_card"
            f" WHERE {self._of_role} AND {self._valid})"
            " WHERE prev IS NOT NULL AND julianday(reviewed_at) >= julianday(prev, '+1 day')",
            self._role,
        ).fetchone()
        return int(row[0]), int(row[1])

    def _per_span(self, aggregate: str, bounds: Sequence[tuple[datetime, datetime]]) -> list[int]:
        """``aggregate`` of the ratings in each span (``{ratings}``: the FROM and WHERE)."""
        if not bounds:
            return []
        stamps: dict[datetime, str] = {}  # days' bounds are shared: each written once

        def stamp(moment: datetime) -> str:
            text = stamps.get(moment)
            if text is None:
                text = stamps[moment] = iso(moment)
            return text

        spans = json.dumps([[stamp(start), stamp(end)] for start, end in bounds])
        ratings = (
            f"FROM review_log WHERE {self._of_role} AND reviewed_at >= d.value ->> 0"
            f" AND reviewed_at < d.value ->> 1 AND {self._valid}"
        )
        rows = self._conn.execute(
            f"SELECT CAST(d.key AS INTEGER), {aggregate.format(ratings=ratings)}"
            " FROM json_each(?) AS d",
            (*self._role, spans),
        ).fetchall()
        found = dict(rows)
        return [int(found.get(i, 0)) for i in range(len(bounds))]

    def counts_between(self, bounds: Sequence[tuple[datetime, datetime]]) -> list[int]:
        return self._per_span("(SELECT COUNT(*) {ratings})", bounds)

    def active_between(self, bounds: Sequence[tuple[datetime, datetime]]) -> list[bool]:
        # One index probe per span, however many ratings it holds.
        return [n > 0 for n in self._per_span("EXISTS (SELECT 1 {ratings})", bounds)]

    def grade_totals(self) -> dict[str, tuple[int, int]]:
        if not self._damaged and self._role:  # one row a question
            rows = self._conn.execute(
                "SELECT question_id, grades, ratings FROM review_totals"
                " WHERE role_id = ? AND ratings > 0",
                self._role,
            ).fetchall()
        elif not self._damaged:  # every role: a question id may be in several
            rows = self._conn.execute(
                "SELECT question_id, SUM(grades), SUM(ratings) FROM review_totals"
                " GROUP BY question_id HAVING SUM(ratings) > 0"
            ).fetchall()
        else:
            rows = self._conn.execute(
                "SELECT question_id, SUM(grade), COUNT(*) FROM review_log"
                f" WHERE {self._of_role} AND {self._valid} GROUP BY question_id",
                self._role,
            ).fetchall()
        return {qid: (total, count) for qid, total, count in rows}  # SQLite's integers

    def latest(self, count: int) -> list[ReviewRecord]:
        rows = self._conn.execute(
            "SELECT id, role_id, question_id, grade, reviewed_at, duration_ms FROM review_log"
            f" WHERE {self._of_role} AND {self._valid}"
            " ORDER BY reviewed_at DESC, id DESC LIMIT ?",
            (*self._role, max(count, 0)),
        ).fetchall()
        return [ReviewRecord(*row) for row in rows]


class Reviews(Database):
    def cards(self, role_id: str) -> dict[str, dict[str, Any]]:
        """FSRS card dicts of a role, by question id (orphans included: ids may be gone).

        A damaged card (not a JSON object with a due time) is reported in ``notices`` and left
        out: the question reads as new until it is rated again.
        """
        rows = self._conn.execute(
            "SELECT role_id, question_id, card FROM cards WHERE role_id = ?", (role_id,)
        ).fetchall()
        return {key[1]: card for key, card in self._readable_cards(rows).items()}

    def card_roles(self) -> set[str]:
        """The roles with at least one card (read from the cards' primary key)."""
        return {role for (role,) in self._conn.execute("SELECT DISTINCT role_id FROM cards")}

    def cards_version(self) -> tuple[int, int]:
        """Changes when any card may have changed: another connection's commit (SQLite's
        ``data_version``) or a change made through this one (``total_changes``)."""
        version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        return version, self._conn.total_changes

    def all_cards(self) -> dict[tuple[str, str], dict[str, Any]]:
        rows = self._conn.execute("SELECT role_id, question_id, card FROM cards").fetchall()
        return self._readable_cards(rows)

    def card_records(self, role_id: str) -> dict[str, CardRecord]:
        """What the status rule reads of each card of a role, by question id (orphans
        included), from the cards' columns: no card's JSON is parsed (but one whose columns are
        missing). A damaged card is reported in ``notices`` and left out, as :meth:`cards` does.
        """
        return {r.question_id: r for r in self._card_records(role_id)}

    def all_card_records(self) -> dict[str, dict[str, CardRecord]]:
        """:meth:`card_records` of every role, by role id."""
        by_role: dict[str, dict[str, CardRecord]] = {}
        for record in self._card_records(None):
            by_role.setdefault(record.role_id, {})[record.question_id] = record
        return by_role

    def _card_records(self, role_id: str | None) -> list[CardRecord]:
        # Two indexes, no JSON: the (usually no) cards whose columns are not the store's own
        # (a row added or changed by hand, a damaged card), then every card's columns.
        of_role, params = ("", ()) if role_id is None else (" AND role_id = ?", (role_id,))
        unsound = self._conn.execute(
            "SELECT role_id, question_id FROM cards INDEXED BY cards_unsound"
            f" WHERE {SOUND_NOT}{of_role}",
            params,
        ).fetchall()
        rows = self._conn.execute(
            f"SELECT role_id, question_id, {', '.join(COLUMNS)} FROM cards"
            f" INDEXED BY cards_by_state WHERE 1{of_role}",
            params,
        ).fetchall()
        records = list(map(CardRecord._make, rows))
        if not unsound:
            return records
        keys = set(unsound)
        records = [r for r in records if (r.role_id, r.question_id) not in keys]
        for key in unsound:  # read from their JSON
            record = self._card_record_from_json(*key)
            if record is not None:
                records.append(record)
        return records

    def _card_record_from_json(self, role_id: str, question_id: str) -> CardRecord | None:
        row = self._conn.execute(
            "SELECT card FROM cards WHERE role_id = ? AND question_id = ?", (role_id, question_id)
        ).fetchone()
        columns = card_columns(None if row is None else json_or_bad(row[0]))
        if columns[0] == DAMAGED:
            Damage(self.notices).report(
                f"card of {question_id!r} in {role_id!r}", "not an FSRS card"
            )
            return None
        return CardRecord(role_id, question_id, *columns)

    def _readable_cards(self, rows: list[Any]) -> dict[tuple[str, str], dict[str, Any]]:
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for role_id, question_id, text in rows:
            card = json_or_bad(text)
            if not isinstance(card, dict) or iso_or_bad(card.get("due")) is BAD:
                Damage(self.notices).report(
                    f"card of {question_id!r} in {role_id!r}", "not an FSRS card"
                )
                continue
            found[(role_id, question_id)] = card
        return found

    def save_review(
        self,
        role_id: str,
        question_id: str,
        grade: int,
        reviewed_at: str,
        card_before: Mapping[str, Any] | None,
        card_after: Mapping[str, Any],
        scheduler: Mapping[str, Any],
        duration_ms: int | None = None,
        *,
        rebase: Rebase | None = None,
    ) -> SavedReview:
        """Store a rating and the card it produced in one transaction; say what was written.

        Compare-and-set: ``card_before`` is the card the rating was worked out from (None for a
        new card). If the stored card is another one now (a second instance rated the question),
        :class:`CardChanged` is raised and nothing is written, or, given ``rebase``, the rating
        is re-applied to the stored card in the same transaction (``rebased`` says so).
        """
        with self.write() as conn:
            row = conn.execute(
                "SELECT card FROM cards WHERE role_id = ? AND question_id = ?",
                (role_id, question_id),
            ).fetchone()
            stored = None if row is None else json_or_bad(row[0])
            current = _seen(stored) if isinstance(stored, dict) else None
            expected = _seen(card_before)
            rebased = current != expected
            if rebased:
                if rebase is None:
                    raise CardChanged(role_id, question_id, current)
                card_before, card_after = rebase(current)
            _put_card(conn, role_id, question_id, card_after, reviewed_at)
            cur = conn.execute(
                "INSERT INTO review_log (role_id, question_id, grade, reviewed_at, duration_ms,"
                " card_before, card_after, scheduler_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    role_id,
                    question_id,
                    grade,
                    reviewed_at,
                    duration_ms,
                    None if card_before is None else json.dumps(card_before),
                    json.dumps(card_after),
                    _scheduler_id(conn, scheduler),
                ),
            )
            return SavedReview(
                int(cur.lastrowid or 0),
                None if card_before is None else dict(card_before),
                dict(card_after),
                rebased,
            )

    def undo_review(self, log_id: int) -> tuple[str, str] | None:
        """Take back one rating: the card returns to what it was before it. Returns its key."""
        with self.write() as conn:
            row = conn.execute(
                "SELECT role_id, question_id, card_before FROM review_log WHERE id = ?", (log_id,)
            ).fetchone()
            if row is None:
                return None
            role_id, question_id, before = row
            later = conn.execute(
                "SELECT 1 FROM review_log WHERE role_id = ? AND question_id = ? AND id > ?",
                (role_id, question_id, log_id),
            ).fetchone()
            if later is not None:
                raise StoreError("only the latest rating of a question can be undone")
            conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            if before is None:
                conn.execute(
                    "DELETE FROM cards WHERE role_id = ? AND question_id = ?",
                    (role_id, question_id),
                )
            else:
                _put_card(conn, role_id, question_id, json.loads(before), now_iso())
        return role_id, question_id

    def review_scheduler(self, log_id: int) -> dict[str, Any] | None:
        """The scheduler settings a rating was worked out with (None: no such rating)."""
        row = self._conn.execute(
            "SELECT s.settings FROM review_log l JOIN schedulers s ON s.id = l.scheduler_id"
            " WHERE l.id = ?",
            (log_id,),
        ).fetchone()
        settings = None if row is None else json_or_bad(row[0])
        return settings if isinstance(settings, dict) else None

    def review_log(self, role_id: str | None = None) -> list[ReviewRecord]:
        """Every rating, oldest first: id, role_id, question_id, grade, reviewed_at, duration_ms."""
        sql = "SELECT id, role_id, question_id, grade, reviewed_at, duration_ms FROM review_log"
        params: tuple[object, ...] = ()
        if role_id is not None:
            sql += " WHERE role_id = ?"
            params = (role_id,)
        rows = self._conn.execute(sql + " ORDER BY reviewed_at, id", params).fetchall()
        records = []
        for row in rows:
            grade, duration = row[3], row[5]
            if (
                not isinstance(grade, int)
                or not 1 <= grade <= 4
                or iso_or_bad(row[4]) is BAD
                or not (duration is None or isinstance(duration, int))
            ):
                Damage(self.notices).report(f"rating {row[0]}", "its grade or time is not valid")
                continue
            records.append(ReviewRecord(*row))
        return records

    def review_figures(self, role_id: str | None) -> LogFigures:
        """The stats' figures of a role's log (None: of every role's), answered by SQL (never
        every row in Python).

        Damaged rows are left out of every figure, as :meth:`review_log` leaves them out, and
        reported in ``notices`` the same way.
        """
        of_role, params = ("1", ()) if role_id is None else ("role_id = ?", (role_id,))
        bad = self._conn.execute(  # from the index of damaged ratings alone (migration 10)
            "SELECT id FROM review_log INDEXED BY review_log_damaged"
            f" WHERE {of_role} AND NOT ({_VALID}) ORDER BY id",
            params,
        ).fetchall()
        for (log_id,) in bad:
            Damage(self.notices).report(f"rating {log_id}", "its grade or time is not valid")
        return LogFigures(self._conn, role_id, damaged=bool(bad))

    def new_cards_since(self, role_id: str, since_iso: str) -> int:
        """How many questions of the role were reviewed for the first time since a moment.

        Each question counts once, however many first ratings the log holds for it (two
        instances, or a rating undone and given again)."""
        row = self._conn.execute(
            "SELECT COUNT(DISTINCT question_id) FROM review_log"
            " WHERE role_id = ? AND card_before IS NULL"
            " AND reviewed_at >= ?",
            (role_id, since_iso),
        ).fetchone()
        return int(row[0])
