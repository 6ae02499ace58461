"""Each loaded role's :class:`SearchIndex`, made once and shared by the browser's search and
``F`` (search every role): a role switched back to, or searched from ``F``, does not pay for
its index again.

An index belongs to one list of questions (a bank's, by identity): a bank re-read after an edit
brings a new list, and :meth:`RoleIndexes.keep` (called with every set of loaded banks) forgets
the indexes of the lists no longer loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from preptui.search import SearchIndex

if TYPE_CHECKING:
    from preptui.banks.load import LoadedBank
    from preptui.model import Question


class RoleIndexes:
    def __init__(self) -> None:
        # id(questions) -> (the list itself, so that its id is not reused meanwhile; its index)
        self._indexes: dict[int, tuple[Sequence[Question], SearchIndex]] = {}

    def __len__(self) -> int:
        return len(self._indexes)

    def get(self, loaded: LoadedBank) -> SearchIndex:
        """The index of ``loaded``'s questions, made now if it was not made before."""
        questions = loaded.bank.questions
        known = self._indexes.get(id(questions))
        if known is not None:
            held, index = known
            if held is questions and len(index.questions) == len(questions):
                return index
        index = SearchIndex(questions)
        self._indexes[id(questions)] = (questions, index)
        return index

    def leave(self, index: SearchIndex) -> None:
        """The browser stops showing ``index``'s role: stop building its word index, and forget
        it unless the word index is done (an abandoned index never builds one again)."""
        if index.indexed or not index.worth_indexing:
            return
        index.abandon()
        self._indexes = {k: v for k, v in self._indexes.items() if v[1] is not index}

    def keep(self, banks: Iterable[LoadedBank]) -> None:
        """Forget the indexes of question lists that are not among ``banks`` any more."""
        live = {id(b.bank.questions): b.bank.questions for b in banks}
        self._indexes = {k: v for k, v in self._indexes.items() if live.get(k) is v[0]}
