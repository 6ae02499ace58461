"""Spaced repetition, pure (no Textual, no SQLite, no wall clock).

``status`` (a card's status and due counts, without fsrs: cheap for the browser), ``scheduler``
(FSRS: settings, the reviewer, card ids, interval text), ``queue`` (what is due today), ``session``
(one review session and its undo), ``summary`` (its summary), ``metrics`` (retention, streak …).
"""
