"""Generate synthetic role banks for the benchmarks: N banks × M questions of realistic length.

python bench/gen_banks.py            # 50 × 200 = 10,000 questions in bench/.data/banks-10k
python bench/gen_banks.py --banks 5 --questions 20 --out /tmp/small

Deterministic: the same seed and sizes always give byte-identical files. Each question has a
10–30 word prompt, a 150–350 word Markdown answer (paragraphs, bullet lists, bold text and a code
block in about half of them), 3–5 key points, 2–5 tags, 0–3 follow-ups and sometimes a tip and a
time limit, roughly what the bundled banks hold. Every file is loaded back with preptui's own loader
before the command succeeds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / ".data" / "banks-10k"
STAMP = ".generated.json"
GENERATOR_VERSION = 2

_WORDS = """
service latency cache request database index query replica shard partition queue consumer
producer event stream batch pipeline model feature training inference deployment rollout
canary metric alert dashboard trace log error budget incident postmortem owner team review
design trade-off throughput capacity memory thread process lock transaction isolation
consistency availability failover region network packet timeout retry backoff idempotent key
token session user customer product roadmap stakeholder priority estimate deadline scope risk
test coverage fixture mock contract schema migration version release branch commit build
artifact container cluster node pod scheduler budget cost storage object bucket file format
column row join aggregate window filter sort hash tree graph vector embedding label dataset
drift bias variance regularisation gradient loss optimiser epoch checkpoint threshold signal
"""
WORDS = _WORDS.split()

_VERBS = """
explain compare design measure reduce improve debug handle scale monitor validate migrate
prioritise estimate choose protect recover profile tune document review test deploy
"""
VERBS = _VERBS.split()

_TAGS = """
caching databases networking reliability observability security testing performance
architecture leadership communication data-modelling streaming ml-ops statistics frontend
mobile accessibility cloud cost-control incident-response hiring planning apis concurrency
"""
TAGS = _TAGS.split()

CODE = [
    (
        "python",
        [
            "def retry(call, attempts=3, base=0.1):",
            "    for attempt in range(attempts):",
            "        try:",
            "            return call()",
            "        except TimeoutError:",
            "            time.sleep(base * 2 ** attempt)",
            "    raise RuntimeError('gave up')",
        ],
    ),
    (
        "sql",
        [
            "SELECT user_id, COUNT(*) AS orders",
            "FROM orders",
            "WHERE created_at >= NOW() - INTERVAL '30 days'",
            "GROUP BY user_id",
            "HAVING COUNT(*) > 3;",
        ],
    ),
    (
        "bash",
        [
            "kubectl rollout status deploy/api --timeout=120s",
            "kubectl logs -l app=api --since=10m | grep -c ERROR",
        ],
    ),
]

KINDS = ["technical", "behavioural", "scenario", "coding", "system-design"]
DIFFICULTIES = ["easy", "medium", "hard"]


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def _sentence(rng: random.Random, count: int) -> str:
    text = _words(rng, count)
    return text[:1].upper() + text[1:] + "."


def _prompt(rng: random.Random) -> str:
    count = rng.randint(10, 30)
    verb = rng.choice(VERBS).capitalize()
    return f"{verb} {_words(rng, count - 1)}?"


def _answer(rng: random.Random) -> str:
    """Markdown of 150–350 words: paragraphs, bold lead-ins with lists, maybe a code block."""
    target = rng.randint(150, 350)
    parts: list[str] = []
    used = 0
    code_left = rng.random() < 0.5
    while target - used >= 12:
        choice = rng.random()
        if choice < 0.4:
            part = _sentence(rng, rng.randint(12, 45))
        elif choice < 0.8:
            lines = [f"**{_words(rng, rng.randint(2, 4)).capitalize()}**"]
            for _ in range(rng.randint(3, 5)):
                lines.append(f"- *{rng.choice(WORDS)}*: {_words(rng, rng.randint(5, 15))}")
            part = "\n".join(lines)
        elif code_left:
            language, code = rng.choice(CODE)
            part = "\n".join([f"```{language}", *code, "```"])
            code_left = False
        else:
            part = f"In short, {_words(rng, rng.randint(10, 30))}."
        words = len(part.split())
        if used + words > target:
            continue
        parts.append(part)
        used += words
    if target - used > 0:
        parts.append(_sentence(rng, target - used))
    return "\n\n".join(parts) + "\n"


def _question(rng: random.Random, number: int) -> dict[str, Any]:
    question: dict[str, Any] = {
        "id": f"q{number:05d}-{rng.choice(WORDS)}",
        "prompt": _prompt(rng),
        "difficulty": rng.choice(DIFFICULTIES),
        "kind": rng.choice(KINDS),
        "answer": _answer(rng),
        "key_points": [_sentence(rng, rng.randint(6, 14)) for _ in range(rng.randint(3, 5))],
    }
    if rng.random() < 0.4:
        question["tip"] = _sentence(rng, rng.randint(8, 20))
    question["tags"] = sorted(set(rng.sample(TAGS, rng.randint(2, 5))))
    if rng.random() < 0.3:
        question["minutes"] = rng.randint(3, 15)
    follow = rng.randint(0, 3)
    if follow:
        question["follow_ups"] = [_prompt(rng) for _ in range(follow)]
    return question


def bank_data(rng: random.Random, index: int, questions: int) -> dict[str, Any]:
    title = f"Synthetic {rng.choice(WORDS).capitalize()} Role {index:03d}"
    return {
        "role": {
            "id": f"synthetic-{index:03d}",
            "title": title,
            "icon": "🧪",
            "summary": " ".join(_sentence(rng, rng.randint(12, 25)) for _ in range(3)),
            "tips": [_sentence(rng, rng.randint(15, 30)) for _ in range(rng.randint(3, 5))],
            "format": {
                "minutes": rng.choice([30, 45, 60]),
                "rounds": _sentence(rng, 8),
                "mix": {"technical": 4, "behavioural": 1, "scenario": 1, "coding": 1},
            },
        },
        "questions": [_question(rng, n) for n in range(questions)],
    }


def generate(
    out: Path,
    banks: int,
    questions: int,
    seed: int = 1,
    *,
    check: bool = True,
    log: Callable[[str], object] = lambda _: None,
) -> Path:
    """Write the banks into ``out`` unless an identical set is already there."""
    params = {"version": GENERATOR_VERSION, "banks": banks, "questions": questions, "seed": seed}
    stamp = out / STAMP
    try:
        if json.loads(stamp.read_text(encoding="utf-8")) == params:
            return out
    except (OSError, ValueError):
        pass
    log(f"generating {banks} banks × {questions} questions in {out} …")
    import tomli_w

    out.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    for old in out.glob("*.toml"):
        old.unlink()
    rng = random.Random(seed)
    for index in range(banks):
        data = bank_data(rng, index, questions)
        body = tomli_w.dumps(data, multiline_strings=True)
        path = out / f"synthetic-{index:03d}.toml"
        path.write_text(f"#:schema ./bank.schema.json\n\n{body}", encoding="utf-8")
    if check:
        from preptui.banks.load import load_bank

        for path in sorted(out.glob("*.toml")):
            bank = load_bank(path)  # raises BankLoadError with the exact line if invalid
            assert len(bank.questions) == questions, path
    stamp.write_text(json.dumps(params), encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--banks", type=int, default=50, help="number of bank files (50)")
    parser.add_argument("--questions", type=int, default=200, help="questions per bank (200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    start = time.perf_counter()
    out = generate(args.out, args.banks, args.questions, args.seed)
    files = sorted(out.glob("*.toml"))
    size = sum(p.stat().st_size for p in files)
    print(
        f"{len(files)} banks × {args.questions} questions in {out} "
        f"({size / 1024 / 1024:.1f} MiB, {time.perf_counter() - start:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
