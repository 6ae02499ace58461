"""Issue 15's benchmarks: a big role, many questions, a long history, idle CPU.

Each function adds rows to bench.py's table through ``add``; every figure has a baseline
measured in the same run, in alternation with it where it is timed:

* keys: Pilot over a 10,000-question role (bench/.data/role-10k) beside the sample banks. Each
  action is a key press; its figures are the p95 of the event-loop stall (stalls.py) and the
  median press-to-screen time over the rounds. Baseline: a key bound to nothing, pressed in
  between.
* questions: 1k / 10k / 100k questions (the 100k are ten copies of the 10k role under other
  ids): `preptui list` cold (empty bank cache) and warm, `load_banks` warm in a fresh
  interpreter, and the app's peak RSS once the banks are shown. Baselines: the 10k figure
  (linear growth is ≤ 10× per 10×; the targets ask ≤ 3× for warm `list`), and a bare Textual
  app's RSS.
* history: an empty store against one with 100,000 ratings, 5,000 cards and 1,000 mocks:
  `preptui stats`, `preptui today`, `preptui history`, the app until the banks are shown (then
  ended cleanly: killed, the next opening would check the file first), the review queue (store
  read + build_queue), each 11 runs of both interleaved (in turn first), medians of wall and
  CPU time; and one rating's commit (Store.save_review).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from firstframe import PtyApp  # noqa: E402
from gen_banks import generate  # noqa: E402
from stalls import KeySample, StallMonitor, timed  # noqa: E402

PYTHON = sys.executable
DATA = HERE / ".data"
ROLE_10K = DATA / "role-10k"
NOOP = "x"  # bound to nothing in the browser

Add = Callable[..., None]


def _ms(x: float) -> str:
    return f"{x * 1000:.0f} ms"


def _p95(samples: Sequence[float]) -> float:
    if len(samples) < 2:
        return max(samples, default=0.0)
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def role_10k() -> Path:
    return generate(ROLE_10K, 1, 10_000, log=lambda line: print(line, flush=True))


# --------------------------------------------------------------------------- keys


async def _keys(rounds: int) -> dict[str, list[KeySample]]:
    from preptui.banks.discover import Origin, bank_files
    from preptui.ui.app import PrepApp

    samples: dict[str, list[KeySample]] = {}
    sample_banks = HERE.parent / "tests" / "data" / "banks"
    sources = [(p, Origin.EXTRA) for p in bank_files(sample_banks)]
    sources.append((role_10k() / "synthetic-000.toml", Origin.EXTRA))
    with tempfile.TemporaryDirectory(prefix="preptui-bench-") as data:
        os.environ["PREPTUI_DATA_DIR"] = data
        os.environ["PREPTUI_CONFIG_DIR"] = os.path.join(data, "config")
        app = PrepApp(sources=sources, store_path=Path(data) / "s.sqlite3")
        async with app.run_test(size=(120, 36)) as pilot:
            await app.banks_ready.wait()
            await pilot.pause()
            monitor = StallMonitor()
            monitor.start()

            async def press(name: str, *keys: str) -> None:
                async def go() -> None:
                    await pilot.press(*keys)

                sample = await timed(monitor, go, pilot.pause)
                samples.setdefault(name, []).append(sample)
                await press_noop()

            async def press_noop() -> None:
                async def go() -> None:
                    await pilot.press(NOOP)

                samples.setdefault("noop", []).append(await timed(monitor, go, pilot.pause))

            for _ in range(len(sources) - 2):
                await pilot.press("down")  # to the role before the big one
            await pilot.pause()
            for _ in range(rounds):
                await press("role switch (to the 10k role)", "down")
                await pilot.press("up")
                await pilot.pause()
                await press("role switch (to the 10k role)", "down")
                await pilot.press("tab")
                await pilot.pause()
                await pilot.press("slash")
                await pilot.pause()
                for letter in "kubectl":
                    await press("search key", letter)
                await press("escape (clear search)", "escape")
                await press("filter d (difficulty)", "d")
                await press("filter t (kind)", "t")
                await press("escape (clear filters)", "escape")
                await press("mock preview (m)", "m")
                await pilot.press("escape")
                await pilot.pause()
                await pilot.press("s")
                await pilot.pause()
                await press("return from stats (escape)", "escape")
                await pilot.press("shift+tab")
                await pilot.pause()
                await pilot.press("up")
                await pilot.pause()
            monitor.stop()
    return samples


def bench_keys(add: Add, row: type, rounds: int) -> None:
    samples = asyncio.run(_keys(rounds))
    noop = samples.pop("noop")
    noop_stall = _p95([s.stall for s in noop])
    noop_screen = statistics.median(s.screen for s in noop)
    for name, got in samples.items():
        stalls = [s.stall for s in got]
        p95, worst = _p95(stalls), max(stalls)
        screen = statistics.median(s.screen for s in got)
        add(
            row(
                f"10k role, {name}: stall p95 / max · press-to-screen",
                f"{_ms(p95)} / {_ms(worst)} · {_ms(screen)} ({len(got)} keys)",
                f"no-op key {_ms(noop_stall)} · {_ms(noop_screen)}",
                f"{screen / noop_screen:.1f}×",
                "p95 ≤ 50 ms, max ≤ 100 ms",
                p95 <= 0.050 and worst <= 0.100,
            )
        )


# --------------------------------------------------------------------------- questions


def _copies(source: Path, out: Path, copies: int) -> Path:
    """``copies`` copies of one bank file under other role ids (stable files: cacheable)."""
    stamp = out / ".copies.json"
    params = {"source": str(source), "mtime": source.stat().st_mtime, "copies": copies}
    try:
        if json.loads(stamp.read_text(encoding="utf-8")) == params:
            return out
    except (OSError, ValueError):
        pass
    out.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    for i in range(copies):
        body = text.replace('id = "synthetic-000"', f'id = "copy-{i:03d}"', 1)
        (out / f"copy-{i:03d}.toml").write_text(body, encoding="utf-8")
    stamp.write_text(json.dumps(params), encoding="utf-8")
    return out


def _run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed: {err[-500:]}")
    return elapsed, usage.ru_maxrss


#: load_banks of one folder in a fresh interpreter: prints its wall seconds (imports excluded).
LOAD_BANKS = """
import sys, time
from pathlib import Path
import preptui.model, preptui.banks.cache
from preptui.banks.discover import Origin, bank_files
from preptui.banks.load import load_banks
sources = [(p, Origin.EXTRA) for p in bank_files(Path(sys.argv[1]))]
start = time.perf_counter()
load_banks(sources)
print(time.perf_counter() - start)
"""


def _load_seconds(folder: Path, env: dict[str, str]) -> float:
    out = subprocess.run(
        [PYTHON, "-c", LOAD_BANKS, str(folder)], env=env, capture_output=True, check=True
    )
    return float(out.stdout.decode().split()[-1])


def bench_questions(
    add: Add,
    row: type,
    env_of: Callable[[str], dict[str, str]],
    runs: int,
    bare: Sequence[str],
    bare_marker: str,
) -> None:
    ten = role_10k()
    one = generate(DATA / "role-1k", 1, 1_000)
    hundred = _copies(ten / "synthetic-000.toml", DATA / "roles-100k", 10)
    _age(ten, one, hundred)
    sizes = [("1k", one), ("10k", ten), ("100k", hundred)]
    warm: dict[str, float] = {}
    cold: dict[str, float] = {}
    loads: dict[str, float] = {}
    peaks: list[float] = []
    bases: list[float] = []
    with tempfile.TemporaryDirectory(prefix="preptui-bench-") as data:
        env = env_of(data)  # one data folder: each size keeps its own bank cache entries
        for label, folder in sizes:
            listing = [PYTHON, "-m", "preptui", "--banks", str(folder), "list"]
            cold[label] = _run(listing, env)[0]  # no cache entry yet: parses and fills it
            repeat = runs if label != "100k" else min(runs, 3)
            warm[label] = statistics.median(_run(listing, env)[0] for _ in range(repeat))
            loads[label] = statistics.median(_load_seconds(folder, env) for _ in range(repeat))
        # The app's peak RSS with 100k questions, once every bank is shown (warm cache).
        argv = [PYTHON, "-m", "preptui", "--banks", str(hundred)]
        for _ in range(2):
            with PtyApp(argv, env=env) as app:
                app.wait_for("Roles")
                _wait_quiet(app, 30)
                peaks.append(app.status_kib("VmHWM") / 1024)
            with PtyApp(list(bare), env=env) as app:
                app.wait_for(bare_marker)
                app.drain(0.5)
                bases.append(app.status_kib("VmHWM") / 1024)
    for label, _ in sizes:
        growth = warm[label] / warm["10k"]
        target, ok = ("(info)", None)
        if label == "100k":
            target, ok = "≤ 1.0 s and ≤ 3× 10k", warm[label] <= 1.0 and growth <= 3
        add(
            row(
                f"`preptui list`, {label} questions: warm (cold)",
                f"{_ms(warm[label])} ({_ms(cold[label])})",
                f"10k warm {_ms(warm['10k'])}",
                f"{growth:.2f}×",
                target,
                ok,
            )
        )
    for label, _ in sizes:
        add(
            row(
                f"load_banks, {label} questions: warm (in-process, cache filled)",
                _ms(loads[label]),
                f"10k {_ms(loads['10k'])}",
                f"{loads[label] / loads['10k']:.2f}×",
                "(info: linear is 10× per 10×)",
                None,
            )
        )
    rss, base = statistics.median(peaks), statistics.median(bases)
    add(
        row(
            "app peak RSS, 100k questions (all banks loaded)",
            f"{rss:.0f} MiB",
            f"bare Textual {base:.0f} MiB",
            f"{rss / base:.2f}×",
            "≤ 250 MiB",
            rss <= 250,
        )
    )


def _wait_quiet(app: PtyApp, limit: float) -> None:
    """Until the sidebar stops saying "loading n/m" and output goes quiet for 1 s."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        app.forget()
        app.drain(1.0)
        if not app.seen:
            return


def _age(*folders: Path) -> None:
    from preptui.banks.cache import RACY_SECONDS

    newest = max(
        (max(p.stat().st_mtime, p.stat().st_ctime) for f in folders for p in f.glob("*.toml")),
        default=0.0,
    )
    wait = newest + RACY_SECONDS + 0.2 - time.time()
    if wait > 0:
        time.sleep(wait)


# --------------------------------------------------------------------------- history


def fill_store(path: Path, ratings: int, cards: int, mocks: int) -> None:
    """A store with a long history, written directly (one transaction), as the app stores it:
    the log's triggers keep its totals, and each card's columns are the store's own
    (``card_columns``, as every write and the migration work them out)."""
    import fsrs

    from preptui.banks.discover import bank_files
    from preptui.banks.load import load_bank
    from preptui.paths import bundled_bank_dir
    from preptui.store import Store
    from preptui.store.cardcolumns import COLUMNS, card_columns

    store = Store(path)
    keys: list[tuple[str, str]] = []
    for file in bank_files(bundled_bank_dir()):
        bank = load_bank(file, cache=True)
        keys += [(bank.role.id, q.id) for q in bank.questions]
    role_ids = sorted({role for role, _ in keys})
    while len(keys) < cards:  # questions gone from the banks: still stored, still read
        keys.append((role_ids[len(keys) % len(role_ids)], f"gone-{len(keys)}"))
    keys = keys[:cards]
    rng = random.Random(7)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    settings = json.dumps(scheduler.to_dict())
    start = time.time() - 400 * 86400
    card = fsrs.Card()
    stored: dict[tuple[str, str], Any] = {}
    log_rows = []
    for i in range(ratings):
        key = keys[i % len(keys)]
        when = start + i * (400 * 86400 / ratings)
        from datetime import UTC, datetime

        at = datetime.fromtimestamp(when, UTC)
        before = stored.get(key)
        after, _ = scheduler.review_card(
            fsrs.Card.from_dict(before) if before else card, fsrs.Rating(rng.randint(1, 4)), at
        )
        after_dict = after.to_dict()
        log_rows.append(
            (
                *key,
                rng.randint(1, 4),
                at.isoformat(),
                20_000,
                json.dumps(before) if before else None,
                json.dumps(after_dict),
            )
        )
        stored[key] = after_dict
    conn = store._conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO schedulers (settings) VALUES (?)", (settings,))
    sid = conn.execute("SELECT id FROM schedulers").fetchone()[0]
    conn.executemany(
        "INSERT INTO review_log (role_id, question_id, grade, reviewed_at, duration_ms,"
        f" card_before, card_after, scheduler_id) VALUES (?, ?, ?, ?, ?, ?, ?, {sid})",
        log_rows,
    )
    conn.executemany(
        f"INSERT INTO cards (role_id, question_id, card, due, updated_at, {', '.join(COLUMNS)})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (*k, json.dumps(c), c["due"], c["last_review"], *card_columns(c))
            for k, c in stored.items()
        ],
    )
    for m in range(mocks):
        role = role_ids[m % len(role_ids)]
        qids = [q for r, q in keys if r == role][:6]
        cur = conn.execute(
            "INSERT INTO mocks (role_id, role_title, started_at, minutes, seed, question_ids,"
            " status, elapsed_seconds, finished_at, score) VALUES (?, ?, ?, 30, ?, ?,"
            " 'complete', 1800, ?, 70.0)",
            (
                role,
                role,
                "2025-01-01T00:00:00+00:00",
                m,
                json.dumps(qids),
                "2025-01-01T00:30:00+00:00",
            ),
        )
        for q in qids:
            result = {"question_id": q, "rating": rng.randint(1, 4), "seconds": 300}
            conn.execute(
                "INSERT INTO mock_results (mock_id, question_id, result, rating, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    cur.lastrowid,
                    q,
                    json.dumps(result),
                    result["rating"],
                    "2025-01-01T00:30:00+00:00",
                ),
            )
    conn.execute("COMMIT")
    store.close()


def _review_queue(path: Path) -> float:
    from datetime import UTC, datetime

    from preptui.srs.queue import build_queue
    from preptui.store import Store

    start = time.perf_counter()
    store = Store(path)
    for role in store.card_roles():
        cards = store.cards(role)
        build_queue(list(cards), cards, datetime.now(UTC), new_limit=20, new_done_today=0)
    store.close()
    return time.perf_counter() - start


def _commit(path: Path, n: int) -> list[float]:
    from preptui.store import Store

    store = Store(path)
    times = []
    for i in range(n):
        start = time.perf_counter()
        store.save_review(
            "bench-role",
            f"q{i}",
            3,
            "2026-01-01T00:00:00+00:00",
            None,
            {"due": "2026-01-02T00:00:00+00:00", "last_review": "2026-01-01T00:00:00+00:00"},
            {"desired_retention": 0.9},
        )
        times.append(time.perf_counter() - start)
    store.close()
    return times


HISTORY_RUNS = 11  # the fewest runs of each history figure: ±10 % needs more than a few


def _quit(app: PtyApp, limit: float = 10.0) -> None:
    """End the app as a person does (SIGTERM: a clean exit) and wait until it has."""
    os.kill(app.pid, signal.SIGTERM)
    deadline = time.perf_counter() + limit
    with contextlib.suppress(RuntimeError):  # drain raises once the program has ended
        while time.perf_counter() < deadline:
            app.drain(0.1)


def _timed_run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, from wait4) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"{' '.join(argv)} failed: {err[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def _pairs(
    runs: int, measure: Callable[[str], tuple[float, float]]
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """``runs`` (wall, CPU) samples of the empty store and of the big one, interleaved and in
    alternating order (empty first, then big first) so drift hits both alike."""
    empty: list[tuple[float, float]] = []
    big: list[tuple[float, float]] = []
    for i in range(runs):
        order = ("empty", "big") if i % 2 == 0 else ("big", "empty")
        for which in order:
            (empty if which == "empty" else big).append(measure(which))
    return empty, big


def bench_history(
    add: Add, row: type, env_of: Callable[[str], dict[str, str]], runs: int, shown: str
) -> None:
    runs = max(runs, HISTORY_RUNS)
    with (
        tempfile.TemporaryDirectory(prefix="preptui-bench-") as empty_dir,
        tempfile.TemporaryDirectory(prefix="preptui-bench-") as big_dir,
    ):
        envs = {"empty": env_of(empty_dir), "big": env_of(big_dir)}
        dirs = {"empty": Path(empty_dir), "big": Path(big_dir)}
        started = time.perf_counter()
        fill_store(Path(big_dir) / "preptui.sqlite3", 100_000, 5_000, 1_000)
        size = (Path(big_dir) / "preptui.sqlite3").stat().st_size / 1024 / 1024
        print(f"  (store of 100k ratings: {size:.0f} MiB, {time.perf_counter() - started:.0f} s)")
        for env in envs.values():  # bank cache, byte-code
            _run([PYTHON, "-m", "preptui", "list"], env)

        def cli(command: str) -> Callable[[str], tuple[float, float]]:
            return lambda which: _timed_run([PYTHON, "-m", "preptui", command], envs[which])

        def app_open(which: str) -> tuple[float, float]:
            with PtyApp([PYTHON, "-m", "preptui"], env=envs[which]) as app:
                figures = app.wait_for(shown), app.cpu_seconds()
                _quit(app)  # killed, the next opening would check the file for damage first
                return figures

        def review_queue(which: str) -> tuple[float, float]:
            cpu = time.process_time()
            wall = _review_queue(dirs[which] / "preptui.sqlite3")
            return wall, time.process_time() - cpu

        figures = [
            ("`preptui stats`", cli("stats"), "≤ 1.3×", 1.3),
            ("`preptui today`", cli("today"), "(info)", None),
            ("`preptui history`", cli("history"), "(info)", None),
            ("app open (banks shown)", app_open, "≤ 1.1×", 1.1),
            ("review queue (store open, cards, build_queue)", review_queue, "(info)", None),
        ]
        for name, measure, target, limit in figures:
            e, b = _pairs(runs, measure)
            wall_e, wall_b = (statistics.median(w for w, _ in x) for x in (e, b))
            cpu_e, cpu_b = (statistics.median(c for _, c in x) for x in (e, b))
            ratio = wall_b / wall_e
            add(
                row(
                    f"100k ratings: {name} (wall; CPU)",
                    f"{_ms(wall_b)}; {_ms(cpu_b)}",
                    f"empty store {_ms(wall_e)}; {_ms(cpu_e)} ({runs} runs each)",
                    f"{ratio:.2f}×; {cpu_b / cpu_e:.2f}×" if cpu_e else f"{ratio:.2f}×",
                    target,
                    None if limit is None else ratio <= limit,
                )
            )
        e_commit = _commit(Path(empty_dir) / "preptui.sqlite3", 40)
        b_commit = _commit(Path(big_dir) / "preptui.sqlite3", 40)
        median = statistics.median(b_commit)
        add(
            row(
                "100k ratings: one rating's commit (save_review)",
                f"{median * 1000:.2f} ms (p95 {_p95(b_commit) * 1000:.2f})",
                f"empty store {statistics.median(e_commit) * 1000:.2f} ms",
                f"{median / statistics.median(e_commit):.2f}×",
                "≤ 5 ms",
                median <= 0.005,
            )
        )


def remove_generated() -> None:  # for a clean re-run by hand
    shutil.rmtree(DATA / "roles-100k", ignore_errors=True)
