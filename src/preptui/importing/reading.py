"""Reading a file to import: size limits, then bytes to text, refusing what is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

from preptui.importing.report import ImportFailed

__all__ = [
    "MAX_IMPORT_BYTES",
    "decode_import_bytes",
    "decode_with_encoding",
    "read_import_file",
    "read_import_text",
]

MAX_IMPORT_BYTES = 32 * 1024 * 1024

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive such as .apkg, .docx or .xlsx"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
)


def read_import_text(path: Path) -> str:
    """The text of a file to import: UTF-8 (a BOM is fine), UTF-16 with a BOM, or detected."""
    return read_import_file(path)[0]


def read_import_file(path: Path) -> tuple[str, str | None]:
    """The text of a file to import, and the encoding detected if it was not UTF-8 or UTF-16."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            limit = MAX_IMPORT_BYTES // 1024 // 1024
            raise ImportFailed(
                f"file is too large ({size / 1024 / 1024:.1f} MiB; the limit is {limit} MiB)",
                path,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed("no such file", path) from None
    except IsADirectoryError:
        raise ImportFailed("is a folder, not a file", path) from None
    except PermissionError:
        raise ImportFailed("cannot read the file: permission denied", path) from None
    except OSError as exc:
        raise ImportFailed(f"cannot read the file: {exc.strerror or exc}", path) from None
    try:
        return decode_with_encoding(data)
    except ImportFailed as exc:
        exc.path = path
        raise


def decode_import_bytes(data: bytes) -> str:
    """The text in ``data``; :class:`ImportFailed` for binary files and unknown encodings."""
    return decode_with_encoding(data)[0]


def decode_with_encoding(data: bytes) -> tuple[str, str | None]:
    """The text in ``data`` and, if it is not UTF-8 or UTF-16, the encoding it was read with."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed(
                "not valid UTF-16 text (it starts with a UTF-16 byte-order mark);"
                " save the file as UTF-8"
            ) from None
        return _not_empty(text), None
    if not data.strip():
        raise ImportFailed("the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ImportFailed(f"binary file ({what}), not Markdown or CSV text")
    if b"\x00" in data:
        raise ImportFailed("binary file (it contains NUL bytes), not Markdown or CSV text")
    encoding: str | None = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guessed = _detect(data)
        if guessed is None:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ImportFailed(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}) and its encoding "
                "could not be told; save the file as UTF-8"
            ) from None
        text, encoding = guessed
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 20):
        raise ImportFailed("binary file (it is mostly control characters), not Markdown or CSV")
    return _not_empty(text), encoding


def _detect(data: bytes) -> tuple[str, str] | None:
    """Text that is not UTF-8, read with the encoding charset-normalizer finds.

    Excel's Windows-1252 wins whenever it is among the candidates: for short Western text the
    detector's first guess is often a rarer code page that reads the same bytes differently.
    """
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    candidates = {r.encoding for r in results} | {
        name for r in results for name in r.could_be_from_charset
    }
    encoding = "cp1252" if "cp1252" in candidates else best.encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return str(best), best.encoding


def _not_empty(text: str) -> str:
    if not text.strip():
        raise ImportFailed("the file is empty")
    return text
