"""A panel of styled lines that repaints only the rows that changed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from roleplay.tui.spans import Line, draw, plain, rows_of


class LinePanel(Widget):
    """Static would re-render and repaint the whole panel for every change.

    After a move only a few rows of the board differ (a marker moved, a gap
    bar shrank), so the panel keeps the rows it drew and tells Textual which of
    them changed; Textual then repaints just those cells. A panel with a fixed
    height never asks for a layout: when its lines outgrow it, it shows a window
    onto them that keeps the lines the caller names in view.
    """

    DEFAULT_CSS = "LinePanel { height: auto; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: Sequence[Line] = ()
        self._keep = (0, 0)
        self._width = -1
        self._rows: list[tuple[Segment, ...]] = []
        self._starts: list[int] = [0]
        self.top = 0
        """The first row in view."""
        self._styled: dict[int, Strip] = {}
        self._look = Style.null()

    def show(self, lines: Sequence[Line], keep: tuple[int, int] | None = None) -> None:
        """Show these lines instead of the current ones, with lines keep[0] to keep[1] (exclusive) in view."""
        self._lines = lines
        self._keep = keep or (0, 0)
        width = self.content_size.width
        if width <= 0:
            self._width = -1
            self.refresh(layout=self.sizes_itself)
            return
        old, top = self._rows, self.top
        self.wrap(width)
        if len(old) != len(self._rows) and self.sizes_itself:
            self.refresh(layout=True)
        elif top != self.top or len(old) != len(self._rows):
            self._styled.clear()
            self.refresh()
        else:
            self.refresh_changed(old)

    @property
    def sizes_itself(self) -> bool:
        """Whether the panel's height follows its lines (then a change in their number needs a layout)."""
        return self.styles.height is None or self.styles.height.is_auto

    def refresh_changed(self, old: list[tuple[Segment, ...]]) -> None:
        height = self.content_size.height
        changed = [y - self.top for y in range(self.top, min(self.top + height, len(self._rows)))
                   if old[y] is not self._rows[y] and old[y] != self._rows[y]]
        for y in changed:
            self._styled.pop(y, None)
        if changed:
            self.refresh(*(Region(0, y, self._width, 1) for y in changed))

    @property
    def text(self) -> str:
        """What the panel says, without its styles (for tests and screen readers)."""
        return "\n".join(plain(line) for line in self._lines)

    def wrap(self, width: int) -> None:
        rows: list[tuple[Segment, ...]] = []
        starts = [0]
        for line in self._lines:
            rows.extend(rows_of(tuple(line), width))
            starts.append(len(rows))
        if width != self._width:  # rows drawn at another width would stay on screen after a resize
            self._styled.clear()
        self._rows, self._starts, self._width = rows, starts, width
        self.top = self.window_top(self.content_size.height)

    def window_top(self, height: int) -> int:
        """Move the window as little as it takes to bring the kept lines into view."""
        rows = len(self._rows)
        if height <= 0 or rows <= height:
            return 0
        first, last = (self._starts[min(n, len(self._starts) - 1)] for n in self._keep)
        top = min(self.top, first)
        top = max(top, last - height)
        return min(max(top, 0), rows - height)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width != self._width:
            self.wrap(width)
        return len(self._rows)

    def on_resize(self) -> None:
        self._styled.clear()
        self.wrap(self.content_size.width)

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if width != self._width:
            self.wrap(width)
            self._styled.clear()
        look = self.visual_style.rich_style
        if look != self._look:
            self._styled.clear()
            self._look = look
        styled = self._styled.get(y)
        if styled is None:
            row = self._rows[self.top + y] if self.top + y < len(self._rows) else ()
            styled = self._styled[y] = draw(row, width, look)
        return styled
