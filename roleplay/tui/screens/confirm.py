"""A yes/no question as a modal dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from roleplay.tui.footer import KeysFooter


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "confirm.tcss"
    BINDINGS = [Binding("y", "answer(True)", "Yes", id="yes"), Binding("n,escape", "answer(False)", "No", id="no")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, markup=False)
            yield Static("y: yes   n: no", classes="muted")
        yield KeysFooter()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
