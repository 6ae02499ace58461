"""The built-in engine: weighted, stemmed word coverage of each key point, sentence by sentence,
with negation and dismissal cues turning a match into a contradiction.

A key point's terms are weighted by their inverse document frequency over the bank's key points
and model answers (so "argon2id" counts far more than "use"), and terms the question's prompt
already uses count less: repeating the question is not answering it. Each sentence of the answer,
and each pair of neighbouring sentences, is a window; a point's score is its best window's share
of the point's weight, less the weight the window contradicts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from preptui.coach.model import Coverage, PointScore, Target, Thresholds
from preptui.coach.words import sentences, tokens

DEFAULT_THRESHOLDS = Thresholds(covered=0.30, partial=0.18)  # chosen by bench/coach_bench.py


class TermWeights:
    """Inverse document frequency of stems over a set of documents (a bank's key points and
    answers). Unknown stems weigh as much as the rarest known ones."""

    def __init__(self, document_frequency: Counter[str] | None = None, documents: int = 0) -> None:
        self._df: Counter[str] = document_frequency or Counter()
        self._n = documents

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> TermWeights:
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            n += 1
            df.update({t.stem for t in tokens(text)})
        return cls(df, n)

    @property
    def documents(self) -> int:
        return self._n

    def idf(self, stem: str) -> float:
        return math.log((self._n + 1) / (self._df.get(stem, 0) + 1)) + 1.0


def bank_texts(questions: Iterable[object]) -> list[str]:
    """The documents term weights come from: every key point and every model answer."""
    texts: list[str] = []
    for question in questions:
        texts.extend(getattr(question, "key_points", ()))
        answer = getattr(question, "answer", None)
        if isinstance(answer, str):
            texts.append(answer)
    return texts


@dataclass(frozen=True)
class _Term:
    stem: str
    weight: float
    negated: bool  # the key point itself says "not"/"never" about it


@dataclass(frozen=True)
class Window:
    sentences: tuple[int, ...]  # indices into Analysis.sentences


@dataclass(frozen=True)
class Analysis:
    """Per key point and window: the lexical score and whether the window contradicts it."""

    sentences: tuple[str, ...]
    windows: tuple[Window, ...]
    scores: tuple[tuple[float, ...], ...]  # [point][window]
    contradicted: tuple[tuple[bool, ...], ...]  # [point][window]
    sentence_scores: tuple[tuple[float, ...], ...]  # [point][sentence]

    def evidence(self, point: int, window: int) -> str:
        """The sentence of a window that matches the point best."""
        if not self.windows:
            return ""
        best = max(self.windows[window].sentences, key=lambda s: self.sentence_scores[point][s])
        return self.sentences[best]


class LexicalEngine:
    name = "lexical"

    def __init__(
        self,
        weights: TermWeights | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        *,
        prompt_factor: float = 0.35,
        penalty: float = 1.0,
        power: float = 1.5,
        pair_factor: float = 0.9,
    ) -> None:
        self.weights = weights or TermWeights()
        self.thresholds = thresholds
        self.prompt_factor = prompt_factor
        self.penalty = penalty
        self.power = power
        self.pair_factor = pair_factor

    def with_thresholds(self, thresholds: Thresholds) -> LexicalEngine:
        return LexicalEngine(
            self.weights,
            thresholds,
            prompt_factor=self.prompt_factor,
            penalty=self.penalty,
            power=self.power,
            pair_factor=self.pair_factor,
        )

    # ------------------------------------------------------------------ scoring

    def _terms(self, point: str, prompt_stems: set[str]) -> list[_Term]:
        seen: dict[str, _Term] = {}
        for token in tokens(point):
            if token.stem in seen:
                continue
            weight = self.weights.idf(token.stem) ** self.power
            if token.stem in prompt_stems:
                weight *= self.prompt_factor
            seen[token.stem] = _Term(token.stem, weight, token.negated)
        return list(seen.values())

    def analyse(self, target: Target, answer: str) -> Analysis:
        prompt_stems = {t.stem for t in tokens(target.prompt)}
        said = sentences(answer)
        # Per sentence: stems said plainly, and stems said under a negation.
        plain: list[set[str]] = []
        denied: list[set[str]] = []
        for sentence in said:
            toks = tokens(sentence)
            plain.append({t.stem for t in toks if not t.negated})
            denied.append({t.stem for t in toks if t.negated})
        windows = [Window((i,)) for i in range(len(said))]
        windows += [Window((i, i + 1)) for i in range(len(said) - 1)]
        scores: list[tuple[float, ...]] = []
        contradicted: list[tuple[bool, ...]] = []
        sentence_scores: list[tuple[float, ...]] = []
        for point in target.key_points:
            terms = self._terms(point, prompt_stems)
            per_sentence = [self._score(terms, plain[i], denied[i]) for i in range(len(said))]
            row: list[float] = []
            flags: list[bool] = []
            for window in windows:
                if len(window.sentences) == 1:
                    score, contra = per_sentence[window.sentences[0]]
                else:
                    yes = set().union(*(plain[i] for i in window.sentences))
                    no = set().union(*(denied[i] for i in window.sentences))
                    score, contra = self._score(terms, yes, no)
                    score *= self.pair_factor
                row.append(score)
                flags.append(contra)
            scores.append(tuple(row))
            contradicted.append(tuple(flags))
            sentence_scores.append(tuple(s for s, _ in per_sentence))
        return Analysis(
            tuple(said), tuple(windows), tuple(scores), tuple(contradicted), tuple(sentence_scores)
        )

    def _score(
        self, terms: Sequence[_Term], plain: set[str], denied: set[str]
    ) -> tuple[float, bool]:
        total = sum(t.weight for t in terms)
        if total <= 0:
            return 0.0, False
        matched = against = 0.0
        for term in terms:
            yes = _has(plain, term.stem)
            no = _has(denied, term.stem)
            if term.negated:  # "never a fast hash": saying it with or without "not" both touch it
                if no:
                    matched += term.weight
                elif yes:
                    matched += term.weight * 0.5
            elif yes and not no:
                matched += term.weight
            elif no:
                against += term.weight
        contradiction = against > 0 and against >= 0.15 * total
        score = (matched - self.penalty * against) / total
        return max(0.0, min(1.0, score)), contradiction

    def scores(self, target: Target, answer: str) -> list[PointScore]:
        return scores_from(self.analyse(target, answer), len(target.key_points))

    def assess(self, target: Target, answer: str) -> Coverage:
        from preptui.coach.engines import judge

        return judge(target, answer, self.scores(target, answer), self.thresholds, self.name)


def _has(stems: set[str], stem: str) -> bool:
    """``stem``, or a stem of five letters or more that differs from it only by an ending of
    up to three letters ("automat" for "autom"; not "blameless" for "blame")."""
    if stem in stems:
        return True
    if len(stem) < 5:
        return False
    return any(_near(s, stem) for s in stems)


def _near(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and len(long) - len(short) <= 3 and long.startswith(short)


def scores_from(analysis: Analysis, points: int) -> list[PointScore]:
    result = []
    for index in range(points):
        row = analysis.scores[index]
        if not row:
            result.append(PointScore(index, 0.0, ""))
            continue
        best = max(range(len(row)), key=row.__getitem__)
        evidence = analysis.evidence(index, best) if row[best] > 0 else ""
        result.append(PointScore(index, row[best], evidence))
    return result
