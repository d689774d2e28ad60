"""A panel of styled lines that builds only the lines in view and repaints only the rows that changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from roleplay.tui.spans import Line, draw, plain, rows_of

Row = tuple[Segment, ...]


def every_line(n: int) -> bool:
    """A window may start at any line (for lines that do not come in groups)."""
    return True


class LinePanel(Widget):
    """Static would re-render and repaint the whole panel for every change.

    After a move only a few rows of the board differ (a marker moved, a gap
    bar shrank), so the panel keeps the rows it drew and tells Textual which of
    them changed; Textual then repaints just those cells. A panel with a fixed
    height never asks for a layout: when its lines outgrow it, it shows a window
    onto them, starting at a whole line, that keeps the lines the caller names
    in view; where lines belong together (an issue's name and its cells), the
    caller names the lines a window may start at, and the window starts only
    there. The lines may be a sequence that builds each line when it is read:
    such a panel reads only the lines in its window (and those it passes over
    to find it), so a board of many issues costs what the rows on screen cost.
    """

    DEFAULT_CSS = "LinePanel { height: auto; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: Sequence[Line] = ()
        self._keep = (0, 0)
        self._starts: Callable[[int], bool] = every_line
        self._width = -1
        self._height = -1
        self._wrapped: dict[int, tuple[Row, ...]] = {}
        """The rows of each line read at this width, for the current lines."""
        self._rows: list[Row] = []
        """The rows in view (all of them when the panel sizes itself)."""
        self.top = 0
        """The first line in view."""
        self._styled: dict[int, Strip] = {}
        self._look = Style.null()

    def show(self, lines: Sequence[Line], keep: tuple[int, int] | None = None,
             starts: Callable[[int], bool] | None = None) -> None:
        """Show these lines instead of the current ones, with lines keep[0] to keep[1] (exclusive) in view.

        `starts` says which lines the window may start at (any line, if not given); keep[0] must be one of them.
        """
        self._lines = lines
        self._keep = keep or (0, 0)
        self._starts = starts or every_line
        width = self.content_size.width
        if width <= 0:
            self._width = -1
            self.refresh(layout=self.sizes_itself)
            return
        old, top = self._rows, self.top
        self.wrap(width)
        if self.sizes_itself and len(old) != len(self._rows):
            self._styled.clear()
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

    @property
    def row_count(self) -> int:
        """The rows all the lines fill at the panel's width (this reads every line)."""
        return sum(len(self.rows(n)) for n in range(len(self._lines)))

    def refresh_changed(self, old: list[Row]) -> None:
        changed = [y for y in range(min(self.content_size.height, len(self._rows)))
                   if old[y] is not self._rows[y] and old[y] != self._rows[y]]
        for y in changed:
            self._styled.pop(y, None)
        if changed:
            self.refresh(*(Region(0, y, self._width, 1) for y in changed))

    @property
    def text(self) -> str:
        """What the panel says, without its styles (for tests and screen readers)."""
        return "\n".join(plain(line) for line in self._lines)

    def rows(self, n: int) -> tuple[Row, ...]:
        """The rows line n fills at the panel's width, the line built and wrapped when first read."""
        rows = self._wrapped.get(n)
        if rows is None:
            rows = self._wrapped[n] = rows_of(tuple(self._lines[n]), self._width)
        return rows

    def wrap(self, width: int) -> None:
        """Wrap the lines in view at this width, moving the window as little as it takes to keep the named lines in it."""
        if width != self._width:  # rows drawn at another width would stay on screen after a resize
            self._styled.clear()
        self._wrapped, self._width, self._height = {}, width, self.content_size.height
        if self.sizes_itself:
            self.top = 0
            self._rows = [row for n in range(len(self._lines)) for row in self.rows(n)]
            return
        height = self.content_size.height
        self.top = self.window_top(height)
        rows: list[Row] = []
        for n in range(self.top, len(self._lines)):
            if len(rows) >= height:
                break
            rows.extend(self.rows(n))
        self._rows = rows[:max(height, 0)]

    def window_top(self, height: int) -> int:
        """The first line in view: where it was, unless the kept lines or the end of the lines say otherwise."""
        count = len(self._lines)
        first, last = (min(max(n, 0), count) for n in self._keep)
        top = self.start_at_or_before(min(self.top, first, max(count - 1, 0)))
        used = 0  # bring the kept lines into view from below: the lowest top under which they fit
        for n in range(last - 1, top - 1, -1):
            used += len(self.rows(n))
            if used > height:
                top = min(self.start_after(n), first)
                break
        used = 0  # and leave no empty rows below the last line while lines above are hidden
        for n in range(top, count):
            used += len(self.rows(n))
            if used >= height:
                return top
        while top > 0:  # a whole group of lines at a time, so that the window still starts where it may
            above = self.start_at_or_before(top - 1)
            more = sum(len(self.rows(n)) for n in range(above, top))
            if used + more > height:
                break
            top, used = above, used + more
        return top

    def start_at_or_before(self, n: int) -> int:
        """The nearest line at or above line n where the window may start."""
        while n > 0 and not self._starts(n):
            n -= 1
        return max(n, 0)

    def start_after(self, n: int) -> int:
        """The nearest line below line n where the window may start (the end of the lines, if none)."""
        n += 1
        while n < len(self._lines) and not self._starts(n):
            n += 1
        return n

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width != self._width:
            self.wrap(width)
        return len(self._rows)

    def on_resize(self) -> None:
        self._styled.clear()
        self.wrap(self.content_size.width)
        self.refresh()  # a frame drawn before this handler ran may show the window worked out for the old size

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        if width != self._width or height != self._height:
            self._styled.clear()
            self.wrap(width)
        look = self.visual_style.rich_style
        if look != self._look:
            self._styled.clear()
            self._look = look
        styled = self._styled.get(y)
        if styled is None:
            row = self._rows[y] if y < len(self._rows) else ()
            styled = self._styled[y] = draw(row, width, look)
        return styled
