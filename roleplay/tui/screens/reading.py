"""A text to read in full, in a window over the screen: an adviser's counsel in preparation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from roleplay.text import clean
from roleplay.tui.footer import KeysFooter
from roleplay.tui.words_window import WordsWindow


class ReadingWindow(WordsWindow[None]):
    BINDINGS = [Binding("enter,escape", "close", "Close", id="close")]
    CHOICES = "Enter: close"

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.heading = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(clean(self.heading), markup=False, classes="title")
            with VerticalScroll(id="words"):
                yield Static(clean(self.text), markup=False)
            yield Static(self.CHOICES, id="choices", markup=False, classes="muted")
        yield KeysFooter()

    def action_close(self) -> None:
        self.dismiss(None)
