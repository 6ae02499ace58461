"""Spaced repetition: each question's FSRS card and the log of every rating."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from preptui.records import ReviewRecord
from preptui.store.connection import Database
from preptui.store.errors import StoreError
from preptui.times import now_iso


class Reviews(Database):
    def cards(self, role_id: str) -> dict[str, dict[str, Any]]:
        """FSRS card dicts of a role, by question id (orphans included: ids may be gone)."""
        rows = self._conn.execute(
            "SELECT question_id, card FROM cards WHERE role_id = ?", (role_id,)
        ).fetchall()
        return {row[0]: json.loads(row[1]) for row in rows}

    def all_cards(self) -> dict[tuple[str, str], dict[str, Any]]:
        rows = self._conn.execute("SELECT role_id, question_id, card FROM cards").fetchall()
        return {(row[0], row[1]): json.loads(row[2]) for row in rows}

    def record_review(
        self,
        role_id: str,
        question_id: str,
        grade: int,
        reviewed_at: str,
        card_before: Mapping[str, Any] | None,
        card_after: Mapping[str, Any],
        scheduler: Mapping[str, Any],
        duration_ms: int | None = None,
    ) -> int:
        """Store a rating and the card it produced in one transaction; returns the log id."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO cards (role_id, question_id, card, due, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (role_id, question_id) DO UPDATE SET"
                " card = excluded.card, due = excluded.due, updated_at = excluded.updated_at",
                (
                    role_id,
                    question_id,
                    json.dumps(card_after),
                    str(card_after.get("due", "")),
                    reviewed_at,
                ),
            )
            cur = conn.execute(
                "INSERT INTO review_log (role_id, question_id, grade, reviewed_at, duration_ms,"
                " card_before, card_after, scheduler) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    role_id,
                    question_id,
                    grade,
                    reviewed_at,
                    duration_ms,
                    None if card_before is None else json.dumps(card_before),
                    json.dumps(card_after),
                    json.dumps(scheduler),
                ),
            )
            return int(cur.lastrowid or 0)

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
                card = json.loads(before)
                conn.execute(
                    "UPDATE cards SET card = ?, due = ?, updated_at = ?"
                    " WHERE role_id = ? AND question_id = ?",
                    (before, str(card.get("due", "")), now_iso(), role_id, question_id),
                )
        return role_id, question_id

    def review_log(self, role_id: str | None = None) -> list[ReviewRecord]:
        """Every rating, oldest first: id, role_id, question_id, grade, reviewed_at, duration_ms."""
        sql = "SELECT id, role_id, question_id, grade, reviewed_at, duration_ms FROM review_log"
        params: tuple[object, ...] = ()
        if role_id is not None:
            sql += " WHERE role_id = ?"
            params = (role_id,)
        rows = self._conn.execute(sql + " ORDER BY reviewed_at, id", params).fetchall()
        return [ReviewRecord(*row) for row in rows]

    def new_cards_since(self, role_id: str, since_iso: str) -> int:
        """How many questions of the role were reviewed for the first time since a moment."""
        row = self._conn.execute(
            "SELECT COUNT(*) FROM review_log WHERE role_id = ? AND card_before IS NULL"
            " AND reviewed_at >= ?",
            (role_id, since_iso),
        ).fetchone()
        return int(row[0])
