"""A preptui Markdown export read back exactly: the fields as written, checked into a bank."""

from __future__ import annotations

from typing import Any

from preptui.formats.markdown import read_markdown_export
from preptui.importing.drafts import Collector, Draft, finish
from preptui.importing.report import ImportReport

__all__ = ["import_markdown_export"]


def import_markdown_export(
    text: str, *, role_id: str | None, title: str | None, source: str | None
) -> ImportReport:
    """Import text that starts with the export marker (``\\n`` line ends)."""
    export = read_markdown_export(text)
    collector = Collector(exact=True)
    for n, question in enumerate(export.questions):
        fields = question.fields
        minutes = fields["minutes"]
        collector.add(
            Draft(
                prompt=_as_str(fields["prompt"]) or "",
                answer=_as_str(fields["answer"]) or "",
                difficulty=_as_str(fields["difficulty"]),
                kind=_as_str(fields["kind"]),
                key_points=_as_str_list(fields["key_points"]),
                tip=_as_str(fields["tip"]),
                tags=_as_str_list(fields["tags"]),
                minutes=minutes if isinstance(minutes, int | str) else None,
                follow_ups=_as_str_list(fields["follow_ups"]),
                id=_as_str(question.id),
                label=f"(question {n + 1})",
                solution=fields.get("solution"),
            )
        )
    return finish(
        collector,
        role_id=role_id,
        title=title,
        doc_title=export.title or None,
        source=source,
        what="in the preptui export",
        role_data=export.role,
    )


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _as_str_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [item if isinstance(item, str) else str(item) for item in value]
    return []
