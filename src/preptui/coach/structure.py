"""STAR structure feedback for behavioural answers: situation, task, action, result, told in the
first person, with a number in the outcome. Cue words, sentence by sentence."""

from __future__ import annotations

import re

from preptui.coach.model import Structure
from preptui.coach.words import sentences

_SITUATION = re.compile(
    r"\b(at my (last|previous|current|old|first)|in my (last|previous|current|old|first)|"
    r"when i (was|joined|worked)|we had|there was|our (team|service|product|company)|"
    r"(last|this|one|a) (year|month|quarter|week|day|time|friday|monday|evening|night)|"
    r"ago\b|once\b|back (then|when))",
    re.IGNORECASE,
)
_TASK = re.compile(
    r"\b(i was (responsible|the|asked|on|in charge|leading|tasked|on-call)|my (job|role|task|"
    r"goal|responsibility) was|i (needed|had) to|i owned|the goal was|i was given|"
    r"i (had|took) (ownership|over)|on[- ]call|i led|i was managing|my team|on my team)",
    re.IGNORECASE,
)
_I_ACTION = re.compile(
    r"\bi(?:'d| had| then| also| first| quickly)? (?!was\b|am\b|think\b|feel\b|guess\b|believe\b|"
    r"mean\b|know\b|like\b|love\b|enjoy\b|really\b|would\b|'m\b)[a-z]+",
    re.IGNORECASE,
)
_WE_ACTION = re.compile(r"\bwe (?!were\b|are\b|had\b)[a-z]+", re.IGNORECASE)
_RESULT = re.compile(
    r"\b(as a result|in the end|end(ed)? up|the result|result(ed)?|outcome|since then|"
    r"afterwards|after that|by the end|by week|reduced|improved|cut|dropped|went (from|down|up)|"
    r"increased|decreased|saved|shipped|fixed|caught|no longer|stopped|hitting|hit the|"
    r"brought .* (down|back)|now\b|never again|haven't had|have had no|we've had no)",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|half|double|"
    r"dozen|hundred|thousand|million|percent)\b",
    re.IGNORECASE,
)


def structure(answer: str) -> Structure:
    said = sentences(answer)
    situation = any(_SITUATION.search(s) for s in said[:3]) if said else False
    task = any(_TASK.search(s) for s in said)
    i_actions = sum(len(_I_ACTION.findall(s)) for s in said)
    we_actions = sum(len(_WE_ACTION.findall(s)) for s in said)
    results = [s for s in said if _RESULT.search(s)]
    return Structure(
        situation=situation,
        task=task,
        action=i_actions + we_actions > 0,
        result=bool(results),
        first_person=i_actions > 0 and i_actions >= we_actions,
        number_in_result=any(_NUMBER.search(s) for s in results),
    )
