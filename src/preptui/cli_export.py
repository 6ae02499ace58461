"""``preptui export ROLE``: a bank as a Markdown study sheet, CSV, Anki notes or an Anki package."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from preptui.cli_output import Failed, error, loaded_banks, refuse_special

if TYPE_CHECKING:
    from preptui.model import Bank

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

FORMATS = ("md", "csv", "anki", "apkg")
_FORMAT_NAMES = {
    "md": "Markdown study sheet",
    "csv": "CSV",
    "anki": "Anki notes in plain text",
    "apkg": "Anki package",
}
_SUFFIXES = {"md": "md", "csv": "csv", "anki": "txt", "apkg": "apkg"}


# --------------------------------------------------------------------------- export


def _export_format(fmt: str | None, out: Path | None, every: bool) -> str:
    if fmt is not None:
        return fmt
    suffix = out.suffix.lower() if out is not None else ""
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix == ".apkg":
        return "apkg"
    return "anki" if every else "md"


def _export_data(fmt: str, banks: list[Bank]) -> str | bytes:
    from preptui.formats import export_csv, export_markdown

    if fmt == "apkg":
        from preptui.formats.apkg import ApkgUnavailable, export_apkg

        try:
            return export_apkg(banks)
        except ApkgUnavailable as exc:
            raise Failed(str(exc)) from None
    if fmt == "anki":
        from preptui.formats.anki import export_anki_text

        return export_anki_text(*banks)
    return export_csv(banks[0]) if fmt == "csv" else export_markdown(banks[0])


def cmd_export(args: argparse.Namespace) -> int:
    result = loaded_banks(args.banks)
    out: Path | None = args.output
    every: bool = args.all
    if every == (args.role is not None):
        raise Failed("name one ROLE, or --all for every role", EXIT_USAGE)
    fmt = _export_format(args.format, out, every)
    if every:
        if fmt not in ("anki", "apkg"):
            raise Failed(
                f"--all makes one Anki deck of every role: use --format anki or apkg, not {fmt}",
                EXIT_USAGE,
            )
        for problem in result.errors:
            error(f"skipped: {problem}")
        chosen = list(result.banks)
        if not chosen:
            raise Failed("no roles to export")
    else:
        loaded = result.get(args.role)
        if loaded is None:
            for problem in result.errors:
                error(f"skipped: {problem}")
            known = ", ".join(result.role_ids()) or "none"
            raise Failed(f"no role {args.role!r}. Known roles: {known}")
        chosen = [loaded]
    if fmt == "apkg" and out is None:
        raise Failed("an .apkg is a binary file: give -o FILE.apkg", EXIT_USAGE)
    data = _export_data(fmt, [item.bank for item in chosen])
    if out is None:
        assert isinstance(data, str)
        _write_stdout(data)
        return EXIT_OK
    if out.is_dir():
        name = "preptui" if every else chosen[0].bank.role.id
        out = out / f"{name}.{_SUFFIXES[fmt]}"
    refuse_special(out)
    if any(out.resolve() == item.path.resolve() for item in chosen):
        raise Failed(f"{out}: that is the bank file itself; choose another OUT")
    if out.exists() and not args.force:
        raise Failed(f"{out} already exists; use --force to replace it")
    from preptui.fileio import atomic_write

    try:
        atomic_write(out, data)
    except OSError as exc:
        raise Failed(f"{out}: cannot write: {exc.strerror or exc}") from None
    count = sum(len(item.bank.questions) for item in chosen)
    roles = f"{len(chosen)} roles, " if every else ""
    wrote = (
        f"Wrote {out} ({_FORMAT_NAMES[fmt]}, {roles}{count} question{'s' if count != 1 else ''})"
    )
    from preptui.safe import safe

    print(safe(wrote, one_line=True), file=sys.stderr)
    return EXIT_OK


def _write_stdout(text: str) -> None:
    """UTF-8 bytes, whatever the locale; a closed pipe (``| head``) is not an error.

    Control characters (none in a valid bank) are made visible; any other write error (a full
    disk, ``> /dev/full``) is one line and exit 1.
    """
    from preptui.safe import safe

    text = safe(text, keep="\t\n\r")
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        raise Failed(f"cannot write to standard output: {exc.strerror or exc}") from None


def _silence_stdout() -> None:
    """Point stdout at the null device, so what is still buffered cannot fail again at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
