"""The transcript panel: the talks so far, newest at the bottom, read back with PgUp/PgDn or the wheel."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from roleplay.tui.spans import Line, draw, plain, wrap

Row = int | str | None
"""What one row of the panel shows: a wrapped row by its index, a note on the rows hidden above or below, or nothing."""


class TranscriptLog(ScrollView, can_focus=False):
    """A log of statements on Textual's line API: each statement is wrapped once, each row drawn once.

    Like Textual's `Log`, it scrolls a virtual height of wrapped rows and
    draws only the rows in view, from a cache of drawn rows; its border,
    padding and colours come from TCSS. Instead of a scrollbar, the first
    and last rows in view say how many rows are hidden above or below, with
    the key that shows them. A move brings the newest rows back into view.
    Nothing on the table takes focus, so the screen's keys page it.
    """

    COMPONENT_CLASSES = {"transcript--hidden"}
    DEFAULT_CSS = """
    TranscriptLog {
        height: 1fr;
        overflow: hidden hidden;
        border-left: solid $accent;
        padding: 0 1;
    }
    TranscriptLog > .transcript--hidden { color: $text-muted; text-style: italic; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[Line] = []
        self._rows: list[list[Segment]] = []
        self._starts: list[int] = []
        """The first row of each statement, to keep the same statement in view when the width changes."""
        self._width = 0
        self._following = True
        """Whether the newest row is in view, and so stays in view when the panel's size changes."""
        self._drawn: LRUCache[Row, Strip] = LRUCache(1024)
        self._area = Size(0, 0)
        self._area_for: tuple[Size, bool, bool] | None = None
        self._looks: tuple[Style, Style] | None = None

    # --- what it holds --------------------------------------------------------

    def add(self, entries: Sequence[Line]) -> None:
        """Add statements and show the newest: they answer the move the player has just made."""
        if not entries:
            return
        if self._width > 0:
            for entry in entries:
                self._starts.append(len(self._rows))
                self._rows.extend(wrap(entry, self._width))
        self.entries.extend(entries)
        self._set_virtual_size()
        top = self.scroll_offset.y
        self.scroll_rows(len(self._rows))
        if self.scroll_offset.y == top:  # nothing scrolled, so nothing repaints the new rows yet
            self.refresh_lines(self._starts[-len(entries)] if self._width > 0 else 0, len(self._rows))

    @property
    def text(self) -> str:
        """Every statement, without its styles (for tests and screen readers)."""
        return "\n".join(plain(line) for line in self.entries)

    @property
    def row_count(self) -> int:
        """How many rows the statements fill at the panel's width."""
        return len(self._rows)

    def rewrap(self, width: int) -> None:
        """Wrap every statement again at a new width, keeping in view the statement at the top, or the newest."""
        if width == self._width or width <= 0:
            return
        following = self._following
        top = self.scroll_offset.y
        top += 1 if top else 0  # the first row in view under the note on the rows above
        first = next((n for n in range(len(self._starts) - 1, -1, -1) if self._starts[n] <= top), 0)
        rows: list[list[Segment]] = []
        starts: list[int] = []
        for entry in self.entries:
            starts.append(len(rows))
            rows.extend(wrap(entry, width))
        self._rows, self._starts, self._width = rows, starts, width
        self._drawn.clear()
        self._set_virtual_size()
        self.scroll_to(y=len(rows) if following or not starts else max(starts[first] - 1, 0), animate=False, force=True)
        self.refresh()

    def _set_virtual_size(self) -> None:
        """Tell the scrolling how many rows there are; only a panel that sizes itself needs a new layout for it."""
        size = Size(self._width, len(self._rows))
        if self.styles.height is not None and self.styles.height.is_auto:
            self.virtual_size = size
        else:
            self.set_reactive(ScrollView.virtual_size, size)

    # --- reading back ---------------------------------------------------------

    @property
    def allow_vertical_scroll(self) -> bool:
        """The wheel scrolls the panel whenever there is more than it shows (it has no scrollbar to grab)."""
        return not self._check_disabled() and self.max_scroll_y > 0

    def page(self, step: int) -> None:
        """Page back (step < 0) or forward (step > 0) by a screenful, keeping a row of context under the notes."""
        self.scroll_rows(step * max(1, self.area.height - 3))

    def scroll_rows(self, step: int) -> None:
        self.scroll_to(y=self.scroll_offset.y + step, animate=False, force=True)

    # --- drawing --------------------------------------------------------------

    @property
    def area(self) -> Size:
        """The columns and rows the text may use, inside border, padding and any scrollbar (worked out once per size)."""
        key = (self.outer_size, self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        if key != self._area_for:
            self._area, self._area_for = self.scrollable_content_region.size, key
        return self._area

    def row_at(self, y: int, height: int) -> Row:
        """What the y-th of `height` rows in view shows: a note stands in for the row under it at either end."""
        top = self.scroll_offset.y
        index = top + y
        if height >= 3 and top and y == 0:
            return f"↑ {top + 1} earlier lines · PgUp"
        below = len(self._rows) - index
        if height >= 3 and y == height - 1 and below > 1:
            return f"↓ {below} newer lines · PgDn"
        return index if index < len(self._rows) else None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()
        self._looks = None
        self._area_for = None  # padding or border may have changed

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._following = round(new_value) >= self.max_scroll_y

    def on_resize(self) -> None:
        width = self.area.width
        if width != self._width:
            self.rewrap(width)
        elif self._following:
            self.scroll_rows(len(self._rows))

    def render_line(self, y: int) -> Strip:
        """A row in view, from the cache of drawn rows; scrolling repaints rows already drawn."""
        width, height = self.area
        if width != self._width:
            self.rewrap(width)
        row = self.row_at(y, height)
        drawn = self._drawn.get(row)
        if drawn is None:
            look, hidden = self.looks()
            if isinstance(row, int):
                drawn = draw(self._rows[row], width, look)
            elif row:
                drawn = draw([Segment(row, hidden)], width, look)
            else:
                drawn = Strip.blank(width, look)
            self._drawn[row] = drawn
        return drawn

    def looks(self) -> tuple[Style, Style]:
        """The panel's style and that of its notes, kept until the styles change (a refresh forgets Textual's copy)."""
        if self._looks is None:
            self._looks = self.rich_style, self.get_component_rich_style("transcript--hidden")
        return self._looks
