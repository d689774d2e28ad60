"""What the player sees for the moment a scenario is read and a game set up."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from roleplay.tui.footer import KeysFooter
from roleplay.tui.header import Header
from roleplay.tui.screens.waiting import Waiting


class LoadingScreen(Waiting):
    """Painted at once, so that the terminal answers while the engine loads behind it."""

    DEFAULT_CSS = """
    LoadingScreen Static { width: 100%; height: 1fr; content-align: center middle; }
    """

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.message, markup=False)
        yield KeysFooter()
