"""Timed mock interviews: pure logic, no Textual, no SQLite, no I/O.

``clock`` (monotonic clocks and countdowns), ``agenda`` (which questions, in what order, how long),
``plan`` (the agenda as text), ``session`` (an interview in progress), ``scorecard`` (the result).
Import from the submodule that holds a name.
"""
