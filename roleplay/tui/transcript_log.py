"""The transcript panel: the talks so far, newest at the bottom, read back with PgUp/PgDn or the wheel."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from roleplay.tui.spans import Line, draw, plain, segments

RULE = "│ "
"""The rule that separates the transcript from the board, and the column of space after it."""
MARGIN = len(RULE) + 1
"""Columns a row of text gives up to the rule and to the space on the right."""

Row = int | str | None
"""What one row of the panel shows: a wrapped row by its index, a note on hidden rows, or nothing."""


class TranscriptLog(Widget):
    """The view keeps the newest line at the bottom; the player may page back until the next move.

    It draws its own window onto the wrapped lines instead of scrolling like
    RichLog. A move adds a few statements, and a scrolling log would re-lay
    out the screen, move its scrollbar and re-render every visible line through
    Rich; here each statement is wrapped once, each row is drawn once (rule and
    margin included), and a move costs one repaint of rows already drawn. Rows
    hidden above or below are announced in the panel, with the key that
    brings them into view.
    """

    COMPONENT_CLASSES = {"transcript--rule", "transcript--hidden"}
    DEFAULT_CSS = """
    TranscriptLog { height: 1fr; }
    TranscriptLog > .transcript--rule { color: $accent; }
    TranscriptLog > .transcript--hidden { color: $text-muted; text-style: italic; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Line] = []
        self.back = 0
        """How many rows the player has paged back from the newest one."""
        self._rows: list[list[Segment]] = []
        self._width = -1
        self._window: tuple[int, int, int] | None = None
        self._drawn: dict[Row, Strip] = {}
        self._drawn_for: tuple[int, Style, Style, Style] | None = None

    # --- what it holds --------------------------------------------------------

    def add(self, entries: Sequence[Line]) -> None:
        """Add statements and show the newest: they answer the move the player has just made."""
        if not entries:
            return
        self.entries.extend(entries)
        if self._width > 0:
            self._rows.extend(segments(entries, self._width))
        self.back = 0
        self.refresh()

    @property
    def text(self) -> str:
        """Every statement, without its styles (for tests and screen readers)."""
        return "\n".join(plain(line) for line in self.entries)

    def rows(self) -> list[list[Segment]]:
        width = max(self.content_size.width - MARGIN, 1)
        if width != self._width:
            self._rows, self._width = segments(self.entries, width), width
        return self._rows

    # --- reading back ---------------------------------------------------------

    def page(self, step: int) -> None:
        """Page back (step < 0) or forward (step > 0) by a screenful less one row of context."""
        self.scroll_rows(step * max(1, self.content_size.height - 3))

    def scroll_rows(self, step: int) -> None:
        rows = len(self.rows())
        height = self.content_size.height
        furthest = max(0, rows - (height - 1)) if rows > height else 0
        back = min(max(self.back - step, 0), furthest)
        if back != self.back:
            self.back = back
            self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_rows(-3)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_rows(3)

    # --- drawing --------------------------------------------------------------

    def window(self) -> tuple[int, int, int]:
        """The first row shown (also the number hidden above), the row after the last, and the number hidden below."""
        rows = len(self.rows())
        height = max(self.content_size.height, 1)
        if rows <= height:
            return 0, rows, 0
        below = 1 if self.back else 0
        end = rows - self.back
        start = end - (height - below - 1)
        if start <= 1:
            start, end = 0, height - below
        return start, end, rows - end

    def row_at(self, y: int) -> Row:
        start, end, below = self._window or self.window()
        index = start + y - (1 if start else 0)
        if start and y == 0:
            return f"↑ {start} earlier line{'s' * (start != 1)} · PgUp"
        if index < end:
            return index
        if below and index == end:
            return f"↓ {below} newer line{'s' * (below != 1)} · PgDn"
        return None

    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows in view, each drawn once and then reused as the talks scroll past.

        Textual's styles cache would build every row again (styles, padding,
        border) whenever the window moves, which is after every move; this
        panel has none of those and draws its rule and margins itself. Only the
        app's line filters (colour conversion, dimming) still apply; Textual
        caches their result on each row.
        """
        self._window = self.window()
        try:
            filters = self.get_line_filters()
            _, background = self.background_colors
            rows: list[Strip] = []
            for y in crop.line_range:
                row = self.render_line(y)
                for line_filter in filters:
                    row = row.apply_filter(line_filter, background)
                rows.append(row.crop(crop.x, crop.right) if crop.x or crop.right < row.cell_length else row)
            return rows
        finally:
            self._window = None

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        rows = self.rows()
        looks = (self.visual_style.rich_style, self.get_component_rich_style("transcript--rule"),
                 self.get_component_rich_style("transcript--hidden"))
        if (width, *looks) != self._drawn_for:
            self._drawn.clear()
            self._drawn_for = (width, *looks)
        row = self.row_at(y)
        drawn = self._drawn.get(row)
        if drawn is None:
            look, rule, hidden = looks
            text = rows[row] if isinstance(row, int) else [Segment(row, hidden)] if row else []
            drawn = self._drawn[row] = draw([Segment(RULE[0], rule), Segment(RULE[1:]), *text], width, look)
        return drawn
