"""CLI commands that bring questions in and out: import, new, export.

``add_commands`` registers the sub-commands (argparse only: keep this import light);
``run`` carries one out and returns the exit code.
"""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any) -> None:
    """Register ``import``, ``new`` and ``export`` on the main parser's sub-parsers."""


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError(args.command)
