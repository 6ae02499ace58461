"""The SQLite store: migrations, bookmarks, two writers, corrupt files moved aside."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from preptui.store import Store
from preptui.store.migrations import MIGRATIONS


def test_new_store_is_migrated(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert store.schema_version == len(MIGRATIONS)
    mode = store.read("PRAGMA journal_mode")[0][0]
    assert mode == "wal"
    store.close()


def test_bookmarks_persist_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = Store(path)
    assert store.toggle_bookmark("ml", "q1") is True
    store.set_bookmark("ml", "q2", True)
    assert store.toggle_bookmark("ml", "q2") is False
    store.close()
    again = Store(path)
    assert again.bookmarks("ml") == {"q1"}
    assert again.all_bookmarks() == {("ml", "q1")}


def test_a_worker_thread_reads_on_a_read_only_connection_of_its_own(tmp_path: Path) -> None:
    """``reading()`` is for a worker thread (a connection belongs to the thread that opened
    it): it sees what is committed, cannot write, and leaves the store's own connection open."""
    path = tmp_path / "s.db"
    store = Store(path)
    store.toggle_bookmark("ml", "q1")
    seen: list[object] = []

    def read() -> None:
        with store.reading() as reader:
            seen.append(reader.bookmarks("ml"))
            try:
                reader.toggle_bookmark("ml", "q2")
            except sqlite3.OperationalError as exc:
                seen.append(str(exc))

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert seen == [{"q1"}, "attempt to write a readonly database"]
    assert store.bookmarks("ml") == {"q1"}  # still open, and nothing was written
    store.close()
    assert not list(tmp_path.glob("s.db.open/*"))  # no marker left behind


def test_two_instances_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()

    def writer(name: str) -> None:
        store = Store(path)
        for i in range(100):
            store.set_bookmark(name, f"q{i}", True)
        store.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b", "c")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store = Store(path)
    assert len(store.all_bookmarks()) == 300


def test_concurrent_toggles_are_consistent(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    first, second = Store(path), Store(path)
    for _ in range(51):
        first.toggle_bookmark("r", "q")
        second.toggle_bookmark("r", "q")
    # 102 toggles: back to unset, never an IntegrityError from a stale read
    assert first.bookmarks("r") == set()


def test_not_a_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    store = Store(path)
    moved = list(tmp_path.glob("s.db.corrupt-*"))
    assert len(moved) == 1
    assert moved[0].read_text(encoding="utf-8").startswith("these are my notes")
    assert store.notices and "moved it to" in store.notices[0]
    store.set_bookmark("r", "q", True)
    assert store.bookmarks("r") == {"q"}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    try:
        Store(path)
    except Exception as exc:
        assert "newer preptui" in str(exc)
    else:
        raise AssertionError("a newer schema must not be opened")
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))
