"""The question list: review status marker, bookmark star, prompt, difficulty and kind badges.

Its cost does not grow with the role. Textual's :class:`OptionList` already draws only the
visible lines (it is a Line API ``ScrollView``), but it measures every option by wrapping its
styled text, keeps a tuple per line, and a refill through ``clear_options`` passes through an
empty list (the scrollbar goes and comes back: two layouts of the whole screen, and every option
measured at two widths). Here a label is built only when its option is first drawn or read
(:class:`_QuestionOption`); an option's height comes from wrapping its plain text once,
remembered by what the row shows and the width across refills, so each key re-measures only
questions it has not shown before; the lines are found from each option's first line by
bisection (:class:`_Lines`) instead of one tuple per line; a refill swaps the options in one
step, and a refill with the same rows changes nothing but the highlight. A new scroll range
repaints the list without laying out the screen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich._wrap import divide_line
from rich.cells import _is_single_cell_widths as _one_cell_each
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size, Spacing
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from preptui.ui.widgets.badges import difficulty_badge, kind_badge, status_badge

if TYPE_CHECKING:
    from preptui.model import Question

_STAR = Content.from_markup("[$warning]★[/] ")


def question_label(question: Question, bookmarked: bool, status: str | None = None) -> Content:
    star = _STAR if bookmarked else Content("")
    marker = Content.assemble(status_badge(status, word=False), " ") if status else Content("")
    return Content.assemble(
        star,
        marker,
        Content(question.prompt),
        "\n",
        difficulty_badge(question.difficulty),
        " ",
        kind_badge(question.kind),
    )


MAX_SHOWN = 400
_ROWS_KEPT = 64  # rows drawn, kept across refills (each line is a dozen tracked objects)
_HEIGHTS_KEPT = 50_000  # remembered option heights (text, width) before the memo starts over


class _QuestionOption(Option):
    """One question's option; its label is built the first time it is drawn or read."""

    def __init__(self, question: Question, bookmarked: bool, status: str | None) -> None:
        super().__init__("", id=question.id)
        self.question = question
        self.bookmarked = bookmarked
        self.status = status
        self._built = False

    @property
    def prompt(self) -> VisualType:
        if not self._built:
            self._prompt = question_label(self.question, self.bookmarked, self.status)
            self._built = True
        return self._prompt

    def _set_prompt(self, prompt: VisualType) -> None:
        super()._set_prompt(prompt)
        self._built = True

    @property
    def plain(self) -> str:
        """The label's text, exactly as :func:`question_label` lays it out, without styles."""
        q = self.question
        star = "★ " if self.bookmarked else ""
        marker = f"{status_badge(self.status, word=False).plain} " if self.status else ""
        badges = f"{difficulty_badge(q.difficulty).plain} {kind_badge(q.kind).plain}"
        return f"{star}{marker}{q.prompt}\n{badges}"


def _line_breaks(option: Option) -> int:
    """Line breaks in an option's text (a question's: one, before its badges)."""
    if isinstance(option, _QuestionOption):
        return 1
    prompt = option.prompt
    return str(prompt).count("\n") if isinstance(prompt, str | Content) else 0


def _wrapped_height(text: str, width: int) -> int | None:
    """Lines ``Content(text)`` takes when wrapped (fold overflow) at ``width``; None: ask it."""
    if "\t" in text or width <= 0:
        return None
    return sum(_breaks(line, width) + 1 for line in text.split("\n"))


_WORD = re.compile(r"\s*\S+\s*")  # rich's words: a word with the spaces around it


def _breaks(line: str, width: int) -> int:
    """``len(divide_line(line, width, fold=True))``: where Content breaks a line to wrap it.

    A line whose every character is one cell wide (rich's own test, which ``divide_line`` and
    ``chop_cells`` take the same shortcut on) is counted here, three times faster (a big role's
    first showing measures hundreds of prompts); the same rules: a word goes on the next line
    when it does not fit the rest of this one, and a word longer than a line is cut in pieces
    of ``width``.
    """
    if not _one_cell_each(line):
        return len(divide_line(line, width, fold=True))
    if len(line) <= width:
        return 0
    breaks = offset = 0
    for match in _WORD.finditer(line):
        start, end = match.span()
        size, length = end - start, len(match.group().rstrip())
        if width - offset >= length:
            offset += size
        elif length > width:  # folded: every piece but the first starts a line
            pieces = -(-size // width)
            breaks += pieces if start else pieces - 1
            offset = size - width * (pieces - 1)
        elif offset and start:
            breaks += 1
            offset = size
    return breaks


class _Lines(Sequence[tuple[int, int]]):
    """The list's lines as ``(option index, line within the option)``, from each option's first
    line (``starts``) by bisection: what OptionList keeps as one tuple per line."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.total = 0

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, y: int) -> tuple[int, int]:  # type: ignore[override]
        if y < 0:
            y += self.total
        if not 0 <= y < self.total:
            raise IndexError(y)
        index = bisect_right(self.starts, y) - 1
        return index, y - self.starts[index]


class _LineCache:
    """OptionList's line cache: the lines (:class:`_Lines`), each option's height and first
    line (a dict, as OptionList's: a missing index is a KeyError)."""

    def __init__(self) -> None:
        self.lines = _Lines()
        self.heights: list[int] = []
        self.index_to_line: dict[int, int] = {}

    def add(self, height: int) -> None:
        """The next option, ``height`` lines tall."""
        lines = self.lines
        self.index_to_line[len(self.heights)] = lines.total
        lines.starts.append(lines.total)
        self.heights.append(height)
        lines.total += height

    def clear(self) -> None:
        self.lines.starts.clear()
        self.lines.total = 0
        self.heights.clear()
        self.index_to_line.clear()


class QuestionList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="question-list.cursor_down"),
        Binding("k", "cursor_up", "Up", show=False, id="question-list.cursor_up"),
    ]

    @dataclass
    class QuestionHighlighted(Message):
        """The highlighted question changed (``None`` when the list is empty)."""

        question: Question | None

    @dataclass
    class QuestionChosen(Message):
        """Enter was pressed on a question."""

        question: Question

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._questions: list[Question] = []
        self._statuses: Mapping[str, str] = {}
        self._rows: list[tuple[str, bool, str | None]] = []
        self._hidden = 0
        self._height_memo: dict[tuple[object, ...], int] = {}
        self._measured = (0, Spacing())  # the width and padding the rows were measured at
        self._render_width = 0  # the width the options were last drawn at
        self._line_cache = _LineCache()  # type: ignore[assignment]
        # Rows drawn before, by what they show, across refills (the option's index, which the
        # drawn lines carry for the mouse, is added on each use): see _get_option_render.
        self._drawn: LRUCache[tuple[object, ...], tuple[list[Strip], Strip | None]]
        self._drawn = LRUCache(maxsize=_ROWS_KEPT)

    def show(
        self,
        questions: Sequence[Question],
        bookmarks: Collection[str],
        keep: str | None,
        statuses: Mapping[str, str] | None = None,
    ) -> None:
        """Replace the list, keeping ``keep`` highlighted if it is still shown.

        ``statuses`` maps question ids to their review status (new, due, …), shown as a marker.
        """
        shown = list(questions[:MAX_SHOWN])
        self._statuses = statuses or {}
        status_of = self._statuses.get
        rows = [(q.id, q.id in bookmarks, status_of(q.id)) for q in shown]
        hidden = len(questions) - len(shown)
        same = (
            rows == self._rows
            and hidden == self._hidden
            and all(a is b for a, b in zip(shown, self._questions, strict=True))
        )
        self._questions = shown
        if not same:  # the same rows (escape with nothing to clear, a re-read): keep them
            self._rows, self._hidden = rows, hidden
            options: list[Option] = []
            for q, (_, marked, status) in zip(shown, rows, strict=True):
                option = _QuestionOption(q, marked, status)
                option._divider = True
                options.append(option)
            if hidden:  # past MAX_SHOWN a search or a filter narrows the list faster than scrolling
                more = f"… {hidden:,} more not listed: search with / or filter with d and t"
                options.append(Option(Content.styled(more, "dim italic"), disabled=True))
            elif options:
                options[-1]._divider = False
            self._replace_options(options)
        ids = [row[0] for row in rows]
        if keep in ids:
            self.highlighted = ids.index(keep)
        elif ids:
            self.highlighted = 0
        else:
            self.post_message(self.QuestionHighlighted(None))
        if not same:
            self._draw_ahead()

    def _replace_options(self, options: list[Option]) -> None:
        """What ``clear_options`` then ``add_options`` do, without the empty list between."""
        self._options = options
        self._id_to_option = {o.id: o for o in options if o.id is not None}
        self._option_to_index = {o: i for i, o in enumerate(options)}
        self._line_cache.clear()
        self._option_render_cache.clear()
        self._mouse_hovering_over = None
        self.highlighted = None
        self.scroll_y = 0
        self.refresh()
        self._update_lines()

    def mark(self, question: Question, bookmarked: bool) -> None:
        status = self._statuses.get(question.id)
        self._rows = [
            (qid, bookmarked if qid == question.id else marked, st)
            for qid, marked, st in self._rows
        ]
        option = self._id_to_option.get(question.id)
        if option is None:  # not listed (filtered out, or past MAX_SHOWN): nothing to redraw
            return
        if isinstance(option, _QuestionOption):
            option.bookmarked = bookmarked
        self.replace_option_prompt(question.id, question_label(question, bookmarked, status))

    @property
    def question(self) -> Question | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self._questions):
            return None
        return self._questions[index]

    # ------------------------------------------------------------------ drawing

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """OptionList's own (Textual 8.2.8), keeping a question's drawn row across refills.

        Escape after a search, a filter turned off, a role shown again: the rows come back as
        new options, and OptionList would wrap and style each visible one anew.
        """
        if not isinstance(option, _QuestionOption):
            return super()._get_option_render(option, style)
        padding = self.get_component_styles("option-list--option").padding
        cache_key = (option, style, padding)
        if (strips := self._option_render_cache.get(cache_key)) is None:
            width = self.scrollable_content_region.width - self._get_left_gutter_width()
            lines, rule = self._drawn_row(option, style, padding, width)
            meta = {"option": self._option_to_index[option]}
            strips = [strip.apply_meta(meta) for strip in lines]
            if rule is not None:
                strips.append(rule)
            self._option_render_cache[cache_key] = strips
        return strips

    def _drawn_row(
        self, option: _QuestionOption, style: Style, padding: Spacing, width: int
    ) -> tuple[list[Strip], Strip | None]:
        """A question's row drawn at ``width`` in ``style``: from the rows kept, else now."""
        question = option.question
        shows = (question.prompt, question.difficulty, question.kind, option.bookmarked)
        key = (*shows, option.status, option._divider, style, padding, width, self.app.theme)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._draw(option, style, padding, width)
            self._drawn[key] = drawn
        return drawn

    def _draw_ahead(self) -> None:
        """Draw the rows a refill brings into view now, in the refill's turn.

        The frame that follows lays the screen out and draws everything that changed: with a
        big role's first showing, its rows are the most of it. Drawn here (at the width they
        were measured at, the one the frame will have), the frame finds them made, and no
        single step of the refill holds the app for as long.
        """
        region = self.scrollable_content_region
        width, padding = self._measured
        lines = cast(_LineCache, self._line_cache).lines
        if not region or not width or not len(lines):
            return
        top = min(int(self.scroll_y), len(lines) - 1)
        first, _ = lines[top]
        last, _ = lines[min(top + region.height, len(lines)) - 1]
        for index in range(first, last + 1):
            option = self.options[index]
            if not isinstance(option, _QuestionOption):
                continue
            part = "option-list--option-highlighted" if index == self.highlighted else ""
            parts = ("option-list--option", part) if part else ("option-list--option",)
            self._drawn_row(option, self.get_visual_style(*parts), padding, width)

    def _draw(
        self, option: Option, style: Style, padding: Spacing, width: int
    ) -> tuple[list[Strip], Strip | None]:
        """An option's lines, as OptionList draws them but for the meta, and its separator."""
        visual = self._get_visual(option)
        if padding:
            visual = Padding(visual, padding)
        strips = visual.to_strips(self, visual, width, None, style)
        lines = [strip.extend_cell_length(width, style.rich_style) for strip in strips]
        rule = None
        if option._divider:
            rule_style = self.get_visual_style("option-list--separator")
            rule = Strip([Segment("─" * width, rule_style.rich_style)], width)
        return lines, rule

    # ------------------------------------------------------------------ measuring

    def _option_height(self, option: Option, width: int) -> int:
        """Lines of one option's prompt at ``width`` (without its divider)."""
        styles = self.styles
        plain_rules = (
            styles.get_rule("line_pad", 0) == 0
            and styles.get_rule("text_overflow", "fold") == "fold"
            and styles.get_rule("text_wrap", "wrap") == "wrap"
        )
        if plain_rules and isinstance(option, _QuestionOption):
            q = option.question
            key = (q.prompt, q.difficulty, q.kind, option.bookmarked, option.status, width)
            height = self._height_memo.get(key)
            if height is None:
                height = _wrapped_height(option.plain, width)
                if height is not None:
                    if len(self._height_memo) >= _HEIGHTS_KEPT:
                        self._height_memo.clear()
                    self._height_memo[key] = height
            if height is not None:
                return height
        return self._get_visual(option).get_height(cast(RulesMap, styles), width)

    def _update_lines(self) -> None:
        """OptionList's own (Textual 8.2.8) on :class:`_LineCache`, measuring options with
        :meth:`_option_height` at the width they will be drawn at, and repainting, not laying
        out, for a new scroll range."""
        if not self.scrollable_content_region:
            return
        line_cache = cast(_LineCache, self._line_cache)
        lines = line_cache.lines
        width = self._drawn_width()
        padding = self.get_component_styles("option-list--option").padding
        if lines and (width, padding) != self._measured:
            # A new width (a resize, or the vertical scrollbar came or went once the list was
            # measured) or padding: heights taken before would cut a wrapped prompt's row
            # short and its separator line would be lost. Measure again.
            line_cache.clear()
            self._option_render_cache.clear()
        self._measured = (width, padding)
        drawn = self.scrollable_content_region.width
        if drawn != self._render_width:  # rows drawn before at another width: draw them anew
            self._option_render_cache.clear()
            self._render_width = drawn
        next_index = len(line_cache.heights)
        if next_index < len(self.options):
            inner = width - padding.width
            for option in self.options[next_index:]:
                line_cache.add(self._option_height(option, inner) + option._divider)
        last_divider = self.options and self.options[-1]._divider
        virtual_size = Size(width, len(lines) - (1 if last_divider else 0))
        if virtual_size != self.virtual_size:
            # The list's own size is fixed by the layout (1fr): a new scroll range needs a
            # repaint and the scrollbars updated, not a layout of the whole screen (which a
            # plain assignment, a ``layout=True`` reactive, asks for). A scrollbar that comes or
            # goes still lays the screen out (``show_vertical_scrollbar`` is such a reactive).
            self.set_reactive(QuestionList.virtual_size, virtual_size)
            self._scroll_update(virtual_size)
            self.refresh()

    def _on_resize(self, event: events.Resize | None = None) -> None:
        """OptionList's forgets every row measured and drawn; a new height (the search line
        shown or hidden) changes none, and a new width is seen by :meth:`_update_lines`."""
        if event is not None:
            event.prevent_default()
        self.refresh()

    def _drawn_width(self) -> int:
        """The options' width once the vertical scrollbar has come or gone for these options.

        Measuring at today's width and again once a refill brought or took away the scrollbar
        would measure every option twice (and lay the screen out once more in between). Rows
        are at least as tall at the narrower width, so a list that overflows without the
        scrollbar overflows with it, and one that fits with it fits without it.
        """
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        bar = self.styles.scrollbar_size_vertical
        if self.styles.overflow_y != "auto" or not bar or not self.options:
            return width
        wide = width + bar if self.show_vertical_scrollbar else width
        narrow, room = wide - bar, self.container_size.height
        if narrow <= 0 or not room:
            return width
        least = 0  # lines the options take at the least (each prompt on one line)
        for option in self.options:
            least += 1 + option._divider + _line_breaks(option)
            if least > room + 1:  # more than the room even without the last separator
                return narrow  # overflows at any width: the scrollbar shows
        if self.show_vertical_scrollbar:
            return narrow if self._lines_total(narrow) > room else wide
        return narrow if self._lines_total(wide) > room else wide

    def _lines_total(self, width: int) -> int:
        """The list's height at ``width`` (without its last separator)."""
        padding = self.get_component_styles("option-list--option").padding
        inner = width - padding.width
        total = sum(self._option_height(o, inner) + o._divider for o in self.options)
        return total - self.options[-1]._divider

    # ------------------------------------------------------------------ messages

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index >= len(self._questions):
            return
        self.post_message(self.QuestionHighlighted(self._questions[event.option_index]))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index >= len(self._questions):
            return
        self.post_message(self.QuestionChosen(self._questions[event.option_index]))
