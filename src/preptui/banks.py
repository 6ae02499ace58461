"""Find, load, validate and write role banks.

Every problem with a bank becomes a :class:`BankError`: one line naming the file, the line and the
field. One bad bank never stops the others from loading.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from preptui import paths

if TYPE_CHECKING:
    from preptui.cache import BankCache
    from preptui.model import Bank

MAX_BANK_BYTES = 32 * 1024 * 1024
SCHEMA_LINE = "#:schema ./bank.schema.json"


class Origin(StrEnum):
    BUNDLED = "bundled"
    USER = "user"
    EXTRA = "extra"


@dataclass(frozen=True)
class BankError:
    """One problem in one bank file, printable as ``path:line[:col]: [field: ]message``."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        subject = f"{self.field}: " if self.field else ""
        return f"{where}: {subject}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


class BankLoadError(Exception):
    """Raised by :func:`load_bank` when a file cannot be used; carries every error found."""

    def __init__(self, errors: Sequence[BankError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class LoadedBank:
    bank: Bank
    path: Path
    origin: Origin

    @property
    def editable(self) -> bool:
        return self.origin is not Origin.BUNDLED


@dataclass
class LoadResult:
    banks: list[LoadedBank] = field(default_factory=list)
    errors: list[BankError] = field(default_factory=list)

    @property
    def skipped(self) -> list[Path]:
        return sorted({e.path for e in self.errors})

    def role_ids(self) -> list[str]:
        return [b.bank.role.id for b in self.banks]

    def get(self, role_id: str) -> LoadedBank | None:
        for loaded in self.banks:
            if loaded.bank.role.id == role_id:
                return loaded
        return None


# --------------------------------------------------------------------------- finding


def bank_files(path: Path) -> list[Path]:
    """The bank files a path names: the file itself, or the ``*.toml`` files of a folder."""
    if path.is_dir():
        return sorted(p for p in path.glob("*.toml") if p.is_file())
    return [path]


def default_sources(
    extra: Iterable[Path] = (), *, bundled: bool = True, user: bool = True
) -> list[tuple[Path, Origin]]:
    sources: list[tuple[Path, Origin]] = []
    if bundled:
        sources += [(p, Origin.BUNDLED) for p in bank_files(paths.bundled_bank_dir())]
    if user:
        user_dir = paths.user_bank_dir()
        if user_dir.is_dir():
            sources += [(p, Origin.USER) for p in bank_files(user_dir)]
    for path in extra:
        sources += [(p, Origin.EXTRA) for p in bank_files(Path(path))]
    return sources


# --------------------------------------------------------------------------- loading


def read_text(path: Path) -> str:
    """Read a bank file as text, or raise :class:`BankLoadError` with a clear one-line reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BANK_BYTES:
            mib = size / 1024 / 1024
            limit = MAX_BANK_BYTES // 1024 // 1024
            raise _fail(path, f"file is too large ({mib:.1f} MiB; the limit is {limit} MiB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "no such file") from None
    except IsADirectoryError:
        raise _fail(path, "is a folder, not a bank file") from None
    except PermissionError:
        raise _fail(path, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise _fail(path, f"cannot read the file: {exc.strerror or exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is harmless: accept it
    if not data.strip():
        raise _fail(path, "the file is empty", line=1)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise _fail(path, "not a text file (it contains NUL bytes)", line=line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise BankLoadError(
            [
                BankError(
                    path, f"not valid UTF-8 (byte 0x{bad}); save the file as UTF-8", line, column
                )
            ]
        ) from None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    import tomllib  # only when a file is really parsed (not on a warm start)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line: int | None = None
        column: int | None = None
        if match := _TOML_POSITION.search(message):
            line, column = int(match[1]), int(match[2])
            message = message[: match.start()]
        elif match := _TOML_END.search(message):
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            message = message[: match.start()] + " at the end of the file"
        raise BankLoadError(
            [BankError(path, f"TOML syntax: {_sentence(message)}", line, column)]
        ) from None
    except RecursionError:
        raise _fail(path, "TOML nesting is too deep") from None
    except MemoryError:
        raise _fail(path, "the file is too large to parse") from None


def validate(path: Path, text: str, data: dict[str, Any]) -> Bank:
    """Validate parsed TOML as a bank; every problem is reported with the line of its key."""
    from pydantic import ValidationError

    from preptui.model import Bank

    lines = KeyLines(text)
    errors = _duplicate_question_errors(path, data, lines)
    try:
        bank = Bank.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            if errors and loc == ():  # the model's own duplicate check, already reported
                continue
            if loc and loc[-1] == "[key]":
                loc = loc[:-1]
            message = _sentence(err["msg"].removeprefix("Value error, "))
            if err["type"] == "missing":
                message = "required key is missing"
            elif err["type"] == "string_pattern_mismatch" and loc and loc[-1] == "id":
                message = (
                    f"{err['input']!r} is not a valid id: use lowercase letters, digits and "
                    "hyphens, e.g. 'ml-engineer'"
                )
            elif err["type"] == "extra_forbidden":
                message = "unknown key (not part of the bank format)"
            errors.append(BankError(path, message, lines.line_for(loc), None, _loc_text(loc)))
    else:
        if not errors:
            return bank
    raise BankLoadError(errors)


def load_bank(path: Path, cache: BankCache | bool = False) -> Bank:
    """Load one bank file or raise :class:`BankLoadError`.

    With ``cache`` (``True`` for the default cache folder, or a :class:`~preptui.cache.BankCache`)
    a valid cache entry for the unchanged file is used instead of parsing it; see
    :mod:`preptui.cache`. Errors are the same either way: they are never cached.
    """
    store = _cache(cache)
    if store is not None:
        return store.load(path, _parse_bank)
    return _parse_bank(path)


def _parse_bank(path: Path) -> Bank:
    text = read_text(path)
    data = parse_toml(path, text)
    return validate(path, text, data)


def _cache(cache: BankCache | bool) -> BankCache | None:
    if cache is True:
        from preptui.cache import BankCache

        return BankCache()
    return cache or None


def load_banks(
    sources: Iterable[tuple[Path, Origin]],
    cache: BankCache | bool = True,
    progress: Callable[[int, int, LoadResult], None] | None = None,
) -> LoadResult:
    """Load every source; bad files and duplicate role ids are reported, the rest kept.

    ``cache`` is on by default (the app, ``preptui list``); pass ``cache=False`` to parse every
    file for real, as ``preptui validate`` should. ``progress(done, total, result)`` is called
    after each file, so a caller can show banks as they arrive.
    """
    result = LoadResult()
    first_seen: dict[str, LoadedBank] = {}
    store = _cache(cache)
    sources = list(sources)
    for done, (path, origin) in enumerate(sources, start=1):
        if progress is not None and done > 1:
            progress(done - 1, len(sources), result)
        try:
            bank = load_bank(path, store or False)
        except BankLoadError as exc:
            result.errors.extend(exc.errors)
            continue
        role_id = bank.role.id
        if role_id in first_seen:
            other = first_seen[role_id]
            line = KeyLines(read_text(path)).line_for(("role", "id"))
            result.errors.append(
                BankError(
                    path,
                    f"duplicate role id {role_id!r}: already loaded from {other.path}; skipped",
                    line,
                    None,
                    "role.id",
                )
            )
            continue
        loaded = LoadedBank(bank, path, origin)
        first_seen[role_id] = loaded
        result.banks.append(loaded)
    if progress is not None:
        progress(len(sources), len(sources), result)
    return result


def load_default(extra: Iterable[Path] = (), cache: BankCache | bool = True) -> LoadResult:
    return load_banks(default_sources(extra), cache=cache)


def _fail(path: Path, message: str, line: int | None = None) -> BankLoadError:
    return BankLoadError([BankError(path, message, line)])


def _sentence(message: str) -> str:
    message = " ".join(message.split())
    return message[:1].upper() + message[1:] if message else message


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _duplicate_question_errors(
    path: Path, data: dict[str, Any], lines: KeyLines
) -> list[BankError]:
    questions = data.get("questions")
    if not isinstance(questions, list):
        return []
    seen: dict[str, int] = {}
    errors: list[BankError] = []
    for index, question in enumerate(questions):
        if not isinstance(question, dict) or not isinstance(question.get("id"), str):
            continue
        qid = question["id"]
        if qid in seen:
            first = seen[qid]
            first_line = lines.line_for(("questions", first, "id"))
            errors.append(
                BankError(
                    path,
                    f"duplicate question id {qid!r}: first used by questions[{first}]"
                    f" at line {first_line}",
                    lines.line_for(("questions", index, "id")),
                    None,
                    f"questions[{index}].id",
                )
            )
        else:
            seen[qid] = index
    return errors


# --------------------------------------------------------------------------- key lines

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)
    return tuple(p.strip("\"'") for p in parts)


class KeyLines:
    """Maps key paths such as ``("questions", 3, "difficulty")`` to their 1-based line.

    A light scan of the TOML text: table headers, arrays of tables and ``key =`` lines, skipping
    the insides of multi-line strings. Good enough to point a person at the right line. The scan
    runs on the first look-up, so a bank without errors never pays for it.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[tuple[Any, ...], int] | None = None

    def _scan(self, text: str) -> dict[tuple[Any, ...], int]:
        lines: dict[tuple[Any, ...], int] = {}
        self._counts: dict[tuple[str, ...], int] = {}
        table: tuple[Any, ...] = ()
        in_string: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if raw.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _HEADER.match(raw)
            if header:
                names = _split_key(header[2])
                if header[1] == "[[":
                    index = self._counts.get(names, 0)
                    self._counts[names] = index + 1
                    table = (*self._resolve(names[:-1]), names[-1], index)
                else:
                    table = self._resolve(names)
                lines.setdefault(table, number)
                continue
            key = _KEY.match(raw)
            if key:
                lines.setdefault((*table, *_split_key(key[1])), number)
                rest = raw[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_string = quote
                        break
        self._lines = lines
        return lines

    def _resolve(self, names: tuple[str, ...]) -> tuple[Any, ...]:
        # ``[questions.extra]`` after ``[[questions]]`` belongs to the latest question.
        out: tuple[Any, ...] = ()
        for i, name in enumerate(names):
            out = (*out, name)
            count = self._counts.get(names[: i + 1], 0)
            if count:
                out = (*out, count - 1)
        return out

    def line_for(self, loc: Sequence[Any]) -> int:
        lines = self._lines if self._lines is not None else self._scan(self._text)
        path = tuple(loc)
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return 1


# --------------------------------------------------------------------------- writing


def dumps_bank(bank: Bank) -> str:
    """A bank as TOML text that :func:`load_bank` reads back to an equal bank."""
    import tomli_w

    data = bank.model_dump(mode="json", exclude_none=True)
    role = data["role"]
    if not role.get("icon"):
        role.pop("icon", None)
    for question in data["questions"]:
        for key in ("tags", "follow_ups"):
            if not question.get(key):
                question.pop(key, None)
    body = tomli_w.dumps(data, multiline_strings=True)
    return f"{SCHEMA_LINE}\n\n{body}"


def write_bank(bank: Bank, path: Path) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of each."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(dumps_bank(bank), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def json_schema() -> dict[str, Any]:
    from preptui.model import Bank

    schema = Bank.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "preptui role bank"
    return schema
