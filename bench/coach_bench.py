"""Coach engines against the labelled answers in tests/data/coach/ (`make bench` runs it).

python bench/coach_bench.py                  # every engine that can run here
python bench/coach_bench.py --show test      # also list each answer's marks on the test half
python bench/coach_bench.py --data DIR        # another folder of labelled answers
python bench/coach_bench.py --llm-url http://127.0.0.1:11434/v1 --llm-model llama3.2

Each question file says which half it is in. Thresholds (and, for wordllama, its blend: see
preptui.coach.semantic) are chosen on the "tune" half; precision, recall and F1 of "covered"
marks are then reported on the "test" half, next to the mark-all baseline (every key point
covered). A blend is chosen by its smoothed tune F1 (the mean over thresholds within ±0.04 of
its best one: a flat optimum, not a lucky spike), and only if it beats lexical-only. "F1 95 %"
is a question-level bootstrap interval on the test half (how far the figure could move with
other questions of the same kind); "vs lexical" the same for the difference in F1. "weak
marked" is the share of weak-but-on-topic answers with any point marked covered (target ≤ 40 %);
"trap marked" the same for negated or wrong answers. Speed: ms to score one answer with the
lexical engine, next to a bare word-overlap scorer over the same answers in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

from preptui.banks.load import load_bank  # noqa: E402
from preptui.coach.lexical import DEFAULT_THRESHOLDS as LEXICAL_THRESHOLDS  # noqa: E402
from preptui.coach.lexical import LexicalEngine, TermWeights, bank_texts  # noqa: E402
from preptui.coach.model import PointScore, Target, Thresholds  # noqa: E402
from preptui.coach.semantic import Blend  # noqa: E402

DATA = REPO / "tests" / "data" / "coach"
BANKS = REPO / "banks"


@dataclass(frozen=True)
class Item:
    role: str
    question: str
    half: str
    style: str
    text: str
    covered: frozenset[int]
    target: Target


def load_items(data: Path = DATA) -> tuple[list[Item], dict[str, TermWeights]]:
    items: list[Item] = []
    weights: dict[str, TermWeights] = {}
    for path in sorted(data.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        role = data["role"]
        bank = load_bank(BANKS / f"{role}.toml")
        question = bank.question(data["question"])
        if question is None:
            raise SystemExit(f"{path.name}: no question {data['question']!r} in {role}")
        if role not in weights:
            weights[role] = TermWeights.from_texts(bank_texts(bank.questions))
        target = Target.from_question(question)
        for answer in data["answers"]:
            items.append(
                Item(
                    role,
                    question.id,
                    data["half"],
                    answer["style"],
                    answer["text"],
                    frozenset(answer["covered"]),
                    target,
                )
            )
    return items, weights


Scores = list[list[float]]  # [item][point]


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    weak_marked: float
    trap_marked: float
    off_marked: float


def quality(items: Sequence[Item], scores: Scores, threshold: float) -> Quality:
    tp = fp = fn = 0
    marked: dict[str, list[bool]] = {"weak": [], "trap": [], "off-topic": []}
    for item, row in zip(items, scores, strict=True):
        said = {i for i, s in enumerate(row) if s >= threshold}
        tp += len(said & item.covered)
        fp += len(said - item.covered)
        fn += len(item.covered - said)
        if item.style in marked:
            marked[item.style].append(bool(said))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def share(flags: list[bool]) -> float:
        return sum(flags) / len(flags) if flags else 0.0

    return Quality(
        precision,
        recall,
        f1,
        share(marked["weak"]),
        share(marked["trap"]),
        share(marked["off-topic"]),
    )


def smooth_f1(items: Sequence[Item], scores: Scores, threshold: float) -> float:
    """Mean F1 over thresholds within ±0.04 of ``threshold``: high only on a flat optimum."""
    near = [quality(items, scores, (round(threshold * 100) + d) / 100).f1 for d in range(-4, 5)]
    return sum(near) / len(near)


def _counts(items: Sequence[Item], scores: Scores, threshold: float) -> dict[str, list[int]]:
    """Per question: true positives, false positives, false negatives of "covered" marks."""
    out: dict[str, list[int]] = {}
    for item, row in zip(items, scores, strict=True):
        said = {i for i, s in enumerate(row) if s >= threshold}
        c = out.setdefault(f"{item.role}/{item.question}", [0, 0, 0])
        c[0] += len(said & item.covered)
        c[1] += len(said - item.covered)
        c[2] += len(item.covered - said)
    return out


def _f1(counts: Sequence[Sequence[int]]) -> float:
    tp = sum(c[0] for c in counts)
    rest = sum(c[1] + c[2] for c in counts)
    return 2 * tp / (2 * tp + rest) if tp else 0.0


def bootstrap(
    items: Sequence[Item],
    runs: Sequence[tuple[Scores, float]],
    draws: int = 2000,
) -> list[tuple[float, float]]:
    """95 % intervals of each run's F1 (questions resampled with replacement, the same draws for
    every run), and a last one for the difference between the last run and the first."""
    per_run = [_counts(items, scores, t) for scores, t in runs]
    questions = sorted(per_run[0])
    rng = random.Random(13)
    samples: list[list[float]] = [[] for _ in range(len(runs) + 1)]
    for _ in range(draws):
        pick = [rng.choice(questions) for _ in questions]
        f1s = [_f1([counts[q] for q in pick]) for counts in per_run]
        for k, f1 in enumerate(f1s):
            samples[k].append(f1)
        samples[-1].append(f1s[-1] - f1s[0])

    def interval(values: list[float]) -> tuple[float, float]:
        values = sorted(values)
        return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]

    return [interval(v) for v in samples]


def best_threshold(items: Sequence[Item], scores: Scores) -> tuple[float, float]:
    """The threshold with the best F1 on these items (ties: the highest, the strictest)."""
    best, best_f1 = 0.5, -1.0
    for step in range(5, 96):
        t = step / 100
        f1 = quality(items, scores, t).f1
        if f1 >= best_f1:
            best, best_f1 = t, f1
    return best, best_f1


def split(items: Sequence[Item], scores: Scores, half: str) -> tuple[list[Item], Scores]:
    pairs = [(i, s) for i, s in zip(items, scores, strict=True) if i.half == half]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def score_all(items: Sequence[Item], fn: Callable[[Item], list[PointScore]]) -> Scores:
    return [[p.score for p in fn(item)] for item in items]


@dataclass
class Row:
    engine: str
    setting: str
    tune_f1: float
    test: Quality
    threshold: float = 0.5
    scores: Scores | None = None  # every item's, for the bootstrap
    interval: tuple[float, float] | None = None  # test F1, 95 %
    gain: tuple[float, float] | None = None  # test F1 minus the lexical engine's, 95 %


def evaluate(name: str, items: Sequence[Item], scores: Scores, setting: str = "") -> Row:
    tune_items, tune_scores = split(items, scores, "tune")
    test_items, test_scores = split(items, scores, "test")
    threshold, tune_f1 = best_threshold(tune_items, tune_scores)
    label = f"t={threshold:.2f}" + (f" {setting}" if setting else "")
    test = quality(test_items, test_scores, threshold)
    return Row(name, label, tune_f1, test, threshold, scores)


def add_intervals(items: Sequence[Item], engines: Sequence[Row], lexical: Row) -> None:
    """Bootstrap intervals on the test half: each engine's F1, and its gain over lexical."""
    test_items = [i for i in items if i.half == "test"]

    def run(row: Row) -> tuple[Scores, float]:
        assert row.scores is not None
        return split(items, row.scores, "test")[1], row.threshold

    lexical.interval = bootstrap(test_items, [run(lexical)])[0]
    for row in engines:
        if row is not lexical and row.scores is not None:
            _, row.interval, row.gain = bootstrap(test_items, [run(lexical), run(row)])


def pct(value: float) -> str:
    return f"{value * 100:5.1f} %"


def _span(span: tuple[float, float] | None, signed: bool = False) -> str:
    if span is None:
        return ""
    fmt = "{:+.2f}" if signed else "{:.2f}"
    return f"{fmt.format(span[0])}–{fmt.format(span[1])}"


def print_rows(rows: Sequence[Row]) -> None:
    print(
        f"{'engine':<22} {'tune F1':>7}  {'P':>5} {'R':>5} {'F1':>5} {'F1 95 %':>10} "
        f"{'vs lexical':>11}  {'weak marked':>11} {'trap marked':>11} {'off marked':>10}"
    )
    for r in rows:
        q = r.test
        print(
            f"{r.engine:<22} {r.tune_f1:7.2f}  {q.precision:5.2f} {q.recall:5.2f} {q.f1:5.2f} "
            f"{_span(r.interval):>10} {_span(r.gain, True):>11}  {pct(q.weak_marked):>11} "
            f"{pct(q.trap_marked):>11} {pct(q.off_marked):>10}"
        )
    print("chosen on the tune half:")
    for r in rows:
        print(f"  {r.engine:<22} {r.setting}")


def bare_overlap(item: Item) -> list[PointScore]:
    """Baseline scorer for speed (and a naive quality figure): share of a key point's words,
    unstemmed and unweighted, that the answer contains."""
    said = set(item.text.casefold().split())
    out = []
    for index, point in enumerate(item.target.key_points):
        words = set(point.casefold().split())
        out.append(PointScore(index, len(words & said) / max(1, len(words)), ""))
    return out


def timed_per_answer(
    items: Sequence[Item], fn: Callable[[Item], object], rounds: int
) -> list[float]:
    """ms per answer, one sample per round over all answers."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            fn(item)
        samples.append((time.perf_counter() - start) * 1000 / len(items))
    return samples


def show(items: Sequence[Item], scores: Scores, threshold: float, half: str) -> None:
    for item, row in zip(items, scores, strict=True):
        if item.half != half:
            continue
        said = [i for i, s in enumerate(row) if s >= threshold]
        flag = "" if set(said) == item.covered else "   <-- labels " + str(sorted(item.covered))
        marks = " ".join(f"{s:.2f}" for s in row)
        print(f"  {item.question[:28]:<28} {item.style:<9} {marks}  covered {said}{flag}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--show", choices=("tune", "test"), help="list per-answer marks")
    parser.add_argument("--rounds", type=int, default=7, help="timing rounds (7)")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of labelled answers")
    parser.add_argument("--no-wordllama", action="store_true", help="skip the wordllama engine")
    parser.add_argument("--llm-url", help="also run the llm engine against this server")
    parser.add_argument("--llm-model", default="llama3.2", help="model name for --llm-url")
    args = parser.parse_args()

    items, weights = load_items(args.data)
    questions = len({(i.role, i.question) for i in items})
    points = sum(len(i.target.key_points) for i in items)
    halves = {h: sum(1 for i in items if i.half == h) for h in ("tune", "test")}
    print(
        f"coach quality · {questions} questions, {len(items)} answers, {points} key-point labels "
        f"· tune half {halves['tune']} answers, test half {halves['test']} answers"
    )
    engines: dict[str, LexicalEngine] = {role: LexicalEngine(w) for role, w in weights.items()}

    rows: list[Row] = []
    all_marked = [[1.0] * len(i.target.key_points) for i in items]
    rows.append(evaluate("mark-all (baseline)", items, all_marked))
    rows.append(evaluate("word overlap (naive)", items, score_all(items, bare_overlap)))

    def lexical(item: Item) -> list[PointScore]:
        return engines[item.role].scores(item.target, item.text)

    lex_scores = score_all(items, lexical)
    lex_row = evaluate("lexical (built in)", items, lex_scores)
    rows.append(lex_row)
    if args.show:
        show(items, lex_scores, lex_row.threshold, args.show)

    notes = [shipped_threshold("lexical", LEXICAL_THRESHOLDS, lex_row.threshold)]
    semantic_row: Row | None = None
    if not args.no_wordllama:
        semantic_row, more = bench_wordllama(items, engines, args.show)
        rows.append(semantic_row)
        notes += more
    if args.llm_url:
        bench_llm(items, engines, rows, args.llm_url, args.llm_model)
    add_intervals(items, [r for r in rows[2:]], lex_row)
    print_rows(rows)
    for note in notes:
        print(note)

    if semantic_row is not None and semantic_row.scores is not None:
        f1 = semantic_row.test.f1
        met = "met" if f1 >= 0.80 else "NOT met"
        print(f"targets (test half): with the extra F1 ≥ 0.80: {met} ({f1:.3f})")
    lex = lex_row.test
    print(
        "targets (test half): built-in F1 ≥ 0.75: "
        f"{'met' if lex.f1 >= 0.75 else 'NOT met'} ({lex.f1:.3f}); weak marked ≤ 40 %: "
        f"{'met' if lex.weak_marked <= 0.40 else 'NOT met'} ({pct(lex.weak_marked).strip()})"
    )

    # Speed: the lexical engine against a bare word-overlap scorer, alternating rounds.
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(args.rounds):
        ours += timed_per_answer(items, lexical, 1)
        bare += timed_per_answer(items, bare_overlap, 1)
    ms, base = statistics.median(ours), statistics.median(bare)
    started = time.perf_counter()
    for role in weights:
        load = load_bank(BANKS / f"{role}.toml")
        TermWeights.from_texts(bank_texts(load.questions))
    build = (time.perf_counter() - started) * 1000 / len(weights)
    print(
        f"speed · lexical {ms:.2f} ms per answer (min {min(ours):.2f}, max {max(ours):.2f}) · "
        f"bare word overlap {base:.3f} ms · ratio {ms / base:.0f}× · target ≤ 50 ms: "
        f"{'met' if ms <= 50 else 'NOT met'} · term weights {build:.0f} ms per bank (once)"
    )
    return 0


def shipped_threshold(engine: str, shipped: Thresholds, chosen: float) -> str:
    same = abs(shipped.covered - chosen) < 0.005
    return f"{engine}: shipped covered threshold {shipped.covered:.2f} " + (
        "= the tune half's choice" if same else f"≠ the tune half's choice {chosen:.2f}"
    )


def blend_grid() -> list[Blend]:
    """The blends tried, simplest first: lexical only, linear mixes, rescues, each with and
    without the on-topic check."""
    lexical_only = Blend(alpha=1.0, rescue_gain=0.0, topic_floor=0.0)
    inner = [lexical_only]
    for alpha in (0.5, 0.7):
        for floor in (0.2, 0.3):
            inner.append(replace(lexical_only, alpha=alpha, floor=floor, ceiling=floor + 0.45))
    for gain in (0.5, 1.0):
        for rescue_floor in (0.45, 0.55, 0.65):
            for rescue_from in (0.1, 0.2):
                inner.append(
                    replace(
                        lexical_only,
                        rescue_gain=gain,
                        rescue_floor=rescue_floor,
                        rescue_from=rescue_from,
                    )
                )
    grid = list(inner)
    for topic_floor in (0.25, 0.3, 0.35):
        for topic_gain in (1.0, 2.0):
            grid += [replace(b, topic_floor=topic_floor, topic_gain=topic_gain) for b in inner]
    return grid


def describe(blend: Blend) -> str:
    parts = []
    if blend.alpha < 1:
        parts.append(f"mix a={blend.alpha:g} floor={blend.floor:g}")
    if blend.rescue_gain:
        parts.append(
            f"rescue gain={blend.rescue_gain:g} above={blend.rescue_floor:g} "
            f"from={blend.rescue_from:g}"
        )
    if blend.topic_floor and blend.topic_gain:
        parts.append(f"on-topic floor={blend.topic_floor:g} gain={blend.topic_gain:g}")
    return " · ".join(parts) or "lexical only"


def bench_wordllama(
    items: Sequence[Item], engines: dict[str, LexicalEngine], show_half: str | None
) -> tuple[Row, list[str]]:
    from preptui.coach.engines import EngineUnavailable
    from preptui.coach.semantic import (
        DEFAULT_BLEND,
        DEFAULT_THRESHOLDS,
        WordLlamaEngine,
        blend_scores,
    )

    try:
        started = time.perf_counter()
        probe = WordLlamaEngine(engines[items[0].role])
        model = probe.load()
        load_ms = (time.perf_counter() - started) * 1000
    except EngineUnavailable as exc:
        return Row("wordllama (extra)", "not installed", 0.0, Quality(0, 0, 0, 0, 0, 0)), [
            f"wordllama: {exc}"
        ]
    semantic = {role: WordLlamaEngine(e, model=model) for role, e in engines.items()}
    readings = [semantic[i.role].read(i.target, i.text) for i in items]
    tune_items = [i for i in items if i.half == "tune"]

    def scores_of(blend: Blend) -> Scores:
        return [[p.score for p in blend_scores(r, blend)] for r in readings]

    best: tuple[float, Blend, Scores] | None = None
    for blend in blend_grid():
        scores = scores_of(blend)
        tune_scores = split(items, scores, "tune")[1]
        threshold, _ = best_threshold(tune_items, tune_scores)
        smooth = smooth_f1(tune_items, tune_scores, threshold)
        if best is None or smooth > best[0] + 1e-9:
            best = (smooth, blend, scores)
    assert best is not None
    smooth, blend, scores = best
    row = evaluate("wordllama (extra)", items, scores, f"{describe(blend)} (smoothed {smooth:.3f})")
    if show_half:
        print("wordllama:")
        show(items, scores, row.threshold, show_half)
    same = describe(DEFAULT_BLEND) == describe(blend)
    notes = [
        shipped_threshold("wordllama", DEFAULT_THRESHOLDS, row.threshold),
        f"wordllama: shipped blend ({describe(DEFAULT_BLEND)}) "
        + ("= the tune half's choice" if same else "≠ the tune half's choice"),
    ]
    chosen = {role: WordLlamaEngine(e, blend=blend, model=model) for role, e in engines.items()}
    per = timed_per_answer(items, lambda i: chosen[i.role].scores(i.target, i.text), 3)
    notes.append(
        f"wordllama: model load {load_ms:.0f} ms (once, in a worker in the app) · "
        f"{statistics.median(per):.1f} ms per answer"
    )
    return row, notes


def bench_llm(
    items: Sequence[Item], engines: dict[str, LexicalEngine], rows: list[Row], url: str, model: str
) -> None:
    from preptui.coach.llm import LlmEngine

    scores: Scores = []
    fallbacks = 0
    for item in items:
        coverage = LlmEngine(engines[item.role], url=url, model=model).assess(
            item.target, item.text
        )
        fallbacks += bool(coverage.notes)
        scores.append([1.0 if p.verdict.value == "covered" else 0.0 for p in coverage.points])
    test_items, test_scores = split(items, scores, "test")
    q = quality(test_items, test_scores, 0.5)
    rows.append(Row(f"llm {model}", f"{fallbacks} fallbacks", 0.0, q, 0.5, scores))


if __name__ == "__main__":
    sys.exit(main())
