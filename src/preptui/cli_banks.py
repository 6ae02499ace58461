"""CLI commands that bring questions in and out: import, new, export.

``add_commands`` registers the sub-commands (argparse only: keep this import light);
``run`` carries one out and returns the exit code.

* ``preptui import FILE`` turns a Markdown, CSV or Anki file into a bank in the user bank folder;
* ``preptui new ROLE-ID`` writes a commented bank to fill in;
* ``preptui export ROLE`` writes a bank out (:mod:`preptui.cli_export`).

Nothing is written unless the whole command can succeed; errors are one line on stderr.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from preptui.cli_export import FORMATS, cmd_export
from preptui.cli_output import Failed, error, loaded_banks, note, refuse_special, say

if TYPE_CHECKING:
    from preptui.importing import ImportReport

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _role_id(text: str) -> str:
    from preptui.banks.scaffold import is_role_id

    if not is_role_id(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a valid role id: use lower-case letters, digits and hyphens, "
            "e.g. 'ml-engineer'"
        )
    return text


def _title(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the title is empty")
    if len(text.strip()) > 200:
        raise argparse.ArgumentTypeError("the title is longer than 200 characters")
    from preptui.safe import first_control

    char = first_control(text)
    if char is not None:
        raise argparse.ArgumentTypeError(f"the title has a control character U+{ord(char):04X}")
    return text.strip()


def add_commands(sub: Any) -> None:
    """Register ``import``, ``new`` and ``export`` on the main parser's sub-parsers."""
    imp = sub.add_parser(
        "import",
        help="import questions from a Markdown or CSV/TSV file into a new bank",
        description="Import a Markdown Q&A collection or a CSV/TSV file (Anki exports too) "
        "into a bank in your bank folder. Prints what was imported, what was skipped and why.",
    )
    imp.add_argument(
        "file", type=Path, metavar="FILE", help="a .md, .csv, .tsv or .txt file, or a .toml bank"
    )
    imp.add_argument("--role-id", type=_role_id, metavar="ID", help="role id (default: file name)")
    imp.add_argument("--title", type=_title, metavar="T", help="role title")
    imp.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write the bank here (a file, or a folder) instead of your bank folder",
    )
    imp.add_argument("--force", action="store_true", help="replace an existing bank file")
    imp.add_argument(
        "--deck",
        metavar="NAME",
        help="from an .apkg or an Anki text export, import only this deck "
        "(default: one bank per deck)",
    )
    imp.add_argument(
        "--strict",
        action="store_true",
        help="write nothing and exit 1 if any question was skipped or any part of the file "
        "(other than navigation such as a table of contents) was not used",
    )

    new = sub.add_parser(
        "new",
        help="create a commented bank to fill in",
        description="Write a new bank with a comment on every field and one example question, "
        "ready to edit.",
    )
    new.add_argument("role_id", type=_role_id, metavar="ROLE-ID", help="e.g. 'data-platform'")
    new.add_argument("--title", type=_title, metavar="T", help="role title")
    new.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write here instead of your bank folder"
    )

    exp = sub.add_parser(
        "export",
        help="print a bank as a Markdown study sheet, CSV or an Anki deck",
        description="Export a role's bank as a printable Markdown study sheet or as CSV (both "
        "import back to the same bank with 'preptui import'), or for Anki: 'anki' is a "
        "Notes in Plain Text file (File > Import in Anki 2.1.55 or later, no settings to "
        "change), 'apkg' an Anki package with a preptui note type. Re-importing a later "
        "export into Anki updates the same notes.",
    )
    exp.add_argument("role", metavar="ROLE", nargs="?", help="role id (see 'preptui list')")
    exp.add_argument(
        "--all",
        action="store_true",
        help="every role, one deck each (formats anki and apkg)",
    )
    exp.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="md, csv, anki or apkg (default: from OUT's extension, else md)",
    )
    exp.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here, not stdout")
    exp.add_argument("--force", action="store_true", help="replace an existing OUT")


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "import":
            return cmd_import(args)
        if args.command == "new":
            return cmd_new(args)
        if args.command == "export":
            return cmd_export(args)
    except Failed as exc:
        error(str(exc))
        return exc.code
    raise ValueError(args.command)  # pragma: no cover - cli.py only sends these three


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def _loaded_at_start(path: Path, extra: list[Path]) -> bool:
    """Whether the app and ``preptui list`` load this file: the user folder or ``--banks``."""
    from preptui import paths

    if path.parent.resolve() == paths.user_bank_dir().resolve():
        return True
    return any(
        path.resolve() == p.resolve() or (p.is_dir() and path.parent.resolve() == p.resolve())
        for p in extra
    )


def _check_role_free(
    role_id: str, dest: Path, extra: list[Path], *, advice: str, strict: bool
) -> None:
    """Refuse (or, for a file nobody loads, warn about) a role id another bank already uses."""
    result = loaded_banks(extra)
    other = result.get(role_id)
    if other is None or other.path.resolve() == dest.resolve():
        return
    message = f"role id {role_id!r} is already used by {other.path}"
    if strict or _loaded_at_start(dest, extra):
        raise Failed(f"{message}; {advice}")
    note(f"{message}: if both are loaded, the second is skipped")


def _write_checked(dest: Path, text: str, what: str) -> None:
    """Validate bank text exactly as it will be read back, then write it atomically."""
    from preptui.banks.errors import BankLoadError
    from preptui.banks.load import parse_toml, validate
    from preptui.fileio import atomic_write

    try:
        validate(dest, text, parse_toml(dest, text))
    except BankLoadError as exc:  # pragma: no cover - a bug in the importer or the scaffold
        raise Failed(f"{what} does not validate: {exc.errors[0]}") from None
    try:
        atomic_write(dest, text)
    except OSError as exc:
        raise Failed(f"{dest}: cannot write: {exc.strerror or exc}") from None
    _write_user_schema(dest.parent)


def _write_user_schema(folder: Path) -> None:
    """Put the bank JSON Schema beside the bank, so its ``#:schema`` line resolves (best effort)."""
    from preptui import paths
    from preptui.banks.write import SCHEMA_FILE, ensure_schema_beside

    outcome = ensure_schema_beside(folder)
    target = folder / SCHEMA_FILE
    if folder.resolve() == paths.user_bank_dir().resolve():
        return
    if outcome == "written":
        note(f"wrote {target} beside it, for the file's #:schema line (editors check with it)")
    elif outcome == "foreign":
        note(f"{target} is not preptui's schema: left it alone; the #:schema line points at it")


def _browse_hint(dest: Path, role_id: str, extra: list[Path]) -> str:
    from preptui import paths

    if dest.parent.resolve() == paths.user_bank_dir().resolve():
        return f"Browse it with: preptui --role {role_id}"
    if _loaded_at_start(dest, extra):
        banks = " ".join(f"--banks {p}" for p in extra)
        return f"Browse it with: preptui {banks} --role {role_id}"
    return f"Browse it with: preptui --banks {dest} --role {role_id}"


# --------------------------------------------------------------------------- import


def cmd_import(args: argparse.Namespace) -> int:
    from preptui.banks.write import dumps_bank
    from preptui.importing import ImportFailed
    from preptui.importing.dispatch import import_decks
    from preptui.text import plural

    source: Path = args.file
    deck: str | None = getattr(args, "deck", None)
    if source.suffix.lower() == ".toml":
        reports = [_import_bank_file(source, args.role_id, args.title)]
    else:
        try:
            if source.suffix.lower() == ".apkg":
                from preptui.importing.apkg import import_apkg

                reports = import_apkg(source, deck=deck, role_id=args.role_id, title=args.title)
            else:
                reports = import_decks(source, deck=deck, role_id=args.role_id, title=args.title)
        except ImportFailed as exc:
            raise Failed(f"{exc.path or source}: {exc.message}") from None
    if getattr(args, "strict", False):
        left = sum(report.left for report in reports)
        if left:
            for report in reports:
                say(report.summary())
            raise Failed(
                f"{source}: --strict: {plural(left, 'part')} of the file not imported "
                "(listed above); nothing written"
            )
    if len(reports) > 1 and args.output is not None and not args.output.is_dir():
        raise Failed(f"{source} has {len(reports)} decks: give -o a folder, or --deck NAME")
    # Check every bank before writing any: nothing is written unless all of it can be.
    planned: list[tuple[ImportReport, Path]] = []
    for report in reports:
        role_id = report.bank.role.id
        dest = _destination(args.output, role_id)
        refuse_special(dest)
        if dest.exists() and not args.force:
            raise Failed(
                f"{dest} already exists; use --force to replace it, or --role-id ID for a new bank"
            )
        if dest.resolve() == source.resolve():
            raise Failed(f"{dest}: the bank would replace the file being imported; use -o OUT")
        if any(dest.resolve() == other.resolve() for _, other in planned):
            raise Failed(f"two decks would both be written to {dest}: import them with --deck")
        _check_role_free(
            role_id, dest, args.banks, advice="choose another with --role-id ID", strict=False
        )
        planned.append((report, dest))
    for report, dest in planned:
        role_id = report.bank.role.id
        # The importer promises a valid bank; check the exact text anyway before writing it.
        _write_checked(dest, dumps_bank(report.bank), f"{source}: the imported bank")
        say(report.summary())
        say(f"Wrote {dest}")
        say(_browse_hint(dest, role_id, args.banks))
    return EXIT_OK


def _import_bank_file(source: Path, role_id: str | None, title: str | None) -> ImportReport:
    """A bank file (``.toml``) someone shared: checked like ``preptui validate``, taken whole."""
    from preptui.banks.errors import BankLoadError
    from preptui.banks.load import load_bank
    from preptui.importing import ImportReport
    from preptui.model import Bank, Role

    try:
        bank = load_bank(source)
    except BankLoadError as exc:
        n = len(exc.errors) - 1
        more = f" (and {n} more problem{'s' if n > 1 else ''})" if n else ""
        raise Failed(f"not a valid bank file: {exc.errors[0]}{more}") from None
    updates = {k: v for k, v in (("id", role_id), ("title", title)) if v is not None}
    if updates:
        role = Role.model_validate({**bank.role.model_dump(), **updates})
        bank = Bank(role=role, questions=bank.questions)
    return ImportReport(bank, len(bank.questions))


def _destination(output: Path | None, role_id: str) -> Path:
    from preptui import paths

    if output is None:
        return paths.user_bank_dir() / f"{role_id}.toml"
    if output.is_dir():
        return output / f"{role_id}.toml"
    return output


# --------------------------------------------------------------------------- new


def cmd_new(args: argparse.Namespace) -> int:
    from preptui.banks.scaffold import scaffold_bank

    role_id: str = args.role_id
    dest = _destination(args.output, role_id)
    refuse_special(dest)
    if dest.exists():
        raise Failed(f"{dest} already exists; not replacing it (choose another ROLE-ID or -o)")
    _check_role_free(role_id, dest, args.banks, advice="choose another ROLE-ID", strict=True)
    _write_checked(dest, scaffold_bank(role_id, args.title), "the new bank")
    say(f"Wrote {dest}")
    print("Fill in the role and replace the example question, then check it with:")
    say(f"  preptui validate {dest}")
    say(_browse_hint(dest, role_id, args.banks))
    print("In the app, 'e' edits the selected question and 'a' adds one.")
    return EXIT_OK
