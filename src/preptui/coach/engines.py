"""The engine protocol, and turning raw point scores into verdicts (:func:`judge`).

An engine turns (target, answer) into a :class:`Coverage`; :mod:`preptui.coach.factory` makes
one by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from preptui.coach.model import Coverage, PointScore, PointVerdict, Target, Thresholds, Verdict


class EngineUnavailable(RuntimeError):
    """An engine that cannot run here (its extra is not installed); the message says why."""


class Engine(Protocol):
    name: str

    def assess(self, target: Target, answer: str) -> Coverage: ...


class ScoringEngine(Engine, Protocol):
    """An engine with raw scores and thresholds that a benchmark can tune."""

    thresholds: Thresholds

    def scores(self, target: Target, answer: str) -> list[PointScore]: ...

    def with_thresholds(self, thresholds: Thresholds) -> ScoringEngine: ...


def judge(
    target: Target,
    answer: str,
    scores: Sequence[PointScore],
    thresholds: Thresholds,
    engine: str,
    notes: Sequence[str] = (),
) -> Coverage:
    """Raw scores → verdicts, plus structure feedback for a behavioural question."""
    from preptui.coach.structure import structure

    points = []
    for s in scores:
        verdict = thresholds.verdict(s.score)
        evidence = "" if verdict is Verdict.MISSED else s.evidence
        points.append(PointVerdict(s.index, verdict, min(1.0, max(0.0, s.score)), evidence))
    return Coverage(
        points=tuple(points),
        engine=engine,
        structure=structure(answer) if target.behavioural else None,
        notes=tuple(notes),
    )
