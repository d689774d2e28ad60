"""Shown instead of the game while the terminal is smaller than the screens need."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """The note takes the terminal's width and wraps, so every word of it shows however small the terminal is."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen Static { width: 100%; max-width: 60; height: auto; padding: 0 1; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="message", markup=False)

    def on_mount(self) -> None:
        self.show(self.app.size)

    def show(self, size: Size) -> None:
        from roleplay.tui.app import MIN_SIZE

        self.query_one("#message", Static).update(
            f"The terminal is {size.width}x{size.height}; roleplay needs {MIN_SIZE[0]}x{MIN_SIZE[1]}. "
            "Enlarge the window: the game waits, nothing is lost.")
