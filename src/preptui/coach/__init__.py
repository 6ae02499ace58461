"""Coverage coaching: which of a question's key points a typed answer covers.

Pure: no Textual, no store. Engines (see :mod:`preptui.coach.factory`): ``lexical`` (built in),
``wordllama`` (extra ``preptui[coach]``), ``llm`` (a local OpenAI-compatible server, with the
lexical engine as its fallback).
"""

from __future__ import annotations

from preptui.coach.engines import Engine, EngineUnavailable, ScoringEngine, judge
from preptui.coach.factory import ENGINE_NAMES, make_engine
from preptui.coach.model import (
    Coverage,
    PointScore,
    PointVerdict,
    Structure,
    Target,
    Thresholds,
    Verdict,
    suggested_rating,
)

__all__ = [
    "ENGINE_NAMES",
    "Coverage",
    "Engine",
    "EngineUnavailable",
    "PointScore",
    "PointVerdict",
    "ScoringEngine",
    "Structure",
    "Target",
    "Thresholds",
    "Verdict",
    "judge",
    "make_engine",
    "suggested_rating",
]
