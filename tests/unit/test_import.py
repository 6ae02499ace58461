"""Importing Markdown and CSV question collections, and exporting banks that read back exactly."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preptui.banks.load import load_bank
from preptui.banks.write import dumps_bank
from preptui.formats import export_csv, export_markdown
from preptui.importing import (
    ImportFailed,
    ImportReport,
    import_csv,
    import_file,
    import_markdown,
)
from preptui.model import (
    Bank,
    Difficulty,
    Format,
    Kind,
    Question,
    Role,
    Solution,
    SolutionCase,
)
from preptui.slugs import SLUG_PATTERN

DATA = Path(__file__).parents[1] / "data" / "import"
REPO = Path(__file__).resolve().parents[2]
BUNDLED = sorted((REPO / "banks").glob("*.toml"))
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
THEORY = CORPUS / "data-science-interviews" / "theory.md"


def _round_trip_toml(bank: Bank) -> Bank:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{bank.role.id}.toml"
        path.write_bytes(dumps_bank(bank).encode("utf-8"))
        return load_bank(path)


def _assert_valid(report: ImportReport) -> None:
    assert report.imported == len(report.bank.questions)
    assert _round_trip_toml(report.bank) == report.bank


# --------------------------------------------------------------------------- strategies

# No control characters but tab and newline: the bank format refuses the others.
_CHARS = st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], include_characters="\t\n")
_NASTY = [
    "[bold]",
    "[red]x[/red]",
    "# not a heading",
    "## Tips",
    "## Questions",
    "### 1. heading",
    "```",
    "~~~",
    "<!-- answer -->",
    "<!-- /answer -->",
    "<!-- prompt -->",
    "<!-- /prompt -->",
    '<!-- preptui-question {"id":"x"} -->',
    "<!-- preptui-role {} -->",
    "<!-- preptui-export v1 -->",
    "-->",
    "**Key points**",
    "**Follow-ups**",
    "**Tip:** x",
    "**Tags:** `a`",
    "**Difficulty:** easy · **Kind:** coding",
    "**Format:**",
    "- [ ] item",
    "- item",
    "1. item",
    "---",
    "<br/>",
    'say "hi", ok',
    "a\tb",
    "a;b|c",
    "C#",
    "`code`",
    "[]",
    '["x"]',
    "| a | b |",
    "> quote",
    "ünïcödé ✓ 日本語 🚀 👶",
    "\\",
    "#separator:tab",
    "a · b",
    "Answer here",
    "https://example.com",
]
_WORD = st.one_of(st.text(_CHARS, min_size=1, max_size=10), st.sampled_from(_NASTY))
_LINE = st.lists(_WORD, min_size=1, max_size=4).map(" ".join).map(str.strip).filter(bool)
_MULTILINE = st.lists(_WORD, min_size=1, max_size=4).map("\n".join).map(str.strip).filter(bool)
_FIELD = st.one_of(_LINE, _LINE, _LINE, _MULTILINE)  # Line fields may hold newlines too
_BLOCK = st.one_of(
    _LINE,
    st.lists(_LINE, min_size=1, max_size=4).map(lambda xs: "\n".join(f"- {x}" for x in xs)),
    st.lists(st.one_of(_LINE, st.sampled_from(["# comment", "## h", "\tx = 1"])), max_size=4).map(
        lambda xs: "```python\n" + "\n".join(xs) + "\n```"
    ),
    _LINE.map(lambda x: f"> {x}"),
    _LINE.map(lambda x: f"#### {x}"),
    st.sampled_from(_NASTY),
)
_TEXT = st.lists(_BLOCK, min_size=1, max_size=5).map("\n\n".join).map(str.strip).filter(bool)
_TAG = st.one_of(
    st.text(_CHARS, min_size=1, max_size=40).map(str.strip).filter(bool),
    st.sampled_from(["a b", "c,d", "e;f", "`g`", "h · i", "[]", "ml", "system-design"]),
)
_SLUG = st.from_regex(SLUG_PATTERN, fullmatch=True)


@st.composite
def _questions(draw: st.DrawFn, question_id: str) -> Question:
    return Question(
        id=question_id,
        prompt=draw(st.one_of(_LINE, _TEXT)),
        difficulty=draw(st.sampled_from(Difficulty)),
        kind=draw(st.sampled_from(Kind)),
        answer=draw(_TEXT),
        key_points=draw(st.lists(_FIELD, min_size=2, max_size=8)),
        tip=draw(st.none() | _FIELD),
        tags=draw(st.lists(_TAG, max_size=5)),
        minutes=draw(st.none() | st.integers(1, 120)),
        follow_ups=draw(st.lists(_FIELD, max_size=5)),
        solution=draw(st.none() | _solutions()),
    )


@st.composite
def _solutions(draw: st.DrawFn) -> Solution:
    language: Literal["python", "sql"] = draw(st.sampled_from(["python", "sql"]))
    cases = st.builds(SolutionCase, input=_TEXT, expected=_FIELD)
    return Solution(
        language=language,
        code=draw(_TEXT),
        setup=draw(st.none() | _TEXT) if language == "sql" else None,
        ordered=draw(st.booleans()),
        cases=draw(st.lists(cases, min_size=1, max_size=3)),
    )


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    mix = draw(
        st.dictionaries(st.sampled_from(Kind), st.integers(0, 50), min_size=1).filter(
            lambda m: sum(m.values()) > 0
        )
    )
    role = Role(
        id=draw(_SLUG),
        title=draw(_FIELD),
        icon=draw(st.sampled_from(["", "🛠️", "🎨", "x", "a b"])),
        summary=draw(_TEXT),
        tips=draw(st.lists(_FIELD, max_size=3)),
        format=Format(minutes=draw(st.integers(5, 480)), rounds=draw(_FIELD), mix=mix),
    )
    ids = draw(st.lists(_SLUG, min_size=1, max_size=4, unique=True))
    return Bank(role=role, questions=[draw(_questions(i)) for i in ids])


_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --------------------------------------------------------------------------- round trips


@_SETTINGS
@given(banks())
def test_toml_round_trip(bank: Bank) -> None:
    assert _round_trip_toml(bank) == bank


@_SETTINGS
@given(banks())
def test_markdown_export_round_trip(bank: Bank) -> None:
    report = import_markdown(export_markdown(bank))
    assert report.bank == bank
    assert report.skipped == []
    assert report.defaults == []


@_SETTINGS
@given(banks())
def test_csv_export_round_trip(bank: Bank) -> None:
    report = import_csv(export_csv(bank))
    assert report.bank == bank
    assert report.skipped == []
    assert report.defaults == []


_PLAIN_MARKER = re.compile(r'<!-- preptui-question \{"id":"[a-z0-9-]+"(,"solution":\{.*\})?\} -->')


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_banks_round_trip(path: Path, tmp_path: Path) -> None:
    bank = load_bank(path)
    markdown = export_markdown(bank)
    # The visible layout carries every field but the runnable solution: no other JSON fallback.
    markers = [line for line in markdown.splitlines() if line.startswith("<!-- preptui-question")]
    assert len(markers) == len(bank.questions)
    assert all(_PLAIN_MARKER.fullmatch(line) for line in markers)
    md_file = tmp_path / f"{bank.role.id}.md"
    md_file.write_text(markdown, encoding="utf-8")
    assert import_file(md_file).bank == bank
    csv_file = tmp_path / f"{bank.role.id}.csv"
    csv_file.write_bytes(export_csv(bank).encode("utf-8"))
    assert import_file(csv_file).bank == bank


def test_markdown_export_layout() -> None:
    bank = load_bank(BUNDLED[0])
    text = export_markdown(bank)
    assert text.startswith("<!-- preptui-export v1 -->\n<!-- preptui-role {")
    assert f"\n# {bank.role.icon} {bank.role.title}\n" in text
    first = bank.questions[0]
    assert f"\n### 1. {first.prompt.splitlines()[0]}\n" in text
    assert f"**Difficulty:** {first.difficulty.value} · **Kind:** {first.kind.value}" in text
    assert f"- [ ] {first.key_points[0]}\n" in text


def test_csv_export_layout() -> None:
    bank = load_bank(BUNDLED[0])
    lines = export_csv(bank).splitlines()
    assert lines[:3] == ["#separator:comma", "#html:false", "#preptui-export:v2"]
    assert lines[3].startswith('#preptui-role:{"id":')
    assert lines[4] == (
        '"id","prompt","difficulty","kind","answer","key_points","tip","tags","minutes",'
        '"follow_ups","solution"'
    )


def test_export_is_exact_for_awkward_values() -> None:
    question = Question(
        id="q",
        prompt="Line one\n<!-- /prompt -->\nline three",
        difficulty=Difficulty.HARD,
        kind=Kind.SYSTEM_DESIGN,
        answer="<!-- /answer -->\n### not a question\n```\n# code\n```\nCRLF",
        key_points=["two\nlines", "- [ ] looks like a checkbox", "tab\tinside"],
        tip="**Tags:** fake",
        tags=["has space", "comma,inside"],
        minutes=7,
        follow_ups=['["json-like"]'],
    )
    role = Role(
        id="r",
        title="T",
        summary="## Tips\n- not a tip",
        format=Format(minutes=30, rounds="one", mix={Kind.CODING: 1}),
    )
    bank = Bank(role=role, questions=[question])
    assert import_markdown(export_markdown(bank)).bank == bank
    assert import_csv(export_csv(bank)).bank == bank


# --------------------------------------------------------------------------- real corpus


@pytest.mark.skipif(not THEORY.is_file(), reason="shared corpus not present")
def test_corpus_theory_imports() -> None:
    text = THEORY.read_text(encoding="utf-8")
    bold_questions = [line for line in text.splitlines() if re.fullmatch(r"\*\*.+\*\*\s*", line)]
    placeholders = [line for line in text.splitlines() if line.strip() == "Answer here"]
    assert len(bold_questions) == 166
    assert len(placeholders) == 14

    report = import_file(THEORY)
    assert report.imported == 152
    assert len(report.skipped) == 14
    assert {reason for _, reason in report.skipped} == {"no answer"}
    assert report.imported + len(report.skipped) == len(bold_questions)
    bank = report.bank
    assert bank.role.id == "theory"
    assert bank.role.title == "Theoretical interview questions"
    assert bank.role.summary == "Imported from theory.md."
    assert bank.role.format.mix == {Kind.TECHNICAL: 8}
    counts = Counter(q.difficulty for q in bank.questions)
    assert counts == {Difficulty.EASY: 40, Difficulty.MEDIUM: 103, Difficulty.HARD: 9}
    assert len({q.id for q in bank.questions}) == 152
    assert all(2 <= len(q.key_points) <= 6 for q in bank.questions)
    assert all(len(p) <= 200 for q in bank.questions for p in q.key_points)

    first = bank.questions[0]
    assert first.prompt == "What is supervised machine learning?"
    assert first.difficulty is Difficulty.EASY
    assert first.tags == ["supervised-machine-learning"]
    by_prompt = {q.prompt: q for q in bank.questions}
    typo = by_prompt["What is the area under the PR curve? Is it a useful metric?"]
    assert typo.difficulty is Difficulty.MEDIUM  # "‍⭐️I" in the source
    assert by_prompt["Possible approaches to solving the cold start problem?"].difficulty is (
        Difficulty.HARD
    )
    assert by_prompt["Precision-recall trade-off"].tags == ["classification"]
    linear = by_prompt["What is linear regression? When do we use it?"]
    assert "```\ny = B0 + B1*x1\n```" in linear.answer
    assert "<br/>" not in linear.answer
    assert any("Answer here" in text for text, _ in report.skipped) is False
    assert "152 questions had no kind: set to technical" in report.defaults
    assert "key points derived from the answer for 152 questions" in report.defaults

    _assert_valid(report)
    assert import_markdown(export_markdown(bank)).bank == bank
    assert import_csv(export_csv(bank)).bank == bank


# --------------------------------------------------------------------------- Markdown layouts


def test_markdown_headings_layout() -> None:
    report = import_file(DATA / "headings.md")
    _assert_valid(report)
    bank = report.bank
    assert bank.role.id == "headings"
    assert bank.role.title == "Python Interview Questions"
    assert [q.prompt for q in bank.questions] == [
        "What is a list comprehension?",
        "How do generators differ from lists?",
        "What does `__init__.py` do?",
        "Tell me about a time you fixed a production bug.",
    ]
    assert [q.difficulty for q in bank.questions] == [
        Difficulty.MEDIUM,
        Difficulty.HARD,
        Difficulty.EASY,
        Difficulty.MEDIUM,
    ]
    assert [q.kind for q in bank.questions] == [Kind.TECHNICAL] * 3 + [Kind.BEHAVIOURAL]
    assert [q.tags for q in bank.questions] == [["basics"]] * 3 + [["behavioural"]]
    assert report.skipped == [
        ("What is the GIL?", "no answer"),
        ("Where can I learn more about decorators?", "link only"),
        ("What is a list comprehension?", "duplicate question"),
    ]
    listing, generators = bank.questions[0], bank.questions[1]
    assert listing.id == "what-is-a-list-comprehension"
    assert listing.key_points == [
        "A compact way to build a list from an iterable.",
        "It reads as [expr for item in items if cond].",
        "It is usually faster than an explicit loop with append.",
        "Nested comprehensions are possible but get hard to read; see PEP 202.",
    ]
    assert "# this is a comment, not a heading\n## neither is this\n" in generators.answer
    assert generators.key_points == [
        "Generators produce values lazily.",
        "They use constant memory.",
        "They can only be iterated once.",
    ]
    behavioural = bank.questions[3]
    assert "after the end of the answer" not in behavioural.answer
    assert bank.role.format.mix == {Kind.TECHNICAL: 3, Kind.BEHAVIOURAL: 1}
    assert bank.role.tips == []
    assert "1 question had no difficulty: set to medium" in report.defaults
    summary = report.summary()
    assert summary.startswith("Imported 4 questions into role 'headings'")
    assert "Skipped 3 questions (1 no answer, 1 link only, 1 duplicate" in summary
    assert "Defaults applied:" in summary


def test_markdown_bold_layout() -> None:
    report = import_file(DATA / "bold.md")
    _assert_valid(report)
    bank = report.bank
    assert bank.role.title == "ML Quiz"
    assert [(q.prompt, q.difficulty, q.tags) for q in bank.questions] == [
        ("What is overfitting?", Difficulty.EASY, ["basics"]),
        ("What is regularisation?", Difficulty.MEDIUM, ["basics"]),
        ("Explain the bias-variance trade-off", Difficulty.HARD, ["basics"]),
        ("What is dropout?", Difficulty.MEDIUM, ["deep-learning"]),
    ]
    assert report.skipped == [("Which activation functions do you know?", "no answer")]
    regularisation = bank.questions[1]
    assert regularisation.key_points == [
        "Adding a penalty on model complexity to the loss.",
        "L1 (lasso) pushes some weights to exactly zero.",
        "L2 (ridge) shrinks all weights smoothly.",
    ]
    assert regularisation.answer.endswith("![diagram](https://example.com/reg.png)")
    trade_off = bank.questions[2]
    assert trade_off.key_points == [
        "Bias is error from wrong assumptions in the model",
        "Variance is error from sensitivity to the training set.",
    ]
    dropout = bank.questions[3]
    assert dropout.answer.endswith("```\n# dropout in PyTorch\nnn.Dropout(p=0.5)\n```")
    assert "no difficulty" not in " ".join(report.defaults)


def test_markdown_numbering_markers_and_levels() -> None:
    text = (
        "# Title\n\n"
        "## 1. What is a process?\n\nA running program with its own memory.\n\n"
        "## Q2) What is a thread? ##\n\n"
        "A unit of execution inside a process. Threads share memory.\n\n"
        "## Question 3: Why use threads? [Easy]\n\n* Concurrency while waiting on I/O\n"
        "* Sharing memory cheaply\n  across workers\n    * nested detail\n\n"
        "## Describe a situation where you had to learn fast (hard)\n\n"
        "I learned Go in a week for an on-call rotation. It went well.\n"
    )
    report = import_markdown(text, role_id="OS Basics", source="os.md")
    _assert_valid(report)
    bank = report.bank
    assert bank.role.id == "os-basics"
    assert bank.role.title == "Title"
    assert [q.prompt for q in bank.questions] == [
        "What is a process?",
        "What is a thread?",
        "Why use threads?",
        "Describe a situation where you had to learn fast",
    ]
    assert bank.questions[2].difficulty is Difficulty.EASY
    assert bank.questions[2].key_points == [
        "Concurrency while waiting on I/O",
        "Sharing memory cheaply across workers",
    ]
    assert bank.questions[3].kind is Kind.BEHAVIOURAL
    assert bank.questions[3].difficulty is Difficulty.HARD
    # one short sentence, never the prompt
    assert bank.questions[0].key_points == [
        "A running program with its own memory.",
        "Compare your answer with the model answer.",
    ]
    assert all(q.tags == [] for q in bank.questions)


def test_markdown_crlf_and_duplicate_ids() -> None:
    text = (
        "## What is X?\r\n\r\nX is a letter. It is used.\r\n\r\n"
        "## What is X++?\r\n\r\nA language.\r\nIt never shipped.\r\n"
    )
    report = import_markdown(text)
    assert [q.id for q in report.bank.questions] == ["what-is-x", "what-is-x-2"]
    assert report.bank.role.id == "imported-questions"
    assert report.bank.questions[1].answer == "A language.\nIt never shipped."


def test_markdown_details_and_answer_labels() -> None:
    text = (
        "# Quiz\n\n"
        "**Q: What is X?**\n**A:** X is a thing. It matters.\n\n"
        "**Q2. What is Y?**\n\n<details><summary>Answer</summary>\n\n"
        "Y is another thing. It is used in tests.\n\n</details>\n"
    )
    report = import_markdown(text)
    assert [(q.prompt, q.answer) for q in report.bank.questions] == [
        ("What is X?", "X is a thing. It matters."),
        ("What is Y?", "Y is another thing. It is used in tests."),
    ]


def test_a_q_prompt_wrapped_over_lines_runs_to_its_a_line() -> None:
    text = (
        "# Role\n\n"
        "Q: What is a CDN, and when would you\nput one in front of an API?\n"
        "A: It caches responses near users.\nIt cuts latency.\n\n"
        "Q: What is a queue?\nA buffer between producers and consumers.\nIt smooths bursts.\n"
    )
    report = import_markdown(text)
    assert [(q.prompt, q.answer) for q in report.bank.questions] == [
        (
            "What is a CDN, and when would you put one in front of an API?",
            "It caches responses near users.\nIt cuts latency.",
        ),
        # No A: line: what follows Q: is the answer ("A buffer" is an article, not a label).
        ("What is a queue?", "A buffer between producers and consumers.\nIt smooths bursts."),
    ]


def test_long_prompt_ids_are_capped() -> None:
    prompt = "What " + " ".join(["happens"] * 30) + "?"
    report = import_markdown(f"## {prompt}\n\nSomething. Another thing.\n")
    question_id = report.bank.questions[0].id
    assert len(question_id) <= 50
    assert re.fullmatch(SLUG_PATTERN, question_id)


# --------------------------------------------------------------------------- Markdown structure
# The block structure comes from markdown-it tokens (CommonMark), so these follow its rules.


def test_markdown_hashes_in_code_blocks_are_not_headings() -> None:
    text = (
        "## What does this script print?\n\n"
        "~~~bash\n# What is a comment?\necho hi\n~~~\n\n"
        "It prints hi. The first line is a comment.\n\n"
        "## What is an unclosed fence?\n\n"
        "A fence with no end runs to the end of the file.\n\n"
        "```\n## Is this a question?\n**Or this?**\n"
    )
    report = import_markdown(text)
    assert [q.prompt.split("\n")[0] for q in report.bank.questions] == [
        "What does this script print?",
        "What is an unclosed fence?",
    ]
    script, unclosed = report.bank.questions
    # the prompt asks about the code under it: the code is part of the prompt
    assert script.prompt.endswith("~~~bash\n# What is a comment?\necho hi\n~~~")
    assert script.answer == "It prints hi. The first line is a comment."
    assert unclosed.answer.endswith("```\n## Is this a question?\n**Or this?**")


def test_markdown_setext_headings() -> None:
    text = (
        "Networking Basics\n=================\n\n"
        "What is DNS?\n------------\n\n"
        "It maps names to addresses. Resolvers cache the answers.\n\n"
        "Q2. What is TCP? [Hard]\n---\n\n"
        "A reliable, ordered byte stream. It retransmits lost segments.\n"
    )
    report = import_markdown(text)
    assert report.bank.role.title == "Networking Basics"
    assert [(q.prompt, q.difficulty) for q in report.bank.questions] == [
        ("What is DNS?", Difficulty.MEDIUM),
        ("What is TCP?", Difficulty.HARD),
    ]
    assert report.bank.questions[0].answer == (
        "It maps names to addresses. Resolvers cache the answers."
    )


def test_markdown_end_lines_do_not_swallow_the_next_heading() -> None:
    # To CommonMark, "<br/>" or "</details>" starts an HTML block that runs to the next blank
    # line; as separators they must leave the heading right below them alone.
    text = (
        "## What is X?\n\nX is a thing. It matters.\n<br/>\n"
        "## What is Y?\n\n<details><summary>Answer</summary>\n\nY is another. It too.\n\n"
        "</details>\n## What is Z?\n\nZ is the last. It ends the list.\n"
    )
    report = import_markdown(text)
    assert [(q.prompt, q.answer) for q in report.bank.questions] == [
        ("What is X?", "X is a thing. It matters."),
        ("What is Y?", "Y is another. It too."),
        ("What is Z?", "Z is the last. It ends the list."),
    ]


def test_markdown_structure_hidden_in_comments_lists_and_code_is_content() -> None:
    text = (
        "## What is a list?\n\n"
        "- An ordered collection.\n  ## Not a question: this heading is inside the item\n"
        "- It can hold anything.\n\n"
        "Indented code is kept as written:\n\n    <br/>\n    x = [1, 2]\n\n"
        "<!--\n## What is hidden?\n\nDrafts in a comment are not questions.\n-->\n\n"
        "## What is a tuple?\n\nAn immutable sequence. It is hashable.\n"
    )
    report = import_markdown(text)
    assert [q.prompt for q in report.bank.questions] == ["What is a list?", "What is a tuple?"]
    answer = report.bank.questions[0].answer
    assert "  ## Not a question: this heading is inside the item\n" in answer
    assert "    <br/>\n    x = [1, 2]" in answer
    assert report.bank.questions[0].key_points == [
        "An ordered collection.",
        "It can hold anything.",
    ]


# --------------------------------------------------------------------------- CSV layouts


def test_csv_named_header() -> None:
    report = import_file(DATA / "named.csv")
    _assert_valid(report)
    race, story, deadlock = report.bank.questions
    assert race.prompt == "What is a race condition?"
    assert race.answer == (
        "When the outcome depends on the timing of threads.\n"
        "Fix it with locks or atomic operations."
    )
    assert race.difficulty is Difficulty.HARD
    assert race.tags == ["concurrency", "threads"]
    assert race.key_points == ["Outcome depends on timing", "Fix with locks or atomics"]
    assert race.tip == "Mention a real bug you fixed."
    assert race.minutes == 5
    assert story.kind is Kind.BEHAVIOURAL
    assert story.tags == ["behavioural", "soft-skills"]
    assert deadlock.kind is Kind.TECHNICAL
    assert deadlock.difficulty is Difficulty.MEDIUM
    assert "1 question had an unknown difficulty ('extreme'): set to medium" in report.defaults
    assert "1 question had no difficulty: set to medium" in report.defaults


def test_csv_semicolon_delimiter() -> None:
    report = import_file(DATA / "semicolon.csv")
    _assert_valid(report)
    first, second = report.bank.questions
    assert first.prompt == "Was ist ein Index?"
    assert first.answer.startswith("Eine Datenstruktur, die Abfragen beschleunigt.")
    assert first.tags == ["datenbanken"]
    assert second.tags == ["databases", "sql"]


def test_csv_two_unnamed_columns() -> None:
    report = import_file(DATA / "two_columns.csv")
    _assert_valid(report)
    assert [q.prompt for q in report.bank.questions] == ["What is DNS?", "What is TCP?"]
    assert report.skipped == [("What is UDP?", "no answer")]
    assert report.bank.role.title == "Two columns"


def test_csv_anki_html_and_tags_column() -> None:
    report = import_file(DATA / "anki.txt")
    _assert_valid(report)
    mutex, semaphore = report.bank.questions
    assert mutex.prompt == "What is a mutex?\nExplain briefly."
    assert mutex.answer == (
        "A lock that only one thread can hold at a time.\n**Use it** to protect shared state."
    )
    assert mutex.tags == ["concurrency", "os"]
    assert (
        semaphore.answer
        == "A counter that allows up to *N* holders at once. It is useful for pools."
    )


def test_csv_anki_reserved_columns() -> None:
    report = import_file(DATA / "anki_guid.txt")
    (cdn,) = report.bank.questions
    assert cdn.prompt == "What is a CDN?"
    assert cdn.answer.startswith("A network of edge caches")
    assert cdn.tags == ["networking", "web"]


def test_csv_anki_columns_header() -> None:
    report = import_file(DATA / "anki_columns.txt")
    (hash_map,) = report.bank.questions
    assert hash_map.prompt == "What is a hash map?"
    assert hash_map.tags == ["data-structures"]


def test_csv_windows_line_breaks_inside_cells() -> None:
    text = 'prompt,answer\r\n"What is X?","Line one.\r\nLine two."\r\n'
    (question,) = import_csv(text).bank.questions
    assert question.answer == "Line one.\nLine two."


def test_utf16_tsv(tmp_path: Path) -> None:
    path = tmp_path / "excel.txt"
    path.write_bytes("Question\tAnswer\nWhat is 2+2?\tFour. Always four.\n".encode("utf-16"))
    (question,) = import_file(path).bank.questions
    assert (question.prompt, question.answer) == ("What is 2+2?", "Four. Always four.")


def test_txt_with_markdown_content(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# Notes\n\n## What is REST?\n\nAn architectural style. It uses HTTP.\n")
    report = import_file(path, title="My notes")
    assert report.bank.role.title == "My notes"
    assert report.bank.questions[0].prompt == "What is REST?"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("nul.md", b"## What?\x00\x01\x02", "binary file (it contains NUL bytes)"),
        ("deck.csv", b"PK\x03\x04rest-of-zip", "binary file (a ZIP archive"),
        ("paper.md", b"%PDF-1.7\n...", "binary file (a PDF document)"),
        ("empty.md", b"", "the file is empty"),
        ("blank.csv", b" \n\n\t\n", "the file is empty"),
        ("prose.md", (DATA / "no_questions.md").read_bytes(), "no questions found"),
        ("single.csv", b"just one column\nand another row\n", "no questions found"),
        ("data.json", b'{"questions": []}', "unknown format (.json)"),
        ("todo.md", b"## What is X?\n\nTODO\n\n## What is Y?\n", "no questions to import"),
        ("header.csv", b"question,notes\nWhat?,x\n", "the header row names no answer"),
    ],
)
def test_bad_input(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFailed) as info:
        import_file(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert info.value.path == path


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="no such file"):
        import_file(tmp_path / "missing.md")
    with pytest.raises(ImportFailed, match="is a folder"):
        import_file(tmp_path)


def test_csv_export_writes_formula_cells_as_text() -> None:
    question = Question(
        id="q",
        prompt='=HYPERLINK("http://x")',
        difficulty=Difficulty.EASY,
        kind=Kind.TECHNICAL,
        answer="-2 is less than zero",
        key_points=["+1 plus one", "'quoted already"],
        tip="@SUM(A1:A2)",
        tags=["\tx"[1:]],
        follow_ups=["=1+1"],
    )
    role = Role(
        id="r",
        title="T",
        summary="S",
        format=Format(minutes=30, rounds="one", mix={Kind.CODING: 1}),
    )
    bank = Bank(role=role, questions=[question])
    text = export_csv(bank)
    assert text.startswith("#separator:comma\n#html:false\n#preptui-export:v2\n")
    row = list(csv.reader(io.StringIO(text.split("\n", 4)[4])))[1]
    assert row[:5] == [
        "q",
        '\'=HYPERLINK("http://x")',
        "easy",
        "technical",
        "'-2 is less than zero",
    ]
    assert row[5] == "'+1 plus one\n'quoted already"
    assert row[6] == "'@SUM(A1:A2)" and row[9] == "'=1+1"
    assert import_csv(text).bank == bank
    # A v1 export wrote cells as they were: a leading quote is part of the text there.
    old = text.replace("#preptui-export:v2", "#preptui-export:v1")
    assert import_csv(old).bank.questions[0].tip == "'@SUM(A1:A2)"


def test_markdown_export_shows_the_solution_and_reads_older_exports() -> None:
    solution = Solution(
        language="sql",
        code="SELECT name FROM t ORDER BY name",
        setup="CREATE TABLE t (name TEXT)",
        ordered=False,
        cases=[SolutionCase(input="INSERT INTO t VALUES ('a')", expected="[('a',)]")],
    )
    question = Question(
        id="q",
        prompt="Names?",
        difficulty=Difficulty.EASY,
        kind=Kind.CODING,
        answer="Select them.",
        key_points=["one", "two"],
        solution=solution,
    )
    role = Role(
        id="r",
        title="T",
        summary="S",
        format=Format(minutes=30, rounds="one", mix={Kind.CODING: 1}),
    )
    bank = Bank(role=role, questions=[question])
    text = export_markdown(bank)
    assert "**Solution** (sql)\n\n**Setup**\n\n```sql\nCREATE TABLE t (name TEXT)\n```" in text
    assert "```sql\nSELECT name FROM t ORDER BY name\n```" in text
    assert "- `INSERT INTO t VALUES ('a')` → `[('a',)]`" in text
    assert "Rows may come in any order." in text
    assert import_markdown(text).bank == bank
    # An export from before solutions existed: no solution in the marker, none in the bank.
    old = re.sub(r',"solution":\{.*\}\} -->', "} -->", text)
    old = re.sub(r"<!-- solution -->.*<!-- /solution -->\n", "", old, flags=re.S)
    back = import_markdown(old).bank
    assert back.questions[0].solution is None
    assert back.questions[0].model_copy(update={"solution": solution}) == question
