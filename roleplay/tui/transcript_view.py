"""The transcript panel: the talks so far, newest at the bottom, read back with PgUp/PgDn or the wheel."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from roleplay.tui.spans import Line, plain, strips, style

MARK_STYLE = "dim italic"


class Transcript(Widget):
    """The view keeps the newest line at the bottom unless the player has paged back.

    It draws its own window onto the wrapped lines instead of scrolling like
    RichLog. A move adds a few statements, and a scrolling log would re-lay
    out the screen, move its scrollbar and re-render every visible line through
    Rich; here the rows are wrapped once and a move costs one repaint of the
    panel. Rows hidden above or below are announced in the panel itself, with
    the key that brings them into view.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Line] = []
        self.back = 0
        """How many rows the player has paged back from the newest one."""
        self._rows: list[Strip] = []
        self._width = -1
        self._window: tuple[int, int, int, int] | None = None

    # --- what it holds --------------------------------------------------------

    def add(self, entries: Sequence[Line]) -> None:
        """Add statements; a reader who has paged back keeps their place."""
        if not entries:
            return
        self.entries.extend(entries)
        if self._width > 0:
            added = strips(entries, self._width)
            self._rows.extend(added)
            if self.back:
                self.back += len(added)
        self.refresh()

    @property
    def text(self) -> str:
        """Every statement, without its styles (for tests and screen readers)."""
        return "\n".join(plain(line) for line in self.entries)

    def rows(self, width: int) -> list[Strip]:
        if width != self._width:
            self._rows, self._width = strips(self.entries, width), width
        return self._rows

    # --- reading back ---------------------------------------------------------

    def page(self, step: int) -> None:
        """Page back (step < 0) or forward (step > 0) by a screenful less one row of context."""
        self.scroll_rows(step * max(1, self.content_size.height - 3))

    def scroll_rows(self, step: int) -> None:
        rows = len(self.rows(self.content_size.width))
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

    def window(self) -> tuple[int, int, int, int]:
        """The first and last row shown, and how many rows are hidden above and below."""
        rows = len(self.rows(self.content_size.width))
        height = max(self.content_size.height, 1)
        if rows <= height:
            return 0, rows, 0, 0
        below = 1 if self.back else 0
        end = rows - self.back
        start = end - (height - below - 1)
        if start <= 1:
            start, end = 0, height - below
        return start, end, start, rows - end

    def render_lines(self, crop: Region) -> list[Strip]:
        """Work out the window once per frame, not once per row."""
        self._window = self.window()
        try:
            return super().render_lines(crop)
        finally:
            self._window = None

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        rows = self.rows(width)
        start, end, above, below = self._window or self.window()
        look = self.visual_style.rich_style
        if above and y == 0:
            row = self.mark(f"↑ {above} earlier line{'s' * (above != 1)} · PgUp")
        elif start + y - (1 if above else 0) < end:
            row = rows[start + y - (1 if above else 0)]
        elif below and y == end - start + (1 if above else 0):
            row = self.mark(f"↓ {below} newer line{'s' * (below != 1)} · PgDn")
        else:
            row = Strip.blank(0)
        return row.crop_extend(0, width, None).apply_style(look)

    @staticmethod
    def mark(text: str) -> Strip:
        return Strip([Segment(text, style(MARK_STYLE))])

