"""The SQLite store of what a person does: bookmarks, notes, review cards and log, mock interviews.

``connection`` opens the file and runs one write at a time; ``migrations`` holds the schema;
one repository module per table family (``bookmarks``, ``notes``, ``reviews``, ``mocks``,
``answers``) returns typed records (:mod:`preptui.records`). :class:`Store` is all of them on
one connection.
"""

from __future__ import annotations

from pathlib import Path

from preptui import paths
from preptui.records import AnswerRecord, MockRecord, ReviewRecord
from preptui.store.answers import Answers
from preptui.store.bookmarks import Bookmarks
from preptui.store.errors import StoreError, StoreFault
from preptui.store.mocks import Mocks
from preptui.store.notes import Notes
from preptui.store.reviews import Reviews

__all__ = ["AnswerRecord", "MockRecord", "ReviewRecord", "Store", "StoreError", "StoreFault"]


class Store(Bookmarks, Notes, Reviews, Mocks, Answers):
    """One store file; every repository's queries on one connection."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path if path is not None else paths.store_path())
