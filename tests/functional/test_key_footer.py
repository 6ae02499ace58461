"""Issue 15 in the browser: the footer follows the screen without being rebuilt per key; the
store's check after a crash runs off the UI thread."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets._footer import FooterKey

from preptui.ui.app import PrepApp
from preptui.ui.widgets.key_footer import KeyFooter

from ..apphelpers import sample_app, wait_for_banks


def footer_keys(app: object) -> list[FooterKey]:
    from textual.app import App

    assert isinstance(app, App)
    return list(app.screen.query_one(KeyFooter).query(FooterKey))


async def test_moving_through_the_list_keeps_the_footer_and_a_reveal_changes_it() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab")
        await pilot.pause()
        before = footer_keys(app)
        assert before, "the footer shows keys"
        for key in ("j", "j", "k", "shift+tab", "j", "tab"):
            await pilot.press(key)
            await pilot.pause()
        after = footer_keys(app)
        # The same keys shown: the very same widgets, not a dozen rebuilt on every key.
        assert [id(k) for k in after] == [id(k) for k in before]
        await pilot.press("space")  # a revealed answer offers "pgdn Scroll"
        await pilot.pause()
        await pilot.pause()
        revealed = footer_keys(app)
        described = {k.description for k in revealed}
        assert described != {k.description for k in before}, described
        assert "Scroll" in described


async def test_keys_that_change_are_redrawn_in_the_widgets_already_shown() -> None:
    app = sample_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        await pilot.press("tab")
        await pilot.pause()
        listing = footer_keys(app)
        await pilot.press("slash")  # the search line takes most keys: fewer are shown
        await pilot.pause()
        await pilot.pause()
        searching = footer_keys(app)
        assert "Clear search" in {k.description for k in searching}
        # The keys still shown are drawn by widgets that were there, not rebuilt ones.
        assert {id(k) for k in searching} < {id(k) for k in listing}
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        after = footer_keys(app)
        shown = [k.description for k in after]
        assert "Clear search" not in shown and "Reveal" in shown, shown
        assert {id(k) for k in searching} < {id(k) for k in after}
        assert shown == [k.description for k in listing]


def crashed_with(db: Path, content: bytes | None) -> None:
    """A store file (``content``, or a sound store) left open by a process that is gone."""
    from preptui.store import Store

    if content is None:
        Store(db).close()
    else:
        db.write_bytes(content)
    dead = db.with_name(db.name + ".open") / f"{2**22 + 4242}-0"
    dead.parent.mkdir(exist_ok=True)
    dead.touch()


def noting(app: PrepApp) -> list[str]:
    notices: list[str] = []
    real_notify = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        notices.append(message)
        real_notify(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return notices


async def test_the_check_after_a_crash_runs_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import preptui.store.connection as connection

    db = tmp_path / "s.db"
    crashed_with(db, None)
    threads: list[threading.Thread] = []
    real_check = connection._quick_check

    def check(conn: sqlite3.Connection) -> list[str]:
        threads.append(threading.current_thread())
        return real_check(conn)

    monkeypatch.setattr(connection, "_quick_check", check)
    app = sample_app(store_path=db)
    notices = noting(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        assert len(threads) == 1 and threads[0] is not threading.main_thread()
        assert app.practice.store is not None and not notices
        await pilot.press("tab", "b")  # the store the UI thread opened works
        await pilot.pause()
        assert app.practice.bookmarks("alpha-engineer")


async def test_a_damaged_store_found_after_a_crash_is_moved_aside_and_said_once(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    crashed_with(db, b"not a database at all, " * 200)
    app = sample_app(store_path=db)
    notices = noting(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_banks(pilot)
        assert len([n for n in notices if "moved it to" in n]) == 1, notices
        assert len(list(tmp_path.glob("s.db.corrupt-*"))) == 1  # moved aside, and kept
        assert app.practice.store is not None and app.practice.saving_problem() is None
