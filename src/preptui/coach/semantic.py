"""The ``wordllama`` engine (extra ``preptui[coach]``): WordLlama static-embedding similarity
between each key point (with its gloss, the model answer's sentences that explain it) and each
window of the answer, on top of the lexical score of the same window. Two ways, both chosen on the
tune half by bench/coach_bench.py: a linear mix (``alpha`` the lexical share), and a rescue
(``rescue_gain``): a window that already says some of the point's words (lexical score at least
``rescue_from``) and reads close to it (similarity above ``rescue_floor``) gains
``rescue_gain`` × the excess, so a paraphrase can cross the threshold. A window the lexical engine
finds contradicting the point ("I wouldn't roll back") gets no semantic credit: embeddings cannot
tell a statement from its negation.

The model (weights shipped inside the wordllama wheel) loads on first use, or on :meth:`load`,
which a UI calls in a worker; it never downloads anything.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from pathlib import Path
from typing import Any

from preptui.coach.engines import EngineUnavailable, judge
from preptui.coach.lexical import LexicalEngine
from preptui.coach.model import Coverage, PointScore, Target, Thresholds

DEFAULT_THRESHOLDS = Thresholds(covered=0.44, partial=0.26)  # chosen by bench/coach_bench.py
MISSING = (
    "the wordllama engine needs the optional extra: pip install 'preptui[coach]' "
    "(or pip install wordllama); the lexical engine works without it"
)


def available() -> bool:
    return importlib.util.find_spec("wordllama") is not None


class WordLlamaEngine:
    name = "wordllama"

    def __init__(
        self,
        lexical: LexicalEngine | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        *,
        alpha: float = 1.0,
        floor: float = 0.2,
        ceiling: float = 0.65,
        rescue_from: float = 0.2,
        rescue_floor: float = 0.65,
        rescue_gain: float = 0.5,
        gloss: bool = True,
        model: Any = None,
    ) -> None:
        if model is None and not available():
            raise EngineUnavailable(MISSING)
        self.lexical = lexical or LexicalEngine()
        self.thresholds = thresholds
        self.alpha = alpha
        self.floor = floor
        self.ceiling = ceiling
        self.rescue_from = rescue_from
        self.rescue_floor = rescue_floor
        self.rescue_gain = rescue_gain
        self.gloss = gloss
        self._model = model
        self._lock = threading.Lock()
        self._point_cache: dict[str, Any] = {}

    def with_thresholds(self, thresholds: Thresholds) -> WordLlamaEngine:
        engine = WordLlamaEngine(
            self.lexical,
            thresholds,
            alpha=self.alpha,
            floor=self.floor,
            ceiling=self.ceiling,
            rescue_from=self.rescue_from,
            rescue_floor=self.rescue_floor,
            rescue_gain=self.rescue_gain,
            gloss=self.gloss,
            model=self.load(),
        )
        engine._point_cache = self._point_cache
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
        return self.load().embed(texts, norm=True)

    def similarities(self, target: Target, windows: list[str]) -> list[list[float]]:
        """Cosine similarity [point][window]."""
        if not windows:
            return [[] for _ in target.key_points]
        keys = list(target.key_points)
        if self.gloss:
            glosses = self.lexical.glosses(target)
            keys = [" ".join((p, *g)) for p, g in zip(target.key_points, glosses, strict=True)]
        missing = [k for k in keys if k not in self._point_cache]
        if missing:
            for text, vector in zip(missing, self._embed(missing), strict=True):
                self._point_cache[text] = vector
        window_vectors = self._embed(windows)
        result: list[list[float]] = []
        for key in keys:
            sims = window_vectors @ self._point_cache[key]
            result.append([float(s) for s in sims])
        return result

    def scores(self, target: Target, answer: str) -> list[PointScore]:
        analysis = self.lexical.analyse(target, answer)
        texts = [" ".join(analysis.sentences[i] for i in w.sentences) for w in analysis.windows]
        sims = self.similarities(target, texts)
        span = max(self.ceiling - self.floor, 1e-6)
        result = []
        for index in range(len(target.key_points)):
            best, best_window = 0.0, -1
            for w in range(len(texts)):
                semantic = min(1.0, max(0.0, (sims[index][w] - self.floor) / span))
                if analysis.contradicted[index][w]:
                    semantic = 0.0
                lexical = analysis.scores[index][w]
                score = self.alpha * lexical + (1 - self.alpha) * semantic
                if (
                    self.rescue_gain
                    and lexical >= self.rescue_from
                    and not analysis.contradicted[index][w]
                ):
                    score += self.rescue_gain * max(0.0, sims[index][w] - self.rescue_floor)
                if score > best:
                    best, best_window = score, w
            evidence = analysis.evidence(index, best_window) if best_window >= 0 else ""
            result.append(PointScore(index, best, evidence))
        return result

    def assess(self, target: Target, answer: str) -> Coverage:
        return judge(target, answer, self.scores(target, answer), self.thresholds, self.name)
