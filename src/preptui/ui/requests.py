"""What the command line asks the app to open straight into (``preptui mock``, ``preptui
review``). Apart from :mod:`preptui.ui.app` so that a command can make its request before the
app, and Textual, are imported, and the app's first frame imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MockRequest", "ReviewRequest"]


@dataclass(frozen=True)
class MockRequest:
    """Open straight into a mock interview (``preptui mock``)."""

    role_id: str | None
    minutes: int | None = None
    seed: int | None = None
    resume: bool = False


@dataclass(frozen=True)
class ReviewRequest:
    """Open straight into a review session (``preptui review``); None: the role shown.

    ``all_roles``: every loaded role in one session (``preptui review`` without a role).
    """

    role_id: str | None
    all_roles: bool = False
