"""A validated on-disk cache of parsed bank files, so a warm start skips TOML parsing.

Pure: no Textual. Each bank file that loads cleanly gets one cache entry under
``paths.cache_dir()`` (the platform's user cache folder; entries left in the data folder by
older versions are moved there): a one-line JSON header, a newline, the bank as JSON (the body),
then a light section (:mod:`preptui.banks.lazy`: each question's light fields and where its JSON
lies in the body). The entry is used only if its header matches the file exactly as it is now:

* the file's absolute path, size, ``mtime_ns``, ``ctime_ns``, inode and device;
* the preptui version, a hash of the bank JSON Schema and of the model source (a model change
  invalidates every entry);
* the length and CRC-32 of the body and of the light section, and the entry's size (a truncated
  or damaged entry is never half-used); each question's and the role's JSON has its own CRC-32.

The header also holds the bank's summary (role id, title and icon, question count, tags), taken
from the validated bank when the entry was written: :meth:`BankCache.summary` reads that line
only, so ``preptui list`` never builds the question objects of an unchanged file.

A bank is read back from its entry with lazy questions (:func:`preptui.banks.lazy.open_entry`):
the role is validated (``Role.model_validate_json``), each question holds its light fields, and
its body (answer, key points, tip, tags, follow-ups, solution) is read from the entry, checked
against its CRC and validated as a whole question when it is first used. So 100,000 questions
take tens of MB, not hundreds, and a bank loads in milliseconds. A freshly parsed bank is read
back the same way once its entry is written, so a cold start ends with the same compact banks.

Any problem with an entry (missing, stale, truncated, corrupt, unreadable, invalid) quietly
falls back to parsing the TOML, and the entry is rewritten atomically (temporary file +
``os.replace``; an entry is never changed in place, so one that is open stays as it was read).
Errors are never cached: a bad bank is parsed every time, so its messages stay exact, and its
old entry is removed.

A file modified less than :data:`RACY_SECONDS` ago is not cached yet: a second edit within the
same timestamp tick could keep its size and mtime, the way git's "racily clean" index entries can.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from preptui import __version__, paths

if TYPE_CHECKING:
    from preptui.model import Bank

CACHE_FORMAT = 3  # 2: the header holds the bank summary; 3: a light section (lazy)
RACY_SECONDS = 2.0
_PREFIX = "bank-"
_SUFFIX = ".json"


def default_dir() -> Path:
    """:func:`preptui.paths.cache_dir`, after moving entries left in the old place (once)."""
    directory = paths.cache_dir()
    legacy = paths.legacy_cache_dir()
    if legacy != directory and legacy.is_dir():
        _move_legacy(legacy, directory)
    return directory


def _move_legacy(legacy: Path, directory: Path) -> None:
    """Move cache entries from the data folder to the cache folder (best effort, never raises).

    Only this cache's own files are touched: ``bank-*.json`` entries are moved (they stay valid:
    their key names the bank file, not the cache folder), leftover temporary files are removed,
    and the old folder is removed once empty. Anything else in it is left alone.
    """
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        for item in legacy.iterdir():
            name = item.name
            if item.is_symlink() or not item.is_file():
                continue
            if name.startswith(_PREFIX) and name.endswith(_SUFFIX):
                with contextlib.suppress(OSError):
                    if (directory / name).exists():
                        item.unlink()
                    else:
                        os.replace(item, directory / name)
            elif name.startswith(f".{_PREFIX}") and name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    item.unlink()
        legacy.rmdir()  # only if empty: OSError otherwise, suppressed


@functools.cache
def model_fingerprint() -> str:
    """A hash of the bank JSON Schema and the model source: changes whenever the format does."""
    from preptui import kinds, model

    digest = hashlib.sha256()
    schema = model.Bank.model_json_schema()
    digest.update(json.dumps(schema, sort_keys=True, ensure_ascii=False).encode())
    for module in (model, kinds):
        with contextlib.suppress(OSError, TypeError):
            digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class BankSummary:
    """What listing a bank shows, without its questions: from the cache header or the bank."""

    role_id: str
    title: str
    icon: str
    questions: int
    tags: tuple[str, ...]

    @classmethod
    def of(cls, bank: Bank) -> BankSummary:
        tags = sorted({tag for q in bank.questions for tag in q.tags})
        role = bank.role
        return cls(role.id, role.title, role.icon, len(bank.questions), tuple(tags))

    def as_dict(self) -> dict[str, Any]:
        return {
            "role_id": self.role_id,
            "title": self.title,
            "icon": self.icon,
            "questions": self.questions,
            "tags": list(self.tags),
        }

    @classmethod
    def from_dict(cls, data: object) -> BankSummary | None:
        """The summary a header holds; None if it is not exactly one (then the bank is read)."""
        if not isinstance(data, dict):
            return None
        role_id, title, icon = data.get("role_id"), data.get("title"), data.get("icon")
        count, tags = data.get("questions"), data.get("tags")
        if not (
            isinstance(role_id, str)
            and isinstance(title, str)
            and isinstance(icon, str)
            and isinstance(count, int)
            and not isinstance(count, bool)
            and isinstance(tags, list)
            and all(isinstance(t, str) for t in tags)
        ):
            return None
        return cls(role_id, title, icon, count, tuple(tags))


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    writes: int = 0
    write_errors: int = 0


class BankCache:
    """Load bank files through a validated cache; see the module docstring for the rules."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_dir()
        self.stats = CacheStats()

    # ------------------------------------------------------------------ public

    def load(self, path: Path, parse: Callable[[Path], Bank]) -> Bank:
        """The bank in ``path``: from the cache if its entry is valid, else from ``parse(path)``.

        ``parse`` is the real loader; whatever it raises propagates unchanged.
        """
        absolute = Path(os.path.abspath(path))
        entry = self.entry_path(absolute)
        key = self._key(absolute)
        if key is not None:
            bank = self._open(entry, key, path, parse)
            if bank is not None:
                self.stats.hits += 1
                return bank
        writes = self.stats.writes
        bank = self._parse(path, absolute, entry, key, parse)
        if key is not None and self.stats.writes > writes:
            # Read back from the entry just written: the same bank, held compactly.
            return self._open(entry, key, path, parse) or bank
        return bank

    def summary(self, path: Path, parse: Callable[[Path], Bank]) -> BankSummary:
        """The summary of the bank in ``path``, from its entry's header line alone when it is
        valid; else the bank is loaded as :meth:`load` does (and its entry written)."""
        absolute = Path(os.path.abspath(path))
        entry = self.entry_path(absolute)
        key = self._key(absolute)
        if key is not None:
            found = self._read_summary(entry, key)
            if found is not None:
                self.stats.hits += 1
                return found
        return BankSummary.of(self._parse(path, absolute, entry, key, parse))

    def _parse(
        self,
        path: Path,
        absolute: Path,
        entry: Path,
        key: dict[str, Any] | None,
        parse: Callable[[Path], Bank],
    ) -> Bank:
        self.stats.misses += 1
        try:
            bank = parse(path)
        except BaseException:
            self._remove(entry)  # errors are never cached
            raise
        if key is not None and not _racy(key) and self._key(absolute) == key:
            self._write(entry, key, bank)
        return bank

    def entry_path(self, path: Path) -> Path:
        name = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:32]
        return self.directory / f"{_PREFIX}{name}{_SUFFIX}"

    def clear(self) -> None:
        """Remove every entry (and stray temporary files) of this cache."""
        with contextlib.suppress(OSError):
            for item in self.directory.iterdir():
                if item.name.startswith(_PREFIX) or item.name.startswith(f".{_PREFIX}"):
                    with contextlib.suppress(OSError):
                        item.unlink()

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _key(path: Path) -> dict[str, Any] | None:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return None
        return {
            "format": CACHE_FORMAT,
            "version": __version__,
            "model": model_fingerprint(),
            "path": str(path),
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
            "ctime_ns": st.st_ctime_ns,
            "ino": st.st_ino,
            "dev": st.st_dev,
        }

    @staticmethod
    def _open(
        entry: Path, key: dict[str, Any], path: Path, parse: Callable[[Path], Bank]
    ) -> Bank | None:
        from preptui.banks.lazy import open_entry

        return open_entry(entry, key, path, parse)

    def _read_summary(self, entry: Path, key: dict[str, Any]) -> BankSummary | None:
        try:
            with open(entry, "rb") as handle:
                line = handle.readline()
            header = json.loads(line)
            if not isinstance(header, dict) or header.get("key") != key:
                return None
            return BankSummary.from_dict(header.get("summary"))
        except Exception:  # any problem at all: read the bank instead
            return None

    def _write(self, entry: Path, key: dict[str, Any], bank: Bank) -> None:
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
        try:
            from preptui.banks.lazy import entry_parts

            body, light = entry_parts(bank)
            header = {
                "key": key,
                "length": len(body),
                "crc32": zlib.crc32(body),
                "summary": BankSummary.of(bank).as_dict(),
                "light": {"length": len(light), "crc32": zlib.crc32(light)},
            }
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as handle:
                handle.write(json.dumps(header, ensure_ascii=True).encode() + b"\n")
                handle.write(body)
                handle.write(light)
            os.replace(tmp, entry)
            self.stats.writes += 1
        except Exception:  # a cache that cannot be written is only slower
            self.stats.write_errors += 1
            with contextlib.suppress(OSError):
                tmp.unlink()

    @staticmethod
    def _remove(entry: Path) -> None:
        with contextlib.suppress(OSError):
            entry.unlink()


def _racy(key: dict[str, Any]) -> bool:
    """Was the file modified so recently that another same-size edit could keep its mtime?"""
    age = time.time_ns() - max(int(key["mtime_ns"]), int(key["ctime_ns"]))
    return age < RACY_SECONDS * 1e9
