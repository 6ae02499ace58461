"""From question drafts to a bank that validates: skips, defaults, ids and the role.

Each format's reader fills :class:`Draft` objects with the text it found; a :class:`Collector`
turns them into :class:`~preptui.model.Question` objects, skipping what cannot be used and
counting every default it applies; :func:`finish` wraps the questions in a role (the file's own,
or one made with defaults) and gives the :class:`ImportReport`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from preptui.importing.answers import is_only_link, is_placeholder
from preptui.importing.keypoints import derive_key_points
from preptui.importing.names import TAG_CHARS, humanise, slugify
from preptui.importing.plain import plain, shorten
from preptui.importing.report import ImportFailed, ImportReport, reason_counts
from preptui.importing.vocabulary import guess_kind, parse_difficulty, parse_kind
from preptui.kinds import MIN_INTERVIEW_MINUTES
from preptui.model import Bank, Difficulty, Format, Kind, Question, Role, Solution
from preptui.slugs import is_slug
from preptui.text import plural

__all__ = ["MAX_QUESTIONS", "Collector", "Draft", "finish", "interview_minutes"]

MAX_QUESTIONS = 20_000
MAX_KEY_POINTS, MAX_TAGS, MAX_FOLLOW_UPS = 8, 20, 5
DEFAULT_MINUTES = 60
DEFAULT_ROUNDS = "Imported questions"
MIX_TOTAL = 8
_Q = "question"


@dataclass
class Draft:
    """One question as a reader found it: text, and raw values still to check."""

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
    solution: Any = None  # a reference solution's data (a dict), as the file held it
    source: str | None = None  # a link to where the question came from: ends the answer


class Collector:
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
        self._bad_solutions = 0

    def add(self, draft: Draft) -> None:
        prompt = draft.prompt.strip()
        answer = draft.answer.strip()
        label = prompt or draft.label or "(untitled)"
        if not prompt:
            self.skipped.append((label, "no question text"))
            return
        if len(self.questions) >= MAX_QUESTIONS:
            self.skipped.append((label, f"more than {MAX_QUESTIONS} questions"))
            return
        if not answer or (not self.exact and is_placeholder(answer)):
            self.skipped.append((label, "no answer"))
            return
        if not self.exact and is_only_link(answer):
            self.skipped.append((label, "link only"))
            return
        prompt_key = " ".join(plain(prompt).casefold().split()).rstrip("?.!: ")
        if not self.exact and prompt_key in self._prompts:
            self.skipped.append((label, "duplicate question"))
            return

        key_points = [p.strip() for p in draft.key_points or [] if p.strip()]
        if len(key_points) < 2:
            key_points = derive_key_points(prompt, answer)
            self._derived += 1
        elif len(key_points) > MAX_KEY_POINTS:
            key_points = key_points[:MAX_KEY_POINTS]
            self._too_many_points += 1
        tags = [t.strip()[:TAG_CHARS].strip() for t in draft.tags if t.strip()]
        if not self.exact:
            tags = list(dict.fromkeys(tags))
        if len(tags) > MAX_TAGS:
            tags = tags[:MAX_TAGS]
            self._too_many_tags += 1
        follow_ups = [f.strip() for f in draft.follow_ups if f.strip()]
        if len(follow_ups) > MAX_FOLLOW_UPS:
            follow_ups = follow_ups[:MAX_FOLLOW_UPS]
            self._too_many_follow_ups += 1
        tip = (draft.tip or "").strip() or None
        if draft.source and draft.source.strip():
            answer = f"{answer}\n\nSource: {draft.source.strip()}"
        solution = self._solution(draft.solution)
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
                solution=solution,
            )
        except ValidationError as exc:
            self.skipped.append((label, f"invalid {_first_error(exc)}"))
            return
        self._ids.add(question.id)
        self._prompts.add(prompt_key)
        self.questions.append(question)

    def _question_id(self, raw: str | None, prompt: str) -> str:
        raw = (raw or "").strip()
        if raw and is_slug(raw) and raw not in self._ids:
            return raw
        if raw:
            self._bad_ids[raw] += 1
        base = slugify(plain(prompt.strip().split("\n\n", 1)[0])) or "question"
        candidate, n = base, 1
        while candidate in self._ids:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _solution(self, raw: Any) -> Solution | None:
        if raw is None:
            return None
        try:
            return Solution.model_validate(raw)
        except ValidationError:
            self._bad_solutions += 1
            return None

    def _difficulty(self, raw: str | None) -> Difficulty:
        if raw is None or not raw.strip():
            self._no_difficulty += 1
            return Difficulty.MEDIUM
        parsed = parse_difficulty(raw)
        if parsed is None:
            self._bad_difficulty[raw.strip()] += 1
            return Difficulty.MEDIUM
        return parsed

    def _kind(self, raw: str | None, prompt: str) -> Kind:
        if raw is not None and raw.strip():
            parsed = parse_kind(raw)
            if parsed is not None:
                return parsed
            self._bad_kind[raw.strip()] += 1
        guess = guess_kind(prompt)
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
        """The defaults applied, one line each, for the report."""
        notes: list[str] = []
        if self._no_difficulty:
            notes.append(f"{plural(self._no_difficulty, _Q)} had no difficulty: set to medium")
        notes += _had(self._bad_difficulty, "an unknown difficulty", "set to medium")
        notes += _had(self._bad_kind, "an unknown kind", "guessed from the prompt")
        if self._no_kind:
            n = sum(self._no_kind.values())
            kinds = self._no_kind.most_common()
            if len(kinds) == 1:
                notes.append(f"{plural(n, _Q)} had no kind: set to {kinds[0][0].label}")
            else:
                parts = ", ".join(f"{count} {kind.label}" for kind, count in kinds)
                notes.append(f"{plural(n, _Q)} had no kind: set from the prompt ({parts})")
        if self._derived:
            notes.append(f"key points derived from the answer for {plural(self._derived, _Q)}")
        for count, limit, what, kept in (
            (self._too_many_points, MAX_KEY_POINTS, "key points", "kept the first 8"),
            (self._too_many_tags, MAX_TAGS, "tags", "kept 20"),
            (self._too_many_follow_ups, MAX_FOLLOW_UPS, "follow-ups", "kept the first 5"),
        ):
            if count:
                notes.append(f"{plural(count, _Q)} had more than {limit} {what}: {kept}")
        notes += _had(self._bad_minutes, "an invalid time", "left unset (1-120 minutes)")
        notes += _had(self._bad_ids, "an invalid or repeated id", "made one from the prompt")
        if self._bad_solutions:
            notes.append(f"{plural(self._bad_solutions, _Q)} had an invalid solution: dropped")
        return notes


def _had(counter: Counter[str], what: str, action: str) -> list[str]:
    """``2 questions had an unknown kind ('x', 'y'): guessed …``, or nothing if none had."""
    if not counter:
        return []
    names = [repr(shorten(name, 30)) for name, _ in counter.most_common(3)]
    more = len(counter) - 3
    examples = ", ".join(names) + (f" and {more} more" if more > 0 else "")
    return [f"{plural(sum(counter.values()), _Q)} had {what} ({examples}): {action}"]


def _first_error(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}"


def mix(kinds: Sequence[Kind]) -> dict[Kind, int]:
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


def interview_minutes(questions: Sequence[Question], asked: int) -> int:
    """An interview long enough for ``asked`` of the questions, in steps of 5, at most an hour.

    Each asked question gets the time a mock interview would give it (its own ``minutes``, else
    the nominal time for its difficulty, on average over the bank), plus a fifth for the opening
    and closing: 3 medium questions make a 25-minute interview, not a 60-minute one.
    """
    from preptui.mock.agenda import DIFFICULTY_SECONDS

    if not questions or asked < 1:
        return MIN_INTERVIEW_MINUTES
    seconds = [q.minutes * 60 if q.minutes else DIFFICULTY_SECONDS[q.difficulty] for q in questions]
    per_question = sum(seconds) / len(seconds)
    total = per_question * asked * 1.2 / 60
    minutes = 5 * math.ceil(total / 5)
    return max(MIN_INTERVIEW_MINUTES, min(DEFAULT_MINUTES, minutes))


def finish(
    collector: Collector,
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
            found = plural(len(collector.skipped), _Q)
            counts = reason_counts(collector.skipped)
            raise ImportFailed(f"no questions to import: {found} found, all skipped ({counts})")
        raise ImportFailed(f"no questions found {what}")
    defaults = list(notes) + collector.notes()
    role: Role | None = None
    if role_data is not None:
        try:
            role = Role.model_validate(role_data)
        except ValidationError as exc:
            defaults.append(f"the role metadata is invalid ({_first_error(exc)}): ignored")
    stem = Path(source).stem if source else ""
    if role is None:
        asked = mix([q.kind for q in collector.questions])
        fmt = Format(
            minutes=interview_minutes(collector.questions, sum(asked.values())),
            rounds=DEFAULT_ROUNDS,
            mix=asked,
        )
        made_title = shorten(doc_title or humanise(stem) or "Imported questions", 200)
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
        new_id = role_id.strip() if is_slug(role_id.strip()) else slugify(role_id, 64)
        if not new_id:
            raise ImportFailed(f"invalid role id {role_id!r}: use lower-case letters, digits, -")
        if new_id != role_id:
            defaults.append(f"role id {role_id!r} changed to {new_id!r}")
        updates["id"] = new_id
    if title is not None and title.strip():
        updates["title"] = shorten(title, 200)
    if updates:
        role = Role.model_validate({**role.model_dump(), **updates})
    bank = Bank(role=role, questions=collector.questions)
    return ImportReport(bank, len(collector.questions), collector.skipped, defaults)
