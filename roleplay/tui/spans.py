"""Styled lines of text, and word wrap that turns them into terminal strips.

The table's panels are rebuilt after every move. Rich's general renderer
(markup, justification, overflow modes, per-character styles) costs more per
line than everything else a move redraws, and the table needs none of it: its
lines are a few runs of plain text, each with one style, wrapped at spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from roleplay.text import UNSAFE

Span = tuple[str, str]
"""A run of text and the Rich style it is drawn in ("" for the panel's own style)."""
Line = Sequence[Span]
"""One logical line; it wraps onto as many rows as the panel's width needs."""

_WORDS = re.compile(r" +|[^ ]+")


def style(name: str) -> Style:
    """Rich caches parsed styles, so naming them in the lines costs nothing per frame."""
    return Style.parse(name) if name else Style.null()


def plain(line: Line) -> str:
    return "".join(text for text, _ in line)


def wrap(line: Line, width: int) -> list[list[Segment]]:
    """Greedy word wrap: break at spaces, split a word only when it alone is wider than a row.

    The spaces at a break are dropped, as a reader expects; the leading
    spaces of the first row are kept, since the board uses them to indent,
    and the rows after it hang at the same indent, so a wrapped line of the
    board still reads as part of its issue.
    """
    runs = [(UNSAFE.sub(" ", text), style(name)) for text, name in line if text]
    measure = len if all(text.isascii() for text, _ in runs) else cell_len
    if width <= 0 or sum(measure(text) for text, _ in runs) <= width:
        return [[Segment(text, look) for text, look in runs]]
    rows: list[list[list[Any]]] = [[]]  # each row: [text, style] parts, one per change of style
    used = 0

    def put(text: str, look: Style) -> None:
        nonlocal used
        row = rows[-1]
        if row and row[-1][1] is look:
            row[-1][0] += text
        else:
            row.append([text, look])
        used += measure(text)

    first = runs[0][0] if runs else ""
    indent = len(first) - len(first.lstrip(" "))
    hang = (" " * indent, runs[0][1]) if runs and 0 < indent < width // 2 else None

    def new_row() -> None:
        nonlocal used
        _drop_trailing_spaces(rows[-1])
        rows.append([])
        used = 0
        if hang:
            put(*hang)

    for text, look in runs:
        for word in _WORDS.findall(text):
            cells = measure(word)
            if word[0] == " ":
                if used + cells < width and (used or len(rows) == 1):
                    put(word, look)
                elif used:
                    new_row()
                continue
            if used and used + cells > width:
                new_row()
            for piece in chop_cells(word, width) if cells > width else [word]:
                if used and used + measure(piece) > width:
                    new_row()
                put(piece, look)
    _drop_trailing_spaces(rows[-1])
    return [[Segment(text, look) for text, look in row] for row in rows]


def _drop_trailing_spaces(row: list[list[Any]]) -> None:
    while row and not row[-1][0].strip(" "):
        row.pop()
    if row:
        row[-1][0] = row[-1][0].rstrip(" ")


def draw(parts: Iterable[Segment], width: int, look: Style) -> Strip:
    """One finished row in a single step: the panel's style beneath each part, then spaces to the width.

    Textual builds a new strip (and its caches) for every crop, pad and
    style applied; a row drawn here is built once.
    """
    segments = list(Segment.apply_style(parts, look))
    used = sum(cell_len(segment.text) for segment in segments)
    if used < width:
        segments.append(Segment(" " * (width - used), look))
    return Strip(segments, max(used, width))


def segments(lines: Iterable[Line], width: int) -> list[list[Segment]]:
    """Every row the lines fill at this width, as segments still to be drawn."""
    return [row for line in lines for row in wrap(line, width)]


@lru_cache(maxsize=2048)
def rows_of(line: tuple[Span, ...], width: int) -> tuple[tuple[Segment, ...], ...]:
    """The rows of one line, remembered: most of a panel's lines are the same from one move to the next."""
    return tuple(tuple(row) for row in wrap(line, width))
