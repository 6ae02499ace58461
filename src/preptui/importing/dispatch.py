"""Importing one file: read it, tell its format, hand it to that format's importer."""

from __future__ import annotations

from pathlib import Path

from preptui.importing.reading import read_import_file
from preptui.importing.report import ImportFailed, ImportReport
from preptui.importing.sniff import sniff_format
from preptui.safe import strip_controls
from preptui.text import plural

__all__ = ["import_decks", "import_file"]

_TAB_SUFFIXES = (".tsv", ".tab")


def import_file(
    path: Path, *, role_id: str | None = None, title: str | None = None
) -> ImportReport:
    """Import a Markdown or CSV/TSV file; raise :class:`ImportFailed` if it cannot be used."""
    path = Path(path)
    raw, encoding = read_import_file(path)
    text, removed = strip_controls(raw)  # never into a bank, nor a terminal
    name = strip_controls(path.name)[0]
    try:
        if sniff_format(path, text) == "markdown":
            from preptui.importing.markdown import import_markdown

            report = import_markdown(text, role_id=role_id, title=title, source=name)
        else:
            from preptui.importing.delimited import import_csv

            delimiter = "\t" if path.suffix.lower() in _TAB_SUFFIXES else None
            report = import_csv(
                text, role_id=role_id, title=title, source=name, prefer_delimiter=delimiter
            )
    except ImportFailed as exc:
        exc.path = path
        raise
    if encoding is not None:
        report.defaults.insert(0, f"the file is not UTF-8: read it as {encoding} (detected)")
    if removed:
        report.defaults.append(f"{plural(removed, 'control character')} removed (escape codes)")
    return report


def import_decks(
    path: Path,
    *,
    deck: str | None = None,
    role_id: str | None = None,
    title: str | None = None,
) -> list[ImportReport]:
    """One report per deck for an Anki text export with a deck column, else one report."""
    path = Path(path)
    raw, encoding = read_import_file(path)
    text, removed = strip_controls(raw)
    name = strip_controls(path.name)[0]
    try:
        if sniff_format(path, text) == "markdown":
            if deck is not None:
                raise ImportFailed("--deck is for Anki exports (.apkg, or text with a deck column)")
            return [import_file(path, role_id=role_id, title=title)]
        from preptui.importing.delimited import import_csv_decks

        delimiter = "\t" if path.suffix.lower() in _TAB_SUFFIXES else None
        reports = import_csv_decks(
            text, deck=deck, role_id=role_id, title=title, source=name, prefer_delimiter=delimiter
        )
    except ImportFailed as exc:
        exc.path = path
        raise
    for report in reports:
        if encoding is not None:
            report.defaults.insert(0, f"the file is not UTF-8: read it as {encoding} (detected)")
        if removed:
            report.defaults.append(f"{plural(removed, 'control character')} removed (escape codes)")
    return reports
