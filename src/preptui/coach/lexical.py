"""The built-in engine: weighted, stemmed word coverage of each key point, sentence by sentence,
with negation and dismissal cues turning a match into a contradiction.

A key point's terms are weighted by their inverse document frequency over the bank's key points
and model answers (so "argon2id" counts far more than "use"), and terms the question's prompt
already uses count less: repeating the question is not answering it. Each sentence of the answer,
and each pair of neighbouring sentences, is a window; a point's score is its best window's share
of the point's weight, less the weight the window contradicts.

A key point is terse, so its gloss counts too: the sentences of the question's model answer that
explain it best (each model sentence goes to the point it fits best). Once a window says some of
the point's own words (``gloss_floor``), the share of the gloss it says is added
(``gloss_factor``). Alternatives a point lists ("scrypt, bcrypt or PBKDF2") are one term, and a
figure in the answer meets a point asking for numbers.

Wrong claims in the point's own words count against it (``contrast``). A sentence says the whole
point wrongly when it puts the opposite of a point's word next to the word it qualifies ("a fast
hash" for "a slow hash", "write-heavy" for "read-heavy"), swaps the sides of an ordering
("snowflake over star" for "star over snowflake") or swaps the roles of a point's ";" clauses
("facts hold the context" for "facts hold measures; dimensions hold context"). An opposite said
without the point's own word ("rolls back instantly" for "slowly") denies that word. A sentence
that denies most of the point (``deny_share`` of its weight: "fan-out on write and on read are
the same thing") takes ``deny_penalty`` off what any window scored. The parameters and thresholds
were chosen on the tune half of tests/data/coach/ by bench/coach_bench.py.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from preptui.coach.model import Coverage, PointScore, Target, Thresholds
from preptui.coach.words import (
    alternatives,
    clauses,
    contrasts,
    neighbours,
    ordered_pairs,
    sentences,
    tokens,
)

# covered: the threshold bench/coach_bench.py chooses on the tune half (it says when they
# differ); partial: the same share of it as the wordllama engine's (0.6).
DEFAULT_THRESHOLDS = Thresholds(covered=0.30, partial=0.18)


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
    others: tuple[str, ...] = ()  # alternatives the point lists with it ("bcrypt or scrypt")
    opposites: frozenset[str] = frozenset()  # stems claiming its opposite ("fast" for "slow")
    near: frozenset[str] = frozenset()  # the point's stems next to it ("hash" for "slow")


@dataclass(frozen=True)
class _Point:
    """A key point ready to score: its own terms and its gloss (the words of the model answer's
    sentences that explain it)."""

    terms: tuple[_Term, ...]
    gloss: tuple[_Term, ...]
    gloss_text: tuple[str, ...]  # the model answer's sentences the gloss comes from
    ordered: frozenset[tuple[str, str]] = frozenset()  # "A over B" sides, which must not swap
    # "Facts hold measures; dimensions hold context": per clause, its head (first word), its own
    # words and the other clauses' words, which the head must not take.
    bindings: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = ()


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
        gloss_factor: float = 1.0,
        gloss_sentences: int = 3,
        gloss_min: float = 0.1,
        gloss_assign: bool = True,
        gloss_floor: float = 0.2,
        contrast: bool = True,
        deny_share: float = 0.6,
        deny_penalty: float = 0.5,
    ) -> None:
        self.weights = weights or TermWeights()
        self.thresholds = thresholds
        self.prompt_factor = prompt_factor
        self.penalty = penalty
        self.power = power
        self.pair_factor = pair_factor
        self.gloss_factor = gloss_factor
        self.gloss_sentences = gloss_sentences
        self.gloss_min = gloss_min
        self.gloss_assign = gloss_assign
        self.gloss_floor = gloss_floor
        self.contrast = contrast
        self.deny_share = deny_share
        self.deny_penalty = deny_penalty
        self._points: dict[Target, tuple[_Point, ...]] = {}

    def with_thresholds(self, thresholds: Thresholds) -> LexicalEngine:
        return LexicalEngine(
            self.weights,
            thresholds,
            prompt_factor=self.prompt_factor,
            penalty=self.penalty,
            power=self.power,
            pair_factor=self.pair_factor,
            gloss_factor=self.gloss_factor,
            gloss_sentences=self.gloss_sentences,
            gloss_min=self.gloss_min,
            gloss_assign=self.gloss_assign,
            gloss_floor=self.gloss_floor,
            contrast=self.contrast,
            deny_share=self.deny_share,
            deny_penalty=self.deny_penalty,
        )

    # ------------------------------------------------------------------ scoring

    def _terms(self, point: str, prompt_stems: set[str]) -> list[_Term]:
        seen: dict[str, _Term] = {}
        toks = tokens(point)
        own = {t.stem for t in toks}
        pairs = neighbours(toks, 1) if self.contrast else set()
        for token in toks:
            if token.stem in seen:
                continue
            weight = self.weights.idf(token.stem) ** self.power
            if token.stem in prompt_stems:
                weight *= self.prompt_factor
            # Opposites the point and the question do not say themselves ("well on training
            # data and poorly on unseen data" is no clash; nor is "overfitting" in its prompt).
            opposites = contrasts(token.stem) - own - prompt_stems if self.contrast else set()
            near = frozenset(b for a, b in pairs if a == token.stem) if opposites else frozenset()
            seen[token.stem] = _Term(
                token.stem, weight, token.negated, (), frozenset(opposites), near
            )
        # Alternatives ("scrypt, bcrypt or PBKDF2") are one term: any of them, at the weight of
        # the heaviest.
        for group in alternatives(point):
            members = [seen[s] for s in sorted(group) if s in seen]
            if len(members) < 2:
                continue
            first = max(members, key=lambda t: t.weight)
            for member in members:
                del seen[member.stem]
            others = tuple(m.stem for m in members if m is not first)
            seen[first.stem] = _Term(
                first.stem,
                first.weight,
                first.negated,
                others,
                first.opposites,
                first.near,
            )
        return list(seen.values())

    def _prepare(self, target: Target) -> tuple[_Point, ...]:
        cached = self._points.get(target)
        if cached is not None:
            return cached
        prompt_stems = {t.stem for t in tokens(target.prompt)}
        model_text = sentences(target.answer) if self.gloss_factor else []
        model = [tokens(s) for s in model_text]
        model_plain = [{t.stem for t in toks if not t.negated} for toks in model]
        model_denied = [{t.stem for t in toks if t.negated} for toks in model]
        all_terms = [self._terms(point, prompt_stems) for point in target.key_points]
        # Each sentence of the model answer explains the key point it matches best.
        explains: list[list[tuple[float, int]]] = [[] for _ in all_terms]
        for i in range(len(model)):
            fits = [self._cover(terms, model_plain[i], model_denied[i])[0] for terms in all_terms]
            if not fits:
                break
            best = max(range(len(fits)), key=fits.__getitem__)
            for k, fit in enumerate(fits):
                if fit >= self.gloss_min and (k == best or not self.gloss_assign):
                    explains[k].append((fit, i))
        points = []
        for point_text, terms, found in zip(target.key_points, all_terms, explains, strict=True):
            own = {t.stem for t in terms}
            gloss: dict[str, _Term] = {}
            chosen: list[str] = []
            for _, i in sorted(found, reverse=True)[: self.gloss_sentences]:
                chosen.append(model_text[i])
                for token in model[i]:
                    if token.stem in own or token.stem in gloss:
                        continue
                    weight = self.weights.idf(token.stem) ** self.power
                    if token.stem in prompt_stems:
                        weight *= self.prompt_factor
                    gloss[token.stem] = _Term(token.stem, weight, token.negated)
            ordered = frozenset(ordered_pairs(point_text)) if self.contrast else frozenset()
            bindings = _bindings(point_text) if self.contrast else ()
            points.append(
                _Point(tuple(terms), tuple(gloss.values()), tuple(chosen), ordered, bindings)
            )
        result = tuple(points)
        if len(self._points) > 512:
            self._points.clear()
        self._points[target] = result
        return result

    def glosses(self, target: Target) -> list[tuple[str, ...]]:
        """Per key point, the model answer's sentences that explain it (best first)."""
        return [p.gloss_text for p in self._prepare(target)]

    def analyse(self, target: Target, answer: str) -> Analysis:
        points = self._prepare(target)
        said = sentences(answer)
        # Per sentence: stems said plainly, and stems said under a negation.
        plain: list[set[str]] = []
        denied: list[set[str]] = []
        near: list[set[tuple[str, str]]] = []
        ordered: list[set[tuple[str, str]]] = []
        parts: list[list[list[str]]] = []
        for sentence in said:
            toks = tokens(sentence)
            plain.append({t.stem for t in toks if not t.negated})
            denied.append({t.stem for t in toks if t.negated})
            near.append(
                neighbours([t for t in toks if not t.negated], 1) if self.contrast else set()
            )
            ordered.append(ordered_pairs(sentence) if self.contrast else set())
            parts.append(clauses(sentence) if self.contrast else [])
        windows = [Window((i,)) for i in range(len(said))]
        windows += [Window((i, i + 1)) for i in range(len(said) - 1)]
        scores: list[tuple[float, ...]] = []
        contradicted: list[tuple[bool, ...]] = []
        sentence_scores: list[tuple[float, ...]] = []
        for point in points:
            # Per sentence: the point's stems it says wrongly (an opposite, a swapped order).
            wrong = [
                _wrong(point, plain[i], near[i], ordered[i], parts[i]) if self.contrast else set()
                for i in range(len(said))
            ]
            per_sentence = [
                self._score(point, plain[i] - wrong[i], denied[i] | wrong[i])
                for i in range(len(said))
            ]
            row: list[float] = []
            flags: list[bool] = []
            for window in windows:
                if len(window.sentences) == 1:
                    score, contra = per_sentence[window.sentences[0]]
                else:
                    bad = set().union(*(wrong[i] for i in window.sentences))
                    yes = set().union(*(plain[i] for i in window.sentences)) - bad
                    no = set().union(*(denied[i] for i in window.sentences)) | bad
                    score, contra = self._score(point, yes, no)
                    score *= self.pair_factor
                row.append(score)
                flags.append(contra)
            # A sentence that denies most of the point ("X and Y are basically the same thing")
            # takes back what another sentence seemed to say.
            denial = max(
                (
                    _denied_share(point.terms, plain[i] - wrong[i], denied[i] | wrong[i])
                    for i in range(len(said))
                ),
                default=0.0,
            )
            if self.deny_share and denial >= self.deny_share:
                row = [max(0.0, r - self.deny_penalty) for r in row]
                flags = [True] * len(flags)
            scores.append(tuple(row))
            contradicted.append(tuple(flags))
            sentence_scores.append(tuple(s for s, _ in per_sentence))
        return Analysis(
            tuple(said), tuple(windows), tuple(scores), tuple(contradicted), tuple(sentence_scores)
        )

    def _score(self, point: _Point, plain: set[str], denied: set[str]) -> tuple[float, bool]:
        score, contradiction = self._cover(point.terms, plain, denied)
        if point.gloss and self.gloss_factor and score >= self.gloss_floor:
            extra, _ = self._cover(point.gloss, plain, denied)
            score += self.gloss_factor * extra
        return max(0.0, min(1.0, score)), contradiction

    def _cover(
        self, terms: Sequence[_Term], plain: set[str], denied: set[str]
    ) -> tuple[float, bool]:
        total = sum(t.weight for t in terms)
        if total <= 0:
            return 0.0, False
        matched = against = 0.0
        for term in terms:
            yes = _has(plain, term.stem) or any(_has(plain, s) for s in term.others)
            no = _has(denied, term.stem) or any(_has(denied, s) for s in term.others)
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


def _denied_share(terms: Sequence[_Term], plain: set[str], denied: set[str]) -> float:
    """The share of the point's weight a sentence says under a negation and not plainly."""
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 0.0
    against = sum(
        t.weight
        for t in terms
        if not t.negated
        and not _has(plain, t.stem)
        and (_has(denied, t.stem) or any(_has(denied, o) for o in t.others))
    )
    return against / total


def _bindings(point: str) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    parts = [[s for c in clauses(piece) for s in c] for piece in point.split(";")]
    if len(parts) < 2 or any(len(p) < 2 for p in parts):
        return ()
    heads = {p[0] for p in parts}
    result = []
    for k, part in enumerate(parts):
        others = set().union(*(set(p) for j, p in enumerate(parts) if j != k))
        own = frozenset(set(part[1:]) - others)
        foreign = frozenset(others - set(part) - heads)
        if own and foreign:
            result.append((part[0], own, foreign))
    return tuple(result)


def _wrong(
    point: _Point,
    plain: set[str],
    near: set[tuple[str, str]],
    ordered: set[tuple[str, str]],
    parts: Sequence[Sequence[str]] = (),
) -> set[str]:
    """The point's stems a sentence claims wrongly: it says the opposite (in place of the stem,
    or next to a word the stem stands next to in the point: "fast hash" for "slow hash"), or it
    swaps the sides of an ordering ("snowflake over star" for "star over snowflake")."""
    wrong: set[str] = set()
    for term in point.terms:
        if not term.opposites or term.negated:
            continue
        if any((o, n) in near for o in term.opposites for n in term.near):  # the claim reversed
            wrong.update(t.stem for t in point.terms if _has(plain, t.stem))
            wrong.add(term.stem)
        elif not _has(plain, term.stem) and any(o in plain for o in term.opposites):
            wrong.add(term.stem)
    for head, own, foreign in point.bindings:  # "facts hold the context": roles swapped
        for part in parts:
            said = set(part)
            if _has(said, head) and said & foreign and not said & own:
                wrong.update(t.stem for t in point.terms if _has(plain, t.stem))
                break
    for a, b in point.ordered:
        if (b, a) in ordered and (a, b) not in ordered:  # the claim reversed: all of it wrong
            wrong.update(t.stem for t in point.terms if _has(plain, t.stem))
            wrong.update((a, b))
            break
    return wrong


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
