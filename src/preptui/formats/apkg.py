"""Anki packages (``.apkg``) made with genanki: a preptui note type, one deck per role.

Every id is stable: the note type's and each deck's come from fixed names and the role id, and
each note's GUID from the role and question ids (:func:`preptui.formats.anki.anki_guid`), so
importing a later export into Anki updates the notes it already has. Several roles go into one
package as subdecks of ``preptui``.

genanki is an optional extra (``pip install 'preptui[anki]'``); without it
:class:`ApkgUnavailable` says so. Nothing is written: :func:`export_apkg` returns the bytes.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from preptui.formats.anki import (
    anki_deck,
    anki_guid,
    anki_tags,
    render_answer,
    render_block,
    render_follow_ups,
    render_key_points,
    render_tip,
)

if TYPE_CHECKING:
    from preptui.model import Bank

__all__ = [
    "APKG_FIELDS",
    "APKG_MODEL_NAME",
    "ApkgUnavailable",
    "apkg_deck_id",
    "apkg_model_id",
    "export_apkg",
]

APKG_MODEL_NAME = "preptui question"
APKG_FIELDS = ("Prompt", "Answer", "Key points", "Tip", "Follow-ups", "Difficulty", "Kind")

_FRONT = """<div class="prompt">{{Prompt}}</div>
<div class="meta">{{Difficulty}} · {{Kind}}</div>"""
_BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Key points}}<h4>Key points</h4><div class="points">{{Key points}}</div>{{/Key points}}
{{#Tip}}<p class="tip"><b>Tip:</b> {{Tip}}</p>{{/Tip}}
{{#Follow-ups}}<h4>Follow-ups</h4><div class="follow-ups">{{Follow-ups}}</div>{{/Follow-ups}}"""
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; line-height: 1.4; }
.meta { color: #888; font-size: 14px; margin-top: 0.5em; }
pre { background: rgba(127, 127, 127, 0.12); padding: 0.5em; overflow-x: auto; }
code { font-family: monospace; }
h4 { margin-bottom: 0.2em; }
.tip { font-style: italic; }"""


class ApkgUnavailable(Exception):
    """genanki is not installed; ``str(exc)`` says how to install it."""


def _stable_id(name: str) -> int:
    """An id in Anki's usual range (2**30 to 2**31) that depends only on ``name``."""
    digest = hashlib.sha256(f"preptui\x1f{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def apkg_model_id() -> int:
    return _stable_id("note type v1")


def apkg_deck_id(role_id: str) -> int:
    return _stable_id(f"deck\x1f{role_id}")


def _genanki() -> Any:
    try:
        import genanki  # type: ignore[import-untyped]
    except ImportError:
        raise ApkgUnavailable(
            "writing .apkg needs genanki: install it with "
            "\"pip install 'preptui[anki]'\" (or pip install genanki)"
        ) from None
    return genanki


def export_apkg(banks: Sequence[Bank], *, timestamp: float | None = None) -> bytes:
    """An ``.apkg`` with one deck per bank (``preptui::<Role title>``) and the preptui note type.

    ``timestamp`` fixes the notes' creation time (Anki updates a note it already has only from
    a newer package, so leave it unset for real exports).
    """
    genanki = _genanki()
    model = genanki.Model(
        apkg_model_id(),
        APKG_MODEL_NAME,
        fields=[{"name": name} for name in APKG_FIELDS],
        templates=[{"name": "Question", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )
    decks = []
    for bank in banks:
        deck = genanki.Deck(apkg_deck_id(bank.role.id), anki_deck(bank.role))
        deck.description = render_block(bank.role.summary)
        for q in bank.questions:
            fields = [
                render_block(q.prompt),
                render_answer(q),
                render_key_points(q.key_points),
                render_tip(q.tip),
                render_follow_ups(q.follow_ups),
                q.difficulty.value,
                q.kind.value,
            ]
            note = genanki.Note(
                model=model,
                fields=fields,
                tags=anki_tags(q),
                guid=anki_guid(bank.role.id, q.id),
            )
            deck.add_note(note)
        decks.append(deck)
    package = genanki.Package(decks)
    out = io.BytesIO()
    # genanki builds the collection in a temporary file it never removes: give it a folder
    # of ours for that, removed afterwards.
    with tempfile.TemporaryDirectory(prefix="preptui-apkg-") as folder:
        previous = tempfile.tempdir
        tempfile.tempdir = folder
        try:
            package.write_to_file(out, timestamp=timestamp)
        finally:
            tempfile.tempdir = previous
    return out.getvalue()
