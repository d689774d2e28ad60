"""Pick one item from a short list, as a modal dialog returning its id (or None)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roleplay.text import clean, one_line
from roleplay.tui.footer import KeysFooter


class PickScreen(ModalScreen["str | None"]):
    CSS_PATH = "confirm.tcss"
    BINDINGS = [Binding("enter", "choose", "Choose", id="choose", priority=True),
                Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, title: str, items: list[tuple[str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.items = items

    def compose(self) -> ComposeResult:
        yield Static(clean(self.heading), markup=False, classes="title")
        yield OptionList(*(Option(Text(one_line(label))) for _, label in self.items), id="dialog")
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.items:
            self.query_one("#dialog", OptionList).highlighted = 0

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.items[event.option_index][0])

    def action_choose(self) -> None:
        highlighted = self.query_one("#dialog", OptionList).highlighted
        if highlighted is not None:
            self.dismiss(self.items[highlighted][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
