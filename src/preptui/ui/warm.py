"""The screens' modules, imported in a worker thread once the banks are shown.

Every screen but the browser is imported where it is opened, so the first frame does not pay for
it; the first ``r`` then paid on the UI thread instead (the review screen, fsrs and the coach:
~45 ms of imports in a 100 ms stall), as did the first ``m``, ``T``, ``s`` (the chart's plotext,
~120 ms). :func:`warm_up` imports them in the background while the person reads the first role,
so opening one only builds it.
"""

from __future__ import annotations

from importlib import import_module

#: What a screen opened from the browser imports first, roughly in the order people open them.
MODULES = (
    "preptui.ui.screens.review",
    "preptui.ui.screens.review_summary",
    "preptui.ui.screens.mock_preview",
    "preptui.ui.screens.interview",
    "preptui.ui.screens.scorecard",
    "preptui.ui.screens.today",
    "preptui.ui.screens.history",
    "preptui.ui.screens.stats",
    "preptui.ui.widgets.chart",
    "preptui.ui.screens.help",
    "preptui.ui.screens.search_all",
    "preptui.ui.dialogs.note",
)


def warm_up() -> None:
    """Import :data:`MODULES` (in a worker thread: imports are thread-safe, and one the UI
    thread asks for meanwhile waits for this thread to finish it rather than run twice)."""
    for name in MODULES:
        import_module(name)
