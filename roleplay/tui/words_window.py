"""A window of words over the screen: the words scroll inside it (↓, PgDn, End) while the line of keys under
them stays in sight, and that line names the scroll keys only while there is more to read than it shows."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

R = TypeVar("R")


class WordsWindow(ModalScreen[R]):
    """Composed by each window: a `#words` scroll and a `#choices` line, in confirm.tcss's dialog."""

    CSS_PATH = Path(__file__).parent / "screens" / "confirm.tcss"  # whichever module a window is written in
    CHOICES = ""
    """The keys of the window, as its choice line names them."""
    SCROLLS = "   ↓ PgDn: read on"
    """Added to the choice line while the words are longer than the window."""

    def on_mount(self) -> None:
        self.query_one("#words", VerticalScroll).focus()
        self.call_after_refresh(self.tell_choices)

    def on_resize(self) -> None:
        self.call_after_refresh(self.tell_choices)

    def tell_choices(self) -> None:
        """The choice line, naming the scroll keys only when there is more to read than the window shows."""
        more = self.query_one("#words", VerticalScroll).max_scroll_y > 0
        self.query_one("#choices", Static).update(self.CHOICES + (self.SCROLLS if more else ""))
