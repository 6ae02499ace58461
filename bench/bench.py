"""preptui benchmarks. Every figure is measured side by side with its baseline in the same run.

python bench/bench.py               # everything
python bench/bench.py firstframe    # only the first-frame comparison
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from firstframe import time_to_text  # noqa: E402


def summarise(samples: list[float], scale: float = 1000.0) -> str:
    ms = sorted(s * scale for s in samples)
    return f"{statistics.median(ms):8.1f} ({ms[0]:.1f}–{ms[-1]:.1f})"


def interleaved(runs: int, *fns: Callable[[], float]) -> list[list[float]]:
    """Run each measurement ``runs`` times, alternating, so drift hits all of them alike."""
    out: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            out[i].append(fn())
    return out


def bench_first_frame(
    runs: int, extra_banks: Path | None = None, label: str = "bundled", marker: str = "Roles"
) -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, PREPTUI_DATA_DIR=data, TERM="xterm-256color")
        env.pop("TEXTUAL", None)
        argv = [python, "-m", "preptui"]
        if extra_banks is not None:
            argv += ["--banks", str(extra_banks)]
        # warm the OS file cache and any byte-code compilation once
        time_to_text(argv, marker, env=env)
        time_to_text([python, str(HERE / "bare_app.py")], marker, env=env)
        app, bare = interleaved(
            runs,
            lambda: time_to_text(argv, marker, env=env),
            lambda: time_to_text([python, str(HERE / "bare_app.py")], marker, env=env),
        )
    ratio = statistics.median(app) / statistics.median(bare)
    print(
        f"first frame, {label:<24} preptui {summarise(app)} ms   bare Textual {summarise(bare)} ms"
        f"   ratio {ratio:.2f}×"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", nargs="*", default=["firstframe"], help="firstframe")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    print(f"preptui benchmarks · {args.runs} runs each · median (min–max)")
    if "firstframe" in args.what:
        bench_first_frame(args.runs, label="bundled, first paint")
        bench_first_frame(args.runs, label="bundled, banks shown", marker="Backend Engineer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
