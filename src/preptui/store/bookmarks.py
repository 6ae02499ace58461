"""Bookmarks: the questions a person starred, per role."""

from __future__ import annotations

from preptui.store.connection import Database
from preptui.times import now_iso


class Bookmarks(Database):
    def bookmarks(self, role_id: str) -> set[str]:
        rows = self._conn.execute(
            "SELECT question_id FROM bookmarks WHERE role_id = ?", (role_id,)
        ).fetchall()
        return {row[0] for row in rows}

    def all_bookmarks(self) -> set[tuple[str, str]]:
        rows = self._conn.execute("SELECT role_id, question_id FROM bookmarks").fetchall()
        return {(row[0], row[1]) for row in rows}

    def set_bookmark(self, role_id: str, question_id: str, on: bool) -> None:
        with self.write() as conn:
            if on:
                conn.execute(
                    "INSERT OR IGNORE INTO bookmarks (role_id, question_id, created_at)"
                    " VALUES (?, ?, ?)",
                    (role_id, question_id, now_iso()),
                )
            else:
                conn.execute(
                    "DELETE FROM bookmarks WHERE role_id = ? AND question_id = ?",
                    (role_id, question_id),
                )

    def toggle_bookmark(self, role_id: str, question_id: str) -> bool:
        """Flip a bookmark; returns whether it is now set. Safe against a concurrent writer."""
        with self.write() as conn:
            exists = conn.execute(
                "SELECT 1 FROM bookmarks WHERE role_id = ? AND question_id = ?",
                (role_id, question_id),
            ).fetchone()
            if exists:
                conn.execute(
                    "DELETE FROM bookmarks WHERE role_id = ? AND question_id = ?",
                    (role_id, question_id),
                )
            else:
                conn.execute(
                    "INSERT INTO bookmarks (role_id, question_id, created_at) VALUES (?, ?, ?)",
                    (role_id, question_id, now_iso()),
                )
        return not exists
