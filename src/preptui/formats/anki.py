"""Anki exports: a "Notes in Plain Text" file Anki (2.1.55 and later) imports with no clicks.

The file is tab-separated with Anki's header lines: ``#html:true``, ``#notetype:Basic``, and the
GUID, tags and deck columns named, so every note lands in ``preptui::<Role title>`` with its
tags, and a second import of a later export updates the same notes instead of adding new ones.
Front is the prompt and Back the answer, both rendered from Markdown to HTML by markdown-it-py with
raw HTML disabled (bank text is untrusted), then the key points, tip, follow-ups and any
reference solution.

The pieces (:func:`anki_guid`, :func:`anki_tags`, :func:`anki_deck`, the HTML renderers) are
shared with :mod:`preptui.formats.apkg`. Pure: nothing written.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from preptui.model import Bank, Question, Role, Solution

__all__ = [
    "ANKI_COLUMNS",
    "ANKI_DECK_ROOT",
    "anki_deck",
    "anki_guid",
    "anki_tags",
    "export_anki_text",
    "render_answer",
    "render_block",
    "render_follow_ups",
    "render_inline",
    "render_key_points",
    "render_tip",
]

ANKI_DECK_ROOT = "preptui"
ANKI_COLUMNS = ("GUID", "Front", "Back", "Tags", "Deck")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_TAG_UNSAFE = re.compile(r"[\s\"\u3000]+")


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark plus tables and strikethrough; raw HTML off, so bank text cannot inject markup.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def render_block(text: str) -> str:
    """Markdown to HTML (raw HTML shown as text), without the trailing newline."""
    return str(_markdown().render(text)).strip("\n")


def render_inline(text: str) -> str:
    """One line of Markdown to inline HTML (no ``<p>``)."""
    return str(_markdown().renderInline(text))


def anki_guid(role_id: str, question_id: str) -> str:
    """A note GUID that depends only on the role and question ids: 14 letters and digits."""
    digest = hashlib.sha256(f"preptui\x1f{role_id}\x1f{question_id}".encode()).digest()
    number = int.from_bytes(digest[:10], "big")
    chars: list[str] = []
    for _ in range(14):
        number, rest = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[rest])
    return "".join(chars)


def anki_tag(tag: str) -> str:
    """One Anki tag: no spaces (they separate tags) or quotes; ``::`` nests, as in Anki."""
    return _TAG_UNSAFE.sub("_", tag.strip()).strip("_")


def anki_tags(question: Question) -> list[str]:
    """The bank's tags, then difficulty and kind, Anki-safe and without case-folded repeats."""
    found: dict[str, str] = {}
    for tag in (*question.tags, question.difficulty.value, question.kind.value):
        safe = anki_tag(tag)
        if safe and safe.casefold() not in found:
            found[safe.casefold()] = safe
    return list(found.values())


def anki_deck(role: Role) -> str:
    """``preptui::<Role title>``: one line, with no ``::`` in the title to nest it further."""
    title = " ".join(role.title.split()).replace("::", ":")
    return f"{ANKI_DECK_ROOT}::{title}"


def render_key_points(points: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{render_inline(p)}</li>" for p in points) + "</ul>"


def render_follow_ups(follow_ups: Sequence[str]) -> str:
    if not follow_ups:
        return ""
    return "<ul>" + "".join(f"<li>{render_inline(f)}</li>" for f in follow_ups) + "</ul>"


def render_tip(tip: str | None) -> str:
    return "" if tip is None else render_inline(tip)


def render_solution(solution: Solution) -> str:
    """The reference solution's code and cases as HTML."""
    code = html.escape(solution.code)
    parts = [f"<p><b>Solution</b> ({solution.language})</p>"]
    if solution.setup is not None:
        parts.append(f"<pre><code>{html.escape(solution.setup)}</code></pre>")
    parts.append(f'<pre><code class="language-{solution.language}">{code}</code></pre>')
    cases = "".join(
        f"<li><code>{html.escape(c.input)}</code> → <code>{html.escape(c.expected)}</code></li>"
        for c in solution.cases
    )
    parts.append(f"<ul>{cases}</ul>")
    return "".join(parts)


def render_answer(question: Question) -> str:
    """The answer as HTML, with the reference solution after it when there is one."""
    answer = render_block(question.answer)
    if question.solution is not None:
        answer += "\n" + render_solution(question.solution)
    return answer


def _back(question: Question) -> str:
    parts = [render_answer(question), "<hr>", "<p><b>Key points</b></p>"]
    parts.append(render_key_points(question.key_points))
    if question.tip is not None:
        parts.append(f"<p><b>Tip:</b> {render_tip(question.tip)}</p>")
    if question.follow_ups:
        parts += ["<p><b>Follow-ups</b></p>", render_follow_ups(question.follow_ups)]
    return "\n".join(parts)


def export_anki_text(*banks: Bank) -> str:
    """Anki "Notes in Plain Text": one note a question, for the Basic note type.

    Each bank's notes go to its own deck (the deck is a column), so one file holds any number.
    """
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n#notetype:Basic\n")
    index = {name: n for n, name in enumerate(ANKI_COLUMNS, start=1)}
    out.write(f"#guid column:{index['GUID']}\n")
    out.write(f"#tags column:{index['Tags']}\n")
    out.write(f"#deck column:{index['Deck']}\n")
    out.write("#columns:" + "\t".join(ANKI_COLUMNS) + "\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for bank in banks:
        deck = anki_deck(bank.role)
        for q in bank.questions:
            row = {
                "GUID": anki_guid(bank.role.id, q.id),
                "Front": render_block(q.prompt),
                "Back": _back(q),
                "Tags": " ".join(anki_tags(q)),
                "Deck": deck,
            }
            writer.writerow([row[name] for name in ANKI_COLUMNS])
    return out.getvalue()
