"""Banks whose questions read their bodies from the bank's cache entry, when used.

Pure: no Textual. A cache entry (see :mod:`preptui.banks.cache`) is a header line, the bank as
JSON (the *body*), then a *light* section: for each question its light fields
(:data:`preptui.model.LIGHT_FIELDS`), the length of its answer and tags, where its JSON lies in
the body (start, length, CRC-32) and where its answer and tags lie in that JSON (so search texts
are made without parsing whole questions); and the role's span. :func:`open_entry` builds the
bank from the light section alone: a role validated from its span, and one lazy question
(:meth:`Question.lazy`) per row. The entry stays open; a question's body is read, checked against
its CRC and validated as a whole :class:`Question` (``model_validate_json`` of its span) the first
time one of its body fields is used, and the last few are kept (:data:`KEEP`).

If a body cannot be used (the entry was damaged in place since, a read fails), the bank file is
parsed again and the question taken from it if it is still the same; failing that, a stand-in
with the same light fields says so in its answer, so a screen never fails on it.
"""

from __future__ import annotations

import json
import os
import threading
import weakref
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic_core import from_json, to_json

from preptui.kinds import Difficulty, Kind
from preptui.model import LIGHT_FIELDS, Bank, Question, Role

KEEP = 32  # whole questions kept per bank (the one shown, a mock's questions, recent ones)
CHUNK = 1 << 20  # bytes read at a time when many bodies are read in one pass
_BINARY = getattr(os, "O_BINARY", 0)
_DIFFICULTY = {d.value: d for d in Difficulty}
_KIND = {k.value: k for k in Kind}


def _text(value: object) -> str:
    if type(value) is not str:
        raise ValueError("not a string")
    return value


def _minutes(value: object) -> int | None:
    if value is None or type(value) is int:
        return value
    raise ValueError("not a number of minutes")


#: How each light field is written to the light section and read back from it.
_LIGHT: dict[str, tuple[Callable[[Any], object], Callable[[Any], object]]] = {
    "id": (str, _text),
    "prompt": (str, _text),
    "difficulty": (lambda d: d.value, _DIFFICULTY.__getitem__),
    "kind": (lambda k: k.value, _KIND.__getitem__),
    "minutes": (lambda m: m, _minutes),
}
assert tuple(_LIGHT) == LIGHT_FIELDS, "banks.lazy must write and read every light field"


def _body_chars(question: Question) -> int:
    return len(question.answer) + sum(map(len, question.tags))


def light_of(question: Question) -> dict[str, Any]:
    """The light fields of ``question`` (eager or lazy), as a lazy question holds them."""
    values = question.__dict__
    return {name: values[name] for name in LIGHT_FIELDS}


# --------------------------------------------------------------------------- writing


def entry_parts(bank: Bank) -> tuple[bytes, bytes]:
    """The body (the bank as JSON, which ``Bank.model_validate_json`` reads back to an equal
    bank) and the light section of a cache entry for ``bank`` (a validated, eager bank)."""
    role = bank.role.__pydantic_serializer__.to_json(bank.role)
    head, between = b'{"role":', b',"questions":['
    pieces = [head, role, between]
    at = len(head) + len(role) + len(between)
    rows: list[list[object]] = []
    encoders = [_LIGHT[name][0] for name in LIGHT_FIELDS]
    serialize = Question.__pydantic_serializer__.to_json
    for n, question in enumerate(bank.questions):
        if n:
            pieces.append(b",")
            at += 1
        data = serialize(question)
        pieces.append(data)
        values = question.__dict__
        light = [encode(values[name]) for encode, name in zip(encoders, LIGHT_FIELDS, strict=True)]
        span = [at, len(data), zlib.crc32(data)]
        rows.append([*light, _body_chars(question), *span, *_searched_parts(question, data)])
        at += len(data)
    pieces.append(b"]}")
    section = {"role": [len(head), len(role), zlib.crc32(role)], "questions": rows}
    light_json = json.dumps(section, ensure_ascii=False, separators=(",", ":")).encode()
    return b"".join(pieces), light_json


def _searched_parts(question: Question, data: bytes) -> list[int]:
    """Where the answer's and the tags' JSON lie in ``data``, the question's JSON: (start,
    length) of each (an empty span, which does not parse, if not found)."""
    found: list[int] = []
    for key, value in ((b"answer", question.answer), (b"tags", question.tags)):
        literal = to_json(value)
        at = data.find(b',"' + key + b'":' + literal)  # a key: no string holds a bare quote
        found += [at + len(key) + 4, len(literal)] if at >= 0 else [0, 0]
    return found


# --------------------------------------------------------------------------- reading


def open_entry(
    entry: Path, key: Mapping[str, Any], path: Path, parse: Callable[[Path], Bank]
) -> Bank | None:
    """The bank in cache ``entry`` with lazy questions, if the entry's header holds ``key`` and
    its light section and role are intact; else None (the caller parses ``path`` instead).

    ``parse`` reads ``path`` for real: it rescues a question whose body turns out unusable.
    """
    try:
        fd = os.open(entry, os.O_RDONLY | _BINARY)
    except (OSError, ValueError):
        return None
    try:
        opened = _open(fd, key, path, parse)
    except Exception:  # any problem at all: not used (the bank file is parsed instead)
        opened = None
    if opened is None:
        os.close(fd)
        return None
    bank, bodies = opened
    weakref.finalize(bodies, os.close, fd)  # the bank's bodies own the entry from now on
    return bank


def _open(
    fd: int, key: Mapping[str, Any], path: Path, parse: Callable[[Path], Bank]
) -> tuple[Bank, EntryBodies] | None:
    size = os.fstat(fd).st_size
    line = _first_line(fd)
    header = json.loads(line)
    if not isinstance(header, dict) or header.get("key") != key:
        return None
    body_at, body_length = len(line), header["length"]
    light_length, light_crc = header["light"]["length"], header["light"]["crc32"]
    if not all(type(n) is int for n in (body_length, light_length, light_crc)):
        return None
    if size != body_at + body_length + light_length:
        return None  # truncated or grown: never half-used
    light = _read_at(fd, light_length, body_at + body_length)
    if len(light) != light_length or zlib.crc32(light) != light_crc:
        return None
    section = from_json(light)
    role_start, role_length, role_crc = section["role"]
    role_json = _read_at(fd, role_length, body_at + role_start)
    if zlib.crc32(role_json) != role_crc:
        return None
    role = Role.model_validate_json(role_json)
    rows = section["questions"]
    del light, section
    count = len(LIGHT_FIELDS)
    decoders = [_LIGHT[name][1] for name in LIGHT_FIELDS]
    chars, starts, lengths, crcs = array("I"), array("Q"), array("I"), array("I")
    parts = array("I")  # answer start, length, tags start, length: four per question
    lights: list[dict[str, Any]] = []
    for row in rows:
        if len(row) != count + 8:
            return None
        lights.append(
            {
                name: decode(value)
                for name, decode, value in zip(LIGHT_FIELDS, decoders, row, strict=False)
            }
        )
        chars.append(row[count])
        starts.append(row[count + 1])
        lengths.append(row[count + 2])
        crcs.append(row[count + 3])
        parts.extend(row[count + 4 : count + 8])
    del rows
    if not lights or len({light["id"] for light in lights}) != len(lights):
        return None  # a bank has questions, with unique ids: not an entry written from one
    bodies = EntryBodies(fd, body_at, (starts, lengths, crcs, chars, parts), path, parse)
    questions = [Question.lazy(light, bodies, i) for i, light in enumerate(lights)]
    return Bank.model_construct(role=role, questions=questions), bodies


def _first_line(fd: int) -> bytes:
    """The header line, with its newline; ValueError if there is none."""
    chunks: list[bytes] = []
    at = 0
    while True:
        chunk = _read_at(fd, 64 * 1024, at)
        if not chunk:
            raise ValueError("no header line")
        end = chunk.find(b"\n")
        if end >= 0:
            chunks.append(chunk[: end + 1])
            return b"".join(chunks)
        chunks.append(chunk)
        at += len(chunk)


_SEEK_LOCK = threading.Lock()  # for systems without os.pread (seek and read are one step)


def _read_at(fd: int, length: int, offset: int) -> bytes:
    pread = getattr(os, "pread", None)
    if pread is not None:
        data: bytes = pread(fd, length, offset)
        return data
    with _SEEK_LOCK:
        os.lseek(fd, offset, os.SEEK_SET)
        return os.read(fd, length)


class EntryBodies:
    """The bodies of one bank's lazy questions, in its open cache entry (a QuestionSource).

    Thread-safe: questions may be read from a worker thread (a search index being built) while
    the UI thread shows one. The entry's descriptor is closed when the bank is dropped (by
    :func:`open_entry`, which gives it to the bank).
    """

    def __init__(
        self,
        fd: int,
        body_at: int,
        spans: tuple[array[int], array[int], array[int], array[int], array[int]],
        path: Path,
        parse: Callable[[Path], Bank],
    ) -> None:
        """``spans``: each question's start, length and CRC-32 in the body, the length of its
        answer and tags, and (four a question) where its answer and tags lie in its JSON."""
        self._fd = fd
        self._body_at = body_at
        self._starts, self._lengths, self._crcs, self._chars, self._parts = spans
        self._path = path
        self._parse = parse
        self._lock = threading.Lock()
        self._recent: OrderedDict[int, Question] = OrderedDict()
        self._rescued: dict[str, Question] | None = None
        self.reads = 0  # bodies read one at a time (for tests: what was read, not how fast)

    def __len__(self) -> int:
        return len(self._starts)

    def whole(self, index: int, light: Mapping[str, Any]) -> Question:
        with self._lock:
            found = self._recent.get(index)
            if found is not None:
                self._recent.move_to_end(index)
                return found
        question = self._read(index, light)
        with self._lock:
            self._recent[index] = question
            while len(self._recent) > KEEP:
                self._recent.popitem(last=False)
        return question

    def body_chars(self, index: int) -> int:
        return self._chars[index]

    def search_parts(self, indices: Sequence[int]) -> list[tuple[str, str] | None]:
        # One tight loop (10,000 questions in a few tens of ms): the body is read a window at a
        # time, each question's JSON checked against its CRC, and only its answer's and tags'
        # JSON parsed.
        found: list[tuple[str, str] | None] = []
        starts, lengths, crcs, where = self._starts, self._lengths, self._crcs, self._parts
        body_at, crc32 = self._body_at, zlib.crc32
        window, window_at, window_end = b"", -1, -1
        for index in indices:
            at, length = body_at + starts[index], lengths[index]
            if not (window_at <= at and at + length <= window_end):
                window = self._read_at(max(CHUNK, length), at)
                window_at, window_end = at, at + len(window)
            start = at - window_at
            answer_at = start + where[4 * index]
            tags_at = start + where[4 * index + 2]
            try:
                if crc32(memoryview(window)[start : start + length]) != crcs[index]:
                    raise ValueError("damaged")
                answer = from_json(window[answer_at : answer_at + where[4 * index + 1]])
                tags = from_json(window[tags_at : tags_at + where[4 * index + 3]])
                if type(answer) is not str or type(tags) is not list:
                    raise ValueError("not an answer and tags")
                found.append((answer, " ".join(tags)))  # TypeError: a tag that is no string
            except (ValueError, TypeError):  # the question reads its own body instead
                found.append(None)
        return found

    # ------------------------------------------------------------------ internals

    def _read_at(self, length: int, offset: int) -> bytes:
        try:
            return _read_at(self._fd, length, offset)
        except OSError:
            return b""

    def _read(self, index: int, light: Mapping[str, Any]) -> Question:
        self.reads += 1
        length = self._lengths[index]
        data = self._read_at(length, self._body_at + self._starts[index])
        if len(data) == length and zlib.crc32(data) == self._crcs[index]:
            try:
                question = Question.model_validate_json(data)
            except ValueError:
                pass
            else:
                if light_of(question) == light:
                    return question
        return self._rescue(light)

    def _rescue(self, light: Mapping[str, Any]) -> Question:
        """The question from the bank file itself, if it still holds it unchanged."""
        with self._lock:
            if self._rescued is None:
                try:
                    bank = self._parse(self._path)
                except Exception:  # the file is gone or broken now: nothing to rescue from
                    self._rescued = {}
                else:
                    self._rescued = {q.id: q.whole() for q in bank.questions}
            found = self._rescued.get(light["id"])
        if found is not None and light_of(found) == light:
            return found
        return _stand_in(light, self._path)


def _stand_in(light: Mapping[str, Any], path: Path) -> Question:
    """A question with these light fields whose answer says its body could not be read."""
    return Question.model_validate(
        {
            **light,
            "answer": (
                "This question's answer could not be read: preptui's cached copy of the bank "
                f"is damaged, and {path} has changed since it was loaded. "
                "Restart preptui to load the bank again."
            ),
            "key_points": ["The answer could not be read.", "Restart preptui to load it again."],
        }
    )
