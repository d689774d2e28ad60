"""A text to read in full, in a window over the screen: an adviser's counsel in preparation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from roleplay.text import clean
from roleplay.tui.footer import KeysFooter


class ReadingWindow(ModalScreen[None]):
    """The words scroll inside the window (↓, PgDn, End) while the line of keys under them stays in sight."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [Binding("enter,escape", "close", "Close", id="close")]
    CHOICES = "Enter: close"
    SCROLLS = "   ↓ PgDn: read on"
    """Added to the choice line while the words are longer than the window."""

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

    def on_mount(self) -> None:
        self.query_one("#words", VerticalScroll).focus()
        self.call_after_refresh(self.tell_choices)

    def on_resize(self) -> None:
        self.call_after_refresh(self.tell_choices)

    def tell_choices(self) -> None:
        """The choice line, naming the scroll keys only when there is more to read than the window shows."""
        more = self.query_one("#words", VerticalScroll).max_scroll_y > 0
        self.query_one("#choices", Static).update(self.CHOICES + (self.SCROLLS if more else ""))

    def action_close(self) -> None:
        self.dismiss(None)
