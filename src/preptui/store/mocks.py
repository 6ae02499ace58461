"""Mock interviews and their per-question results."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from preptui.records import MockRecord, MockScore, MockStatus
from preptui.store.connection import Database
from preptui.store.damage import BAD, Damage, iso_or_bad, json_or_bad
from preptui.times import now_iso

FRAMES = ("opening", "closing")


class Mocks(Database):
    def create_mock(
        self,
        role_id: str,
        role_title: str,
        minutes: int,
        seed: int,
        question_ids: Sequence[str],
        started_at: str | None = None,
    ) -> int:
        """A new interview; ``started_at`` (UTC ISO) when it began earlier than this write."""
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO mocks (role_id, role_title, started_at, minutes, seed, question_ids)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    role_id,
                    role_title,
                    started_at or now_iso(),
                    minutes,
                    seed,
                    json.dumps(list(question_ids)),
                ),
            )
            return int(cur.lastrowid or 0)

    def save_mock_result(
        self, mock_id: int, result: Mapping[str, Any], elapsed_seconds: float
    ) -> None:
        """Upsert one question's result and the time used so far, in one transaction."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO mock_results (mock_id, question_id, result, rating, updated_at)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (mock_id, question_id) DO UPDATE SET"
                " result = excluded.result, rating = excluded.rating,"
                " updated_at = excluded.updated_at",
                (
                    mock_id,
                    result["question_id"],
                    json.dumps(result, ensure_ascii=False),
                    result.get("rating"),
                    now_iso(),
                ),
            )
            conn.execute(
                "UPDATE mocks SET elapsed_seconds = ? WHERE id = ?", (elapsed_seconds, mock_id)
            )

    def save_mock_elapsed(self, mock_id: int, elapsed_seconds: float) -> None:
        with self.write() as conn:
            conn.execute(
                "UPDATE mocks SET elapsed_seconds = ? WHERE id = ?", (elapsed_seconds, mock_id)
            )

    def finish_mock(
        self, mock_id: int, *, complete: bool, score: float | None, elapsed_seconds: float
    ) -> None:
        with self.write() as conn:
            conn.execute(
                "UPDATE mocks SET status = ?, score = ?, elapsed_seconds = ?, finished_at = ?"
                " WHERE id = ?",
                (
                    MockStatus.COMPLETE if complete else MockStatus.ENDED_EARLY,
                    score,
                    elapsed_seconds,
                    now_iso(),
                    mock_id,
                ),
            )

    def save_mock_frame(
        self,
        mock_id: int,
        segment: str,
        notes: str,
        used_seconds: float,
        elapsed_seconds: float,
        rating: int | None = None,
    ) -> None:
        """Upsert the opening's or closing's notes and the time used so far, in one transaction."""
        if segment not in FRAMES:
            raise ValueError(f"a frame is the opening or the closing, not {segment!r}")
        with self.write() as conn:
            conn.execute(
                "INSERT INTO mock_frames (mock_id, segment, notes, used_seconds, rating,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (mock_id, segment) DO UPDATE SET notes = excluded.notes,"
                " used_seconds = excluded.used_seconds, rating = excluded.rating,"
                " updated_at = excluded.updated_at",
                (mock_id, segment, notes, max(0.0, float(used_seconds)), rating, now_iso()),
            )
            conn.execute(
                "UPDATE mocks SET elapsed_seconds = ? WHERE id = ?", (elapsed_seconds, mock_id)
            )

    def mock_frames(self, mock_id: int) -> list[dict[str, Any]]:
        """The opening's and closing's notes as saved (``segment``, ``notes``, ``used_seconds``,
        ``rating``), opening first."""
        rows = self._conn.execute(
            "SELECT segment, notes, used_seconds, rating FROM mock_frames WHERE mock_id = ?"
            " ORDER BY CASE segment WHEN 'opening' THEN 0 ELSE 1 END",
            (mock_id,),
        ).fetchall()
        return [
            {"segment": segment, "notes": str(notes), "used_seconds": float(used), "rating": rating}
            for segment, notes, used, rating in rows
            if segment in FRAMES and _number(used)
        ]

    def mock_results(self, mock_id: int) -> list[dict[str, Any]]:
        """The mock's results in order; a damaged one is reported in ``notices`` and skipped."""
        rows = self._conn.execute(
            "SELECT question_id, result FROM mock_results WHERE mock_id = ? ORDER BY rowid",
            (mock_id,),
        ).fetchall()
        results: list[dict[str, Any]] = []
        for question_id, text in rows:
            result = json_or_bad(text)
            if not isinstance(result, dict):
                Damage(self.notices).report(
                    f"mock {mock_id}, result of {question_id!r}", "not a JSON object"
                )
                continue
            results.append(result)
        return results

    def mocks(self, role_id: str | None = None, limit: int = 200) -> list[MockRecord]:
        """The latest mock interviews first (of one role, or of all)."""
        where, params = "", []
        if role_id is not None:
            where, params = " WHERE m.role_id = ?", [role_id]
        return self._mock_rows(where + " ORDER BY m.id DESC LIMIT ?", [*params, limit])

    def _mock_rows(self, tail: str, params: Sequence[object]) -> list[MockRecord]:
        sql = (
            "SELECT m.id, m.role_id, m.role_title, m.started_at, m.minutes, m.seed,"
            " m.question_ids, m.status, m.elapsed_seconds, m.finished_at, m.score,"
            # Answered: reached and not skipped (a result that is not JSON counts as answered:
            # json_extract would fail the whole query on it).
            " (SELECT COUNT(*) FROM mock_results r WHERE r.mock_id = m.id AND CASE"
            " WHEN json_valid(r.result) THEN json_extract(r.result, '$.skipped') END IS NOT 1)"
            " FROM mocks m"
        )
        rows = self._conn.execute(sql + tail, tuple(params)).fetchall()
        records = []
        for row in rows:
            record, why = _mock_record(row)
            if record is None:
                Damage(self.notices).report(f"mock {row[0]}", why)
                continue
            records.append(record)
        return records

    def mock(self, mock_id: int) -> MockRecord | None:
        found = self._mock_rows(" WHERE m.id = ?", (mock_id,))
        return found[0] if found else None

    def latest_unfinished_mock(self, role_id: str | None = None) -> MockRecord | None:
        where, params = " WHERE m.status = ?", [MockStatus.IN_PROGRESS]
        if role_id is not None:
            where += " AND m.role_id = ?"
            params.append(role_id)
        found = self._mock_rows(where + " ORDER BY m.id DESC LIMIT 1", params)
        return found[0] if found else None

    def recent_mock_ratings(self, role_id: str) -> dict[str, int]:
        """The latest self-rating of each question of the role across mock interviews."""
        rows = self._conn.execute(
            "SELECT r.question_id, r.rating FROM mock_results r JOIN mocks m ON m.id = r.mock_id"
            " WHERE m.role_id = ? AND r.rating IS NOT NULL ORDER BY r.updated_at, r.rowid",
            (role_id,),
        ).fetchall()
        return {row[0]: row[1] for row in rows if isinstance(row[1], int) and 1 <= row[1] <= 4}

    def mock_scores(self, role_id: str, limit: int = 200) -> list[MockScore]:
        """The scores of the role's latest scored interviews, newest first: what the stats
        chart, without reading each interview's questions and results."""
        rows = self._conn.execute(
            "SELECT id, role_id, started_at, score FROM mocks"
            " WHERE role_id = ? AND score IS NOT NULL ORDER BY id DESC LIMIT ?",
            (role_id, limit),
        ).fetchall()
        scores = []
        for mock_id, role, started_at, score in rows:
            if iso_or_bad(started_at) is BAD:
                Damage(self.notices).report(f"mock {mock_id}", "a time in it is not an ISO date")
            elif not _number(score):
                Damage(self.notices).report(f"mock {mock_id}", "its score is not a number")
            else:
                scores.append(MockScore(role, started_at, float(score)))
        return scores


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _mock_record(row: Sequence[Any]) -> tuple[MockRecord | None, str]:
    """A row as a record, or None and why it cannot be one (a hand-edited or damaged row)."""
    question_ids = json_or_bad(row[6])
    if not isinstance(question_ids, list) or not all(isinstance(q, str) for q in question_ids):
        return None, "its question list is not a JSON list of ids"
    if not isinstance(row[1], str) or not isinstance(row[2], str) or not isinstance(row[7], str):
        return None, "its role or status is not text"
    if iso_or_bad(row[3]) is BAD or (row[9] is not None and iso_or_bad(row[9]) is BAD):
        return None, "a time in it is not an ISO date"
    if not all(isinstance(row[i], int) for i in (4, 5)) or not _number(row[8]):
        return None, "its minutes, seed or time used is not a number"
    if row[10] is not None and not _number(row[10]):
        return None, "its score is not a number"
    record = MockRecord(
        id=row[0],
        role_id=row[1],
        role_title=row[2],
        started_at=row[3],
        minutes=row[4],
        seed=row[5],
        question_ids=question_ids,
        status=row[7],
        elapsed_seconds=float(row[8]),
        finished_at=row[9],
        score=None if row[10] is None else float(row[10]),
        answered=row[11],
    )
    return record, ""
