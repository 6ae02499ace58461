"""Clocks and countdowns for mock interviews.

Every time reading comes from a :class:`Clock`, so tests drive a :class:`FakeClock` and never
sleep. Countdowns are deadline-based: the remaining time is always computed from the clock, never
by counting ticks, so a stalled caller cannot skew it.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    pass


TimeState = Literal["ok", "warning", "overtime"]

#: A countdown turns to "warning" when at most this fraction of its budget is left.
WARNING_FRACTION = 0.2

# --------------------------------------------------------------------------- clocks


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds."""
        ...


class MonotonicClock:
    """The real clock: :func:`time.monotonic`."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock for tests: it only moves when told to. ``time`` is settable (never backwards)."""

    def __init__(self, start: float = 0.0) -> None:
        self._time = float(start)

    def now(self) -> float:
        return self._time

    @property
    def time(self) -> float:
        return self._time

    @time.setter
    def time(self, value: float) -> None:
        if value < self._time:
            raise ValueError("a monotonic clock never goes backwards")
        self._time = float(value)

    def set(self, value: float) -> None:
        self.time = value

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes backwards")
        self._time += seconds


# --------------------------------------------------------------------------- countdown


class Countdown:
    """A budget of seconds counted down against a clock.

    While running it keeps a deadline and computes ``remaining = deadline - now``; while paused
    it keeps the remaining seconds frozen. Nothing depends on how often it is asked, so a caller
    that stalls for seconds still reads the exact time. ``elapsed`` is time spent running: paused
    time does not count. Before :meth:`start` nothing runs.
    """

    def __init__(self, budget_seconds: float, clock: Clock, *, elapsed: float = 0.0) -> None:
        if not math.isfinite(budget_seconds) or budget_seconds < 0:
            raise ValueError(f"budget must be a finite number >= 0, not {budget_seconds!r}")
        if not math.isfinite(elapsed) or elapsed < 0:
            raise ValueError(f"elapsed must be a finite number >= 0, not {elapsed!r}")
        self.budget = float(budget_seconds)
        self._clock = clock
        self._started = False
        self._deadline: float | None = None  # set while running
        self._frozen = self.budget - elapsed  # remaining seconds while not running

    @property
    def started(self) -> bool:
        return self._started

    @property
    def running(self) -> bool:
        return self._deadline is not None

    @property
    def paused(self) -> bool:
        return self._started and self._deadline is None

    def start(self) -> None:
        """Start counting; a second call does nothing (use :meth:`resume` after a pause)."""
        if self._started:
            return
        self._started = True
        self._deadline = self._clock.now() + self._frozen

    def pause(self) -> None:
        if self._deadline is not None:
            self._frozen = self._deadline - self._clock.now()
            self._deadline = None

    def resume(self) -> None:
        if not self._started:
            self.start()
        elif self._deadline is None:
            self._deadline = self._clock.now() + self._frozen

    def remaining(self) -> float:
        """Seconds left; negative when over time."""
        if self._deadline is None:
            return self._frozen
        return self._deadline - self._clock.now()

    def elapsed(self) -> float:
        return self.budget - self.remaining()

    def fraction_left(self) -> float:
        """The share of the budget left, clamped to 0..1 (0 for an empty budget)."""
        if self.budget <= 0:
            return 0.0
        return min(1.0, max(0.0, self.remaining() / self.budget))

    def state(self) -> TimeState:
        return time_state(self.remaining(), self.budget)


def time_state(remaining: float, budget: float) -> TimeState:
    """``overtime`` past zero, ``warning`` at or below 20 % of the budget left, else ``ok``."""
    if remaining < 0:
        return "overtime"
    if remaining <= WARNING_FRACTION * budget:
        return "warning"
    return "ok"


def fmt_clock(seconds: float) -> str:
    """``mm:ss`` (``h:mm:ss`` from an hour). Negative values are overtime: ``-65`` is ``+01:05``.

    Fractions round up, so a countdown shows ``00:01`` until it really reaches zero.
    """
    whole = math.ceil(round(seconds, 6))
    sign = "+" if whole < 0 else ""
    whole = abs(whole)
    hours, rest = divmod(whole, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{mins:02d}:{secs:02d}"
    return f"{sign}{mins:02d}:{secs:02d}"
