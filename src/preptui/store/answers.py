"""Typed answers (review and mock) and the coach's marks of their key points."""

from __future__ import annotations

from collections.abc import Iterable

from preptui.records import AnswerMark, AnswerRecord, word_count
from preptui.store.connection import Database
from preptui.times import now_iso

CONTEXTS = ("review", "mock")
VERDICTS = ("covered", "partial", "missed")

_COLUMNS = "id, role_id, question_id, context, text, words, seconds, created_at, updated_at"


class Answers(Database):
    def save_answer(
        self,
        role_id: str,
        question_id: str,
        text: str,
        *,
        seconds: float,
        context: str,
        answer_id: int | None = None,
        at: str | None = None,
    ) -> int:
        """Store an answer (a new row, or ``answer_id``'s row updated); returns its id.

        An ``answer_id`` that is gone (or belongs to another question) starts a new row, so
        typing is never lost.
        """
        if context not in CONTEXTS:
            raise ValueError(f"an answer's context is review or mock, not {context!r}")
        when = at or now_iso()
        words = word_count(text)
        seconds = max(0.0, float(seconds))
        with self.write() as conn:
            if answer_id is not None:
                cur = conn.execute(
                    "UPDATE answers SET text = ?, words = ?, seconds = ?, updated_at = ?"
                    " WHERE id = ? AND role_id = ? AND question_id = ?",
                    (text, words, seconds, when, answer_id, role_id, question_id),
                )
                if cur.rowcount:
                    return answer_id
            cur = conn.execute(
                "INSERT INTO answers (role_id, question_id, context, text, words, seconds,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (role_id, question_id, context, text, words, seconds, when, when),
            )
            return int(cur.lastrowid or 0)

    def answers(self, role_id: str, question_id: str, limit: int = 5) -> list[AnswerRecord]:
        """The question's answers, newest first (blank ones left out)."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM answers WHERE role_id = ? AND question_id = ?"
            " AND trim(text) != '' ORDER BY id DESC LIMIT ?",
            (role_id, question_id, max(0, limit)),
        ).fetchall()
        return [_record(row) for row in rows]

    def answer(self, answer_id: int) -> AnswerRecord | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM answers WHERE id = ?", (answer_id,)
        ).fetchone()
        return _record(row) if row else None

    def save_marks(
        self, answer_id: int, marks: Iterable[tuple[int, str, str | None]], engine: str
    ) -> None:
        """Replace an answer's marks: ``(point_index, engine_verdict, user_verdict)`` each."""
        rows = list(marks)
        for _, engine_verdict, user_verdict in rows:
            for verdict in (engine_verdict, user_verdict):
                if verdict is not None and verdict not in VERDICTS:
                    raise ValueError(f"a mark is covered, partial or missed, not {verdict!r}")
        when = now_iso()
        with self.write() as conn:
            conn.execute("DELETE FROM answer_marks WHERE answer_id = ?", (answer_id,))
            conn.executemany(
                "INSERT INTO answer_marks (answer_id, point_index, engine_verdict, user_verdict,"
                " engine, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(answer_id, index, ev, uv, engine, when) for index, ev, uv in rows],
            )

    def role_marks(self, role_id: str) -> list[tuple[int, str, str]]:
        """Every mark of the role's answers as ``(answer_id, created_at, verdict that stands)``."""
        rows = self._conn.execute(
            "SELECT a.id, a.created_at, COALESCE(m.user_verdict, m.engine_verdict)"
            " FROM answers AS a JOIN answer_marks AS m ON m.answer_id = a.id"
            " WHERE a.role_id = ? ORDER BY a.id, m.point_index",
            (role_id,),
        ).fetchall()
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def answer_marks(self, answer_id: int) -> list[AnswerMark]:
        rows = self._conn.execute(
            "SELECT point_index, engine_verdict, user_verdict, engine FROM answer_marks"
            " WHERE answer_id = ? ORDER BY point_index",
            (answer_id,),
        ).fetchall()
        return [AnswerMark(int(r[0]), str(r[1]), r[2], str(r[3])) for r in rows]


def _record(row: tuple[object, ...]) -> AnswerRecord:
    ident, role_id, question_id, context, text, words, seconds, created, updated = row
    return AnswerRecord(
        id=int(str(ident)),
        role_id=str(role_id),
        question_id=str(question_id),
        context=str(context),
        text=str(text),
        words=int(str(words)),
        seconds=float(str(seconds)),
        created_at=str(created),
        updated_at=str(updated),
    )
