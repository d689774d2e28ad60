"""Styled lines of text, and word wrap that turns them into terminal strips.

The table's panels are rebuilt after every move. Rich's general renderer
(markup, justification, overflow modes, per-character styles) costs more per
line than everything else a move redraws, and the table needs none of it: its
lines are a few runs of plain text, each with one style, wrapped at spaces.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Sequence

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

Span = tuple[str, str]
"""A run of text and the Rich style it is drawn in ("" for the panel's own style)."""
Line = Sequence[Span]
"""One logical line; it wraps onto as many rows as the panel's width needs."""

_WORDS = re.compile(r" +|[^ ]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def style(name: str) -> Style:
    """Rich caches parsed styles, so naming them in the lines costs nothing per frame."""
    return Style.parse(name) if name else Style.null()


def plain(line: Line) -> str:
    return "".join(text for text, _ in line)


def wrap(line: Line, width: int) -> list[list[Segment]]:
    """Greedy word wrap: break at spaces, split a word only when it alone is wider than a row.

    The spaces at a break are dropped, as a reader expects; the leading
    spaces of the first row are kept, since the board uses them to indent.
    """
    runs = [(_CONTROL.sub(" ", text), style(name)) for text, name in line if text]
    if sum(cell_len(text) for text, _ in runs) <= width or width <= 0:
        return [[Segment(text, look) for text, look in runs]]
    rows: list[list[Segment]] = [[]]
    used = 0
    for text, look in runs:
        for word in _WORDS.findall(text):
            cells = cell_len(word)
            if word[0] == " ":
                if used + cells < width and (used or len(rows) == 1):
                    rows[-1].append(Segment(word, look))
                    used += cells
                elif used:
                    rows.append([])
                    used = 0
                continue
            if used and used + cells > width:
                _drop_trailing_spaces(rows[-1])
                rows.append([])
                used = 0
            for piece in chop_cells(word, width) if cells > width else [word]:
                if used and used + cell_len(piece) > width:
                    rows.append([])
                    used = 0
                rows[-1].append(Segment(piece, look))
                used += cell_len(piece)
    _drop_trailing_spaces(rows[-1])
    return [list(Segment.simplify(row)) for row in rows]


def _drop_trailing_spaces(row: list[Segment]) -> None:
    while row and not row[-1].text.strip():
        row.pop()
    if row and row[-1].text.endswith(" "):
        row[-1] = Segment(row[-1].text.rstrip(" "), row[-1].style)


def strips(lines: Iterable[Line], width: int) -> list[Strip]:
    """Every row the lines fill at this width."""
    return [Strip(row) for line in lines for row in wrap(line, width)]


@lru_cache(maxsize=2048)
def rows_of(line: tuple[Span, ...], width: int) -> tuple[Strip, ...]:
    """The rows of one line, remembered: most of a panel's lines are the same from one move to the next."""
    return tuple(Strip(row) for row in wrap(line, width))
