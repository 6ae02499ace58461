"""CLI commands about preptui itself: paths, doctor, completion, serve.

``add_commands`` registers the sub-commands (argparse only: keep this import light);
``run`` carries one out and returns the exit code.

* ``preptui paths`` prints every folder and file preptui uses and whether each is writable;
* ``preptui doctor`` checks the store, the banks and the settings (:mod:`preptui.cli_doctor`);
* ``preptui completion bash|zsh|fish`` prints a shell completion script (shtab);
* ``preptui serve`` serves the app to a browser (textual-serve, the ``serve`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from preptui.cli_doctor import cmd_doctor
from preptui.fileio import writable

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

COMMANDS = ("paths", "doctor", "completion", "serve")
SHELLS = ("bash", "zsh", "fish")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
_LOOPBACK = ("127.", "::1", "localhost")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("the port must be between 1 and 65535")
    return value


def add_commands(sub: Any) -> None:
    """Register ``paths``, ``doctor``, ``completion`` and ``serve``."""
    paths = sub.add_parser(
        "paths",
        help="show where preptui keeps progress, settings, cache, your banks and reports",
        description="Show where preptui keeps its files, and whether it can write there.",
        epilog="PREPTUI_DATA_DIR, PREPTUI_CONFIG_DIR and PREPTUI_CACHE_DIR override the "
        "platform defaults.",
    )
    paths.add_argument("--json", action="store_true", help="print the result as JSON")

    doctor = sub.add_parser(
        "doctor",
        help="check the store, the banks and the settings; exit 1 if anything needs fixing",
        description="Check the store, the banks and the settings, and say what to do.",
        epilog="Checks the progress store's integrity (SQLite integrity_check), that every bank "
        "validates and that the settings can be read. Changes nothing.",
    )
    doctor.add_argument("--json", action="store_true", help="print the result as JSON")

    completion = sub.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a shell completion script: sub-commands, options and role ids.",
        epilog="Install: "
        "bash: preptui completion bash > ~/.local/share/bash-completion/completions/preptui; "
        "zsh: preptui completion zsh > ~/.zfunc/_preptui (with fpath=(~/.zfunc $fpath) before "
        "compinit in ~/.zshrc); "
        "fish: preptui completion fish > ~/.config/fish/completions/preptui.fish",
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete for")

    serve = sub.add_parser(
        "serve",
        help="practise in a web browser (needs the serve extra: preptui[serve])",
        description="Practise in a web browser: serve the app with textual-serve.",
        epilog="Each browser tab runs its own preptui on this machine, with your progress. "
        "Binds to 127.0.0.1 unless --host says otherwise; there is no password, so only bind "
        "to a network you trust.",
    )
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})"
    )
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--role",
        metavar="ID",
        default=argparse.SUPPRESS,  # keeps `preptui --role ID serve` working too
        help="open the app on this role",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it is not http://HOST:PORT (e.g. behind a proxy)",
    )


def run(args: argparse.Namespace, build_parser: Callable[[], argparse.ArgumentParser]) -> int:
    """Carry out one command; ``build_parser`` makes the full CLI parser (for completion)."""
    if args.command == "completion":
        return cmd_completion(args, build_parser)
    command: Callable[[argparse.Namespace], int] = {
        "paths": cmd_paths,
        "doctor": cmd_doctor,
        "serve": cmd_serve,
    }[args.command]
    return command(args)


# --------------------------------------------------------------------------- paths


@dataclass(frozen=True)
class Place:
    """One folder or file preptui uses."""

    key: str
    label: str
    path: Path
    folder: bool
    env: str = ""
    note: str = ""

    @property
    def exists(self) -> bool:
        return self.path.is_dir() if self.folder else self.path.is_file()

    @property
    def writable(self) -> bool:
        return writable(self.path)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "path": str(self.path),
            "kind": "folder" if self.folder else "file",
            "exists": self.exists,
            "writable": self.writable,
            "env": self.env or None,
        }


def places() -> list[Place]:
    from preptui import config, paths

    return [
        Place("data", "data folder", paths.data_dir(), True, "PREPTUI_DATA_DIR"),
        Place("store", "progress store", paths.store_path(), False, note="created on first use"),
        Place("user_banks", "your banks", paths.user_bank_dir(), True, note="preptui new/import"),
        Place("reports", "reports", paths.reports_dir(), True, note="mock interview exports"),
        Place("config_dir", "config folder", paths.config_dir(), True, "PREPTUI_CONFIG_DIR"),
        Place("config", "settings", config.config_path(), False, note="defaults until saved"),
        Place("cache", "bank cache", paths.cache_dir(), True, "PREPTUI_CACHE_DIR"),
        Place("bundled_banks", "bundled banks", paths.bundled_bank_dir(), True, note="read-only"),
    ]


def _state(place: Place) -> str:
    if place.key == "bundled_banks":
        return "exists (shipped with preptui)" if place.exists else "missing: reinstall preptui"
    can = place.writable
    if place.exists:
        return "exists, writable" if can else "exists, read-only"
    return "not yet, can be created" if can else "missing, cannot be created"


def cmd_paths(args: argparse.Namespace) -> int:
    from preptui.safe import json_safe, safe_path

    found = places()
    if args.json:
        report = {p.key: p.as_dict() for p in found}
        print(json_safe(json.dumps(report, indent=2, ensure_ascii=False)))
        return EXIT_OK
    width = max(len(p.label) for p in found)
    for place in found:
        extra = []
        if place.env:
            extra.append(f"${place.env}" + (" set" if os.environ.get(place.env) else ""))
        if place.note and not place.exists:
            extra.append(place.note)
        tail = f"  ({'; '.join(extra)})" if extra else ""
        print(f"{place.label:<{width}}  {safe_path(place.path)}")
        print(f"{'':<{width}}  {_state(place)}{tail}")
    return EXIT_OK


# --------------------------------------------------------------------------- completion


def _bundled_role_ids() -> list[str]:
    from preptui.banks.discover import default_sources
    from preptui.banks.load import load_banks

    result = load_banks(default_sources(user=False), cache=True)
    return sorted(result.role_ids())


def role_completer(role_ids: Sequence[str], user_bank_dir: Path) -> dict[str, Any]:
    """A shtab completer for role ids: the bundled ids, fixed when the script is made, plus the
    file names of the user's banks, listed when completing (no Python runs on a tab press).

    The user bank folder is ``$PREPTUI_DATA_DIR/banks`` when that is set, else the platform
    default as it was when the script was made.
    """
    default_data = str(user_bank_dir.parent)
    words = " ".join(role_ids)
    fish_default = "'" + default_data.replace("\\", "\\\\").replace("'", "\\'") + "'"
    bash = f"""\
_preptui_role_ids() {{
  local ids={shlex.quote(words)} f
  for f in "${{PREPTUI_DATA_DIR:-{shlex.quote(default_data)}}}"/banks/*.toml; do
    [ -e "$f" ] || continue
    f=${{f##*/}}
    ids="$ids ${{f%.toml}}"
  done
  compgen -W "$ids" -- "$1"
}}"""
    zsh = f"""\
_preptui_role_ids() {{
  local f
  local -a ids
  ids=({words})
  for f in "${{PREPTUI_DATA_DIR:-{shlex.quote(default_data)}}}"/banks/*.toml(N); do
    ids+=("${{${{f:t}}%.toml}}")
  done
  compadd -a ids
}}"""
    fish = f"""\
function _preptui_role_ids
  printf '%s\\n' {words}
  set -l dir $PREPTUI_DATA_DIR
  test -n "$dir"; or set dir {fish_default}
  for f in $dir/banks/*.toml
    string replace -r '\\.toml$' '' -- (path basename -- $f)
  end
end"""
    return {
        "bash": "_preptui_role_ids",
        "zsh": "_preptui_role_ids",
        "fish": "(_preptui_role_ids)",
        "preamble": {"bash": bash, "zsh": zsh, "fish": fish},
    }


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell``, built from the real argument parser."""
    import shtab

    from preptui import paths

    roles = role_completer(_bundled_role_ids(), paths.user_bank_dir())
    _mark(parser, roles, shtab.FILE)
    return str(shtab.complete(parser, shell=shell))


def _mark(parser: argparse.ArgumentParser, roles: dict[str, Any], files: Any) -> None:
    """Attach completers: role ids to ROLE arguments and --role, file names to paths."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in {id(p): p for p in action.choices.values()}.values():
                _mark(child, roles, files)
        elif action.dest == "role" or "--role" in action.option_strings:
            action.complete = roles  # type: ignore[attr-defined]
        elif action.type is Path:
            action.complete = files  # type: ignore[attr-defined]


def cmd_completion(
    args: argparse.Namespace, build_parser: Callable[[], argparse.ArgumentParser]
) -> int:
    sys.stdout.write(completion_script(build_parser(), args.shell))
    return EXIT_OK


# --------------------------------------------------------------------------- serve


def serve_command(role: str | None, banks: Sequence[Path]) -> str:
    """The shell command textual-serve runs for each browser session: this preptui."""
    argv = [sys.executable, "-m", "preptui"]
    if role:
        argv += ["--role", role]
    for path in banks:
        argv += ["--banks", str(Path(path).resolve())]
    return shlex.join(argv)


def is_loopback(host: str) -> bool:
    return host.startswith(_LOOPBACK)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print(
            "preptui: serve needs textual-serve: install the serve extra, e.g. "
            "pipx install 'preptui[serve]' (or pip install 'preptui[serve]')",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    if args.role:
        from preptui.banks.load import load_default

        result = load_default(args.banks)
        if result.get(args.role) is None:
            known = ", ".join(result.role_ids())
            print(f"preptui: no role {args.role!r}. Known roles: {known}", file=sys.stderr)
            return EXIT_ERRORS
    if not is_loopback(args.host):
        print(
            f"preptui: note: listening on {args.host}: anyone who can reach it can use this "
            "preptui and your progress (there is no password)",
            file=sys.stderr,
        )
    server = Server(
        serve_command(args.role, args.banks),
        host=args.host,
        port=args.port,
        title="preptui",
        public_url=args.public_url,
    )
    try:
        server.serve()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"preptui: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK
