"""Engines by name: ``lexical`` is always there; ``wordllama`` needs the ``preptui[coach]`` extra;
``llm`` asks a local OpenAI-compatible server and falls back to ``lexical``. Heavy imports happen
only when an engine is made.
"""

from __future__ import annotations

from collections.abc import Iterable

from preptui.coach.engines import Engine

ENGINE_NAMES = ("lexical", "wordllama", "llm")


def make_engine(
    name: str,
    corpus: Iterable[str] = (),
    *,
    url: str | None = None,
    model: str | None = None,
    timeout: float | None = None,
) -> Engine:
    """The engine called ``name``, with term weights from ``corpus`` (see ``bank_texts``).

    Raises :class:`EngineUnavailable` for ``wordllama`` without its extra, ``ValueError`` for
    an unknown name.
    """
    from preptui.coach.lexical import LexicalEngine, TermWeights

    lexical = LexicalEngine(TermWeights.from_texts(corpus))
    if name == "lexical":
        return lexical
    if name == "wordllama":
        from preptui.coach.semantic import WordLlamaEngine

        return WordLlamaEngine(lexical)
    if name == "llm":
        from preptui.coach.llm import DEFAULT_MODEL, DEFAULT_TIMEOUT, DEFAULT_URL, LlmEngine

        return LlmEngine(
            lexical,
            url=url or DEFAULT_URL,
            model=model or DEFAULT_MODEL,
            timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        )
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
