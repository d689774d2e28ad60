"""The classroom's first screen: who is playing, so the instructor's report can name every game."""

from __future__ import annotations

from pathlib import Path

from textual import getters, on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from roleplay.tui.app import RoleplayApp

MAX_NAME = 60


def clean_name(typed: str) -> str:
    """The name as it is kept in the save: printable characters only, spaces folded, at most MAX_NAME."""
    printable = "".join(ch if ch.isprintable() else " " for ch in typed)
    return " ".join(printable.split())[:MAX_NAME]


class NameScreen(Screen[None]):
    """Asks the student's name, then offers the class's scenarios and the student's own unfinished games."""

    app = getters.app(RoleplayApp)

    CSS_PATH = "name.tcss"

    def __init__(self, scenarios: list[Path] | None) -> None:
        super().__init__()
        self.scenarios = scenarios

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Welcome to the negotiation exercise.", classes="title")
        yield Static("Type your name as your instructor should see it, then press Enter. "
                     "If you played before and reloaded the page, type the same name to resume your game.",
                     classes="muted", id="explain")
        yield Input(placeholder="Your name", max_length=MAX_NAME, id="name")
        yield Static("", id="problem", classes="error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def named(self, event: Input.Submitted) -> None:
        from roleplay.tui.screens.choose import ChooseScreen

        name = clean_name(event.value)
        if not any(ch.isalnum() for ch in name):
            self.query_one("#problem", Static).update("Please type your name (letters or digits).")
            return
        self.app.sub_title = name
        self.app.player = name
        self.app.switch_screen(ChooseScreen(self.scenarios, player=name))
