"""Golden files, one per shape community collections use: every answered question imports.

Each file in ``tests/data/import/shapes`` is our own writing, laid out like a kind of public
interview collection; the tests name what a user would see in the bank and the report.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from preptui.banks.write import dumps_bank
from preptui.importing import ImportReport, import_file, import_markdown
from preptui.importing.dispatch import import_decks
from preptui.importing.names import slugify
from preptui.kinds import Difficulty
from preptui.mock.agenda import build_agenda
from preptui.model import Bank, Question
from preptui.slugs import SLUG_PATTERN

SHAPES = Path(__file__).parents[1] / "data" / "import" / "shapes"

#: shape file -> the prompts (first line) of its answered questions, in order
ANSWERED = {
    "details_summary": [
        "What does a load balancer do?",
        "What is the difference between a process and a thread?",
        "Explain what DNS is used for",
        "What happens when you type a URL into a browser?",
    ],
    "details_answer": [
        "What does `*args` collect in a function signature?",
        "What does `**kwargs` collect?",
        "What is a generator?",
    ],
    "list_bold": [
        "What is a primary key?",
        "What is normalisation?",
        "When would you denormalise a schema?",
        "What is a foreign key?",
        "What is an index?",
    ],
    "table": [
        "What port does HTTPS use by default?",
        "What is the difference between TCP and UDP?",
        "What does `traceroute` show?",
        "How does TCP avoid congesting the network?",
        "What is a | pipe doing in a table cell?",
    ],
    "qa_pairs": [
        "What does `git rebase` do?",
        "What is the difference between `git fetch` and `git pull`?",
        "How do you undo the last commit but keep its changes?",
        "What is a detached HEAD?",
    ],
    "list_headings": [
        "What is a closure",
        "What is hoisting",
        "What are the ways to copy an object",
    ],
    "numbering": [
        "What is a system call?",
        "What is virtual memory?",
        "What is a page fault?",
        "What does this print?",
        "Question 7?",
        "What is a context switch?",
    ],
    "quiz_checkbox": [
        "What does `len([1, [2, 3]])` return?",
        "Which keyword defines a function?",
        "What is the output of this code?",
    ],
    "quiz_letters": [
        "What's the output?",
        "Which of these is not a primitive type?",
        "What's the output?",
    ],
    "mixed": [
        "What is a race condition?",
        "How do you prevent one?",
        "What is a deadlock?",
        "What is starvation?",
        "What is a semaphore?",
    ],
}


def _import(name: str) -> ImportReport:
    return import_file(SHAPES / f"{name}.md")


def _by_prompt(bank: Bank) -> dict[str, Question]:
    return {q.prompt.split("\n")[0]: q for q in bank.questions}


@pytest.mark.parametrize("name", sorted(ANSWERED))
def test_every_answered_question_of_each_shape_imports(name: str) -> None:
    report = _import(name)
    assert [q.prompt.split("\n")[0] for q in report.bank.questions] == ANSWERED[name]
    for question in report.bank.questions:
        asked = " ".join(question.prompt.split("\n")[0].casefold().split())
        assert all(p.casefold().rstrip("?") != asked.rstrip("?") for p in question.key_points)
        assert not any("](" in point or "http" in point for point in question.key_points)
        assert "Back to Top" not in question.answer and "back to top" not in question.answer
        assert not re.match(r"(?i)(answer|ans|a)\s*[:.]", question.answer)
    dumps_bank(report.bank)  # validates and writes


def test_details_summary_blocks() -> None:
    report = _import("details_summary")
    bank = report.bank
    first = bank.questions[0]
    assert first.answer.startswith("It spreads incoming requests")
    assert "</b>" not in first.answer and "<br>" not in first.answer
    # "#### :baby: Beginner" names a difficulty, not a tag; "## Basics" is the tag
    assert first.difficulty is Difficulty.EASY and first.tags == ["basics"]
    assert bank.questions[2].tags == ["networking"]
    process = bank.questions[1]
    assert process.key_points[0].startswith("A process has its own memory space")
    assert report.skipped == [("What is infrastructure as code?", "no answer")]
    unused = {(part.where, part.why) for part in report.unused}
    assert ("lines 7-8", "table of contents") in unused
    assert ("line 12", "navigation") in unused
    assert ("line 3", "before the first question") in unused
    assert ("lines 30-32", "skipped question: no answer") in unused


def test_details_after_the_question_is_its_answer() -> None:
    bank = _import("details_answer").bank
    generator = bank.questions[2]
    assert generator.answer.startswith("A function that uses `yield`")
    assert "<p>" not in generator.answer
    assert [q.tags for q in bank.questions] == [["functions"], ["functions"], ["generators"]]


def test_bold_list_items() -> None:
    report = _import("list_bold")
    by = _by_prompt(report.bank)
    denormalise = by["When would you denormalise a schema?"]
    assert denormalise.answer.startswith("When reads dominate")
    index = by["What is an index?"]
    assert index.prompt == "What is an index?"
    assert index.answer.endswith("Source: [src](https://example.org/indexes)")
    assert report.skipped == [("What is a view?", "link only")]
    # "## Questions & Answers" names the whole file: no tag
    assert all(q.tags == [] for q in report.bank.questions)


def test_question_answer_tables() -> None:
    report = _import("table")
    by = _by_prompt(report.bank)
    congestion = by["How does TCP avoid congesting the network?"]
    assert congestion.difficulty is Difficulty.HARD
    assert congestion.answer.endswith("lost.\nModern variants also react to rising delay.")
    assert by["What is a | pipe doing in a table cell?"].difficulty is Difficulty.EASY
    assert report.skipped == [("What is a subnet mask?", "no answer")]
    assert {part.why for part in report.unused} == {
        "before the first question",
        "skipped question: no answer",
    }


def test_qa_pairs() -> None:
    report = _import("qa_pairs")
    answers = [q.answer for q in report.bank.questions]
    assert answers[0] == (
        "It replays your commits on top of another base commit, which gives a linear history."
    )
    assert answers[2].startswith("Run `git reset --soft HEAD~1`.")
    assert answers[3].startswith("HEAD points at a commit")
    assert report.skipped == [("What is a bare repository?", "no answer")]


def test_headings_inside_list_items() -> None:
    report = _import("list_headings")
    closure = report.bank.questions[0]
    assert "```javascript\nfunction counter() {\n  let n = 0;" in closure.answer
    assert closure.tags == []  # "### Table of Contents" is no tag
    copy = report.bank.questions[2]
    assert copy.key_points[0].startswith("Spread syntax:")
    assert ("lines 5-10", "table of contents") in {(p.where, p.why) for p in report.unused}
    assert report.skipped == [("What is the event loop", "no answer")]  # only a back-to-top link


def test_heading_numbering_sources_images_and_labels() -> None:
    bank = _import("numbering").bank
    by = _by_prompt(bank)
    assert by["What is virtual memory?"].answer.startswith("Each process sees")
    fault = by["What is a page fault?"]
    assert fault.prompt == "What is a page fault?"
    assert fault.answer.startswith("![diagram](images/page-fault.png)\n\nAn access to a page")
    assert fault.answer.endswith("Source: [src](https://example.org/faults)")
    printed = by["What does this print?"]
    assert printed.prompt.endswith("```python\nprint(sorted([3, 1, 2]))\n```")
    assert printed.answer.startswith("It prints `[1, 2, 3]`")
    assert by["What is a context switch?"].answer.startswith("Saving the state")
    assert all(q.tags == [] for q in bank.questions)


def test_checkbox_quizzes() -> None:
    bank = _import("quiz_checkbox").bank
    length, keyword, output = bank.questions
    assert "- [ ] 3\n- [ ] 2\n- [ ] 1\n- [ ] an error" in length.prompt  # nothing ticked
    assert length.answer == "2\n\nThe outer list has two items: the number and the inner list."
    assert keyword.answer == "`def`"
    assert output.prompt.startswith("What is the output of this code?\n\n```python\n")
    assert output.answer.startswith("`<class 'float'>`\n\nTrue division")


def test_lettered_quizzes_keep_code_and_options_in_the_prompt() -> None:
    report = _import("quiz_letters")
    first, second, third = report.bank.questions
    assert "values.length = 0;" in first.prompt and "- D: `TypeError`" in first.prompt
    assert first.answer.startswith("**B:** `undefined`\n\nSetting `length` to 0")
    assert second.answer.startswith("**C:** `object`")
    assert third.answer.startswith('**B:** `"object"`')
    assert first.id != third.id  # same words, different code: not a duplicate
    assert report.skipped == []
    assert [(p.where, p.why) for p in report.unused] == [("line 71", "navigation")]


def test_mixed_shapes_in_one_file() -> None:
    report = _import("mixed")
    assert report.imported == 5
    assert report.unused == [] and report.left == 0


def test_anki_text_export_one_bank_per_deck() -> None:
    reports = import_decks(SHAPES / "anki_decks.txt")
    assert [r.bank.role.title for r in reports] == ["Networks", "Storage"]
    latency, ping = reports[0].bank.questions
    assert latency.prompt == "What is **latency**?"
    assert latency.answer == (
        "The time a packet takes to arrive.\n\n- Measured in milliseconds\n- Lower is better"
    )
    assert ping.prompt == "What does `ping` measure?"
    assert "[sound:" not in ping.answer and "[sound:" not in " ".join(ping.key_points)
    assert any("2 media references dropped (ping.mp3, rtt.png)" in n for n in reports[0].defaults)
    (cloze,) = reports[1].bank.questions
    assert cloze.prompt == "A […] keeps keys sorted in [shape]."
    assert cloze.answer == "A **B-tree** keeps keys sorted in **wide pages**."
    # the GUID gives the id: the same after the front is edited in Anki
    edited = (SHAPES / "anki_decks.txt").read_text().replace("What is <b>latency</b>?", "Latency?")
    again = import_decks(SHAPES / "anki_decks.txt")[0].bank.questions[0].id
    assert latency.id == again and latency.id.startswith("anki-")
    from preptui.importing.delimited import import_csv_decks

    assert (
        import_csv_decks(edited, deck="interview::networks")[0].bank.questions[0].id == latency.id
    )


def test_ids_for_any_script() -> None:
    assert slugify("Что такое замыкание?") == "chto-takoe-zamykanie"
    assert slugify("什么是闭包？") == "shen-me-shi-bi-bao"
    assert re.fullmatch(SLUG_PATTERN, slugify("???"))  # a short stable hash
    assert slugify("???") == slugify("???")
    report = import_markdown("## Что такое замыкание?\n\nФункция с окружением. Она помнит его.\n")
    assert report.bank.questions[0].id == "chto-takoe-zamykanie"


def test_cp1252_csv_imports_with_the_encoding_reported(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    text = "Question,Answer\nWhat is a café?,A place — for “coffee”; naïve façade.\n"
    path.write_bytes(text.encode("cp1252"))
    report = import_file(path)
    assert report.bank.questions[0].prompt == "What is a café?"
    assert report.bank.questions[0].answer == "A place — for “coffee”; naïve façade."
    assert "the file is not UTF-8: read it as cp1252 (detected)" in report.defaults


def test_interview_format_fits_a_small_bank() -> None:
    text = "".join(
        f"## What is {name}?\n\n{name} is a thing. It matters.\n\n" for name in ("A", "B", "C")
    )
    bank = import_markdown(text).bank
    assert bank.role.format.minutes <= 30
    agenda = build_agenda(bank, seed=1)
    asked = [s for s in agenda.segments if s.kind == "question"]
    assert len(asked) == 3
    assert all(s.seconds <= 10 * 60 for s in asked)
