"""What the interviewer says: the opening and closing prompts, and which follow-up to ask.

Every choice is reproducible from the agenda's seed, so the same agenda asks the same follow-ups
and offers the same questions to ask back.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from preptui.model import Question, Role


OPENING_PROMPT = (
    "Tell me about yourself: where you are now, what you have worked on that matters for "
    "this role, and why you want it."
)
OPENING_GUIDE: tuple[str, ...] = (
    "Keep it to about two minutes: now, before, next.",
    "Now: your current role and the one thing you own there.",
    "Before: one or two pieces of work that prepare you for this job, with a result.",
    "Next: why this role, at this company, is the step you want.",
    "Leave out what your CV already lists; say what it cannot.",
)
CLOSING_PROMPT = (
    "We have a few minutes left. What would you like to ask us? Pick two or three questions "
    "that help you decide whether you want the job."
)
CLOSING_GUIDE = "Questions you could ask, chosen for this role:"

#: A follow-up is asked only when at least this much of the question's budget is left.
FOLLOW_UP_MIN_SECONDS = 30

#: How many questions to ask back the closing offers.
CLOSING_OFFERED = 4

_GENERAL: tuple[str, ...] = (
    "What would you expect me to have achieved after six months in this role?",
    "What does a normal week look like for the person in this job?",
    "What is the hardest problem the team is working on right now?",
    "How do you give feedback, and how often does it happen?",
    "What made the last person who did well in this role stand out?",
)

#: Role families, the words in a role's id or title that place it there, and questions for it.
_FAMILIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "product",
        ("product", "solutions", "architect", "customer"),
        (
            "How do you decide what not to build?",
            "Which customers or partners would I work with most, and what do they ask for?",
            "How are product decisions written down and shared?",
            "What does success look like for this product over the next year?",
        ),
    ),
    (
        "manager",
        ("manager", "lead", "head", "director", "program"),
        (
            "How many people would report to me, and where is the team strongest and weakest?",
            "How are priorities set between my team and the teams around it?",
            "Which decision would you want me to take in my first month?",
            "How do you measure whether a manager here is doing well?",
        ),
    ),
    (
        "data",
        ("data", "analyst", "scientist", "analytics", "ml", "ai", "machine"),
        (
            "Where does the data I would work with come from, and how much do people trust it?",
            "How does a model or an analysis go from a notebook to a decision or to production?",
            "Which question does the business ask that the data cannot answer yet?",
            "How do you check that a result still holds a few months after it shipped?",
        ),
    ),
    (
        "design",
        ("design", "ux", "research"),
        (
            "How early are designers involved before a feature is decided?",
            "How often do you talk to users, and who does it?",
            "How is design work reviewed, and by whom?",
            "Which recent change came from research rather than from a request?",
        ),
    ),
    (
        "engineering",
        (
            "engineer",
            "developer",
            "sre",
            "platform",
            "security",
            "qa",
            "backend",
            "frontend",
            "mobile",
            "software",
        ),
        (
            "How does code get from a pull request to production, and how long does it take?",
            "What happens when something breaks at night: who is on call, and how often?",
            "How much time goes to new work compared with maintenance and incidents?",
            "Which part of the system would you most like to rewrite, and why has it not been?",
        ),
    ),
)


def role_family(role: Role) -> str:
    """The kind of role, from the words of its id and title ("general" when nothing fits)."""
    words = set(role.id.replace("_", "-").split("-")) | set(role.title.casefold().split())
    for name, cues, _ in _FAMILIES:
        if words & set(cues):
            return name
    return "general"


def closing_questions(role: Role, seed: int, count: int = CLOSING_OFFERED) -> list[str]:
    """Questions to ask the interviewer: most for the role's family, one or two general ones."""
    family = role_family(role)
    own: Sequence[str] = next((qs for name, _, qs in _FAMILIES if name == family), ())
    rng = random.Random(f"{seed}/closing/{role.id}")
    picked = rng.sample(list(own), min(len(own), max(0, count - 1)))
    general = rng.sample(list(_GENERAL), min(len(_GENERAL), count - len(picked)))
    return picked + general


def follow_up(question: Question, seed: int) -> str | None:
    """The follow-up this agenda asks of the question (None when the bank has none)."""
    if not question.follow_ups:
        return None
    rng = random.Random(f"{seed}/follow-up/{question.id}")
    return rng.choice(list(question.follow_ups))
