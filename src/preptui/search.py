"""Filtering and incremental search over a role's questions. Pure: no Textual."""

from __future__ import annotations

import bisect
import threading
import time
import weakref
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from preptui.kinds import Difficulty, Kind

if TYPE_CHECKING:
    from preptui.model import Question


T = TypeVar("T")


def cycle(current: T | None, options: Sequence[T]) -> T | None:
    """The next filter value: none → first → … → last → none."""
    if current is None:
        return options[0] if options else None
    index = list(options).index(current) if current in options else -1
    return options[index + 1] if index + 1 < len(options) else None


@dataclass(frozen=True)
class Filter:
    text: str = ""
    difficulty: Difficulty | None = None
    kind: Kind | None = None
    bookmarked: bool = False
    due: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(self.text.casefold().split())

    @property
    def active(self) -> bool:
        return bool(self.terms or self.difficulty or self.kind or self.bookmarked or self.due)

    def cleared(self) -> Filter:
        return Filter()

    def with_text(self, text: str) -> Filter:
        return replace(self, text=text)

    def next_difficulty(self) -> Filter:
        return replace(self, difficulty=cycle(self.difficulty, list(Difficulty)))

    def next_kind(self, kinds: Sequence[Kind] | None = None) -> Filter:
        return replace(self, kind=cycle(self.kind, list(kinds or Kind)))

    def toggle_bookmarked(self) -> Filter:
        return replace(self, bookmarked=not self.bookmarked)

    def toggle_due(self) -> Filter:
        return replace(self, due=not self.due)

    def describe(self, shown: int, total: int) -> str:
        """The filter line, e.g. ``7 of 18 · medium · technical · "drift"``."""
        parts = [f"{shown} of {total}"]
        if self.difficulty:
            parts.append(self.difficulty.value)
        if self.kind:
            parts.append(self.kind.label)
        if self.bookmarked:
            parts.append("bookmarked")
        if self.due:
            parts.append("due")
        if self.terms:
            parts.append(f"“{' '.join(self.terms)}”")
        return " · ".join(parts)


INDEX_ABOVE_CHARS = 1_000_000  # of search text, about 400 questions: below it a scan takes < 1 ms
SCAN_BELOW = 1_000  # fewer candidates than this: scan them for a term instead of the index
WORK_PER_TEXT = 4  # posting entries united per text before WordIndex falls back to a scan
WORK_PER_WORD = 20  # the cost of one matching word, in posting entries
MEMO_TERMS = 32  # terms whose matches are remembered …
MEMO_ITEMS = 50_000  # … holding at most this many indices in all (about 3 MB)
BUILD_CHUNK = 32  # texts indexed (about 1 ms) between two releases of the GIL


class WordIndex:
    """Which of a list of texts contain a term, found through their distinct words.

    A search term never contains whitespace (:attr:`Filter.terms` splits on it), so ``term in
    text`` holds exactly when the term lies inside one of the text's whitespace-separated words.
    The distinct words, most frequent first, are joined into one string; finding the term there
    and uniting the posting lists of the words it falls in answers it without reading the texts.
    """

    def __init__(self, texts: Sequence[str], postings: Mapping[str, list[int]]) -> None:
        """Use :meth:`build`; ``postings`` maps each word to the texts that hold it."""
        words = sorted(postings, key=lambda w: len(postings[w]), reverse=True)
        self._texts = texts
        # Arrays, not lists: a 10,000-question role has ~100,000 distinct words, and arrays
        # are compact and not tracked by the cyclic collector (no full collection walks them).
        self._lists = [array("I", postings[w]) for w in words]
        self._starts: list[int] = []
        at = 0
        for word in words:
            self._starts.append(at)
            at += len(word) + 1
        self._blob = "\n".join(words)

    @classmethod
    def build(cls, texts: Sequence[str], stop: threading.Event | None = None) -> WordIndex | None:
        """The index of ``texts``, or None if ``stop`` was set before it was done."""
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(texts):
            for word in set(text.split()):
                postings[word].append(index)
            if index % BUILD_CHUNK == BUILD_CHUNK - 1:
                if stop is not None and stop.is_set():
                    return None
                # Built in a worker thread: a moment for the UI thread to take the GIL, so a
                # keystroke meanwhile waits ~1 ms for it rather than the 5 ms switch interval.
                time.sleep(0)
        return cls(texts, postings)

    def containing(self, term: str) -> set[int]:
        """Indices of the texts that contain ``term`` (which has no whitespace)."""
        find, starts, lists, texts = self._blob.find, self._starts, self._lists, self._texts
        size = len(texts)
        budget = WORK_PER_TEXT * size
        found: set[int] = set()
        at = find(term)
        while at >= 0:
            word = bisect.bisect_right(starts, at) - 1
            postings = lists[word]
            budget -= len(postings) + WORK_PER_WORD
            if budget < 0:
                # A common term (one or two letters), in nearly every text and found near its
                # start: scanning the texts not found yet is cheaper than uniting more lists.
                found.update(i for i in range(size) if i not in found and term in texts[i])
                return found
            found.update(postings)
            if len(found) == size or word + 1 == len(starts):
                break
            at = find(term, starts[word + 1])
        return found


class SearchIndex:
    """Search and filters over a list of questions, in about 1 ms a keystroke at 10,000.

    :meth:`filter` first finds the texts that hold every search term, then applies the other
    filters in one pass. Each term's matches are remembered (per index). A term is answered from:

    * a remembered substring's matches, scanning just those, when they are few or there is no
      word index (typing, it is the same word one letter shorter: each letter narrows the last);
    * else the :class:`WordIndex`, once :meth:`prepare` has built it;
    * else a scan of every text.

    The word index costs about 30–100 ms per 1,000 questions to build, so it is only worth it past
    ``index_above`` characters of text, and ``filter`` never builds it. ``prepare`` may run in a
    worker thread while ``filter`` is called (from one thread at a time): ``filter`` scans until
    the index is ready and uses it from then on, with the same results.

    Texts and word indexes are big (about 2 KB and 0.5 KB a question): all indexes together hold
    at most :data:`HELD_CHARS` of text. Past it, the least recently searched other indexes let
    theirs go (and make them again if searched again; :attr:`indexed` turns false, so a caller
    that prepares unindexed roles prepares it again). :func:`search_roles` (every role at once)
    lets none go while it runs; the first search after it does.
    """

    def __init__(
        self, questions: Sequence[Question], *, index_above: int = INDEX_ABOVE_CHARS
    ) -> None:
        self.questions = list(questions)
        self._source = questions
        self._text_list: list[str] | None = None  # made when first searched (or by prepare)
        self._texts_lock = threading.Lock()
        # The search text's length without making it (casefolding may change it a little),
        # nor reading lazy questions' bodies. No questions, no model to import: the browser's
        # empty index is made before the first frame, and the model brings pydantic (~150 ms).
        size = 0
        if questions:
            from preptui.model import search_chars

            size = search_chars(questions)
        self._worth_indexing = size > index_above
        self._words: WordIndex | None = None
        self._build_lock = threading.Lock()
        self._abandoned = threading.Event()
        self._memo: dict[str, AbstractSet[int]] = {}  # oldest first
        self._memo_items = 0

    @property
    def _texts(self) -> list[str]:
        """The questions' search texts, made once, by the first search or by :meth:`prepare`.

        A role switched to with no search text shown never needs them on the UI thread.
        """
        texts = self._text_list
        if texts is None:
            with self._texts_lock:
                if self._text_list is None:
                    source, questions = self._source, self.questions
                    unchanged = len(source) == len(questions) and all(
                        a is b for a, b in zip(source, questions, strict=True)
                    )  # else the caller's list changed since: use our copy (not remembered)
                    from preptui.model import search_texts

                    made = _search_texts(source) if unchanged else search_texts(questions)
                    self._text_list = made
                texts = self._text_list
            _holding(self, sum(map(len, texts)))
        return texts

    def _let_go(self) -> bool:
        """Drop the texts, word index and remembered terms (made again when searched), unless
        the word index is being built right now."""
        if not self._build_lock.acquire(blocking=False):
            return False
        try:
            with self._texts_lock:
                self._text_list = None
            self._words = None
            self._memo = {}
            self._memo_items = 0
        finally:
            self._build_lock.release()
        return True

    @property
    def worth_indexing(self) -> bool:
        """Whether the text is large enough for :meth:`prepare` to build a word index."""
        return self._worth_indexing

    @property
    def indexed(self) -> bool:
        """Whether search terms are looked up in the word index (else texts are scanned)."""
        return self._words is not None

    def prepare(self) -> None:
        """Build the word index if the text is large enough. Idempotent and thread-safe.

        Meant for a worker thread; returns without an index once :meth:`abandon` was called.
        """
        if not self._worth_indexing or self._words is not None:
            return
        _searched(self)
        with self._build_lock:
            if self._words is None and not self._abandoned.is_set():
                texts = self._texts
                with _texts_lock:
                    known = _words_of.get(id(texts))
                words = known[1] if known is not None and known[0] is texts else None
                if words is None:  # not built for these texts yet (a role shown again: reuse)
                    words = WordIndex.build(texts, stop=self._abandoned)
                    with _texts_lock:  # remembered with its texts only: reused with them
                        if words is not None and any(
                            kept[2] is texts for kept in _texts_of.values()
                        ):
                            _words_of[id(texts)] = (texts, words)
                            while len(_words_of) > _TEXTS_KEPT:
                                del _words_of[next(iter(_words_of))]
                # Published whole, in one assignment: filter sees None or a finished index.
                self._words = words

    def abandon(self) -> None:
        """Stop a :meth:`prepare` under way or to come (this index is being replaced).

        ``filter`` keeps working, by scanning if the word index was not ready.
        """
        self._abandoned.set()

    def filter(
        self, flt: Filter, bookmarks: Collection[str] = (), due: Collection[str] = ()
    ) -> list[int]:
        """Indices of the questions that pass the filter, in bank order.

        ``due`` holds the ids of the questions due for review (used when ``flt.due`` is on).
        """
        if flt.terms or _over:  # (the one shown: texts made past the budget meanwhile go)
            _searched(self)
        matched = self._matching(flt.terms)
        keep = _predicate(flt, bookmarks, due)
        candidates: Iterable[int] = range(len(self.questions)) if matched is None else matched
        if keep is None:
            return list(candidates)
        questions = self.questions
        return [i for i in candidates if keep(questions[i])]

    # ------------------------------------------------------------------ text matching

    def _matching(self, terms: Sequence[str]) -> list[int] | None:
        """Sorted indices of the texts holding every term; None when there are no terms."""
        if not terms:
            return None
        words = self._words  # read once: the index may be published meanwhile
        found: AbstractSet[int] | None = None
        deferred: list[str] = []
        for term in sorted(set(terms), key=len, reverse=True):  # longest: most selective
            if found is not None and len(found) < SCAN_BELOW and term not in self._memo:
                deferred.append(term)  # scanned below, in the few texts still in the running
                continue
            hits = self._containing(term, words)
            found = hits if found is None else found & hits
        assert found is not None
        texts = self._texts
        indices = sorted(found)
        for term in deferred:
            indices = [i for i in indices if term in texts[i]]
        return indices

    def _containing(self, term: str, words: WordIndex | None) -> AbstractSet[int]:
        """Indices of exactly the texts that contain ``term``, remembered."""
        memo = self._memo
        hits = memo.get(term)
        if hits is not None:
            return hits
        texts = self._texts
        # Every text holding the term holds each of its substrings: the narrowest remembered
        # substring bounds the search (typing, the same word one letter shorter).
        narrowest: AbstractSet[int] | None = None
        for known, known_hits in memo.items():
            if known in term and (narrowest is None or len(known_hits) < len(narrowest)):
                narrowest = known_hits
        if narrowest is not None and (words is None or len(narrowest) < SCAN_BELOW):
            hits = {i for i in narrowest if term in texts[i]}
        elif words is not None:
            hits = words.containing(term)
        else:
            hits = {i for i, text in enumerate(texts) if term in text}
        self._remember(term, hits)
        return hits

    def _remember(self, term: str, hits: AbstractSet[int]) -> None:
        memo = self._memo
        memo[term] = hits
        self._memo_items += len(hits)
        while len(memo) > 1 and (len(memo) > MEMO_TERMS or self._memo_items > MEMO_ITEMS):
            oldest = next(iter(memo))
            self._memo_items -= len(memo.pop(oldest))


HELD_CHARS = 48_000_000  # search text all indexes hold at once: two 10,000-question roles and more

#: Indexes holding their texts, least recently searched first: id -> (index, characters).
_held: OrderedDict[int, tuple[weakref.ref[SearchIndex], int]] = OrderedDict()
_held_lock = threading.Lock()
_every_role = 0  # search_roles calls under way: they need every role's texts at once
_over = False  # texts were made past the budget while nothing could be let go


def _searched(index: SearchIndex) -> None:
    """``index`` is being searched: the most recent; and let others go if the budget was passed
    while :func:`search_roles` ran."""
    with _held_lock:
        if id(index) in _held:
            _held.move_to_end(id(index))
        over = _over and not _every_role
    if over:
        _keep_to_budget()


def _holding(index: SearchIndex, chars: int) -> None:
    """``index`` holds ``chars`` of text: the most recent; let others go past the budget."""
    global _over
    with _held_lock:
        known = _held.get(id(index))
        if known is not None and known[0]() is index and known[1] == chars:
            return  # already counted (texts read again by the same index)
        _held[id(index)] = (weakref.ref(index), chars)
        _held.move_to_end(id(index))
        if _every_role:
            _over = True
            return
    _keep_to_budget()


def _keep_to_budget() -> None:
    global _over
    with _held_lock:
        _over = False
        for key in [k for k, (ref, _) in _held.items() if ref() is None]:
            del _held[key]  # an index that is gone: its texts went with it
        total = sum(chars for _, chars in _held.values())
        if total <= HELD_CHARS:
            return
        candidates = [(key, ref()) for key, (ref, _) in list(_held.items())[:-1]]  # not the newest
    for key, index in candidates:
        if total <= HELD_CHARS:
            break
        if index is not None and index._let_go():
            with _held_lock:
                entry = _held.pop(key, None)
            total -= entry[1] if entry is not None else 0


_TEXTS_KEPT = 8  # question lists whose search texts are remembered (a role shown again) …
_TEXTS_KEPT_CHARS = 24_000_000  # … holding at most this much text (but always the last one)
_texts_of: dict[int, tuple[Sequence[Question], list[Question], list[str], int]] = {}
_texts_lock = threading.Lock()
#: Word indexes by the texts they index (themselves remembered by :func:`_search_texts`).
_words_of: dict[int, tuple[list[str], WordIndex]] = {}


def _search_texts(questions: Sequence[Question]) -> list[str]:
    """Every question's search text, remembered for the same list (a bank's, shown again).

    Casefolding a big role's answers costs ~6 ms per 1,000 questions: a role switched back to
    should not pay it again. The list is held with its texts, so its id is not reused meanwhile;
    a list changed in place since is told apart by comparing its items (by identity: ~0.3 ms at
    10,000).
    """
    key = id(questions)
    with _texts_lock:
        known = _texts_of.get(key)
    if known is not None:
        held, items, texts, _ = known
        same = held is questions and len(items) == len(questions)
        if same and all(a is b for a, b in zip(items, questions, strict=True)):
            return texts
    from preptui.model import search_texts

    texts = search_texts(questions)
    with _texts_lock:
        _texts_of.pop(key, None)
        _texts_of[key] = (questions, list(questions), texts, sum(map(len, texts)))
        kept = sum(entry[3] for entry in _texts_of.values())
        while len(_texts_of) > 1 and (len(_texts_of) > _TEXTS_KEPT or kept > _TEXTS_KEPT_CHARS):
            _, _, dropped, size = _texts_of.pop(next(iter(_texts_of)))
            _words_of.pop(id(dropped), None)  # its word index can only be used with it
            kept -= size
    return texts


def _predicate(
    flt: Filter, bookmarks: Collection[str], due: Collection[str]
) -> Callable[[Question], bool] | None:
    """One test for the difficulty, kind, bookmarked and due filters; None when all are off."""
    checks: list[Callable[[Question], bool]] = []
    if flt.difficulty is not None:
        difficulty = flt.difficulty
        checks.append(lambda q: q.difficulty is difficulty)
    if flt.kind is not None:
        kind = flt.kind
        checks.append(lambda q: q.kind is kind)
    if flt.bookmarked:
        marked = frozenset(bookmarks)
        checks.append(lambda q: q.id in marked)
    if flt.due:
        due_ids = frozenset(due)
        checks.append(lambda q: q.id in due_ids)
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda q: all(check(q) for check in checks)


@dataclass(frozen=True)
class RoleHit:
    """A question of one role that matches a search across roles."""

    role_id: str
    question: Question
    in_prompt: bool  # every term is in the prompt (listed before hits in the answer only)


def search_roles(
    indexes: Iterable[tuple[str, SearchIndex]], text: str, limit: int = 200
) -> tuple[list[RoleHit], int]:
    """The questions of every role that hold every term of ``text``, and how many there are.

    Hits whose prompt holds every term come first, then those found in the answer or tags only;
    each part in the order the roles are given, then bank order. At most ``limit`` hits are
    returned (the count is of all of them). No terms: no hits.
    """
    global _every_role
    flt = Filter(text=text)
    terms = flt.terms
    if not terms:
        return [], 0
    with _held_lock:
        _every_role += 1
    try:
        return _search_roles(indexes, flt, terms, limit)
    finally:
        with _held_lock:
            _every_role -= 1


def _search_roles(
    indexes: Iterable[tuple[str, SearchIndex]], flt: Filter, terms: tuple[str, ...], limit: int
) -> tuple[list[RoleHit], int]:
    in_prompt: list[RoleHit] = []
    elsewhere: list[RoleHit] = []
    total = 0
    for role_id, index in indexes:
        found = index.filter(flt)
        total += len(found)
        for i in found:
            if len(in_prompt) >= limit:
                break
            question = index.questions[i]
            prompt = question.prompt.casefold()
            if all(term in prompt for term in terms):
                in_prompt.append(RoleHit(role_id, question, True))
            elif len(elsewhere) < limit:
                elsewhere.append(RoleHit(role_id, question, False))
    return (in_prompt + elsewhere)[:limit], total


def filter_questions(
    questions: Sequence[Question], flt: Filter, bookmarks: Collection[str] = ()
) -> list[Question]:
    index = SearchIndex(questions)
    return [index.questions[i] for i in index.filter(flt, bookmarks)]
