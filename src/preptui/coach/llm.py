"""The ``llm`` engine: a local model server the user already runs (Ollama, llama.cpp's server,
LM Studio) through the OpenAI-compatible chat API, asked for a verdict on each key point.

Off by default; the URL is ``http://127.0.0.1:11434/v1`` unless the user names another, so
nothing leaves the machine unless they point it elsewhere. Any error, timeout or malformed reply
falls back to the lexical engine, and the coverage notes say why.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

from preptui.coach.engines import judge
from preptui.coach.lexical import LexicalEngine
from preptui.coach.model import Coverage, PointScore, Target, Thresholds, Verdict
from preptui.coach.words import sentences

DEFAULT_URL = "http://127.0.0.1:11434/v1"
DEFAULT_MODEL = "llama3.2"
DEFAULT_TIMEOUT = 30.0
MAX_REPLY_BYTES = 1_000_000
_THRESHOLDS = Thresholds(covered=0.75, partial=0.25)
_SCORE = {Verdict.COVERED: 1.0, Verdict.PARTIAL: 0.5, Verdict.MISSED: 0.0}
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)

SYSTEM = (
    "You grade a job candidate's typed interview answer against the key points an interviewer "
    "listens for. For each key point decide: 'covered' if the answer states its idea (in any "
    "words), 'partial' if it states part of it, 'missed' otherwise. Be strict: a point the answer "
    "negates, gets wrong, or only names without explaining is 'missed'. Quote as evidence the "
    "one sentence of the answer that supports the verdict, or an empty string. Reply with JSON "
    'only: {"points": [{"index": 0, "verdict": "covered", "evidence": "..."}]}'
)


class LlmFailure(Exception):
    """Why a reply could not be used."""


def chat_url(url: str) -> str:
    base = url.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if not base.endswith("/v1"):
        base += "/v1"
    return base + "/chat/completions"


class LlmEngine:
    name = "llm"

    def __init__(
        self,
        fallback: LexicalEngine | None = None,
        *,
        url: str = DEFAULT_URL,
        model: str = DEFAULT_MODEL,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.fallback = fallback or LexicalEngine()
        self.url = url
        self.model = model
        self.timeout = timeout

    def request_body(self, target: Target, answer: str) -> dict[str, Any]:
        points = "\n".join(f"{i}. {p}" for i, p in enumerate(target.key_points))
        user = (
            f"Question: {target.prompt}\n\nKey points:\n{points}\n\n"
            f"Candidate's answer:\n<<<\n{answer}\n>>>"
        )
        return {
            "model": self.model,
            "temperature": 0,
            "stream": False,
            "messages": [
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": user},
            ],
        }

    def ask(self, target: Target, answer: str) -> list[PointScore]:
        """The server's verdicts as scores (covered 1, partial 0.5, missed 0); LlmFailure if
        the server cannot be reached in time or its reply is not a verdict for every point."""
        body = json.dumps(self.request_body(target, answer)).encode()
        request = urllib.request.Request(
            chat_url(self.url),
            data=body,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read(MAX_REPLY_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise LlmFailure(f"the server answered HTTP {exc.code}") from None
        except urllib.error.URLError as exc:
            raise LlmFailure(f"cannot reach {self.url}: {exc.reason}") from None
        except TimeoutError:
            raise LlmFailure(f"no answer from {self.url} within {self.timeout:g} s") from None
        except OSError as exc:
            raise LlmFailure(f"cannot reach {self.url}: {exc}") from None
        if len(raw) > MAX_REPLY_BYTES:
            raise LlmFailure("the server's reply is too large")
        return parse_reply(raw, target, answer)

    def assess(self, target: Target, answer: str) -> Coverage:
        try:
            scores = self.ask(target, answer)
        except LlmFailure as exc:
            coverage = self.fallback.assess(target, answer)
            note = f"llm engine unavailable ({exc}); used the lexical engine"
            return judge(
                target,
                answer,
                [_score_of(p.index, p.score, p.evidence) for p in coverage.points],
                self.fallback.thresholds,
                self.fallback.name,
                [note],
            )
        return judge(target, answer, scores, _THRESHOLDS, self.name)


def _score_of(index: int, score: float, evidence: str) -> PointScore:
    return PointScore(index, score, evidence)


def parse_reply(raw: bytes, target: Target, answer: str) -> list[PointScore]:
    try:
        envelope = json.loads(raw)
        content = envelope["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise LlmFailure("the server's reply is not an OpenAI-style chat completion") from None
    if not isinstance(content, str):
        raise LlmFailure("the server's reply has no text")
    text = _FENCE.sub("", content.strip())
    start, end = text.find("{"), text.rfind("}")
    try:
        verdicts = json.loads(text[start : end + 1] if start >= 0 else text)
        items = verdicts["points"]
    except (ValueError, KeyError, TypeError):
        raise LlmFailure("the model did not reply with the verdicts as JSON") from None
    if not isinstance(items, list):
        raise LlmFailure("the model's verdicts are not a list")
    found: dict[int, PointScore] = {}
    said = sentences(answer)
    for item in items:
        if not isinstance(item, dict):
            raise LlmFailure("a verdict is not an object")
        index, verdict = item.get("index"), item.get("verdict")
        if not isinstance(index, int) or not 0 <= index < len(target.key_points):
            raise LlmFailure(f"a verdict names no key point: {index!r}")
        try:
            value = Verdict(str(verdict).strip().lower())
        except ValueError:
            raise LlmFailure(f"unknown verdict {verdict!r}") from None
        quoted = item.get("evidence")
        evidence = _sentence_quoted(quoted, said) if value is not Verdict.MISSED else ""
        found[index] = PointScore(index, _SCORE[value], evidence)
    if len(found) != len(target.key_points):
        raise LlmFailure("the model did not give a verdict for every key point")
    return [found[i] for i in range(len(target.key_points))]


def _sentence_quoted(quoted: object, said: list[str]) -> str:
    """The answer's own sentence that the model quoted (never the model's words)."""
    if not isinstance(quoted, str) or not quoted.strip():
        return ""
    needle = " ".join(quoted.split()).casefold().strip(" .\"'")
    for sentence in said:
        folded = sentence.casefold()
        if needle and (needle in folded or folded.strip(" .") in needle):
            return sentence
    return ""
