"""Loading bank files: read, parse TOML, validate; one bad bank never stops the others."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from preptui.banks.discover import Origin, default_sources
from preptui.banks.errors import BankError, BankLoadError, fail, loc_text, sentence
from preptui.banks.lines import KeyLines

# The result types live apart (re-exported here), so the first frame loads none of this module.
from preptui.banks.loaded import LoadedBank as LoadedBank
from preptui.banks.loaded import LoadResult as LoadResult

if TYPE_CHECKING:
    from preptui.banks.cache import BankCache, BankSummary
    from preptui.model import Bank


MAX_BANK_BYTES = 32 * 1024 * 1024


def read_text(path: Path) -> str:
    """Read a bank file as text, or raise :class:`BankLoadError` with a clear one-line reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BANK_BYTES:
            mib = size / 1024 / 1024
            limit = MAX_BANK_BYTES // 1024 // 1024
            raise fail(path, f"file is too large ({mib:.1f} MiB; the limit is {limit} MiB)")
        data = path.read_bytes()
    except FileNotFoundError:
        broken = path.is_symlink()
        raise fail(path, "a broken link" if broken else "no such file") from None
    except IsADirectoryError:
        raise fail(path, _folder_problem(path)) from None
    except PermissionError:
        if _is_folder(path):
            raise fail(path, _folder_problem(path)) from None
        raise fail(path, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise fail(path, f"cannot read the file: {exc.strerror or exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is harmless: accept it
    if not data.strip():
        raise fail(path, "the file is empty", line=1)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise fail(path, "not a text file (it contains NUL bytes)", line=line)
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


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _folder_problem(path: Path) -> str:
    """Why a folder given as a bank cannot be used: unreadable, or just not a file."""
    import os

    try:
        with os.scandir(path):
            pass
    except PermissionError:
        return "cannot read the folder: permission denied"
    except OSError as exc:
        return f"cannot read the folder: {exc.strerror or exc}"
    return "is a folder, not a bank file"


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
            [BankError(path, f"TOML syntax: {sentence(message)}", line, column)]
        ) from None
    except RecursionError:
        raise fail(path, "TOML nesting is too deep") from None
    except MemoryError:
        raise fail(path, "the file is too large to parse") from None


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
            message = sentence(err["msg"].removeprefix("Value error, "))
            if err["type"] == "missing":
                message = "required key is missing"
            elif err["type"] == "string_pattern_mismatch" and loc and loc[-1] == "id":
                message = (
                    f"{err['input']!r} is not a valid id: use lowercase letters, digits and "
                    "hyphens, e.g. 'ml-engineer'"
                )
            elif err["type"] == "control_character":
                message = err["msg"]  # "control character U+001B", as the person will search it
            elif err["type"] == "extra_forbidden":
                message = "unknown key (not part of the bank format)"
            errors.append(BankError(path, message, lines.line_for(loc), None, loc_text(loc)))
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
        from preptui.banks.cache import BankCache

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
    collecting = gc.isenabled()
    gc.disable()  # see _settle: no collection walks the half-loaded banks again and again
    try:
        return _load_banks(list(sources), cache, progress)
    finally:
        _settle(collecting)


def _settle(collecting: bool) -> None:
    """Keep the cyclic collector off the loaded banks, then let it run again.

    A bank of 10,000 questions is a few million objects that live as long as the program. Every
    full collection would walk all of them: ~300 ms at 100,000 questions, landing on whatever
    key happens to be pressed, and during loading itself collections triggered by the new
    objects make it slower than linear. So the collector is off while banks load, and at the
    end ``gc.freeze()`` moves every object alive then (the banks, and whatever else the program
    holds by now) to the permanent generation, which collections never visit. This is the end
    of the whole load: called once per load_banks, after its last file, from whichever thread
    loads (a reload freezes the new banks; the replaced ones stay frozen, as garbage that is not
    cyclic is still freed by reference counting).
    """
    gc.freeze()
    if collecting:
        gc.enable()


def _load_banks(
    sources: list[tuple[Path, Origin]],
    cache: BankCache | bool,
    progress: Callable[[int, int, LoadResult], None] | None,
) -> LoadResult:
    result = LoadResult()
    first_seen: dict[str, LoadedBank] = {}
    store = _cache(cache)
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
            result.errors.append(_duplicate_role(path, role_id, first_seen[role_id].path))
            continue
        loaded = LoadedBank(bank, path, origin)
        first_seen[role_id] = loaded
        result.banks.append(loaded)
    if progress is not None:
        progress(len(sources), len(sources), result)
    return result


def load_default(extra: Iterable[Path] = (), cache: BankCache | bool = True) -> LoadResult:
    return load_banks(default_sources(extra), cache=cache)


@dataclass(frozen=True)
class ListedBank:
    """A bank as ``preptui list`` shows it: its summary, where it came from."""

    summary: BankSummary
    path: Path
    origin: Origin


@dataclass
class ListResult:
    banks: list[ListedBank] = field(default_factory=list)
    errors: list[BankError] = field(default_factory=list)


def list_banks(
    sources: Iterable[tuple[Path, Origin]], cache: BankCache | None = None
) -> ListResult:
    """The summaries of every source, with the same errors and duplicate rule as
    :func:`load_banks`; an unchanged file's summary comes from its cache entry's header, so no
    question is built (a changed or new file is loaded, and cached, as load_banks does)."""
    from preptui.banks.cache import BankCache

    store = cache if cache is not None else BankCache()
    result = ListResult()
    first_seen: dict[str, ListedBank] = {}
    for path, origin in sources:
        try:
            summary = store.summary(path, _parse_bank)
        except BankLoadError as exc:
            result.errors.extend(exc.errors)
            continue
        if summary.role_id in first_seen:
            result.errors.append(
                _duplicate_role(path, summary.role_id, first_seen[summary.role_id].path)
            )
            continue
        listed = ListedBank(summary, path, origin)
        first_seen[summary.role_id] = listed
        result.banks.append(listed)
    return result


def _duplicate_role(path: Path, role_id: str, other: Path) -> BankError:
    line = KeyLines(read_text(path)).line_for(("role", "id"))
    return BankError(
        path,
        f"duplicate role id {role_id!r}: already loaded from {other}; skipped",
        line,
        None,
        "role.id",
    )


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
