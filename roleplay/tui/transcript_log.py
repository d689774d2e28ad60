"""The transcript panel: a RichLog that works out its style once per frame rather than once per line."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import RichLog


class TranscriptLog(RichLog):
    """RichLog asks every visible line for the widget's style, which walks every ancestor's CSS.

    After a move the whole visible transcript scrolls, so that walk ran forty
    times per frame and cost more than the rest of the table. The style
    cannot change within one frame, so it is taken once when the frame starts.
    """

    _frame_style: Style | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    def render_line(self, y: int) -> Strip:
        style = self._frame_style or self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if scroll_y + y >= len(self.lines):
            return Strip.blank(width, style)
        return self._render_line(scroll_y + y, scroll_x, width).apply_style(style)
