"""Anki packages (``.apkg``): the collection inside read with the standard library's sqlite3.

A package is a ZIP holding ``collection.anki21`` (Anki 2.1 with "Support older Anki versions"
checked) or ``collection.anki2`` (older Anki, genanki, preptui); both schemas 11 and 18 are read.
The newest packages hold only a zstd-compressed ``collection.anki21b``: the message says to export
again with "Support older Anki versions" checked.

One bank per deck (or only the deck named). Fields are HTML, turned into Markdown
(:mod:`preptui.importing.html`); preptui's own note type maps field by field, any other takes
its first field as the prompt and its second as the answer, and a cloze note its text with the
deletions hidden as the prompt and shown as the answer. Media is dropped and reported.

Question ids come from the note's GUID (``anki-`` and ten letters and digits of its hash), so a
re-import gives every note the id it had before even after its front was edited in Anki, and the
progress recorded for it follows.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from preptui.importing.drafts import Collector, Draft, finish
from preptui.importing.html import CLOZE, cloze_answer, cloze_prompt, html_to_markdown
from preptui.importing.names import slugify
from preptui.importing.report import ImportFailed, ImportReport
from preptui.text import plural

__all__ = ["AnkiNote", "anki_question_id", "import_apkg", "read_apkg"]

_MEMBERS = ("collection.anki21", "collection.anki2")
_NEWEST = "collection.anki21b"
_PREPTUI_FIELDS = {
    "prompt": "Prompt",
    "answer": "Answer",
    "key_points": "Key points",
    "tip": "Tip",
    "follow_ups": "Follow-ups",
    "difficulty": "Difficulty",
    "kind": "Kind",
}
_MAX_COLLECTION_BYTES = 512 * 1024 * 1024
_ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass
class AnkiNote:
    guid: str
    deck: str
    notetype: str
    fields: dict[str, str]
    tags: list[str]


def anki_question_id(guid: str) -> str:
    """``anki-`` and ten characters of the GUID's hash: the same for the same note, always."""
    number = int.from_bytes(hashlib.sha256(guid.encode("utf-8")).digest()[:8], "big")
    chars = []
    for _ in range(10):
        number, rest = divmod(number, len(_ID_CHARS))
        chars.append(_ID_CHARS[rest])
    return "anki-" + "".join(chars)


def read_apkg(path: Path) -> list[AnkiNote]:
    """Every note in the package, with its deck (that of its first card) and fields by name."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFailed(f"not a readable Anki package: {exc}", path) from None
    with archive, tempfile.TemporaryDirectory(prefix="preptui-apkg-") as folder:
        names = set(archive.namelist())
        member = next((name for name in _MEMBERS if name in names), None)
        if _NEWEST in names and ("collection.anki21" not in names):
            raise ImportFailed(
                "this .apkg is in the newest Anki format (collection.anki21b), which preptui "
                'cannot read: in Anki, export it again with "Support older Anki versions" '
                "checked",
                path,
            )
        if member is None:
            raise ImportFailed("not an Anki package: it holds no collection.anki2", path)
        info = archive.getinfo(member)
        if info.file_size > _MAX_COLLECTION_BYTES:
            raise ImportFailed("the package's collection is too large", path)
        target = Path(folder) / "collection.db"
        with archive.open(info) as src, target.open("wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        try:
            return _read_collection(target)
        except sqlite3.DatabaseError as exc:
            raise ImportFailed(f"the package's collection cannot be read: {exc}", path) from None


def _read_collection(db: Path) -> list[AnkiNote]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        fields: dict[int, list[str]] = {}
        notetypes: dict[int, str] = {}
        decks: dict[int, str] = {}
        if "notetypes" in tables:  # schema 18
            for ntid, name in conn.execute("SELECT id, name FROM notetypes"):
                notetypes[ntid] = name
            for ntid, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
                fields.setdefault(ntid, []).append(name)
            for did, name in conn.execute("SELECT id, name FROM decks"):
                decks[did] = name.replace("\x1f", "::")
        else:  # schema 11: JSON in the col table
            models_json, decks_json = conn.execute("SELECT models, decks FROM col").fetchone()
            for key, model in json.loads(models_json).items():
                notetypes[int(key)] = model["name"]
                fields[int(key)] = [f["name"] for f in model["flds"]]
            for key, deck in json.loads(decks_json).items():
                decks[int(key)] = deck["name"]
        first_deck: dict[int, int] = {}
        for nid, did in conn.execute("SELECT nid, did FROM cards ORDER BY ord, id"):
            first_deck.setdefault(nid, did)
        notes: list[AnkiNote] = []
        for nid, guid, mid, tags, flds in conn.execute(
            "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
        ):
            names = fields.get(mid, [])
            values = flds.split("\x1f")
            names = names + [f"Field {n + 1}" for n in range(len(names), len(values))]
            notes.append(
                AnkiNote(
                    guid=guid,
                    deck=decks.get(first_deck.get(nid, -1), "Default"),
                    notetype=notetypes.get(mid, ""),
                    fields=dict(zip(names, values, strict=False)),
                    tags=tags.split(),
                )
            )
        return notes
    finally:
        conn.close()


def _split_items(markdown: str) -> list[str]:
    items = []
    for line in markdown.split("\n"):
        text = line.strip().removeprefix("- ").removeprefix("* ").strip()
        if text:
            items.append(text)
    return items


def _draft(note: AnkiNote, media: list[str]) -> Draft:
    def md(name: str) -> str:
        converted = html_to_markdown(note.fields.get(name, ""))
        media.extend(converted.media)
        return converted.text

    names = list(note.fields)
    tags = [tag for tag in note.tags if tag.casefold() != "leech"]
    if set(_PREPTUI_FIELDS.values()) <= set(names):
        fields = {key: md(name) for key, name in _PREPTUI_FIELDS.items()}
        known = {fields["difficulty"].casefold(), fields["kind"].casefold()}
        return Draft(
            prompt=fields["prompt"],
            answer=fields["answer"],
            difficulty=fields["difficulty"] or None,
            kind=fields["kind"] or None,
            key_points=_split_items(fields["key_points"]) or None,
            tip=fields["tip"] or None,
            follow_ups=_split_items(fields["follow_ups"]),
            tags=[tag for tag in tags if tag.casefold() not in known],
            id=anki_question_id(note.guid),
        )
    first = note.fields.get(names[0], "") if names else ""
    if CLOZE.search(first):
        extra = md(names[1]) if len(names) > 1 else ""
        prompt = html_to_markdown(cloze_prompt(first))
        answer = html_to_markdown(cloze_answer(first))
        media.extend(answer.media)
        text = answer.text + (f"\n\n{extra}" if extra else "")
        return Draft(prompt.text, text, tags=tags, id=anki_question_id(note.guid))
    prompt_text = md(names[0]) if names else ""
    answer_text = md(names[1]) if len(names) > 1 else ""
    return Draft(prompt_text, answer_text, tags=tags, id=anki_question_id(note.guid))


def import_apkg(
    path: Path,
    *,
    deck: str | None = None,
    role_id: str | None = None,
    title: str | None = None,
) -> list[ImportReport]:
    """One report (a bank) per deck in the package, or for ``deck`` alone."""
    notes = read_apkg(path)
    by_deck: dict[str, list[AnkiNote]] = defaultdict(list)
    for note in notes:
        by_deck[note.deck].append(note)
    if deck is not None:
        wanted = {name for name in by_deck if name.casefold() == deck.casefold()}
        if not wanted:
            known = ", ".join(sorted(by_deck)) or "none"
            raise ImportFailed(f"no deck {deck!r} in the package; its decks: {known}", path)
        by_deck = {name: by_deck[name] for name in wanted}
    if not by_deck:
        raise ImportFailed("the package holds no notes", path)
    if (role_id is not None or title is not None) and len(by_deck) > 1:
        raise ImportFailed(
            f"the package has {len(by_deck)} decks ({', '.join(sorted(by_deck))}): "
            "choose one with --deck NAME to give it a role id or title",
            path,
        )
    reports = []
    for name, deck_notes in by_deck.items():
        collector = Collector()
        media: list[str] = []
        for n, note in enumerate(deck_notes, start=1):
            draft = _draft(note, media)
            draft.label = f"(note {n})"
            collector.add(draft)
        leaf = name.split("::")[-1].strip() or name
        notes_text = []
        if media:
            shown = ", ".join(sorted(set(media))[:5])
            notes_text.append(f"{plural(len(media), 'media reference')} dropped ({shown})")
        try:
            report = finish(
                collector,
                role_id=role_id or slugify(leaf, 64) or None,
                title=title or leaf,
                doc_title=leaf,
                source=path.name,
                what=f"in deck {name!r}",
                notes=notes_text,
            )
        except ImportFailed as exc:
            exc.message = f"deck {name!r}: {exc.message}"
            exc.path = path
            raise
        reports.append(report)
    return reports
