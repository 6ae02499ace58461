"""Regenerate the README screenshots (SVG) from the real app and the bundled banks.

make screenshots
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE = (120, 36)

Steps = Callable[[object], Awaitable[None]]


async def shoot(
    name: str, keys: list[str], *, mock: bool = False, role: str = "ml-engineer"
) -> None:
    from preptui.banks.discover import default_sources
    from preptui.mock.clock import FakeClock
    from preptui.ui.app import PrepApp
    from preptui.ui.requests import MockRequest

    with tempfile.TemporaryDirectory() as data:
        os.environ["PREPTUI_DATA_DIR"] = data
        app = PrepApp(
            sources=default_sources(),
            role=role,
            store_path=Path(data) / "store.db",
            mock=MockRequest(role, minutes=45, seed=7) if mock else None,
            clock=FakeClock(),
        )
        async with app.run_test(size=SIZE) as pilot:
            await app.banks_ready.wait()
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await app.workers.wait_for_complete()  # figures read in a thread, say
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    print(f"screenshots/{name}.svg")


SHOTS: list[tuple[str, list[str], dict[str, object]]] = [
    ("browse-overview", [], {}),
    ("browse-hidden", ["tab", "j"], {}),
    ("browse-revealed", ["tab", "j", "space"], {}),
    ("search", ["slash", *"drift"], {}),
    ("help", ["question_mark"], {}),
    ("mock-preview", [], {"mock": True}),
    ("mock-interview", ["enter", "n", "space", "space", "3"], {"mock": True}),
    (
        "mock-scorecard",
        ["enter", "n", "3", "n", "space", "space", "j", "space", "4", "n", "2", "n", "ctrl+q", "y"],
        {"mock": True},
    ),
    (
        "review",
        ["r", "tab", *"Metrics alert on trends, logs explain one event.", "escape", "space"],
        {},
    ),
    ("today", ["T"], {}),
    ("search-all-roles", ["F", *"idempotent"], {}),
    ("stats", ["r", "space", "3", "space", "4", "space", "1", "q", "q", "s"], {}),
]


async def main() -> None:
    wanted = set(sys.argv[1:])
    for name, keys, options in SHOTS:
        if not wanted or name in wanted:
            await shoot(name, keys, **options)  # type: ignore[arg-type]


if __name__ == "__main__":
    asyncio.run(main())
