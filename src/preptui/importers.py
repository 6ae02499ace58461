"""Import interview questions from Markdown Q&A collections and CSV/TSV files (Anki exports too).

Pure: no Textual, nothing written. :func:`import_file` reads one file, picks the format from its
extension and content, and returns an :class:`ImportReport` whose bank always validates. Every
problem that stops an import is an :class:`ImportFailed` with a one-line reason.

Files written by :mod:`preptui.exporters` carry a marker (``<!-- preptui-export v1 -->`` in
Markdown, ``#preptui-export:v1`` in CSV) and are read back exactly; everything else goes through
heuristics that handle the layouts community collections use.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from preptui.model import Bank, Difficulty, Format, Kind, Question, Role
from preptui.slugs import SLUG_PATTERN

MAX_IMPORT_BYTES = 32 * 1024 * 1024
MAX_QUESTIONS = 20_000
KEY_POINT_CHARS = 200
MAX_DERIVED_KEY_POINTS = 6
ID_CHARS = 50
TAG_CHARS = 40
DEFAULT_MINUTES = 60
DEFAULT_ROUNDS = "Imported questions"
MIX_TOTAL = 8

FileFormat = Literal["markdown", "csv"]

# The layout written by preptui.exporters; the exporter imports these so both sides agree.
MD_EXPORT_MARKER = "<!-- preptui-export v1 -->"
MD_ROLE_PREFIX = "<!-- preptui-role"
MD_QUESTION_PREFIX = "<!-- preptui-question"
MD_ANSWER_BEGIN = "<!-- answer -->"
MD_ANSWER_END = "<!-- /answer -->"
MD_PROMPT_BEGIN = "<!-- prompt -->"
MD_PROMPT_END = "<!-- /prompt -->"
MD_FORMAT_LABEL = "**Format:**"
MD_TIPS_HEADING = "## Tips"
MD_QUESTIONS_HEADING = "## Questions"
MD_KEY_POINTS_LABEL = "**Key points**"
MD_FOLLOW_UPS_LABEL = "**Follow-ups**"
MD_TIP_LABEL = "**Tip:**"
MD_TAGS_LABEL = "**Tags:**"
MD_META_SEPARATOR = " · "
MD_QUESTION_FIELDS = (
    "prompt",
    "difficulty",
    "kind",
    "minutes",
    "answer",
    "key_points",
    "tip",
    "tags",
    "follow_ups",
)
CSV_EXPORT_HEADER = "#preptui-export:v1"
CSV_ROLE_KEY = "preptui-role"
CSV_COLUMNS = (
    "id",
    "prompt",
    "difficulty",
    "kind",
    "answer",
    "key_points",
    "tip",
    "tags",
    "minutes",
    "follow_ups",
)


class ImportFailed(Exception):
    """A file cannot be imported. ``str(exc)`` is a one-line reason; ``path`` names the file."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass
class ImportReport:
    """The imported bank and what happened on the way."""

    bank: Bank
    imported: int
    skipped: list[tuple[str, str]] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)

    def summary(self, *, max_skipped: int = 10) -> str:
        role = self.bank.role
        lines = [
            f"Imported {_plural(self.imported, 'question')} into role {role.id!r} ({role.title})."
        ]
        if self.skipped:
            reasons = Counter(reason for _, reason in self.skipped)
            counts = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
            lines.append(f"Skipped {_plural(len(self.skipped), 'question')} ({counts}):")
            for text, reason in self.skipped[:max_skipped]:
                lines.append(f"  - {_shorten(text, 72)} ({reason})")
            if len(self.skipped) > max_skipped:
                lines.append(f"  … and {len(self.skipped) - max_skipped} more")
        if self.defaults:
            lines.append("Defaults applied:")
            lines.extend(f"  - {note}" for note in self.defaults)
        return "\n".join(lines)


# --------------------------------------------------------------------------- files


def import_file(
    path: Path, *, role_id: str | None = None, title: str | None = None
) -> ImportReport:
    """Import a Markdown or CSV/TSV file; raise :class:`ImportFailed` if it cannot be used."""
    path = Path(path)
    text = read_import_text(path)
    try:
        fmt = sniff_format(path, text)
        if fmt == "markdown":
            return import_markdown(text, role_id=role_id, title=title, source=path.name)
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else None
        return import_csv(
            text, role_id=role_id, title=title, source=path.name, prefer_delimiter=delimiter
        )
    except ImportFailed as exc:
        exc.path = path
        raise


def read_import_text(path: Path) -> str:
    """The text of a file to import: UTF-8 (a BOM is fine) or UTF-16 with a BOM."""
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
        return decode_import_bytes(data)
    except ImportFailed as exc:
        exc.path = path
        raise


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


def decode_import_bytes(data: bytes) -> str:
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
        if not text.strip():
            raise ImportFailed("the file is empty")
        return text
    if not data.strip():
        raise ImportFailed("the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ImportFailed(f"binary file ({what}), not Markdown or CSV text")
    if b"\x00" in data:
        raise ImportFailed("binary file (it contains NUL bytes), not Markdown or CSV text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFailed(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); save the file as UTF-8"
        ) from None
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 20):
        raise ImportFailed("binary file (it is mostly control characters), not Markdown or CSV")
    if not text.strip():
        raise ImportFailed("the file is empty")
    return text


_MD_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
_CSV_SUFFIXES = {".csv", ".tsv", ".tab"}


def sniff_format(path: Path, text: str) -> FileFormat:
    """Markdown or CSV, from the file's marker, extension and content."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(MD_EXPORT_MARKER):
        return "markdown"
    if _ANKI_HEADER.match(head.split("\n", 1)[0].rstrip("\r")):
        return "csv"
    suffix = path.suffix.lower()
    if suffix in _MD_SUFFIXES:
        return "markdown"
    if suffix in _CSV_SUFFIXES:
        return "csv"
    looks_csv = _looks_like_csv(text)
    if suffix == ".txt":
        return "markdown" if not looks_csv and _looks_like_markdown(text) else "csv"
    if _looks_like_markdown(text):
        return "markdown"
    if looks_csv:
        return "csv"
    where = f" ({suffix})" if suffix else ""
    raise ImportFailed(
        f"unknown format{where}: expected Markdown (.md) or CSV/TSV (.csv, .tsv, .txt)"
    )


def _looks_like_markdown(text: str) -> bool:
    return bool(re.search(r"(?m)^ {0,3}(?:#{1,6}[ \t]+\S|(?:\*\*|__)\S.*(?:\*\*|__))", text))


def _looks_like_csv(text: str) -> bool:
    _, body = _split_anki_headers(text)
    score = _best_delimiter(body)[1]
    return score[0] > 0 or (score[1] >= 0.8 and score[3] >= 2 and score[4] >= 2)


# --------------------------------------------------------------------------- shared helpers


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def slugify(text: str, max_len: int = ID_CHARS) -> str:
    """An ASCII slug (``[a-z0-9-]``) of at most ``max_len`` characters, cut at a hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['`]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return _cut_slug(slug, max_len)


def _cut_slug(slug: str, max_len: int) -> str:
    if len(slug) <= max_len:
        return slug
    cut = slug[:max_len]
    if slug[max_len] != "-":
        hyphen = cut.rfind("-")
        if hyphen > max_len // 2:
            cut = cut[:hyphen]
    return cut.strip("-")


def _tag(text: str) -> str:
    """A tag from a section heading: lower case, words joined by hyphens, unicode kept."""
    text = _strip_numbering(_plain(text))
    slug = re.sub(r"[\W_]+", "-", text.casefold()).strip("-")
    return _cut_slug(slug, TAG_CHARS)


def _valid_slug(value: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, value) is not None


def _humanise(stem: str) -> str:
    words = " ".join(re.sub(r"[_-]+", " ", stem).split())
    return words[:1].upper() + words[1:] if words else ""


_CODE_SPAN = re.compile(r"(`+)(.{1,1000}?)\1", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def _plain(text: str) -> str:
    """Inline Markdown and HTML simplified to plain text on one line."""
    parts: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_plain_inline(text[last : match.start()]))
        parts.append(match[2].strip())
        last = match.end()
    parts.append(_plain_inline(text[last:]))
    return " ".join("".join(parts).split())


def _plain_inline(text: str) -> str:
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<((?:https?|ftp|mailto):[^>\s]+)>", r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = html.unescape(text)
    text = re.sub(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.{1,500}?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w])_(?=\S)(.{1,500}?)(?<=\S)_(?![\w])", r"\1", text)
    return re.sub(r"~~(?=\S)(.{1,500}?)(?<=\S)~~", r"\1", text)


def _trim(text: str, limit: int = KEY_POINT_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


# --------------------------------------------------------------------------- question drafts

_DIFFICULTIES: dict[str, Difficulty] = {
    **dict.fromkeys(
        ("easy", "e", "beginner", "basic", "junior", "simple", "low", "1", "👶"), Difficulty.EASY
    ),
    **dict.fromkeys(
        ("medium", "med", "m", "intermediate", "moderate", "normal", "mid", "average", "2", "⭐"),
        Difficulty.MEDIUM,
    ),
    **dict.fromkeys(
        ("hard", "h", "difficult", "advanced", "expert", "senior", "high", "3", "🚀"),
        Difficulty.HARD,
    ),
}

_KINDS: dict[str, Kind] = {
    **dict.fromkeys(
        ("technical", "tech", "theory", "theoretical", "concept", "conceptual", "knowledge"),
        Kind.TECHNICAL,
    ),
    **dict.fromkeys(
        (
            "behavioural",
            "behavioral",
            "behaviour",
            "behavior",
            "hr",
            "soft skills",
            "culture",
            "culture fit",
            "personal",
        ),
        Kind.BEHAVIOURAL,
    ),
    **dict.fromkeys(
        ("scenario", "situational", "case", "case study", "troubleshooting"), Kind.SCENARIO
    ),
    **dict.fromkeys(
        ("coding", "code", "programming", "algorithm", "algorithms", "live coding", "leetcode"),
        Kind.CODING,
    ),
    **dict.fromkeys(
        ("system design", "systemdesign", "design", "architecture"), Kind.SYSTEM_DESIGN
    ),
}

_BEHAVIOURAL = re.compile(
    r"^(?:tell (?:me|us) about (?:a |an |the )?(?:time|situation|occasion|moment)"
    r"|describe (?:a |an )?(?:time|situation|occasion|moment)"
    r"|give (?:me |us )?an example of (?:a |an )?(?:time|situation)"
    r"|talk (?:me |us )?(?:about|through) a (?:time|situation)"
    r"|walk (?:me|us) through a (?:time|situation)"
    r"|have you ever\b)",
    re.I,
)

_PLACEHOLDER = re.compile(
    r"^(?:answers? (?:here|goes here|to be added|coming soon)|todo|to ?do|tbd|tba|wip"
    r"|work in progress|coming soon|to be (?:added|done|written)|n/?a|none|no answer(?: yet)?"
    r"|\.{3}|…|[-—–?]+)[.!]*$",
    re.I,
)
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")
_LINK_FILLER = re.compile(
    r"\b(?:see|here|link|links|answer|read|more|details|at|the|this|article|post|blog|in|on"
    r"|refer|to|check|out|source|reference|references|video|docs|documentation)\b",
    re.I,
)


def _parse_difficulty(raw: str) -> Difficulty | None:
    key = raw.replace("\ufe0f", "").replace("\u200d", "").strip().casefold()
    return _DIFFICULTIES.get(key)


def _parse_kind(raw: str) -> Kind | None:
    key = " ".join(re.sub(r"[_-]+", " ", raw).split()).casefold()
    return _KINDS.get(key)


def _guess_kind(prompt: str) -> Kind:
    return Kind.BEHAVIOURAL if _BEHAVIOURAL.match(_plain(prompt)) else Kind.TECHNICAL


def _is_only_link(answer: str) -> bool:
    if re.search(r"!\[[^\]]*\]\(|<img\b", answer, re.I):
        return False  # a diagram is an answer
    links = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal links
        links += 1
        return " "

    rest = re.sub(r"\[[^\]]*\]\([^)]*\)", drop, answer)
    rest = re.sub(r"<(?:https?|ftp)://[^>]+>", drop, rest)
    rest = re.sub(r"<a\s[^>]*href=[^>]*>.*?</a>", drop, rest, flags=re.I | re.S)
    rest = _URL.sub(drop, rest)
    rest = _LINK_FILLER.sub(" ", _HTML_TAG.sub(" ", rest))
    return links > 0 and not re.search(r"\w", rest)


@dataclass
class _Draft:
    prompt: str
    answer: str
    difficulty: str | None = None
    kind: str | None = None
    key_points: list[str] | None = None
    tip: str | None = None
    tags: list[str] = field(default_factory=list)
    minutes: str | int | None = None
    follow_ups: list[str] = field(default_factory=list)
    id: str | None = None
    label: str = ""


class _Collector:
    """Turns drafts into valid questions, skipping what cannot be used and counting defaults.

    ``exact`` is for preptui's own exports: no heuristic skips (placeholder answers, links,
    repeated prompts) and no clean-up, so valid values pass through unchanged.
    """

    def __init__(self, *, exact: bool = False) -> None:
        self.exact = exact
        self.questions: list[Question] = []
        self.skipped: list[tuple[str, str]] = []
        self._ids: set[str] = set()
        self._prompts: set[str] = set()
        self._no_difficulty = 0
        self._bad_difficulty: Counter[str] = Counter()
        self._no_kind: Counter[Kind] = Counter()
        self._bad_kind: Counter[str] = Counter()
        self._derived = 0
        self._too_many_points = 0
        self._too_many_follow_ups = 0
        self._too_many_tags = 0
        self._bad_minutes: Counter[str] = Counter()
        self._bad_ids: Counter[str] = Counter()

    def add(self, draft: _Draft) -> None:
        prompt = draft.prompt.strip()
        answer = draft.answer.strip()
        label = prompt or draft.label or "(untitled)"
        if not prompt:
            self.skipped.append((label, "no question text"))
            return
        if len(self.questions) >= MAX_QUESTIONS:
            self.skipped.append((label, f"more than {MAX_QUESTIONS} questions"))
            return
        if not answer or (not self.exact and _PLACEHOLDER.match(_plain(answer))):
            self.skipped.append((label, "no answer"))
            return
        if not self.exact and _is_only_link(answer):
            self.skipped.append((label, "answer is only a link"))
            return
        prompt_key = " ".join(_plain(prompt).casefold().split()).rstrip("?.!: ")
        if not self.exact and prompt_key in self._prompts:
            self.skipped.append((label, "duplicate question"))
            return

        key_points = [p.strip() for p in draft.key_points or [] if p.strip()]
        if len(key_points) < 2:
            key_points = derive_key_points(prompt, answer)
            self._derived += 1
        elif len(key_points) > 8:
            key_points = key_points[:8]
            self._too_many_points += 1
        tags = [t.strip()[:TAG_CHARS].strip() for t in draft.tags if t.strip()]
        if not self.exact:
            tags = list(dict.fromkeys(tags))
        if len(tags) > 20:
            tags = tags[:20]
            self._too_many_tags += 1
        follow_ups = [f.strip() for f in draft.follow_ups if f.strip()]
        if len(follow_ups) > 5:
            follow_ups = follow_ups[:5]
            self._too_many_follow_ups += 1
        tip = (draft.tip or "").strip() or None
        try:
            question = Question(
                id=self._question_id(draft.id, prompt),
                prompt=prompt,
                difficulty=self._difficulty(draft.difficulty),
                kind=self._kind(draft.kind, prompt),
                answer=answer,
                key_points=key_points,
                tip=tip,
                tags=tags,
                minutes=self._minutes(draft.minutes),
                follow_ups=follow_ups,
            )
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in error["loc"])
            self.skipped.append((label, f"invalid {where}: {error['msg']}"))
            return
        self._ids.add(question.id)
        self._prompts.add(prompt_key)
        self.questions.append(question)

    def _question_id(self, raw: str | None, prompt: str) -> str:
        raw = (raw or "").strip()
        if raw and _valid_slug(raw) and raw not in self._ids:
            return raw
        if raw:
            self._bad_ids[raw] += 1
        base = slugify(_plain(prompt)) or "question"
        candidate, n = base, 1
        while candidate in self._ids:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _difficulty(self, raw: str | None) -> Difficulty:
        if raw is None or not raw.strip():
            self._no_difficulty += 1
            return Difficulty.MEDIUM
        parsed = _parse_difficulty(raw)
        if parsed is None:
            self._bad_difficulty[raw.strip()] += 1
            return Difficulty.MEDIUM
        return parsed

    def _kind(self, raw: str | None, prompt: str) -> Kind:
        if raw is not None and raw.strip():
            parsed = _parse_kind(raw)
            if parsed is not None:
                return parsed
            self._bad_kind[raw.strip()] += 1
        guess = _guess_kind(prompt)
        self._no_kind[guess] += 1
        return guess

    def _minutes(self, raw: str | int | None) -> int | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        text = str(raw).strip()
        match = re.fullmatch(r"(\d{1,4})\s*(?:m|min|mins|minutes?)?\.?", text, re.I)
        value = int(match[1]) if match else 0
        if not 1 <= value <= 120:
            self._bad_minutes[text] += 1
            return None
        return value

    def notes(self) -> list[str]:
        notes: list[str] = []
        q = "question"
        if self._no_difficulty:
            notes.append(f"{_plural(self._no_difficulty, q)} had no difficulty: set to medium")
        if self._bad_difficulty:
            n = sum(self._bad_difficulty.values())
            notes.append(
                f"{_plural(n, q)} had an unknown difficulty ({_examples(self._bad_difficulty)}):"
                " set to medium"
            )
        if self._bad_kind:
            n = sum(self._bad_kind.values())
            notes.append(
                f"{_plural(n, q)} had an unknown kind ({_examples(self._bad_kind)}):"
                " guessed from the prompt"
            )
        if self._no_kind:
            n = sum(self._no_kind.values())
            parts = [f"{count} {kind.label}" for kind, count in self._no_kind.most_common()]
            if len(parts) == 1:
                only = self._no_kind.most_common()[0][0]
                notes.append(f"{_plural(n, q)} had no kind: set to {only.label}")
            else:
                notes.append(
                    f"{_plural(n, q)} had no kind: set from the prompt ({', '.join(parts)})"
                )
        if self._derived:
            notes.append(f"key points derived from the answer for {_plural(self._derived, q)}")
        if self._too_many_points:
            notes.append(
                f"{_plural(self._too_many_points, q)} had more than 8 key points: kept the first 8"
            )
        if self._too_many_tags:
            notes.append(f"{_plural(self._too_many_tags, q)} had more than 20 tags: kept 20")
        if self._too_many_follow_ups:
            notes.append(
                f"{_plural(self._too_many_follow_ups, q)} had more than 5 follow-ups:"
                " kept the first 5"
            )
        if self._bad_minutes:
            n = sum(self._bad_minutes.values())
            notes.append(
                f"{_plural(n, q)} had an invalid time ({_examples(self._bad_minutes)}):"
                " left unset (1-120 minutes)"
            )
        if self._bad_ids:
            n = sum(self._bad_ids.values())
            notes.append(
                f"{_plural(n, q)} had an invalid or repeated id ({_examples(self._bad_ids)}):"
                " made one from the prompt"
            )
        return notes


def _examples(counter: Counter[str], limit: int = 3) -> str:
    names = [repr(_shorten(name, 30)) for name, _ in counter.most_common(limit)]
    more = len(counter) - limit
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


# --------------------------------------------------------------------------- key points

_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(\S.*)$")
_THEMATIC = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BR_LINE = re.compile(r"^\s*<br\s*/?>\s*$", re.I)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_IMAGE_LINE = re.compile(r"^\s*(?:!\[[^\]]*\]\([^)]*\)\s*|<img\b[^>]*>\s*)+$", re.I)
_HTML_ONLY = re.compile(r"^\s*(?:<[^>]+>\s*)+$")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")


def _code_mask(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it is part of a fenced code block (fence lines included)."""
    mask: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None:
            if match and not (match[1][0] == "`" and "`" in match[2]):
                fence = match[1]
                mask.append(True)
            else:
                mask.append(False)
            continue
        mask.append(True)
        if (
            match
            and match[1][0] == fence[0]
            and len(match[1]) >= len(fence)
            and not match[2].strip()
        ):
            fence = None
    return mask


def derive_key_points(prompt: str, answer: str) -> list[str]:
    """2-6 key points: the answer's top-level list items, else its first sentences."""
    items = [p for p in (_plain(item) for item in _top_level_items(answer)) if p]
    if len(items) >= 2:
        return [_trim(item) for item in items[:MAX_DERIVED_KEY_POINTS]]
    sentences = _sentences(answer)
    good = [s for s in sentences if len(s) > 2 and not s.endswith(":")]
    pool = good if len(good) >= 2 else sentences
    points: list[str] = []
    total = 0
    for sentence in pool:
        points.append(_trim(sentence))
        total += len(sentence)
        if len(points) >= 4 or (len(points) >= 2 and total > 400):
            break
    if len(points) >= 2:
        return points
    fallback = _trim(_plain(prompt)) or "The question"
    if len(points) == 1:
        halves = _split_sentence(points[0])
        return halves if halves else [points[0], fallback]
    return [fallback, "Compare your answer with the model answer."]


def _top_level_items(answer: str) -> list[str]:
    lines = answer.split("\n")
    code = _code_mask(lines)
    found: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for line, in_code in zip(lines, code, strict=True):
        if in_code or not line.strip():
            current = None
            continue
        match = _LIST_ITEM.match(line)
        if match and not _THEMATIC.match(line):
            current = [_strip_checkbox(match[2])]
            found.append((len(match[1].expandtabs(4)), current))
        elif current is not None and not _ATX.match(line):
            current.append(line.strip())
    if not found:
        return []
    base = min(indent for indent, _ in found)
    return [" ".join(parts) for indent, parts in found if indent <= base + 1]


def _strip_checkbox(text: str) -> str:
    return re.sub(r"^\[[ xX]\]\s+", "", text)


def _sentences(answer: str) -> list[str]:
    lines = answer.split("\n")
    code = _code_mask(lines)
    units: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            units.append(" ".join(paragraph))
            paragraph.clear()

    for line, in_code in zip(lines, code, strict=True):
        stripped = line.strip()
        if (
            in_code
            or not stripped
            or _ATX.match(line)
            or stripped.startswith("|")
            or _IMAGE_LINE.match(line)
            or _HTML_ONLY.match(line)
            or _THEMATIC.match(line)
        ):
            flush()
            continue
        match = _LIST_ITEM.match(line)
        if match:
            flush()
            paragraph.append(_strip_checkbox(match[2]))
            continue
        paragraph.append(stripped.lstrip("> ").strip())
    flush()
    sentences: list[str] = []
    for unit in units:
        if len(sentences) >= 8:
            break
        text = _plain(unit[:5000])
        sentences.extend(
            s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[\"'“‘(\[]?[A-Z0-9])", text) if s.strip()
        )
    return sentences


def _split_sentence(sentence: str) -> list[str] | None:
    """A long sentence as two key points, split at the punctuation nearest its middle."""
    middle = len(sentence) / 2
    best: tuple[float, int, int] | None = None
    for penalty, sep in enumerate(("; ", " — ", " – ", ": ", ", ")):
        for match in re.finditer(re.escape(sep), sentence):
            left, right = sentence[: match.start()], sentence[match.end() :]
            if len(left.split()) < 4 or len(right.split()) < 4:
                continue
            distance = abs(match.start() - middle) + penalty * 5
            if best is None or distance < best[0]:
                best = (distance, match.start(), match.end())
    if best is None:
        return None
    left = sentence[: best[1]].strip(" ,;:-–—")
    right = sentence[best[2] :].strip()
    return [_trim(left), _trim(right[:1].upper() + right[1:])]


# --------------------------------------------------------------------------- role


def _mix(kinds: Sequence[Kind]) -> dict[Kind, int]:
    """Questions per kind in proportion to the kinds imported, about MIX_TOTAL in all."""
    counts = Counter(kinds)
    present = [kind for kind in Kind if counts[kind]]
    if not present:
        return {Kind.TECHNICAL: 1}
    total = max(len(present), min(MIX_TOTAL, len(kinds)))
    share = {kind: counts[kind] * total / len(kinds) for kind in present}
    alloc = {kind: max(1, int(share[kind])) for kind in present}
    while sum(alloc.values()) < total:
        kind = max(present, key=lambda k: share[k] - alloc[k])
        alloc[kind] += 1
    while sum(alloc.values()) > total:
        kind = min((k for k in present if alloc[k] > 1), key=lambda k: share[k] - alloc[k])
        alloc[kind] -= 1
    return alloc


def _finish(
    collector: _Collector,
    *,
    role_id: str | None,
    title: str | None,
    doc_title: str | None,
    source: str | None,
    what: str,
    role_data: dict[str, Any] | None = None,
    notes: Sequence[str] = (),
) -> ImportReport:
    """The report: the questions collected plus a role (embedded, or made with defaults)."""
    if not collector.questions:
        if collector.skipped:
            reasons = Counter(reason for _, reason in collector.skipped)
            counts = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
            found = _plural(len(collector.skipped), "question")
            raise ImportFailed(f"no questions to import: {found} found, all skipped ({counts})")
        raise ImportFailed(f"no questions found {what}")
    defaults = list(notes) + collector.notes()
    role: Role | None = None
    if role_data is not None:
        try:
            role = Role.model_validate(role_data)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in error["loc"])
            defaults.append(f"the role metadata is invalid ({where}: {error['msg']}): ignored")
    stem = Path(source).stem if source else ""
    if role is None:
        kinds = [q.kind for q in collector.questions]
        fmt = Format(minutes=DEFAULT_MINUTES, rounds=DEFAULT_ROUNDS, mix=_mix(kinds))
        made_title = _shorten(doc_title or _humanise(stem) or "Imported questions", 200)
        made_id = slugify(stem, 64) or slugify(made_title, 64) or "imported"
        role = Role(
            id=made_id,
            title=made_title,
            summary=f"Imported from {source}." if source else "Imported questions.",
            tips=[],
            format=fmt,
        )
        if role_id is None:
            origin = "the file name" if slugify(stem, 64) else "the title"
            defaults.append(f"role id {made_id!r} made from {origin}")
        defaults.append(
            f"interview format set to {fmt.minutes} minutes, {fmt.rounds!r}, {fmt.mix_text()}"
        )
    updates: dict[str, Any] = {}
    if role_id is not None:
        new_id = role_id.strip() if _valid_slug(role_id.strip()) else slugify(role_id, 64)
        if not new_id:
            raise ImportFailed(f"invalid role id {role_id!r}: use lower-case letters, digits, -")
        if new_id != role_id:
            defaults.append(f"role id {role_id!r} changed to {new_id!r}")
        updates["id"] = new_id
    if title is not None and title.strip():
        updates["title"] = _shorten(title, 200)
    if updates:
        role = Role.model_validate({**role.model_dump(), **updates})
    bank = Bank(role=role, questions=collector.questions)
    return ImportReport(bank, len(collector.questions), collector.skipped, defaults)


# --------------------------------------------------------------------------- Markdown

_EMOJI = {"👶": "easy", "⭐": "medium", "🌟": "medium", "🚀": "hard"}
_EMOJI_CLASS = "👶⭐🌟🚀"
_EMOJI_TAIL = re.compile(
    rf"(?:[\s\u200d\ufe0f]*[{_EMOJI_CLASS}][\ufe0f\u200d]*)+(?:[A-Za-z](?!\w))?\s*$"
)
_EMOJI_ANY = re.compile(rf"[\u200d]?[{_EMOJI_CLASS}][\ufe0f\u200d]*")
_TEXT_MARKER = re.compile(
    r"\s*[(\[]\s*(easy|medium|hard|expert|beginner|intermediate|advanced)\s*[)\]]"
    r"(?!\()",
    re.I,
)
_TEXT_LEVEL = {
    "easy": "easy",
    "beginner": "easy",
    "medium": "medium",
    "intermediate": "medium",
    "hard": "hard",
    "advanced": "hard",
    "expert": "hard",
}
_NUMBERING = re.compile(
    r"^(?:(?:q(?:uestion)?|#)\s*\d+\s*[:.)\-–—]?\s*|q\s*[:.]\s*|\d{1,4}\s*[.):\-–—]\s+)(?=\S)",
    re.I,
)
_QUESTION_WORDS = re.compile(
    r"^(?:what|what's|whats|why|how|when|where|which|who|whom|whose|explain|describe|define"
    r"|compare|contrast|tell|can|could|would|should|is|are|do|does|did|will|write|implement"
    r"|design|name|list|give|walk|discuss|outline|summari[sz]e|differentiate|distinguish)\b",
    re.I,
)
_BOILERPLATE = re.compile(
    r"^(?:table of contents|contents|toc|license|licence|contributing|contributors|credits"
    r"|references|resources|further reading|see also|acknowledg(?:e)?ments|about|introduction"
    r"|support|sponsors|changelog|links|footnotes|summary|conclusion|overview|notes)$",
    re.I,
)
_END_LINE = re.compile(r"^\s*(?:<br\s*/?>|<hr\s*/?>)\s*$", re.I)
_TRAILING_BR = re.compile(r"\s*<br\s*/?>\s*$", re.I)
_HTML_WRAPPER = re.compile(
    r"^\s*(?:</?(?:details|p|div)(?:\s[^>]*)?>|<summary>.*?</summary>)"
    r"(?:\s*(?:</?(?:details|p|div)(?:\s[^>]*)?>|<summary>.*?</summary>))*\s*$",
    re.I,
)


def _strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text.strip(), count=1)


@dataclass
class _Prompt:
    text: str
    difficulty: str | None
    numbered: bool
    marked: bool

    @property
    def question_like(self) -> bool:
        return bool(self.text) and (self.numbered or self.marked or self.text.endswith("?"))


def _parse_prompt(raw: str) -> _Prompt:
    """Question text without numbering or difficulty markers, and the difficulty they named."""
    text = raw.strip()
    levels: list[str] = []
    tail = _EMOJI_TAIL.search(text)
    if tail:
        levels += [_EMOJI[ch] for ch in tail[0] if ch in _EMOJI]
        text = text[: tail.start()]

    def drop_emoji(match: re.Match[str]) -> str:
        levels.extend(_EMOJI[ch] for ch in match[0] if ch in _EMOJI)
        return " "

    def drop_text(match: re.Match[str]) -> str:
        levels.append(_TEXT_LEVEL[match[1].lower()])
        return " "

    text = _EMOJI_ANY.sub(drop_emoji, text)
    text = _TEXT_MARKER.sub(drop_text, text)
    text = text.strip()
    for wrap in ("**", "__"):
        if len(text) > 4 and text.startswith(wrap) and text.endswith(wrap):
            text = text[2:-2].strip()
    numbered = _NUMBERING.match(text) is not None
    text = _strip_numbering(text)
    text = " ".join(text.split())
    difficulty = None
    if levels:
        order = ["easy", "medium", "hard"]
        difficulty = max(levels, key=order.index)
    return _Prompt(text, difficulty, numbered, bool(levels))


def _heading(line: str) -> tuple[int, str] | None:
    match = _ATX.match(line)
    if not match:
        return None
    text = re.sub(r"(?:^|[ \t]+)#+$", "", match[2] or "").strip()
    return len(match[1]), text


_BOLD_LINE = re.compile(r"^ {0,3}(\*\*|__)(?=\S)(.+?)(?<=\S)\1(.*)$")


def _bold_line(line: str) -> str | None:
    """The text of a line that is wholly bold, perhaps followed by difficulty markers."""
    match = _BOLD_LINE.match(line)
    if not match or "**" in match[2] or "__" in match[2]:
        return None
    rest = match[3].strip()
    if rest:
        stripped = _TEXT_MARKER.sub("", _EMOJI_ANY.sub("", rest)).strip(" \u200d\ufe0f")
        if stripped:
            return None
    return f"{match[2]} {rest}".strip()


@dataclass
class _MdQuestion:
    prompt: str
    difficulty: str | None
    tags: list[str]
    lines: list[str] = field(default_factory=list)
    closed: bool = False

    def add(self, line: str) -> None:
        if not self.closed:
            self.lines.append(line)

    def end(self) -> None:
        if any(line.strip() for line in self.lines):
            self.closed = True


def import_markdown(
    text: str,
    *,
    role_id: str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> ImportReport:
    """Import a Markdown Q&A collection, or read back a preptui Markdown export exactly.

    ``role_id`` and ``title`` override what the text says; ``source`` (a file name) names the
    role when neither the text nor the caller does.
    """
    text = _normalise_newlines(text).lstrip("\ufeff")
    if not text.strip():
        raise ImportFailed("the file is empty")
    if text.lstrip().startswith(MD_EXPORT_MARKER):
        return _import_markdown_export(text, role_id=role_id, title=title, source=source)
    lines = text.split("\n")
    code = _code_mask(lines)

    headings: dict[int, tuple[int, str]] = {}
    bolds: dict[int, _Prompt] = {}
    prev_structural = True
    for index, line in enumerate(lines):
        if code[index]:
            prev_structural = False
            continue
        heading = _heading(line)
        if heading:
            headings[index] = heading
            prev_structural = True
            continue
        bold = _bold_line(line)
        if bold is not None and prev_structural:
            prompt = _parse_prompt(bold)
            if prompt.question_like:
                bolds[index] = prompt
                continue
        prev_structural = not line.strip() or bool(_END_LINE.match(line) or _THEMATIC.match(line))

    title_index = next((i for i, (level, _) in headings.items() if level == 1), None)
    prompts = {i: _parse_prompt(h[1]) for i, h in headings.items()}
    by_level: Counter[int] = Counter()
    for index, (level, _) in headings.items():
        prompt = prompts[index]
        if index != title_index and (prompt.question_like or _QUESTION_WORDS.match(prompt.text)):
            by_level[level] += 1
    level_q, heading_count = max(by_level.items(), key=lambda kv: (kv[1], kv[0]), default=(0, 0))
    if not bolds and not heading_count:
        raise ImportFailed(
            "no questions found: expected questions as headings (## What is …?) "
            "or bold lines (**What is …?**)"
        )
    bold_mode = len(bolds) > heading_count
    question_headings: set[int] = set()
    if not bold_mode:
        at_level = [i for i, (level, _) in headings.items() if level == level_q]
        if title_index in at_level and not prompts[title_index].question_like:
            at_level.remove(title_index)
        mostly = heading_count >= 0.75 * max(1, len(at_level))
        for index in at_level:
            prompt = prompts[index]
            liked = prompt.question_like or _QUESTION_WORDS.match(prompt.text) is not None
            if prompt.text and (liked or (mostly and not _BOILERPLATE.match(_plain(prompt.text)))):
                question_headings.add(index)
    if bold_mode or level_q > 1:
        doc_title_index = title_index
    else:
        doc_title_index = title_index if title_index not in question_headings else None

    sections: dict[int, str] = {}
    found: list[_MdQuestion] = []
    current: _MdQuestion | None = None

    def start(prompt: _Prompt) -> _MdQuestion:
        tags = [tag for _, tag in sorted(sections.items()) if tag]
        question = _MdQuestion(prompt.text, prompt.difficulty, list(dict.fromkeys(tags)))
        found.append(question)
        return question

    for index, line in enumerate(lines):
        if index in headings:
            level, heading_text = headings[index]
            if index == doc_title_index:
                current = None
                continue
            if bold_mode or level <= level_q:
                current = None
                sections = {lv: tag for lv, tag in sections.items() if lv < level}
                if index in question_headings:
                    current = start(prompts[index])
                elif bold_mode or level < level_q:
                    sections[level] = _tag(heading_text)
                continue
        if bold_mode and index in bolds:
            current = start(bolds[index])
            continue
        if current is None:
            continue
        if not code[index] and (_END_LINE.match(line) or _THEMATIC.match(line)):
            current.end()
            continue
        current.add(line)

    doc_title = None
    if doc_title_index is not None:
        doc_title = _plain(headings[doc_title_index][1]) or None
    collector = _Collector()
    for question in found:
        collector.add(
            _Draft(
                prompt=question.prompt,
                answer=_clean_answer(question.lines),
                difficulty=question.difficulty,
                tags=question.tags,
            )
        )
    return _finish(
        collector,
        role_id=role_id,
        title=title,
        doc_title=doc_title,
        source=source,
        what="in the Markdown",
    )


_ANSWER_LABEL = re.compile(r"^(?:\*\*|__)?(?:a|ans|answer)\s*[:.](?:\*\*|__)?[ \t]*", re.I)


def _clean_answer(lines: Sequence[str]) -> str:
    """The answer's Markdown without HTML wrappers, trailing ``<br/>`` or an ``A:`` label."""
    code = _code_mask(lines)
    out: list[str] = []
    for line, in_code in zip(lines, code, strict=True):
        if not in_code:
            if _HTML_WRAPPER.match(line):
                continue
            line = _TRAILING_BR.sub("", line)
        out.append(line)
    return _ANSWER_LABEL.sub("", "\n".join(out).strip(), count=1).strip()


# --------------------------------------------------------------------------- Markdown export

_COMMENT_JSON = re.compile(r"^<!-- (preptui-role|preptui-question)(?:\s+(.*?))?\s*-->$")


def comment_json(kind: str, data: dict[str, Any]) -> str:
    """``<!-- kind {json} -->`` on one line; ``<`` and ``>`` escaped so the comment stays shut."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<!-- {kind} {payload} -->"


def _comment_data(line: str, kind: str) -> dict[str, Any] | None:
    match = _COMMENT_JSON.match(line.strip())
    if not match or match[1] != kind:
        return None
    if not match[2]:
        return {}
    try:
        data = json.loads(match[2])
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def is_export_question_marker(line: str) -> bool:
    return _comment_data(line, "preptui-question") is not None


def parse_export_header(lines: Sequence[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The visible title, summary and tips of a Markdown export, and its role comment's data."""
    meta: dict[str, Any] = {}
    title_line: str | None = None
    summary: list[str] = []
    tips: list[str] = []
    state = "start"
    for line in lines:
        stripped = line.strip()
        data = _comment_data(line, "preptui-role")
        if data is not None:
            meta = data
            continue
        if state == "start":
            if line.startswith("# "):
                title_line = line[2:]
                state = "summary"
            continue
        if stripped == MD_TIPS_HEADING:
            state = "tips"
        elif stripped.startswith(MD_QUESTIONS_HEADING):
            state = "done"
        elif state == "summary" and stripped.startswith(MD_FORMAT_LABEL):
            state = "format"
        elif state == "summary":
            summary.append(line)
        elif state == "tips" and line.startswith("- "):
            tips.append(line[2:].strip())
    title = (title_line or "").strip()
    icon = meta.get("icon")
    if isinstance(icon, str) and icon and title.startswith(icon + " "):
        title = title[len(icon) + 1 :].strip()
    visible = {"title": title, "summary": "\n".join(summary).strip(), "tips": tips}
    return visible, meta


_EXPORT_NUMBER = re.compile(r"^\d+\. ")
_META_PART = re.compile(r"^\*\*(Difficulty|Kind|Minutes):\*\*\s*(.*)$")
_KEY_POINT_ITEM = re.compile(r"^- \[[ xX]\] (.*)$")


def parse_export_question(lines: Sequence[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The visible fields of one exported question block, and its marker comment's data.

    The block starts with its ``<!-- preptui-question {...} -->`` marker line.
    """
    meta = _comment_data(lines[0], "preptui-question") if lines else None
    visible: dict[str, Any] = {
        "prompt": "",
        "difficulty": None,
        "kind": None,
        "minutes": None,
        "answer": "",
        "key_points": [],
        "tip": None,
        "tags": [],
        "follow_ups": [],
    }
    answer: list[str] | None = None
    prompt_rest: list[str] | None = None
    loose: list[str] = []
    in_answer = in_prompt = False
    section: str | None = None
    seen_prompt = False
    for line in lines[1:]:
        stripped = line.strip()
        if in_answer:
            if stripped == MD_ANSWER_END:
                in_answer = False
            else:
                assert answer is not None
                answer.append(line)
            continue
        if in_prompt:
            if stripped == MD_PROMPT_END:
                in_prompt = False
            else:
                assert prompt_rest is not None
                prompt_rest.append(line)
            continue
        if stripped == MD_PROMPT_BEGIN and seen_prompt and prompt_rest is None and answer is None:
            in_prompt, prompt_rest = True, []
        elif stripped == MD_ANSWER_BEGIN and answer is None:
            in_answer, answer, section = True, [], None
        elif not seen_prompt and line.startswith("### "):
            visible["prompt"] = _EXPORT_NUMBER.sub("", line[4:], count=1).strip()
            seen_prompt = True
        elif _META_PART.match(stripped):
            for part in stripped.split(MD_META_SEPARATOR):
                match = _META_PART.match(part.strip())
                if match:
                    key, value = match[1].lower(), match[2].strip()
                    visible[key] = int(value) if key == "minutes" and value.isdigit() else value
            section = None
        elif stripped == MD_KEY_POINTS_LABEL:
            section = "key_points"
        elif stripped == MD_FOLLOW_UPS_LABEL:
            section = "follow_ups"
        elif stripped.startswith(MD_TIP_LABEL):
            visible["tip"] = stripped[len(MD_TIP_LABEL) :].strip() or None
            section = "tip"
        elif stripped.startswith(MD_TAGS_LABEL):
            visible["tags"] = _split_export_tags(stripped[len(MD_TAGS_LABEL) :])
            section = "tags"
        elif section == "key_points" and _KEY_POINT_ITEM.match(line):
            visible["key_points"].append(line[6:].strip())
        elif section == "follow_ups" and line.startswith("- "):
            visible["follow_ups"].append(line[2:].strip())
        elif section is None and seen_prompt:
            loose.append(line)
    if prompt_rest is not None:
        visible["prompt"] = "\n".join([visible["prompt"], *prompt_rest]).strip()
    if answer is not None:
        visible["answer"] = "\n".join(answer).strip()
    else:  # edited by hand: the markers are gone, so take the text after the heading
        while loose and (not loose[-1].strip() or _THEMATIC.match(loose[-1])):
            loose.pop()
        visible["answer"] = "\n".join(loose).strip()
    return visible, meta or {}


def _split_export_tags(text: str) -> list[str]:
    tags: list[str] = []
    for item in text.strip().split(MD_META_SEPARATOR):
        tag = item.strip()
        if len(tag) >= 2 and tag.startswith("`") and tag.endswith("`"):
            tag = tag[1:-1]
        if tag:
            tags.append(tag)
    return tags


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _as_str_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [item if isinstance(item, str) else str(item) for item in value]
    return []


def _import_markdown_export(
    text: str, *, role_id: str | None, title: str | None, source: str | None
) -> ImportReport:
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if is_export_question_marker(line)]
    header = lines[: starts[0]] if starts else lines
    visible_role, role_meta = parse_export_header(header)
    role_data: dict[str, Any] | None = {**visible_role, **role_meta} if role_meta else None
    collector = _Collector(exact=True)
    for n, begin in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        visible, meta = parse_export_question(lines[begin:end])
        fields = {**visible, **{k: v for k, v in meta.items() if k in MD_QUESTION_FIELDS}}
        minutes = fields["minutes"]
        collector.add(
            _Draft(
                prompt=_as_str(fields["prompt"]) or "",
                answer=_as_str(fields["answer"]) or "",
                difficulty=_as_str(fields["difficulty"]),
                kind=_as_str(fields["kind"]),
                key_points=_as_str_list(fields["key_points"]),
                tip=_as_str(fields["tip"]),
                tags=_as_str_list(fields["tags"]),
                minutes=minutes if isinstance(minutes, int | str) else None,
                follow_ups=_as_str_list(fields["follow_ups"]),
                id=_as_str(meta.get("id")),
                label=f"(question {n + 1})",
            )
        )
    return _finish(
        collector,
        role_id=role_id,
        title=title,
        doc_title=visible_role["title"] or None,
        source=source,
        what="in the preptui export",
        role_data=role_data,
    )


# --------------------------------------------------------------------------- CSV / TSV

_ANKI_HEADER = re.compile(r"^#([A-Za-z][A-Za-z0-9 _-]*):(.*)$")
_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
_DELIMITERS = ("\t", ";", ",", "|")
_COLUMN_ALIASES: dict[str, str] = {
    **dict.fromkeys(("prompt", "question", "questions", "front", "q", "text", "term"), "prompt"),
    **dict.fromkeys(
        ("answer", "answers", "back", "a", "model_answer", "definition", "response", "solution"),
        "answer",
    ),
    **dict.fromkeys(("difficulty", "level"), "difficulty"),
    **dict.fromkeys(("kind", "type", "question_type"), "kind"),
    **dict.fromkeys(("tags", "tag", "topic", "topics", "category", "categories"), "tags"),
    **dict.fromkeys(("key_points", "keypoints", "points", "key_point"), "key_points"),
    **dict.fromkeys(("tip", "tips", "hint"), "tip"),
    **dict.fromkeys(("follow_ups", "followups", "follow_up", "follow_up_questions"), "follow_ups"),
    **dict.fromkeys(("id", "slug"), "id"),
    **dict.fromkeys(("minutes", "mins", "time"), "minutes"),
}
_BULLET = re.compile(r"^(?:[-*•+]|\d{1,3}[.)])\s+")


def _column_key(name: str) -> str | None:
    key = re.sub(r"[\s-]+", "_", name.strip().strip("\ufeff").casefold())
    return _COLUMN_ALIASES.get(key)


def _split_anki_headers(text: str) -> tuple[list[tuple[str, str]], str]:
    """Leading ``#key:value`` lines (Anki's file headers) and the rest of the text."""
    headers: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text) and text.startswith("#", pos):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        match = _ANKI_HEADER.match(text[pos:end].rstrip("\r"))
        if not match:
            break
        headers.append((match[1].strip().casefold(), match[2]))
        pos = end + 1
    return headers, text[pos:]


def _rows(body: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    if csv.field_size_limit() < MAX_IMPORT_BYTES:
        csv.field_size_limit(MAX_IMPORT_BYTES)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                if limit is not None and len(rows) >= limit:
                    break
    except csv.Error as exc:
        raise ImportFailed(f"CSV syntax error on line {reader.line_num}: {exc}") from None
    return rows


def _best_delimiter(
    body: str, prefer: str | None = None
) -> tuple[str, tuple[int, float, float, int, int, int]]:
    """The delimiter that makes the first rows most table-like, and its score."""
    sample = body[:65536]
    best: tuple[str, tuple[int, float, float, int, int, int]] = (prefer or ",", (0, 0, 0, 0, 0, 0))
    for rank, delimiter in enumerate(_DELIMITERS):
        try:
            rows = _rows(sample, delimiter, limit=50)
        except ImportFailed:
            continue
        if not rows:
            continue
        widths = Counter(len(row) for row in rows)
        width, freq = widths.most_common(1)[0]
        if width < 2:
            continue
        keys = {_column_key(cell) for cell in rows[0]}
        header = int("prompt" in keys) + int("answer" in keys)
        stray = sum(1 for row in rows for cell in row if '"' in cell) / len(rows)
        preference = 10 if delimiter == prefer else len(_DELIMITERS) - rank
        score = (header, freq / len(rows), -stray, len(rows), width, preference)
        if (score[0], score[1], score[2], score[5]) > (
            best[1][0],
            best[1][1],
            best[1][2],
            best[1][5],
        ):
            best = (delimiter, score)
    return best


def decode_list_cell(cell: str, *, tags: bool = False, bullets: bool = False) -> list[str]:
    """A list from one cell: a JSON array of strings, else one item a line.

    Tags on a single line may also be separated by spaces, commas or semicolons.
    """
    text = cell.strip()
    if not text:
        return []
    if text.startswith("[") and text.endswith("]"):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return [item.strip() for item in value if item.strip()]
    items = re.split(r"[,;\s]+", text) if tags and "\n" not in text else text.split("\n")
    if bullets:
        items = [_BULLET.sub("", _strip_checkbox(item.strip())) for item in items]
    return [item.strip() for item in items if item.strip()]


def encode_list_cell(items: Sequence[str], *, tags: bool = False) -> str:
    """One cell for a list: one item a line, or JSON when that would not read back the same."""
    text = "\n".join(items)
    if decode_list_cell(text, tags=tags) == list(items):
        return text
    return json.dumps(list(items), ensure_ascii=False)


def _html_to_text(value: str) -> str:
    value = re.sub(r"<br\s*/?>", "\n", value, flags=re.I)
    value = re.sub(r"</(?:div|p|li|h[1-6])>", "\n", value, flags=re.I)
    value = re.sub(r"<li(?:\s[^>]*)?>", "- ", value, flags=re.I)
    value = _HTML_TAG.sub("", value)
    value = html.unescape(value).replace("\xa0", " ")
    value = re.sub(r"[ \t]+\n", "\n", value)
    return re.sub(r"\n{3,}", "\n\n", value).strip()


@dataclass
class _CsvOptions:
    separator: str | None = None
    html: bool = False
    columns: str | None = None
    tags_column: int | None = None
    reserved: set[int] = field(default_factory=set)
    global_tags: list[str] = field(default_factory=list)
    exported: bool = False
    role: dict[str, Any] | None = None

    @classmethod
    def from_headers(cls, headers: Iterable[tuple[str, str]]) -> _CsvOptions:
        opts = cls()
        for key, value in headers:
            raw = value.strip()
            if key == "separator":
                named = _SEPARATORS.get(raw.casefold())
                if named is not None:
                    opts.separator = named
                elif len(value) == 1:
                    opts.separator = value
                elif len(raw) == 1:
                    opts.separator = raw
            elif key == "html":
                opts.html = raw.casefold() in ("true", "yes", "1")
            elif key == "columns":
                opts.columns = value.rstrip("\r")
            elif key.endswith(" column") and raw.isdigit() and int(raw) >= 1:
                if key == "tags column":
                    opts.tags_column = int(raw) - 1
                opts.reserved.add(int(raw) - 1)
            elif key == "tags":
                opts.global_tags = raw.split()
            elif key == "preptui-export":
                opts.exported = True
            elif key == CSV_ROLE_KEY:
                opts.exported = True
                try:
                    data = json.loads(raw)
                except ValueError:
                    data = None
                opts.role = data if isinstance(data, dict) else {}
        return opts


def import_csv(
    text: str,
    *,
    role_id: str | None = None,
    title: str | None = None,
    source: str | None = None,
    delimiter: str | None = None,
    prefer_delimiter: str | None = None,
) -> ImportReport:
    """Import a CSV/TSV file: named columns, or two unnamed columns (front, back) like Anki's.

    Anki's ``#separator:``, ``#html:``, ``#columns:`` and ``#... column:N`` headers are honoured;
    a preptui CSV export (``#preptui-export:v1``) is read back exactly.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportFailed("the file is empty")
    headers, body = _split_anki_headers(text)
    opts = _CsvOptions.from_headers(headers)
    if delimiter is None:
        delimiter = opts.separator or _best_delimiter(body, prefer_delimiter)[0]
    rows = _rows(body, delimiter)
    notes: list[str] = []

    def convert(cell: str) -> str:
        if opts.exported:
            return cell
        cell = _normalise_newlines(cell)
        return _html_to_text(cell) if opts.html else cell

    names: list[str] | None = None
    if opts.columns is not None:
        names = next(iter(_rows(opts.columns, delimiter)), [])
        if rows and [c.strip().casefold() for c in rows[0]] == [
            n.strip().casefold() for n in names
        ]:
            rows = rows[1:]
    elif rows and {"prompt", "answer"} & {_column_key(cell) for cell in rows[0]}:
        names = rows[0]
        rows = rows[1:]
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    for index, name in enumerate(names or []):
        key = _column_key(name)
        if key and key not in mapping and index not in opts.reserved - {opts.tags_column}:
            mapping[key] = index
        elif name.strip() and index not in opts.reserved:
            ignored.append(name.strip())
    if names is not None and opts.columns is None and not {"prompt", "answer"} <= set(mapping):
        missing = "question (prompt, front)" if "prompt" not in mapping else "answer (back)"
        raise ImportFailed(f"the header row names no {missing} column")
    if "prompt" not in mapping or "answer" not in mapping:
        width = max((len(row) for row in rows), default=0)
        free = [i for i in range(width) if i not in opts.reserved and i not in mapping.values()]
        if len(free) < 2 and not ("prompt" in mapping or "answer" in mapping):
            raise ImportFailed(
                "no questions found: expected a header row naming the question and answer "
                "columns, or two columns (front and back)"
            )
        for key in ("prompt", "answer"):
            if key not in mapping and free:
                mapping[key] = free.pop(0)
        if names is None and free:
            notes.append(f"{_plural(len(free), 'unnamed column')} after the first two: ignored")
    if opts.tags_column is not None and "tags" not in mapping:
        mapping["tags"] = opts.tags_column
    if ignored:
        notes.append(f"columns with no known name ignored: {', '.join(ignored)}")

    collector = _Collector(exact=opts.exported)
    for number, row in enumerate(rows, start=1):

        def cell(key: str, row: list[str] = row) -> str:
            index = mapping.get(key)
            return convert(row[index]) if index is not None and index < len(row) else ""

        key_points = decode_list_cell(cell("key_points"), bullets=not opts.exported)
        collector.add(
            _Draft(
                prompt=cell("prompt"),
                answer=cell("answer"),
                difficulty=cell("difficulty") or None,
                kind=cell("kind") or None,
                key_points=key_points or None,
                tip=cell("tip") or None,
                tags=decode_list_cell(cell("tags"), tags=True) + opts.global_tags,
                minutes=cell("minutes") or None,
                follow_ups=decode_list_cell(cell("follow_ups"), bullets=not opts.exported),
                id=cell("id") or None,
                label=f"(row {number})",
            )
        )
    return _finish(
        collector,
        role_id=role_id,
        title=title,
        doc_title=None,
        source=source,
        what="in the CSV: no row has both a question and an answer",
        role_data=opts.role,
        notes=notes,
    )
