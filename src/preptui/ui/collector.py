"""Full garbage collections between keys, not in the middle of one.

CPython starts a full (generation 2) collection whenever enough objects have outlived the young
ones; it walks every tracked object the program has made since the banks were frozen
(``banks.load``), most of them Textual's drawn lines (over a dozen tracked objects each), and
takes 40–100 ms on the UI thread: a stall on whatever key is being handled at that moment.
Young collections (generations 0 and 1) take a few milliseconds and stay automatic.

:class:`IdleCollector` puts the automatic full collection far off (``FULL_AFTER`` young ones,
a hundred times CPython's default) and makes it itself once the app has had no input (nor new
banks to show) for ``QUIET`` seconds: while nobody is typing. With input that never pauses that
long, CPython's own (far) threshold still collects, so cyclic garbage cannot pile up for ever.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

#: Seconds without input after which a full collection that is due is made: a pause to read,
#: longer than the gaps between the keys of someone moving through a list or typing a search.
QUIET = 3.0
#: Young (generation 1) collections since the last full one that make a full one due: CPython's
#: default threshold, so a full collection is made about as often as CPython would make one.
DUE_AFTER = 10
#: Generation 1 collections after which CPython collects in full by itself, input or not.
FULL_AFTER = 1_000


class IdleCollector:
    """``working()`` says whether the app is busy in the background (a worker thread running):
    no collection is made then, as the user is waiting for it to finish."""

    def __init__(
        self,
        working: Callable[[], bool] = lambda: False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._working = working
        self._clock = clock
        self._last_input = self._last_tick = clock()
        self._saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Leave full collections to :meth:`tick` (CPython's own only far later)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, FULL_AFTER)

    def stop(self) -> None:
        """CPython's thresholds again, as they were before :meth:`start`."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def busy(self) -> None:
        """A key press, a click, banks just shown: the user is at work (or about to be), so no
        full collection for ``QUIET`` seconds."""
        self._last_input = self._clock()

    def tick(self) -> bool:
        """Collect in full if one is due and the app is idle; returns whether it collected.

        Called every so often by a timer of the app. Idle: no input for ``QUIET`` seconds, none
        since the last tick either (after a long step that kept the app from ticking, the user
        is still waiting for its screen), and no worker running for as long (the user waits for
        what it does). Nothing is collected while the collector is off (``banks.load`` turns it
        off while banks load).
        """
        now, last_tick = self._clock(), self._last_tick
        self._last_tick = now
        if self._working():
            self._last_input = now  # its result is awaited: the user acts when it comes
            return False
        if self._saved is None or not gc.isenabled() or gc.get_count()[2] < DUE_AFTER:
            return False
        if self._last_input >= last_tick or now - self._last_input < QUIET:
            return False
        gc.collect()
        return True
