"""A line across the top of every screen while progress is not being saved, and why."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

__all__ = ["StoreBanner", "banner_text"]


def banner_text(problem: str, waiting: str, retry_seconds: int) -> str:
    text = f"Progress is not being saved: {problem}."
    if waiting:
        return f"{text} Kept in memory: {waiting}; tried again every {retry_seconds} s."
    return text


class StoreBanner(Static):
    """Shown (docked at the top) by the app on whatever screen is current; never dismissed by
    a key, gone only when a write succeeds again."""

    def show(self, text: str) -> None:
        self.update(Content(text))  # the cause may quote a path: text, never markup
