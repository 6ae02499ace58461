"""``preptui serve``: the app in a web browser through textual-serve.

The browser test starts the real ``preptui serve`` and Debian's headless ``chromium``, and reads
the screen from the page's xterm.js buffer over the DevTools protocol (textual-serve draws into a
canvas, so the DOM has no text). It is skipped, saying why, where chromium is not installed
(``make test`` installs it with apt-get when it runs as root).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from preptui.cli import main
from preptui.cli_tools import is_loopback, serve_command

# Captures the page's xterm.js Terminal when textual.js stores it (``this.terminal = ...``).
HOOK = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && !window.__preptuiTerminal) window.__preptuiTerminal = value;
  },
});
"""
# Resolves with the screen's text once it contains every needle, or null after ``ms``.
WAIT_FOR = """
(needles, ms) => new Promise((resolve) => {
  const end = Date.now() + ms;
  const read = () => {
    const t = window.__preptuiTerminal;
    if (!t) return "";
    const b = t.buffer.active, rows = [];
    for (let y = 0; y < t.rows; y++) {
      const line = b.getLine(b.viewportY + y);
      rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\\n");
  };
  const tick = () => {
    const text = read();
    if (needles.every((n) => text.includes(n))) return resolve(text);
    if (Date.now() > end) return resolve("TIMEOUT\\n" + text);
    setTimeout(tick, 100);
  };
  tick();
})
"""


def test_serve_command_runs_this_preptui_with_the_options(tmp_path: Path) -> None:
    command = serve_command("ml-engineer", [tmp_path / "my banks"])
    assert command.startswith(f"{sys.executable} -m preptui --role ml-engineer --banks ")
    assert f"'{tmp_path / 'my banks'}'" in command  # quoted for the shell textual-serve uses


def test_loopback_hosts() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")


def test_serve_rejects_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "0"]) == 2
    assert "the port must be between 1 and 65535" in capsys.readouterr().err


def test_serve_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "pipx install 'preptui[serve]'" in err and "Traceback" not in err


def test_serve_with_an_unknown_role_says_which_exist(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("textual_serve", reason="the serve extra is not installed")
    assert main(["serve", "--role", "no-such-role"]) == 1
    assert "no role 'no-such-role'. Known roles:" in capsys.readouterr().err


# --------------------------------------------------------------------------- the browser


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium: install Debian's chromium (make test does, as root) to run this")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(condition: Any, what: str, timeout: float) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)  # polling for a condition, with a deadline
    raise AssertionError(f"timed out waiting for {what}")


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End a process this test started, with its whole group (the apps textual-serve ran)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


class DevTools:
    """Just enough of the Chrome DevTools protocol: call a method, wait for its answer."""

    def __init__(self, url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.next_id = 0

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def screen_with(self, *needles: str, timeout_ms: int = 40_000) -> str:
        """The screen's text once it shows every needle (fails after ``timeout_ms``)."""
        expression = f"({WAIT_FOR})({json.dumps(list(needles))}, {timeout_ms})"
        result = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        text = str(result["result"].get("value", ""))
        assert not text.startswith("TIMEOUT"), f"{needles} not on screen:\n{text}"
        return text

    def press(self, key: str, code: str, keycode: int, text: str) -> None:
        self.call("Runtime.evaluate", expression="window.__preptuiTerminal.focus()")
        self.call(
            "Input.dispatchKeyEvent",
            type="keyDown",
            key=key,
            code=code,
            text=text,
            windowsVirtualKeyCode=keycode,
        )
        self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[int]:
    pytest.importorskip("textual_serve", reason="the serve extra is not installed")
    port = _free_port()
    env = {**os.environ, "PREPTUI_DATA_DIR": str(tmp_path / "data")}
    env["PREPTUI_CONFIG_DIR"] = str(tmp_path / "config")
    env.pop("TEXTUAL_DRIVER", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "preptui", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait(lambda: _listening(port) or server.poll() is not None, "preptui serve", 30)
        assert server.poll() is None, "preptui serve exited"
        yield port
    finally:
        _stop(server)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    chromium = _chromium()
    pytest.importorskip("websocket", reason="websocket-client (a dev dependency) is missing")
    profile = Path(tempfile.mkdtemp(dir=tmp_path, prefix="chromium-"))
    proc = subprocess.Popen(
        [
            chromium,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-breakpad",
            "--disable-crash-reporter",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "--window-size=1280,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={  # chromium keeps crash reports and caches under these: keep them in tmp_path
            **os.environ,
            "HOME": str(profile),
            "XDG_CONFIG_HOME": str(profile / "config"),
            "XDG_CACHE_HOME": str(profile / "cache"),
        },
    )
    tools: DevTools | None = None
    try:
        active = profile / "DevToolsActivePort"
        _wait(lambda: active.is_file() and active.read_text().count("\n") >= 1, "chromium", 30)
        port = active.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=10) as answer:
            targets = json.load(answer)
        page = next(t for t in targets if t["type"] == "page")
        tools = DevTools(page["webSocketDebuggerUrl"])
        yield tools
    finally:
        if tools is not None:
            tools.close()
        _stop(proc)


def test_practise_in_a_browser_from_the_role_list_to_a_revealed_answer(
    served: int, browser: DevTools
) -> None:
    browser.call("Page.enable")
    browser.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
    browser.call("Page.navigate", url=f"http://127.0.0.1:{served}/")
    first = browser.screen_with("Roles", "Software Engineer", "○ ")
    assert "Model answer" not in first  # answers stay hidden until asked for
    browser.press(" ", "Space", 32, " ")
    revealed = browser.screen_with("Model answer")
    assert revealed != first
