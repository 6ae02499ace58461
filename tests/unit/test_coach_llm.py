"""The llm engine against a small OpenAI-compatible server run by the test on 127.0.0.1, and its
fallback to the lexical engine on every kind of failure."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from preptui.coach import Target, Verdict
from preptui.coach.llm import LlmEngine, chat_url

TARGET = Target(
    ("Use a slow salted hash such as argon2id", "Rate limit logins and offer MFA"),
    prompt="How should an application store user passwords?",
)
ANSWER = "I'd store an argon2id hash with a salt. Rate limiting is good too."

Reply = Callable[["Handler"], object]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.server.requests.append((self.path, json.loads(self.rfile.read(length))))
        self.server.reply(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_json(self, body: object, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, Any]] = []
        self.reply: Reply = lambda h: h.send_json({})
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield srv
    finally:
        srv.release.set()
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=10)


def completion(content: str) -> dict[str, object]:
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}


def verdicts(*items: tuple[int, str, str]) -> str:
    return json.dumps({"points": [{"index": i, "verdict": v, "evidence": e} for i, v, e in items]})


def test_verdicts_come_from_the_server(server: Server) -> None:
    content = verdicts(
        (0, "covered", "I'd store an argon2id hash with a salt"), (1, "partial", "Rate limiting")
    )
    server.reply = lambda h: h.send_json(completion("```json\n" + content + "\n```"))
    coverage = LlmEngine(url=server.url, model="tiny", timeout=10).assess(TARGET, ANSWER)
    assert coverage.engine == "llm" and coverage.notes == ()
    assert [p.verdict for p in coverage.points] == [Verdict.COVERED, Verdict.PARTIAL]
    # Evidence is the answer's own sentence, never the model's words.
    assert coverage.points[0].evidence == "I'd store an argon2id hash with a salt."
    assert coverage.points[1].evidence == "Rate limiting is good too."
    path, body = server.requests[0]
    assert path == "/v1/chat/completions"
    assert body["model"] == "tiny" and body["temperature"] == 0
    user = body["messages"][-1]["content"]
    assert "0. Use a slow salted hash such as argon2id" in user and ANSWER in user


def _broken(server: Server, reply: Reply) -> tuple[str, ...]:
    server.reply = reply
    coverage = LlmEngine(url=server.url, timeout=10).assess(TARGET, ANSWER)
    assert coverage.engine == "lexical"
    assert coverage.points[0].verdict is Verdict.COVERED  # the lexical engine's own verdict
    return coverage.notes


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        (lambda h: h.send_json({"error": "model not found"}, 404), "HTTP 404"),
        (lambda h: h.send_json({"choices": []}), "not an OpenAI-style"),
        (lambda h: h.send_json(completion("I think they did well!")), "not reply with the"),
        (lambda h: h.send_json(completion(verdicts((0, "covered", "")))), "every key point"),
        (lambda h: h.send_json(completion(verdicts((0, "great", ""), (1, "missed", "")))), "great"),
        (lambda h: h.send_json(completion(verdicts((7, "covered", "")))), "names no key point"),
    ],
)
def test_bad_replies_fall_back_to_lexical(server: Server, reply: Reply, why: str) -> None:
    notes = _broken(server, reply)
    assert len(notes) == 1 and why in notes[0] and "used the lexical engine" in notes[0]


def test_timeout_falls_back(server: Server) -> None:
    server.reply = lambda h: server.release.wait(5)  # answers nothing until the test ends
    coverage = LlmEngine(url=server.url, timeout=0.2).assess(TARGET, ANSWER)
    assert coverage.engine == "lexical"
    assert "within 0.2 s" in coverage.notes[0] or "timed out" in coverage.notes[0]


def test_nothing_listening_falls_back() -> None:
    srv = Server()  # bound, then closed: nothing listens on its port any more
    url = srv.url
    srv.server_close()
    coverage = LlmEngine(url=url, timeout=5).assess(TARGET, ANSWER)
    assert coverage.engine == "lexical"
    assert "cannot reach" in coverage.notes[0]


def test_chat_url() -> None:
    assert chat_url("http://127.0.0.1:11434/v1") == "http://127.0.0.1:11434/v1/chat/completions"
    assert chat_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080/v1/chat/completions"
    assert chat_url("http://h/v1/chat/completions") == "http://h/v1/chat/completions"


def test_cli_uses_the_server_and_reports_a_fallback(server: Server) -> None:
    import subprocess
    import sys

    content = verdicts(*((i, "missed", "") for i in range(5)))
    server.reply = lambda h: h.send_json(completion(content))
    args = [sys.executable, "-m", "preptui", "check", "security-engineer", "password-storage"]
    proc = subprocess.run(
        [*args, "--engine", "llm", "--url", server.url, "--json"],
        input="bcrypt with a salt",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["covered"] == []
    server.reply = lambda h: h.send_json({}, 500)
    proc = subprocess.run(
        [*args, "--engine", "llm", "--url", server.url, "--json"],
        input="bcrypt with a salt",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0
    assert "used the lexical engine" in proc.stderr
    assert json.loads(proc.stdout)["points"][0]["verdict"] in ("covered", "partial")
