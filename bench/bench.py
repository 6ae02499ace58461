"""preptui benchmarks. Every figure is measured side by side with its baseline in the same run.

python bench/bench.py                      # everything (`make bench`), about 5 minutes
python bench/bench.py firstframe search    # only some: firstframe load search keys questions
                                           # history idle
python bench/bench.py --runs 15            # more runs of each first-frame measurement

Runs alternate between preptui and its baseline so drift (CPU frequency, page cache, other load)
hits both alike. Figures are medians, with min–max over the runs.

* first frame: time from spawn until the text appears in a 120×36 pseudo-terminal, for preptui
  and for bench/bare_app.py (a bare Textual app with the same widgets and static text). "first
  paint" waits for the "Roles" title; "banks shown" for the first role's title. With 10,000
  questions the banks come from bench/.data/banks-10k (bench/gen_banks.py); the bank cache is
  filled by a run before timing (warm). Both use byte-code cached in bench/.data/pycache, as an
  installed package would (pip compiles on install), even if PYTHONDONTWRITEBYTECODE is set.
* peak RSS: VmHWM of the same 10,000-question runs, read 0.5 s after the banks are shown.
* loading: load_banks over the 10,000 questions in-process, with an empty cache (cold, which also
  writes it), with a full cache (warm), and plain ``tomllib.loads`` of the same files.
* search: SearchIndex.filter over all 10,000 questions, one call per keystroke while words are
  typed letter by letter, after ``prepare()`` built its word index (build time: info); baseline is
  a bare ``all(term in text)`` loop over the same texts, with equal results on every keystroke.
  Info: the same keystrokes while ``prepare()`` runs in a thread, as in the browser.
* idle CPU: CPU time over 10 s of the browser, and of a mock interview (``preptui mock``) once it
  has run 10 s; baseline is the bare app idle at the same time.
* keys, questions, history: issue 15's table (a 10,000-question role's keys under a Pilot stall
  monitor; 1k/10k/100k questions; an empty store against 100,000 ratings): see bench/scale.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import scale  # noqa: E402
from firstframe import PtyApp  # noqa: E402
from gen_banks import DEFAULT_OUT, generate  # noqa: E402

PYTHON = sys.executable
BARE = [PYTHON, str(HERE / "bare_app.py")]
FIRST_PAINT, BANKS_SHOWN = "Roles", "Backend Engineer"
MOCK_PREVIEW, MOCK_RUNNING = "Start interview", "Pause"  # footer keys of the two mock screens
WORDS_TYPED = ["kubectl rollout", "idempotent", "regularisation", "retry backoff", "zebra"]
WHAT = ("firstframe", "load", "search", "keys", "questions", "history", "idle")
PYCACHE = HERE / ".data" / "pycache"


# --------------------------------------------------------------------------- results


@dataclass
class Row:
    name: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    ok: bool | None = None


ROWS: list[Row] = []


def ms(samples: Sequence[float]) -> str:
    s = sorted(x * 1000 for x in samples)
    return f"{statistics.median(s):.0f} ms ({s[0]:.0f}–{s[-1]:.0f})"


def ms_fine(samples: Sequence[float]) -> str:
    s = sorted(x * 1000 for x in samples)
    return f"{statistics.median(s):.2f} ms ({s[0]:.2f}–{s[-1]:.2f})"


def mib(samples: Sequence[float]) -> str:
    s = sorted(samples)
    return f"{statistics.median(s):.0f} MiB ({s[0]:.0f}–{s[-1]:.0f})"


def ratio(a: Sequence[float], b: Sequence[float]) -> float:
    return statistics.median(a) / statistics.median(b)


def add(row: Row) -> None:
    ROWS.append(row)
    mark = "" if row.ok is None else ("  ok" if row.ok else "  MISSED")
    print(f"  · {row.name}: {row.value}  vs {row.baseline or '—'}  {row.ratio}{mark}", flush=True)


def print_table() -> None:
    head = ("measure", "preptui", "baseline", "ratio", "target", "")
    cells = [head] + [
        (
            r.name,
            r.value,
            r.baseline,
            r.ratio,
            r.target,
            "" if r.ok is None else ("pass" if r.ok else "MISS"),
        )
        for r in ROWS
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    rule = "  ".join("─" * w for w in widths)
    print()
    for i, cell in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)).rstrip())
        if i == 0:
            print(rule)
    missed = [r.name for r in ROWS if r.ok is False]
    print(f"\n{len(missed)} target(s) missed" + (f": {', '.join(missed)}" if missed else ""))


def interleaved(runs: int, *fns: Callable[[], object]) -> list[list[object]]:
    """Run each measurement ``runs`` times, alternating, so drift hits all of them alike."""
    out: list[list[object]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            out[i].append(fn())
    return out


def app_env(data: str) -> dict[str, str]:
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor")
    env.update(PREPTUI_DATA_DIR=data, PREPTUI_CONFIG_DIR=os.path.join(data, "config"))
    # Byte-code as on a user's machine (pip compiles it on install), kept out of the source tree.
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    for name in ("TEXTUAL", "TEXTUAL_DEVTOOLS_PORT", "NO_COLOR", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


# --------------------------------------------------------------------------- first frame


@dataclass
class Frame:
    first_paint: float
    banks_shown: float
    peak_kib: int = 0


def frame(argv: list[str], env: dict[str, str], peak: bool) -> Frame:
    with PtyApp(argv, env=env) as app:
        first = app.wait_for(FIRST_PAINT)
        shown = app.wait_for(BANKS_SHOWN)
        peak_kib = 0
        if peak:
            app.drain(0.5)
            peak_kib = app.status_kib("VmHWM")
        return Frame(first, shown, peak_kib)


def bench_first_frame(runs: int, banks: Path | None, label: str, target: float) -> None:
    from preptui import paths
    from preptui.banks.cache import RACY_SECONDS
    from preptui.banks.discover import bank_files

    with tempfile.TemporaryDirectory(prefix="preptui-bench-") as data:
        env = app_env(data)
        argv = [PYTHON, "-m", "preptui"]
        if banks is not None:
            argv += ["--banks", str(banks)]
        peak = banks is not None
        # Warm the OS file cache and byte-code, and fill preptui's bank cache (warm start).
        frame(BARE, env, peak=False)
        expected = len(bank_files(paths.bundled_bank_dir()))
        expected += len(bank_files(banks)) if banks is not None else 0
        listing = [PYTHON, "-m", "preptui", *argv[3:], "list"]
        frame(argv, env, peak=False)
        for _ in range(3):
            # A full load fills the cache; the app is killed as soon as its first banks show.
            subprocess.run(listing, env=env, capture_output=True, check=False)
            cached = len(list((Path(data) / "cache").glob("bank-*")))
            if cached >= expected:
                break
            time.sleep(RACY_SECONDS)  # a bank file changed moments ago: not cached yet
        else:
            label += f", only {cached} of {expected} files cached"
        app_runs, bare_runs = interleaved(
            runs, lambda: frame(argv, env, peak), lambda: frame(BARE, env, peak)
        )
    app = [f for f in app_runs if isinstance(f, Frame)]
    bare = [f for f in bare_runs if isinstance(f, Frame)]
    paint_app, paint_bare = [f.first_paint for f in app], [f.first_paint for f in bare]
    shown_app, shown_bare = [f.banks_shown for f in app], [f.banks_shown for f in bare]
    r = ratio(paint_app, paint_bare)
    add(
        Row(
            f"first frame, {label}: first paint",
            ms(paint_app),
            f"bare Textual {ms(paint_bare)}",
            f"{r:.2f}×",
            f"≤ {target}×",
            r <= target,
        )
    )
    r = ratio(shown_app, shown_bare)
    add(
        Row(
            f"first frame, {label}: banks shown",
            ms(shown_app),
            f"bare Textual {ms(shown_bare)}",
            f"{r:.2f}×",
            "(info)",
        )
    )
    if peak:
        rss_app = [f.peak_kib / 1024 for f in app]
        rss_bare = [f.peak_kib / 1024 for f in bare]
        add(
            Row(
                f"peak RSS, {label}",
                mib(rss_app),
                f"bare Textual {mib(rss_bare)}",
                f"{ratio(rss_app, rss_bare):.2f}×",
                "≤ 120 MiB",
                statistics.median(rss_app) <= 120,
            )
        )


# --------------------------------------------------------------------------- loading


def bench_load(runs: int, banks: Path, *, report: bool = True) -> list[object]:
    """Cold vs warm cache vs plain tomllib; returns the questions for the search benchmark."""
    import tomllib

    from preptui.banks.cache import BankCache
    from preptui.banks.discover import Origin, bank_files
    from preptui.banks.load import load_banks

    files = bank_files(banks)
    sources = [(p, Origin.EXTRA) for p in files]
    questions: list[object] = []

    with tempfile.TemporaryDirectory(prefix="preptui-bench-cache-") as data:
        cold_cache = BankCache(Path(data) / "cold")
        warm_cache = BankCache(Path(data) / "warm")
        first = load_banks(sources, cache=warm_cache)  # fill; also warms the OS file cache
        assert not first.errors, first.errors[:3]
        count = sum(len(b.bank.questions) for b in first.banks)

        def cold() -> float:
            cold_cache.clear()
            start = time.perf_counter()
            result = load_banks(sources, cache=cold_cache)
            elapsed = time.perf_counter() - start
            assert len(result.banks) == len(files)
            return elapsed

        def warm() -> float:
            hits = warm_cache.stats.hits
            start = time.perf_counter()
            result = load_banks(sources, cache=warm_cache)
            elapsed = time.perf_counter() - start
            assert warm_cache.stats.hits - hits == len(files), "warm load missed the cache"
            if not questions:
                questions.extend(q for b in result.banks for q in b.bank.questions)
            return elapsed

        def plain() -> float:
            start = time.perf_counter()
            for path in files:
                tomllib.loads(path.read_bytes().decode("utf-8"))
            return time.perf_counter() - start

        cold_s, warm_s, toml_s = interleaved(runs, cold, warm, plain)
    c = [float(x) for x in cold_s if isinstance(x, float)]
    w = [float(x) for x in warm_s if isinstance(x, float)]
    t = [float(x) for x in toml_s if isinstance(x, float)]
    if not report:
        return questions
    label = f"load {count:,} questions ({len(files)} files)"
    add(Row(f"{label}, plain tomllib", ms(t), "", "", "baseline"))
    add(Row(f"{label}, cold", ms(c), "tomllib", f"{ratio(c, t):.2f}×", "(info)"))
    r = ratio(w, t)
    add(Row(f"{label}, warm", ms(w), "tomllib", f"{r:.3f}×", "≤ 0.15×", r <= 0.15))
    return questions


# --------------------------------------------------------------------------- search


A = TypeVar("A")


def bench_search(questions: Sequence[object], rounds: int) -> None:
    import threading

    from preptui.model import Question
    from preptui.search import Filter, SearchIndex

    qs = [q for q in questions if isinstance(q, Question)]
    texts = [q.search_text() for q in qs]
    keystrokes = [word[:end] for word in WORDS_TYPED for end in range(1, len(word) + 1)]

    def plain(text: str) -> list[int]:
        terms = text.casefold().split()
        return [i for i, t in enumerate(texts) if all(term in t for term in terms)]

    def timed(into: list[float], fn: Callable[[A], list[int]], arg: A) -> list[int]:
        start = time.perf_counter()
        result = fn(arg)
        into.append(time.perf_counter() - start)
        return result

    app: list[float] = []
    bare: list[float] = []
    builds: list[float] = []
    for _ in range(rounds):
        index = SearchIndex(list(qs))  # a new list each round: built anew, nothing remembered
        start = time.perf_counter()
        index.prepare()
        builds.append(time.perf_counter() - start)
        assert index.indexed, "10,000 questions should be worth a word index"
        for text in keystrokes:
            flt = Filter(text=text)
            got = timed(app, index.filter, flt)
            want = timed(bare, plain, flt.text)
            assert got == want, flt.text

    # As in the browser: the index is built in a worker thread while the user types already;
    # until it is ready, filter scans (and shares the GIL with the build).
    app_building: list[float] = []
    bare_building: list[float] = []
    for _ in range(rounds):
        index = SearchIndex(list(qs))  # a new list: texts and word index made anew
        worker = threading.Thread(target=index.prepare)
        worker.start()
        for text in keystrokes:  # one pass at most: no term typed twice
            if index.indexed:
                break
            flt = Filter(text=text)
            times: list[float] = []
            got = timed(times, index.filter, flt)
            want = timed(times, plain, flt.text)
            assert got == want, flt.text
            if not index.indexed:  # both calls ran while the index was being built
                app_building.append(times[0])
                bare_building.append(times[1])
        worker.join()

    label = f"search per keystroke, {len(qs):,} questions"
    p95 = {name: statistics.quantiles(s, n=20)[-1] for name, s in (("app", app), ("bare", bare))}
    add(
        Row(
            f"{label}: median",
            ms_fine(app),
            f"plain scan {ms_fine(bare)}",
            f"{ratio(app, bare):.2f}×",
            "(info)",
        )
    )
    add(
        Row(
            f"{label}: p95",
            f"{p95['app'] * 1000:.2f} ms",
            f"plain scan {p95['bare'] * 1000:.2f} ms",
            f"{p95['app'] / p95['bare']:.2f}×",
            "≤ 10 ms",
            p95["app"] <= 0.010,
        )
    )
    add(Row("  word index build (SearchIndex.prepare)", ms(builds), "", "", "(info)"))
    if len(app_building) >= 2:
        p95_app = statistics.quantiles(app_building, n=20)[-1]
        p95_bare = statistics.quantiles(bare_building, n=20)[-1]
        add(
            Row(
                "  keys typed while the index builds in a thread: p95",
                f"{p95_app * 1000:.2f} ms ({len(app_building)} keys)",
                f"plain scan {p95_bare * 1000:.2f} ms",
                f"{p95_app / p95_bare:.2f}×",
                "(info)",
            )
        )


# --------------------------------------------------------------------------- idle CPU


def has_mock_command() -> bool:
    from preptui.cli import build_parser

    for action in build_parser()._actions:
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict) and "mock" in choices:
            return True
    return False


def settle(app: PtyApp, quiet: float = 0.5, limit: float = 15.0) -> None:
    """Wait until the program has drawn something and then stayed quiet for ``quiet`` s."""
    deadline = time.perf_counter() + limit
    while not app.seen and time.perf_counter() < deadline:
        app.drain(0.1)
    while time.perf_counter() < deadline:
        app.forget()
        app.drain(quiet)
        if not app.seen:
            return


def bench_idle(warmup: float, window: float, mock: bool) -> None:
    """Idle CPU of the browser (``mock`` False) or of a running mock, beside the bare app."""
    mock = mock and has_mock_command()
    with tempfile.TemporaryDirectory(prefix="preptui-bench-") as data:
        env = app_env(data)
        if mock:
            argv = [PYTHON, "-m", "preptui", "mock", "ml-engineer", "--minutes", "10"]
            label = "idle CPU, mock interview running"
        else:
            argv = [PYTHON, "-m", "preptui"]
            label = "idle CPU, browser"
        with PtyApp(argv, env=env) as app, PtyApp(BARE, env=env) as bare:
            if mock:
                try:  # the agenda preview, then enter starts the interview
                    app.wait_for(MOCK_PREVIEW, timeout=20)
                except TimeoutError:
                    label += " (preview not recognised)"
                settle(app)
                app.forget()
                app.send(b"\r")
                try:
                    app.wait_for(MOCK_RUNNING, timeout=10)
                except TimeoutError:
                    label += " (interview screen not recognised)"
            else:
                app.wait_for(BANKS_SHOWN)
            bare.wait_for(BANKS_SHOWN)
            for proc in (app, bare):
                proc.forget()
            # Both run side by side; keep draining both terminals so neither blocks on output.
            deadline = time.perf_counter() + warmup
            while time.perf_counter() < deadline:
                app.drain(0.05)
                bare.drain(0.05)
            cpu_app, cpu_bare = app.cpu_seconds(), bare.cpu_seconds()
            start = time.perf_counter()
            while time.perf_counter() - start < window:
                app.drain(0.05)
                bare.drain(0.05)
            elapsed = time.perf_counter() - start
            used_app = (app.cpu_seconds() - cpu_app) / elapsed * 100
            used_bare = (bare.cpu_seconds() - cpu_bare) / elapsed * 100
    add(
        Row(
            f"{label}, {window:.0f} s",
            f"{used_app:.2f} %",
            f"bare Textual {used_bare:.2f} %",
            "",
            "≤ 1 %" if mock else "(info)",
            used_app <= 1.0 if mock else None,
        )
    )


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("what", nargs="*", default=list(WHAT), help=", ".join(WHAT))
    parser.add_argument("--runs", type=int, default=7, help="first-frame runs of each (7)")
    parser.add_argument("--load-runs", type=int, default=5, help="10k loading runs (5)")
    parser.add_argument("--search-rounds", type=int, default=5, help="typing rounds (5)")
    parser.add_argument("--key-rounds", type=int, default=3, help="rounds of the 10k keys (3)")
    parser.add_argument("--idle", type=float, default=10.0, help="idle CPU window, s (10)")
    parser.add_argument("--banks", type=Path, default=DEFAULT_OUT, help="10k bank folder")
    args = parser.parse_args()
    unknown = set(args.what) - set(WHAT)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    from preptui import paths

    started = time.perf_counter()
    cpus = len(os.sched_getaffinity(0))
    print(
        f"preptui benchmarks · Python {sys.version.split()[0]} · {cpus} CPUs · "
        "median (min–max), alternating runs"
    )
    banks = args.banks
    if {"firstframe", "load", "search"} & set(args.what):
        if banks == DEFAULT_OUT:
            generate(banks, 50, 200, log=lambda line: print(line, flush=True))
        elif not any(banks.glob("*.toml")):
            parser.error(f"no bank files in {banks}")
        _let_files_age(banks)
        _let_files_age(paths.bundled_bank_dir())

    def section(name: str, run: Callable[[], object]) -> None:
        """One benchmark; a failure (a broken build, a timeout) is a row, not the end of all."""
        if name not in args.what:
            return
        try:
            run()
        except Exception as exc:
            reason = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
            add(Row(f"{name}: did not run", reason[0][:90], "", "", "", False))

    section("firstframe", lambda: bench_first_frame(args.runs, None, "bundled banks", 1.15))
    section(
        "firstframe", lambda: bench_first_frame(args.runs, banks, "10,000 questions (warm)", 1.5)
    )
    questions: list[object] = []
    if "load" in args.what or "search" in args.what:
        report = "load" in args.what
        questions = bench_load(args.load_runs if report else 1, banks, report=report)
    section("search", lambda: bench_search(questions, args.search_rounds))
    section("keys", lambda: scale.bench_keys(add, Row, args.key_rounds))
    section(
        "questions",
        lambda: scale.bench_questions(add, Row, app_env, args.load_runs, BARE, BANKS_SHOWN),
    )
    section("history", lambda: scale.bench_history(add, Row, app_env, 3, BANKS_SHOWN))
    section("idle", lambda: bench_idle(args.idle, args.idle, mock=False))
    section("idle", lambda: bench_idle(args.idle, args.idle, mock=True))
    print_table()
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


def _let_files_age(folder: Path) -> None:
    """The cache skips files changed in the last 2 s (preptui.banks.cache); wait that out once."""
    from preptui.banks.cache import RACY_SECONDS

    stats = [p.stat() for p in folder.glob("*.toml")]
    newest = max((max(st.st_mtime, st.st_ctime) for st in stats), default=0.0)
    wait = newest + RACY_SECONDS + 0.2 - time.time()
    if wait > 0:
        time.sleep(wait)


if __name__ == "__main__":
    sys.exit(main())
