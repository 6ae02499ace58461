"""A terminal chart (textual-plotext) drawn afresh at every paint, from a drawing function.

Plotext keeps state between builds of one figure: the axis labels of a chart drawn once at one
size and again at another can differ from those of a chart drawn at the second size alone. A
chart here clears its figure and draws it again each time, so what is shown depends only on the
data and the size. Imported by the stats screen only (textual-plotext is not light).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import RenderResult
from textual_plotext import PlotextPlot


class Chart(PlotextPlot):
    def __init__(self, draw: Callable[[Any, int], None], *, id: str | None = None) -> None:
        """``draw(plt, width)`` draws the chart on plotext's ``plt`` for a chart that wide."""
        super().__init__(id=id)
        self._draw = draw

    def render(self) -> RenderResult:
        plot: Any = self.plt
        plot.clear_figure()
        self._draw(plot, self.size.width)
        return super().render()
