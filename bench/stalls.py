"""Pilot stall monitor: how long the event loop stalls, and press-to-screen time, per key.

A ticker task sleeps ``TICK`` seconds at a time on the app's event loop and records how late it
wakes: any lateness is time the loop spent on something else (a handler, layout, rendering, a
garbage collection). For one key press, the *stall* is the largest lateness seen from the press
until the app is idle again, and *press-to-screen* is the time until the screen has been
refreshed after it (``Pilot.pause``: every pending message handled and the screen rendered).

A "noop" key (one nothing is bound to) is the baseline measured in the same run: what Pilot and
Textual cost for a key that does nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

TICK = 0.002


@dataclass
class StallMonitor:
    lateness: list[float] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._tick())

    async def _tick(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            self.lateness.append(max(0.0, time.perf_counter() - before - TICK))

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def mark(self) -> int:
        return len(self.lateness)

    def worst_since(self, mark: int) -> float:
        return max(self.lateness[mark:], default=0.0)


@dataclass
class KeySample:
    stall: float
    screen: float


async def timed(
    monitor: StallMonitor,
    action: Callable[[], Awaitable[object]],
    settle: Callable[[], Awaitable[object]],
) -> KeySample:
    """Run ``action`` (a key press), then ``settle`` until the screen is up to date."""
    await asyncio.sleep(TICK * 3)  # let the ticker see a quiet loop first
    mark = monitor.mark()
    start = time.perf_counter()
    await action()
    await settle()
    screen = time.perf_counter() - start
    await asyncio.sleep(TICK * 3)  # the ticker's wake-up after the last handler
    return KeySample(monitor.worst_since(mark), screen)
