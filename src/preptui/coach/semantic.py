"""The ``wordllama`` engine (extra ``preptui[coach]``): WordLlama static-embedding similarity on
top of the lexical engine. All its parameters (a :class:`Blend`) and its threshold are chosen on
the tune half of tests/data/coach/ by bench/coach_bench.py, which says whether these defaults still
match its choice.

Per window of the answer (a sentence, or two neighbouring ones), the similarity to each key point
(with its gloss, the model answer's sentences that explain it) can enter in two ways: a linear
mix (``alpha`` the lexical share), and a rescue: a window that already says some of the point's
words (lexical score at least ``rescue_from``) and reads close to it (similarity above
``rescue_floor``) gains ``rescue_gain`` × the excess, so a paraphrase can cross the threshold. A
window the lexical engine finds contradicting the point ("I wouldn't roll back") gets no semantic
credit: embeddings cannot tell a statement from its negation.

Per answer, an on-topic check: an answer whose embedding is further from the model answer than
``topic_floor`` is about something else, and each point loses ``topic_gain`` × the shortfall
(nothing is taken from a question without a model answer).

Measured (see the bench): WordLlama's similarities add nothing over the lexical engine that the
labelled set can show; of all the blends tried, the tune half kept only the on-topic check.
Tried since and dropped: margins (how much closer a window reads to one point than to the
question's other points), to demote a point no window reads closest to or to rescue a paraphrase
in an on-topic answer (tune F1 +0.02–0.03, held-out −0.01 to +0.005: noise, so not kept), and
word-level soft matching of a point's terms by WordLlama similarity (antonyms read close, as do
unrelated words of a topic: tune F1 falls at every floor below exact match). Pool
only through the model's ``embed``, which masks padding: weighting the rows of its embedding
matrix by hand over ``tokenize`` ids takes in the batch's [PAD] tokens (id 0), an artefact that
once looked like a large gain on the tune half and was nothing.

The model (weights shipped inside the wordllama wheel) loads on first use, or on :meth:`load`,
which a UI calls in a worker; it never downloads anything.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from preptui.coach.engines import EngineUnavailable, judge
from preptui.coach.lexical import Analysis, LexicalEngine
from preptui.coach.model import Coverage, PointScore, Target, Thresholds

MISSING = (
    "the wordllama engine needs the optional extra: pip install 'preptui[coach]' "
    "(or pip install wordllama); the lexical engine works without it"
)
_CACHE_LIMIT = 4096  # embedded key points and model answers kept between answers


@dataclass(frozen=True)
class Blend:
    """How similarity and the lexical score combine (see the module docstring)."""

    alpha: float = 1.0  # lexical share of the linear mix; 1.0: no mix
    floor: float = 0.2  # similarity mapped to 0 in the mix …
    ceiling: float = 0.65  # … and to 1
    rescue_from: float = 0.1
    rescue_floor: float = 0.55
    rescue_gain: float = 0.0  # 0: no rescue
    topic_floor: float = 0.3  # 0: no on-topic check
    topic_gain: float = 2.0
    gloss: bool = True  # embed each key point with its gloss


DEFAULT_BLEND = Blend()  # chosen by bench/coach_bench.py on the tune half
# covered: chosen by the bench; partial: 0.6 × covered, the lexical engine's ratio
DEFAULT_THRESHOLDS = Thresholds(covered=0.3, partial=0.18)


def available() -> bool:
    return importlib.util.find_spec("wordllama") is not None


class WordLlamaEngine:
    name = "wordllama"

    def __init__(
        self,
        lexical: LexicalEngine | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        *,
        blend: Blend = DEFAULT_BLEND,
        model: Any = None,
    ) -> None:
        if model is None and not available():
            raise EngineUnavailable(MISSING)
        self.lexical = lexical or LexicalEngine()
        self.thresholds = thresholds
        self.blend = blend
        self._model = model
        self._lock = threading.Lock()
        self._cache: dict[str, Any] = {}

    def with_thresholds(self, thresholds: Thresholds) -> WordLlamaEngine:
        engine = WordLlamaEngine(self.lexical, thresholds, blend=self.blend, model=self.load())
        engine._cache = self._cache
        return engine

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> Any:
        """Load the model (about a second or more; call it off the UI thread)."""
        with self._lock:
            if self._model is None:
                try:
                    wordllama = importlib.import_module("wordllama")
                    folder = Path(str(wordllama.__file__)).parent
                    self._model = wordllama.WordLlama.load(cache_dir=folder, disable_download=True)
                except ImportError as exc:
                    raise EngineUnavailable(MISSING) from exc
                except Exception as exc:  # a broken install: say so, never a traceback
                    raise EngineUnavailable(f"cannot load the WordLlama model: {exc}") from exc
            return self._model

    def _embed(self, texts: list[str]) -> Any:
        """Unit vectors, one row per text (a numpy array with the real model)."""
        return self.load().embed(texts, norm=True)

    def _cached(self, texts: list[str]) -> list[Any]:
        """Unit vectors of texts that come from the question (kept between answers)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            if len(self._cache) + len(missing) > _CACHE_LIMIT:
                self._cache.clear()
            for text, vector in zip(missing, self._embed(missing), strict=True):
                self._cache[text] = vector
        return [self._cache[t] for t in texts]

    def similarities(self, target: Target, windows: list[str]) -> list[list[float]]:
        """Cosine similarity [point][window]."""
        if not windows:
            return [[] for _ in target.key_points]
        keys = list(target.key_points)
        if self.blend.gloss:
            glosses = self.lexical.glosses(target)
            keys = [" ".join((p, *g)) for p, g in zip(target.key_points, glosses, strict=True)]
        window_vectors = self._embed(windows)
        return [[float(s) for s in window_vectors @ key] for key in self._cached(keys)]

    def topicality(self, target: Target, answer: str) -> float | None:
        """Cosine similarity of the whole answer to the model answer (None without one)."""
        if not target.answer.strip() or not answer.strip():
            return None
        (reference,) = self._cached([target.answer])
        return float((self._embed([answer]) @ reference)[0])

    def read(self, target: Target, answer: str) -> Reading:
        """Everything the scores are made from (a benchmark reads once, blends many ways)."""
        analysis = self.lexical.analyse(target, answer)
        texts = [" ".join(analysis.sentences[i] for i in w.sentences) for w in analysis.windows]
        topicality = self.topicality(target, answer) if texts else None
        return Reading(analysis, self.similarities(target, texts), topicality)

    def scores(self, target: Target, answer: str) -> list[PointScore]:
        return blend_scores(self.read(target, answer), self.blend)

    def assess(self, target: Target, answer: str) -> Coverage:
        return judge(target, answer, self.scores(target, answer), self.thresholds, self.name)


@dataclass(frozen=True)
class Reading:
    """An answer as the engine sees it: the lexical analysis, the similarity of each key point
    to each window, and how close the whole answer is to the model answer."""

    analysis: Analysis
    similarities: list[list[float]]  # [point][window]
    topicality: float | None  # None: no model answer to compare with


def blend_scores(reading: Reading, blend: Blend) -> list[PointScore]:
    """The one place the similarities and the lexical scores combine."""
    analysis, sims = reading.analysis, reading.similarities
    penalty = 0.0
    if blend.topic_gain and blend.topic_floor and reading.topicality is not None:
        penalty = blend.topic_gain * max(0.0, blend.topic_floor - reading.topicality)
    span = max(blend.ceiling - blend.floor, 1e-6)
    result = []
    for index, row in enumerate(analysis.scores):
        best, best_window = 0.0, -1
        for w, lexical in enumerate(row):
            contradicted = analysis.contradicted[index][w]
            semantic = 0.0
            if not contradicted:
                semantic = min(1.0, max(0.0, (sims[index][w] - blend.floor) / span))
            score = blend.alpha * lexical + (1 - blend.alpha) * semantic
            if blend.rescue_gain and lexical >= blend.rescue_from and not contradicted:
                score += blend.rescue_gain * max(0.0, sims[index][w] - blend.rescue_floor)
            if score > best:
                best, best_window = score, w
        best = max(0.0, best - penalty)
        evidence = analysis.evidence(index, best_window) if best > 0 else ""
        result.append(PointScore(index, min(1.0, best), evidence))
    return result
