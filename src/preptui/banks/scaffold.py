"""Text for new banks and new questions: a commented bank file and a question template.

Pure: no Textual, nothing written. :func:`scaffold_bank` is what ``preptui new`` writes;
:func:`question_template` is the example question in it, and what the app appends when ``a`` adds
a question to a bank. Both validate as they are.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from preptui.banks.write import SCHEMA_LINE
from preptui.slugs import is_slug

SCHEMA_FILE = "bank.schema.json"
TEMPLATE_ID = "new-question"


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string, every special character escaped."""
    import tomli_w

    return tomli_w.dumps({"v": value}).strip().removeprefix("v = ")


def is_role_id(value: str) -> bool:
    return is_slug(value)


def default_title(role_id: str) -> str:
    """A title made from a role id: ``data-platform`` → ``Data platform``."""
    words = " ".join(role_id.split("-"))
    return words[:1].upper() + words[1:]


def unique_question_id(taken: Collection[str], base: str = TEMPLATE_ID) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def question_template(question_id: str = TEMPLATE_ID) -> str:
    """One commented ``[[questions]]`` table with placeholder text; valid as it is."""
    return f"""\
[[questions]]
# Unique within this bank: lower-case letters, digits and hyphens.
id = {toml_string(question_id)}
# The question, as an interviewer would ask it.
prompt = "Write the question here, as an interviewer would ask it."
# easy, medium or hard.
difficulty = "medium"
# technical, behavioural, scenario, coding or system-design.
kind = "technical"
# The model answer, in Markdown. Triple-quoted strings may span lines.
answer = \"\"\"
Write the model answer here. **Markdown** works: lists, `code`, tables.

- Say what a strong answer covers, in the order you would say it.
- Keep it short enough to say aloud in two or three minutes.
\"\"\"
# 2 to 8 short points a good answer must mention; the app lets you tick them off.
key_points = [
  "The first thing a good answer must mention",
  "The second thing",
]
# Optional: one line of advice for this question. Delete the line if you have none.
tip = "One line of advice, e.g. start with a concrete example."
# Optional: tags for search (up to 20).
tags = ["example"]
# Optional: minutes to spend on it in a mock interview (1 to 120).
minutes = 5
# Optional: questions an interviewer commonly asks next (up to 5).
follow_ups = [
  "A question the interviewer might ask next",
]
"""


def scaffold_bank(role_id: str, title: str | None = None) -> str:
    """A new bank file with a comment on every field and one example question."""
    title = title.strip() if title and title.strip() else default_title(role_id)
    return f"""\
{SCHEMA_LINE}
#
# A preptui question bank: one role and its interview questions, in TOML.
#   Check it:     preptui validate <this file>
#   Practise it:  preptui --role {role_id}
# Text is shown as plain text, except `answer`, which is Markdown.
# The #:schema line above lets editors with TOML support check the file as you type.

[role]
# A unique id for the role: lower-case letters, digits and hyphens.
id = {toml_string(role_id)}
# The name shown in the app.
title = {toml_string(title)}
# Optional: an emoji or short symbol shown beside the title ("" for none).
icon = "📝"
# What the job is and what its interviews test, in a few sentences.
summary = \"\"\"
Describe the role here: what the job is and what its interviews test.
\"\"\"
# Advice for the whole interview, one line each (up to 20). May be empty: tips = []
tips = [
  "Think aloud: interviewers grade how you reason, not only the answer.",
]

[role.format]
# How a real interview for this role runs; mock interviews follow it.
# Length in minutes (5 to 480).
minutes = 45
# The rounds, in words.
rounds = "One round: technical and behavioural questions"

[role.format.mix]
# How many questions of each kind a real interview asks (at least one in total).
# Kinds: technical, behavioural, scenario, coding, system-design.
technical = 4
behavioural = 1

# ---------------------------------------------------------------- questions
# One [[questions]] table per question. Copy the example below, then change it.

{question_template("example-question")}"""


def schema_text() -> str:
    """The bank JSON Schema as written next to the bundled banks."""
    from preptui.banks.write import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
