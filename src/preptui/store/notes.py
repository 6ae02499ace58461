"""Personal notes on questions."""

from __future__ import annotations

from preptui.store.connection import Database
from preptui.times import now_iso


class Notes(Database):
    def note(self, role_id: str, question_id: str) -> str:
        row = self._conn.execute(
            "SELECT note FROM notes WHERE role_id = ? AND question_id = ?", (role_id, question_id)
        ).fetchone()
        return str(row[0]) if row else ""

    def set_note(self, role_id: str, question_id: str, note: str) -> None:
        """Save a note; an empty note deletes it."""
        with self.write() as conn:
            if note.strip():
                conn.execute(
                    "INSERT INTO notes (role_id, question_id, note, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (role_id, question_id) DO UPDATE SET note = excluded.note,"
                    " updated_at = excluded.updated_at",
                    (role_id, question_id, note, now_iso()),
                )
            else:
                conn.execute(
                    "DELETE FROM notes WHERE role_id = ? AND question_id = ?",
                    (role_id, question_id),
                )
