"""A scrolling view of a Markdown document drawn as rows of text (see roleplay.tui.prose)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from roleplay.tui.prose import LOOKS, Block, Row, layout, parse, parse_kept
from roleplay.tui.spans import draw


class ProseView(ScrollView, can_focus=True):
    """One widget for a whole document, instead of a widget per block.

    The document is parsed once; its rows are laid out again only when the
    width changes, and each visible row is drawn from them. It scrolls by
    keyboard and wheel like any scrolling container, and the gutter for the
    scrollbar is always kept, so the width (and the wrap) does not change when
    the scrollbar appears.
    """

    COMPONENT_CLASSES = {f"prose--{name}" for name in LOOKS}
    DEFAULT_CSS = """
    ProseView {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        & > .prose--h1 { color: $markdown-h1-color; text-style: $markdown-h1-text-style; }
        & > .prose--h2 { color: $markdown-h2-color; text-style: $markdown-h2-text-style; }
        & > .prose--h3 { color: $markdown-h3-color; text-style: $markdown-h3-text-style; }
        & > .prose--h4 { color: $markdown-h4-color; text-style: $markdown-h4-text-style; }
        & > .prose--rule { color: $secondary; }
        & > .prose--bullet { color: $text-primary; }
        & > .prose--th { color: $primary; }
        & > .prose--code { color: $text-accent; }
        & > .prose--title { text-style: bold; }
        & > .prose--muted { color: $text-muted; }
    }
    """

    def __init__(self, source: str, extra: Sequence[Block] = (), *, id: str | None = None,
                 classes: str | None = None, kept: bool = False) -> None:
        """`kept`: a document shown again and again (a briefing), parsed once and read back after."""
        super().__init__(id=id, classes=classes)
        self.source = source
        """The document, as Markdown."""
        self._blocks = [*(parse_kept(source) if kept else parse(source)), *extra]
        self._rows: list[Row] = []
        self._width = -1
        self._theme = ""
        self._look = Style.null()
        self._drawn: dict[int, Strip] = {}

    def lay_out(self, width: int) -> None:
        """Lay the document out at this width and tell the scrollbars how tall it is."""
        looks: dict[str, Style] = {}

        def look(name: str) -> Style:
            if name not in looks:
                looks[name] = self.get_component_rich_style(f"prose--{name}", partial=True)
            return looks[name]

        self._rows = layout(self._blocks, width, look)
        self._theme = self.app.theme
        self._width = width
        self._drawn.clear()
        self.virtual_size = Size(width, len(self._rows))

    @property
    def text(self) -> str:
        """What the view shows, row by row, without its styles (for tests)."""
        return "\n".join("".join(segment.text for segment in row).rstrip() for row in self._rows)

    @property
    def line_width(self) -> int:
        """The columns a row may use: the content's width less the scrollbar's gutter."""
        return self.scrollable_content_region.width

    def on_resize(self) -> None:
        self.lay_out(self.line_width)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a mouse selection, to copy, as the Markdown widget gave it."""
        return selection.extract(self.text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._drawn.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.line_width
        if width != self._width or self.app.theme != self._theme:  # the parts' styles are laid into the rows
            self.lay_out(width)
        look = self.rich_style
        if look != self._look:
            self._drawn.clear()
            self._look = look
        index = self.scroll_offset.y + y
        drawn = self._drawn.get(index)
        if drawn is None:
            row = self._rows[index] if index < len(self._rows) else ()
            drawn = self._drawn[index] = draw(self.selected(row, index), width, look).apply_offsets(0, index)
        return drawn

    def selected(self, row: Row, index: int) -> Row:
        """The row with the part under the mouse selection, if any, in the screen's selection style."""
        span = self.text_selection.get_span(index) if self.text_selection is not None else None
        if span is None:
            return row
        start, end = span
        end = sum(len(segment.text) for segment in row) if end == -1 else end
        highlight = self.screen.get_component_rich_style("screen--selection", partial=True)
        marked: list[Segment] = []
        at = 0
        for segment in row:
            text, style = segment.text, segment.style
            cuts = sorted({0, len(text), *(p - at for p in (start, end) if at < p < at + len(text))})
            for first, last in zip(cuts, cuts[1:], strict=False):
                inside = start <= at + first < end
                marked.append(Segment(text[first:last], (style or Style.null()) + highlight if inside else style))
            at += len(text)
        return tuple(marked)
