"""The words collections use for difficulty and kind, and a kind guessed from a prompt."""

from __future__ import annotations

import re

from preptui.importing.plain import plain
from preptui.model import Difficulty, Kind

__all__ = ["guess_kind", "parse_difficulty", "parse_kind"]

_DIFFICULTIES: dict[str, Difficulty] = {
    **dict.fromkeys(
        ("easy", "e", "beginner", "basic", "junior", "simple", "low", "1", "👶"), Difficulty.EASY
    ),
    **dict.fromkeys(
        ("medium", "med", "m", "intermediate", "moderate", "normal", "mid", "average", "2", "⭐"),
        Difficulty.MEDIUM,
    ),
    **dict.fromkeys(
        ("hard", "h", "difficult", "advanced", "expert", "senior", "high", "3", "🚀"),
        Difficulty.HARD,
    ),
}

_KINDS: dict[str, Kind] = {
    **dict.fromkeys(
        ("technical", "tech", "theory", "theoretical", "concept", "conceptual", "knowledge"),
        Kind.TECHNICAL,
    ),
    **dict.fromkeys(
        (
            "behavioural",
            "behavioral",
            "behaviour",
            "behavior",
            "hr",
            "soft skills",
            "culture",
            "culture fit",
            "personal",
        ),
        Kind.BEHAVIOURAL,
    ),
    **dict.fromkeys(
        ("scenario", "situational", "case", "case study", "troubleshooting"), Kind.SCENARIO
    ),
    **dict.fromkeys(
        ("coding", "code", "programming", "algorithm", "algorithms", "live coding", "leetcode"),
        Kind.CODING,
    ),
    **dict.fromkeys(
        ("system design", "systemdesign", "design", "architecture"), Kind.SYSTEM_DESIGN
    ),
}

_BEHAVIOURAL = re.compile(
    r"^(?:tell (?:me|us) about (?:a |an |the )?(?:time|situation|occasion|moment)"
    r"|describe (?:a |an )?(?:time|situation|occasion|moment)"
    r"|give (?:me |us )?an example of (?:a |an )?(?:time|situation)"
    r"|talk (?:me |us )?(?:about|through) a (?:time|situation)"
    r"|walk (?:me|us) through a (?:time|situation)"
    r"|have you ever\b)",
    re.I,
)


def parse_difficulty(raw: str) -> Difficulty | None:
    key = raw.replace("\ufe0f", "").replace("\u200d", "").strip().casefold()
    return _DIFFICULTIES.get(key)


def parse_kind(raw: str) -> Kind | None:
    key = " ".join(re.sub(r"[_-]+", " ", raw).split()).casefold()
    return _KINDS.get(key)


def guess_kind(prompt: str) -> Kind:
    """Behavioural for "Tell me about a time …" and the like, else technical."""
    return Kind.BEHAVIOURAL if _BEHAVIOURAL.match(plain(prompt)) else Kind.TECHNICAL
