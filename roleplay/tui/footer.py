"""A footer that takes a second row when its keys do not fit on one.

Textual's footer is one row: on a narrow terminal the keys at its end are
cut off, and a player never learns that they exist. This one lays its keys
out in a grid of as many rows as the terminal's width needs (at most
`MAX_ROWS`), so every key the screen offers stays in sight. A steady footer (the table's)
keeps from the start the rows of the keys its screen shows at its fullest, so
that the moves the first round brings do not push the screen up.

Textual's footer rebuilds all its keys a refresh after every announcement
of the screen's bindings, and a new screen announces them several times as
it mounts and takes focus: each rebuild restyles every key, and a new
screen's keys reached the terminal some 50 ms after the rest of it. This one
rebuilds only when what it would show has changed, never twice for one
refresh, and builds a new screen's keys in time for its first frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

MAX_ROWS = 2
PALETTE_WIDTH = 14
"""The cells the command palette's key takes at the right end, with its border."""


class KeysFooter(Footer):
    DEFAULT_CSS = """
    KeysFooter {
        layout: grid;
        grid-columns: auto;
        grid-gutter: 0;
    }
    """

    def __init__(self, steady: Callable[[Binding], bool] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.steady = steady
        """For a screen whose keys come and go: which of its keys its fullest state shows (shown now or not).
        The footer keeps their rows from the start: at the table the moves come with the first round, and a
        footer that grew then would move the whole screen up."""
        self.rows = 1
        self.shown: tuple[object, ...] | None = None
        """What the keys on show were drawn from (see `keys_now`); None before the screen's bindings are known."""
        self.pending = False
        """Whether a rebuild is already due (it will read the bindings as they are then)."""

    def keys_now(self) -> tuple[object, ...]:
        """Everything the footer's keys are drawn from: each binding the screen offers now, as it offers it."""
        return (self.compact, self.show_command_palette,
                *((key, binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                   binding.show, enabled, tooltip, binding.group)
                  for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()))

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self.pending or (self.shown is not None and self.keys_now() == self.shown):
            return
        self.pending = True
        if self.shown is None:  # a new screen: its keys go into its first frame
            self.refresh(recompose=True)
        else:  # a change at the table: after the frame that answers the key, as Textual's footer does
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        self.pending = False
        self.shown = self.keys_now() if self._bindings_ready else None
        items = list(super().compose())
        for item in items:  # bound to the footer's look: take it now, not by a restyle of each key as it mounts
            if isinstance(item, FooterKey) and not item.has_class("-command-palette"):
                item.set_reactive(FooterKey.compact, self.compact)
                item.set_class(self.compact, "-compact", update=False)
        keys = [item for item in items if isinstance(item, FooterKey) and not item.has_class("-command-palette")]
        self.rows = max(self.rows_needed(keys, self.app.size.width), self.rows_kept(self.app.size.width))
        self.styles.height = self.rows
        self.styles.grid_size_columns = max(1, math.ceil(len(keys) / self.rows))
        yield from items

    def rows_needed(self, keys: Sequence[FooterKey], width: int) -> int:
        """Rows for these keys at this width: one if they fit in a line, else as few as possible."""
        return self.rows_for([(key.key_display, key.description) for key in keys], width)

    def rows_for(self, labels: Sequence[tuple[str, str]], width: int) -> int:
        spare = 1 if self.compact else 3  # the key's padding and the gap after the description
        needed = sum(cell_len(key) + cell_len(description) + spare for key, description in labels)
        room = max(width - (PALETTE_WIDTH if self.show_command_palette else 0), 1)
        return min(max(math.ceil(needed / room), 1), MAX_ROWS)

    def rows_kept(self, width: int) -> int:
        """For a steady footer, the rows of the keys its screen shows in its fullest state; else one."""
        if self.steady is None:
            return 1
        labels: dict[str, tuple[str, str]] = {}
        for _, bindings in self.screen._modal_binding_chain:
            for _, binding in bindings:
                if binding.show and self.steady(binding):
                    labels.setdefault(binding.action, (self.app.get_key_display(binding), binding.description))
        return self.rows_for(list(labels.values()), width)

    def on_resize(self, event: Resize) -> None:
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        width = self.app.size.width
        if keys and max(self.rows_needed(keys, width), self.rows_kept(width)) != self.rows:
            self.refresh(recompose=True)
