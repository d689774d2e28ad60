"""The public story and the played delegation's private instructions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from roleplay.engine import actions as a
from roleplay.text import markdown, markdown_prose


class BriefingScreen(Screen[None]):
    CSS_PATH = "briefing.tcss"
    BINDINGS = [Binding("enter,space", "prepare", "Start preparing", id="prepare")]

    def compose(self) -> ComposeResult:
        session = self.app.session  # type: ignore[attr-defined]
        me = session.player
        text = (
            f"{markdown_prose(session.scenario.briefing)}\n\n---\n\n# Your instructions: {markdown(me.name)}\n\n"
            f"{markdown_prose(me.briefing)}\n\n"
            f"**If there is no deal:** {markdown(me.batna.story or 'nothing better.')}\n\n"
            "*Press Enter to start preparing. `?` explains every key.*"
        )
        yield Header()
        yield Markdown(text, id="briefing", open_links=False)  # a scenario never opens a URL
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#briefing").focus()

    def action_prepare(self) -> None:
        self.app.act(a.BeginPreparation())  # type: ignore[attr-defined]
        self.app.show_phase()  # type: ignore[attr-defined]
