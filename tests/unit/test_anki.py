"""Exports for Anki: the plain-text notes file and the .apkg, checked by Anki's own importer."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from preptui.banks.discover import bank_files
from preptui.banks.load import load_bank
from preptui.cli import main
from preptui.formats.anki import anki_deck, anki_guid, anki_tags, export_anki_text
from preptui.formats.apkg import export_apkg
from preptui.model import Bank, Difficulty, Format, Kind, Question, Role

from ..conftest import REPO

BUNDLED = bank_files(REPO / "banks")

try:
    from anki.collection import (
        Collection,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
        ImportCsvRequest,
    )
except ImportError:  # pragma: no cover - the anki-tests extra is missing
    ANKI = False
else:
    ANKI = True
needs_anki = pytest.mark.skipif(
    not ANKI, reason="Anki's importer (pip install -e '.[anki-tests]') is not installed"
)


def _bank(**changes: Any) -> Bank:
    fields: dict[str, Any] = {
        "id": "q-one",
        "prompt": "What does `git rebase` do?",
        "difficulty": Difficulty.HARD,
        "kind": Kind.SYSTEM_DESIGN,
        "answer": "It **replays** commits.\n\n<script>alert(1)</script>\n\n- one\n- two",
        "key_points": ["Replays `commits`", "Rewrites <b>history</b>"],
        "tip": "Say *why*.",
        "tags": ["Version Control", "git", "GIT"],
        "follow_ups": ["When not to?"],
    }
    fields.update(changes)
    role = Role(
        id="dev",
        title="Dev :: Ops",
        summary="Summary.",
        format=Format(minutes=30, rounds="one", mix={Kind.CODING: 1}),
    )
    return Bank(role=role, questions=[Question(**fields)])


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.split("\n")
    headers = [line for line in lines if line.startswith("#")]
    body = "\n".join(line for line in lines[len(headers) :])
    return headers, list(csv.reader(io.StringIO(body), delimiter="\t"))


def test_anki_text_headers_and_fields() -> None:
    text = export_anki_text(_bank())
    headers, rows = _rows(text)
    assert headers == [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        "#guid column:1",
        "#tags column:4",
        "#deck column:5",
        "#columns:GUID\tFront\tBack\tTags\tDeck",
    ]
    assert len(rows) == 1
    guid, front, back, tags, deck = rows[0]
    assert guid == anki_guid("dev", "q-one") and guid.isalnum() and len(guid) == 14
    assert front == "<p>What does <code>git rebase</code> do?</p>"
    assert "<strong>replays</strong>" in back and "<li>one</li>" in back
    assert "<script>" not in back and "&lt;script&gt;" in back  # raw HTML is shown, not run
    assert "<li>Rewrites &lt;b&gt;history&lt;/b&gt;</li>" in back
    assert "<b>Tip:</b> Say <em>why</em>." in back and "<li>When not to?</li>" in back
    assert tags == "Version_Control git hard system-design"
    assert deck == "preptui::Dev : Ops"


def test_guids_and_tags_are_stable_and_safe() -> None:
    assert anki_guid("a", "b") == anki_guid("a", "b") != anki_guid("a", "c")
    assert anki_guid("a-b", "c") != anki_guid("a", "b-c")
    bank = _bank(tags=["two words", 'quo"te', " x "])
    assert anki_tags(bank.questions[0]) == ["two_words", "quo_te", "x", "hard", "system-design"]
    assert anki_deck(bank.role) == "preptui::Dev : Ops"


def test_apkg_holds_a_collection() -> None:
    data = export_apkg([_bank()], timestamp=1.0)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "collection.anki2" in package.namelist()


def test_cli_export_anki_and_apkg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sre = load_bank(REPO / "banks" / "sre.toml")
    assert main(["export", "sre", "--format", "anki"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("#separator:tab\n#html:true\n")
    assert out.count("preptui::" + sre.role.title) == len(sre.questions)
    target = tmp_path / "sre.apkg"
    assert main(["export", "sre", "-o", str(target)]) == 0  # the format from the extension
    assert zipfile.is_zipfile(target)
    assert f"(Anki package, {len(sre.questions)} questions)" in capsys.readouterr().err
    assert main(["export", "sre", "--format", "apkg"]) == 2
    assert "give -o FILE.apkg" in capsys.readouterr().err
    assert main(["export", "--all", "--format", "md"]) == 2
    assert "use --format anki or apkg" in capsys.readouterr().err
    assert main(["export"]) == 2
    assert "name one ROLE, or --all" in capsys.readouterr().err
    every = tmp_path / "all.apkg"
    assert main(["export", "--all", "-o", str(every)]) == 0
    assert f"{len(BUNDLED)} roles" in capsys.readouterr().err


# --------------------------------------------------------------------------- Anki itself


def _collection(folder: Path) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def _import_text(col: Any, path: Path) -> Any:
    metadata = col.get_csv_metadata(path=str(path), delimiter=None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def _import_apkg(col: Any, path: Path) -> Any:
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def _assert_notes(col: Any, banks: list[Bank], fields: tuple[str, str]) -> None:
    total = sum(len(bank.questions) for bank in banks)
    assert col.note_count() == total
    by_guid = {col.get_note(nid).guid: col.get_note(nid) for nid in col.find_notes("")}
    assert len(by_guid) == total
    for bank in banks:
        deck = anki_deck(bank.role)
        for q in bank.questions:
            note = by_guid[anki_guid(bank.role.id, q.id)]
            assert sorted(note.tags, key=str.casefold) == sorted(anki_tags(q), key=str.casefold)
            prompt, answer = fields
            assert note[prompt].startswith("<") and note[answer].startswith("<")
            assert q.key_points[0].split()[0] in note.joined_fields()
            card = note.cards()[0]
            assert col.decks.name(card.did) == deck


@needs_anki
def test_anki_imports_the_text_export_of_every_role(tmp_path: Path) -> None:
    banks = [load_bank(path) for path in BUNDLED]
    path = tmp_path / "all.txt"
    path.write_text(export_anki_text(*banks), encoding="utf-8")
    col = _collection(tmp_path / "col")
    try:
        log = _import_text(col, path)
        assert len(log.new) == sum(len(b.questions) for b in banks)
        assert list(col.get_note(col.find_notes("")[0]).keys()) == ["Front", "Back"]
        _assert_notes(col, banks, ("Front", "Back"))
        again = _import_text(col, path)
        assert len(again.new) == 0
        assert col.note_count() == sum(len(b.questions) for b in banks)
    finally:
        col.close()


@needs_anki
def test_anki_imports_the_apkg_of_every_role(tmp_path: Path) -> None:
    banks = [load_bank(path) for path in BUNDLED]
    path = tmp_path / "all.apkg"
    path.write_bytes(export_apkg(banks))
    col = _collection(tmp_path / "col")
    try:
        log = _import_apkg(col, path)
        assert len(log.new) == sum(len(b.questions) for b in banks)
        note = col.get_note(col.find_notes("")[0])
        assert list(note.keys()) == [
            "Prompt",
            "Answer",
            "Key points",
            "Tip",
            "Follow-ups",
            "Difficulty",
            "Kind",
        ]
        assert note.note_type()["name"] == "preptui question"
        _assert_notes(col, banks, ("Prompt", "Answer"))
        q = banks[0].questions[0]
        first = next(
            col.get_note(nid)
            for nid in col.find_notes("")
            if col.get_note(nid).guid == anki_guid(banks[0].role.id, q.id)
        )
        assert first["Difficulty"] == q.difficulty.value and first["Kind"] == q.kind.value
        path.write_bytes(export_apkg(banks))
        again = _import_apkg(col, path)
        assert len(again.new) == 0
        assert col.note_count() == sum(len(b.questions) for b in banks)
    finally:
        col.close()


# --------------------------------------------------------------------------- Anki → preptui


def test_our_apkg_imports_back_field_by_field(tmp_path: Path) -> None:
    from preptui.importing.apkg import import_apkg

    bank = load_bank(REPO / "banks" / "sre.toml")
    path = tmp_path / "sre.apkg"
    path.write_bytes(export_apkg([bank]))
    (report,) = import_apkg(path)
    back = report.bank
    assert back.role.title == bank.role.title and len(back.questions) == len(bank.questions)
    for original, imported in zip(bank.questions, back.questions, strict=True):
        assert imported.difficulty == original.difficulty and imported.kind == original.kind
        assert len(imported.key_points) == len(original.key_points)
        assert len(imported.follow_ups) == len(original.follow_ups)
        assert set(imported.tags) == {anki_tag for anki_tag in anki_tags(original)} - {
            original.difficulty.value,
            original.kind.value,
        }


def _anki_made_package(
    folder: Path, *, legacy: bool, front: str = "What is a <b>generator</b>?"
) -> Path:
    from anki.collection import ExportAnkiPackageOptions

    col = _collection(folder / "made")
    try:
        deck = col.decks.id("Interview::Python")
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"] = front
        note["Back"] = (
            "<p>A function with <b>yield</b>: <code>yield x</code></p>"
            "<ul><li>lazy</li><li>one pass</li></ul><img src='diagram.png'> [sound:say.mp3]"
        )
        note.tags = ["python"]
        col.add_note(note, deck)
        cloze = col.new_note(col.models.by_name("Cloze"))
        cloze["Text"] = "The GIL is a {{c1::global interpreter lock::lock}} in CPython."
        col.add_note(cloze, deck)
        out = folder / ("made.apkg" if legacy else "made-new.apkg")
        options = ExportAnkiPackageOptions(
            legacy=legacy, with_scheduling=False, with_media=True, with_deck_configs=False
        )
        col.export_anki_package(out_path=str(out), options=options, limit=None)
        return out
    finally:
        col.close()


@needs_anki
def test_an_apkg_made_by_anki_imports_into_a_valid_bank(tmp_path: Path) -> None:
    from preptui.importing.apkg import import_apkg

    path = _anki_made_package(tmp_path, legacy=True)
    (report,) = import_apkg(path)
    bank = Bank.model_validate(report.bank.model_dump())
    assert bank.role.title == "Python" and bank.role.id == "python"
    basic, cloze = bank.questions
    assert basic.prompt == "What is a **generator**?"
    assert basic.answer == "A function with **yield**: `yield x`\n\n- lazy\n- one pass"
    assert basic.tags == ["python"]
    assert cloze.prompt == "The GIL is a [lock] in CPython."
    assert cloze.answer == "The GIL is a **global interpreter lock** in CPython."
    assert "2 media references dropped (diagram.png, say.mp3)" in report.summary()
    # Editing the front in Anki keeps the question's id: it comes from the note's GUID.
    edited = _anki_made_package(tmp_path / "again", legacy=True, front="Generators?")
    ids = [q.id for q in import_apkg(edited)[0].bank.questions]
    assert all(i.startswith("anki-") for i in ids) and len(set(ids)) == 2


@needs_anki
def test_newest_apkg_format_says_how_to_export(tmp_path: Path) -> None:
    from preptui.importing import ImportFailed
    from preptui.importing.apkg import import_apkg

    path = _anki_made_package(tmp_path, legacy=False)
    with pytest.raises(ImportFailed, match='"Support older Anki versions" checked'):
        import_apkg(path)


def test_cli_imports_an_apkg_one_bank_per_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    banks = [load_bank(REPO / "banks" / name) for name in ("sre.toml", "qa-engineer.toml")]
    path = tmp_path / "two.apkg"
    path.write_bytes(export_apkg(banks))
    out = tmp_path / "out"
    out.mkdir()
    assert main(["import", str(path), "-o", str(out / "one.toml")]) == 1
    assert "has 2 decks: give -o a folder, or --deck NAME" in capsys.readouterr().err
    assert main(["import", str(path), "-o", str(out)]) == 0
    written = sorted(p.name for p in out.glob("*.toml"))
    assert len(written) == 2
    capsys.readouterr()
    deck = anki_deck(banks[0].role)
    assert main(["import", str(path), "--deck", deck, "-o", str(tmp_path / "x.toml")]) == 0
    assert load_bank(tmp_path / "x.toml").role.title == banks[0].role.title
    assert main(["import", str(path), "--deck", "nope", "-o", str(tmp_path / "y.toml")]) == 1
    assert "no deck 'nope' in the package" in capsys.readouterr().err
