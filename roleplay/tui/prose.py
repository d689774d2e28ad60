"""Markdown as blocks of styled runs, laid out into terminal rows at a given width.

The briefing and the debrief are Markdown. Textual's `Markdown` widget mounts
a widget for every block, list item and table cell, and laying those out
cost more than everything else on the way to either screen. The documents
here need headings, paragraphs, emphasis, lists, rules and tables, drawn
once into rows that `roleplay.tui.prose_view.ProseView` scrolls.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from roleplay import kept
from roleplay.tui.spans import Line, plain, wrap

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

Row = tuple[Segment, ...]

LOOKS = ("h1", "h2", "h3", "h4", "rule", "bullet", "th", "code", "title", "muted")
"""The parts of a document drawn in a style of their own; the view takes each from its CSS (`prose--NAME`)."""


@dataclass
class Block:
    """One block of the document: `kind` is a heading level (h1..h4), p, rule, table, code, or a look of LOOKS."""

    kind: str
    lines: list[list[tuple[str, str]]] = field(default_factory=list)
    """The block's logical lines, each a list of (text, style) runs; a hard break starts a new line."""
    indent: int = 0
    """Columns every row is indented by (list items, quotes)."""
    bullet: str = ""
    """Written in the indent of the first row (a list item's marker)."""
    tight: bool = False
    """No blank row before this block (an item that follows another in a tight list)."""
    cells: list[list[list[tuple[str, str]]]] = field(default_factory=list)
    """A table's rows of cells, the header first."""


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


HEADINGS = ("h1", "h2", "h3", "h4")

INLINE_STYLES = {"strong": "bold", "em": "italic", "s": "strike"}


def _runs(token: Token | None) -> list[list[tuple[str, str]]]:
    """An inline token's text as lines of (text, style) runs: emphasis kept, links drawn as their text."""
    lines: list[list[tuple[str, str]]] = [[]]
    open_styles: list[str] = []
    for child in (token.children or []) if token is not None else []:
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in INLINE_STYLES:
            open_styles.append(INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in INLINE_STYLES:
            if open_styles:
                open_styles.pop()
        elif kind == "softbreak":
            lines[-1].append((" ", ""))
        elif kind == "hardbreak":
            lines.append([])
        elif kind in ("text", "html_inline"):
            lines[-1].append((child.content, " ".join(open_styles)))
        elif kind == "code_inline":
            lines[-1].append((child.content, " ".join([*open_styles, "$code"])))
        elif kind == "image":
            lines[-1].append((child.content, " ".join(open_styles)))
    return lines


KIND = "prose"
"""The cache folder's subfolder for parsed documents (see roleplay.kept)."""


def parse_kept(source: str) -> list[Block]:
    """`parse`, read back from the cache folder when the same text was parsed before.

    A briefing's text is the same every time a scenario is played from the same
    side: read back, it is drawn without importing markdown-it, about a tenth
    of a start. An entry is named by the text's SHA-256 and the size and time
    of this module and of markdown-it's, and anything else found there is parsed
    anew and replaced. A debrief is new every game: it is parsed, not kept.
    """
    def is_blocks(found: object) -> TypeGuard[list[Block]]:
        return isinstance(found, list) and all(isinstance(block, Block) for block in found)

    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    return kept.remember(KIND, [digest, *_code_key()], is_blocks, lambda: parse(source))


@cache
def _code_key() -> tuple[str, ...]:
    """What identifies the code that parses: this module and markdown-it (found, not imported)."""
    from importlib.util import find_spec

    spec = find_spec("markdown_it")
    files = [Path(__file__)] + ([Path(spec.origin)] if spec is not None and spec.origin else [])
    return tuple(kept.stamp(files))


def parse(source: str) -> list[Block]:
    """The document's blocks, in order."""
    tokens = _parser().parse(source)
    blocks: list[Block] = []
    lists: list[list[int]] = []  # per open list: [next number or -1 for bullets, marker width]
    bullet = ""
    quote = 0
    listed = False  # whether the last block was inside the list still open
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        indent = quote * 2 + sum(width for _, width in lists)
        if kind == "heading_open":
            blocks.append(Block(token.tag if token.tag in ("h1", "h2", "h3") else "h4",
                                _runs(tokens[index + 1]), indent))
            index += 3
            continue
        if kind == "paragraph_open":
            # In a tight list, items follow one another without a blank row; the list's first item does not.
            blocks.append(Block("p", _runs(tokens[index + 1]), indent, bullet, tight=token.hidden and listed))
            bullet, listed = "", bool(lists)
            index += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(token.attrGet("start") or 1) if ordered else -1
            if ordered:
                count = _items(tokens, index)
                width = len(f"{start + max(count - 1, 0)}. ") + 1
            else:
                width = 3
            lists.append([start, width])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            listed = bool(lists)
        elif kind == "list_item_open":
            number, width = lists[-1]
            bullet = (f"{number}. " if number >= 0 else "• ").rjust(width)
            if number >= 0:
                lists[-1][0] += 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "hr":
            blocks.append(Block("rule", indent=indent))
        elif kind in ("fence", "code_block"):
            text = token.content.rstrip("\n")
            blocks.append(Block("code", [[(line, "$code")] for line in text.split("\n")], indent, bullet))
            bullet = ""
        elif kind == "table_open":
            index = _table(tokens, index, blocks, indent)
            continue
        index += 1
    return blocks


def _items(tokens: Sequence[Token], start: int) -> int:
    """How many items the list opened at `start` has (not counting nested lists' items)."""
    depth, count = 0, 0
    for token in tokens[start:]:
        if token.type.endswith("_list_open"):
            depth += 1
        elif token.type.endswith("_list_close"):
            depth -= 1
            if depth == 0:
                break
        elif token.type == "list_item_open" and depth == 1:
            count += 1
    return count


def _table(tokens: Sequence[Token], index: int, blocks: list[Block], indent: int) -> int:
    """Read the table opened at `index` into a block; return the index after it."""
    rows: list[list[list[tuple[str, str]]]] = []
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append([run for line in _runs(token) for run in line])
        index += 1
    blocks.append(Block("table", indent=indent, cells=rows))
    return index + 1


Looks = Callable[[str], Style]
"""The style of a part of the document (a name of LOOKS) in the view's theme."""


def _resolve(name: str, looks: Looks) -> str:
    """A run's style with the document's own parts (`$code`) resolved to the theme's styles."""
    if "$" not in name:
        return name
    words = [str(looks(word[1:])) if word.startswith("$") else word for word in name.split()]
    return " ".join(word for word in words if word and word != "none")


def _line(runs: list[tuple[str, str]], looks: Looks, base: str = "") -> Line:
    return [(text, " ".join(part for part in (base, _resolve(style, looks)) if part)) for text, style in runs]


def layout(blocks: Sequence[Block], width: int, looks: Looks) -> list[Row]:
    """Every row of the document at this width: a blank row between blocks (two before a heading), none
    inside a tight list."""
    rows: list[Row] = []
    for number, block in enumerate(blocks):
        if number and not block.tight:
            rows.extend([()] * (2 if block.kind in HEADINGS else 1))
        rows.extend(_block_rows(block, width, looks))
    return rows


def _block_rows(block: Block, width: int, looks: Looks) -> list[Row]:
    inner = max(width - block.indent, 1)
    pad = Segment(" " * block.indent)
    if block.kind == "rule":
        return [(pad, Segment("─" * inner, looks("rule")))]
    if block.kind == "table":
        return [(pad, *row) for row in _table_rows(block, inner, looks)]
    base = str(looks(block.kind)) if block.kind not in ("p",) else ""
    rows: list[Row] = []
    for line in block.lines:
        wrapped = wrap(_line(line, looks, base), inner) if line else [[]]
        rows.extend(tuple(row) for row in wrapped)
    if block.kind == "h1":
        rows = [_centred(row, inner) for row in rows]
    if block.indent:
        marker = Segment(block.bullet.rjust(block.indent), looks("bullet")) if block.bullet else pad
        rows = [(marker if n == 0 else pad, *row) for n, row in enumerate(rows)]
    return rows


def _centred(row: Row, width: int) -> Row:
    used = sum(segment.cell_length for segment in row)
    return (Segment(" " * max((width - used) // 2, 0)), *row) if used < width else row


def _table_rows(block: Block, width: int, looks: Looks) -> list[Row]:
    """A table in a box, a line between rows, the header in its own style; the widest columns wrap to fit."""
    if not block.cells:
        return []
    columns = max(len(cells) for cells in block.cells)
    rows = [[_line(cells[n], looks) if n < len(cells) else [] for n in range(columns)] for cells in block.cells]
    widths = _column_widths(rows, width - columns - 1)
    edge = looks("rule")
    corners = {"top": ("┌", "┬", "┐"), "middle": ("├", "┼", "┤"), "bottom": ("└", "┴", "┘")}
    rule = {place: Segment(left + mid.join("─" * (w + 2) for w in widths) + right, edge)
            for place, (left, mid, right) in corners.items()}
    out: list[Row] = [(rule["top"],)]
    header = str(looks("th"))
    for number, cells in enumerate(rows):
        if number:
            out.append((rule["middle"],))
        base = header if number == 0 else ""
        wrapped: list[list[list[Segment]]] = [
            wrap([(text, " ".join(p for p in (base, style) if p)) for text, style in cell], w) if cell else [[]]
            for cell, w in zip(cells, widths, strict=True)]
        for y in range(max(len(lines) for lines in wrapped)):
            row: list[Segment] = [Segment("│", edge)]
            for lines, w in zip(wrapped, widths, strict=True):
                parts = lines[y] if y < len(lines) else []
                used = sum(part.cell_length for part in parts)
                row.extend([Segment(" "), *parts, Segment(" " * (w - used + 1)), Segment("│", edge)])
            out.append(tuple(row))
    out.append((rule["bottom"],))
    return out


def _column_widths(rows: list[list[Line]], room: int) -> list[int]:
    """Each column as wide as its widest cell, the widest narrowed in turn until the table fits in `room`."""
    widths = [max(max((cell_len(plain(row[n])) for row in rows), default=1), 1) for n in range(len(rows[0]))]
    while sum(w + 2 for w in widths) > room:
        widest = max(range(len(widths)), key=lambda n: widths[n])
        if widths[widest] <= 4:
            break
        widths[widest] -= 1
    return widths
