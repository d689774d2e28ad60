"""The public story and the played delegation's private instructions."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding

from roleplay.engine import actions as a
from roleplay.tui.app import RoleplayApp
from roleplay.tui.briefing_text import briefing_markdown
from roleplay.tui.footer import KeysFooter
from roleplay.tui.header import Header
from roleplay.tui.prose_view import ProseView
from roleplay.tui.styled_once import StyledOnce


class BriefingScreen(StyledOnce):
    """The instructions run longer than a small terminal: they scroll, and the footer says how."""

    app = getters.app(RoleplayApp)

    CSS_PATH = "briefing.tcss"
    BINDINGS = [
        Binding("enter", "prepare", "Start preparing", id="prepare"),
        Binding("space,pagedown", "page(1)", "Read on", id="read-on", key_display="PgDn"),
        Binding("pageup", "page(-1)", "Back", show=False, id="read-back"),
    ]

    at_end = False
    """Whether the last row of the briefing is in view (then there is nothing to read on to)."""

    def compose(self) -> ComposeResult:
        session = self.app.game
        text = briefing_markdown(session.scenario, session.player)
        yield Header()
        yield ProseView(text, id="briefing", kept=True)  # drawn as text: a scenario never opens a URL
        yield KeysFooter()

    def on_mount(self) -> None:
        briefing = self.query_one("#briefing", ProseView)
        briefing.focus()
        self.watch(briefing, "scroll_y", self.scrolled, init=False)
        self.watch(briefing, "virtual_size", self.scrolled, init=False)

    def scrolled(self) -> None:
        """Offer PgDn only while there is more below: at the end it would do nothing."""
        briefing = self.query_one("#briefing", ProseView)
        at_end = briefing.virtual_size.height > 0 and briefing.scroll_y >= briefing.max_scroll_y
        if at_end != self.at_end:
            self.at_end = at_end
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page" and parameters and isinstance(parameters[0], int) and parameters[0] > 0:
            return not self.at_end
        return True

    def action_page(self, step: int) -> None:
        scroll = self.query_one("#briefing", ProseView)
        if step > 0:
            scroll.scroll_page_down(animate=False)
        else:
            scroll.scroll_page_up(animate=False)

    def action_prepare(self) -> None:
        self.app.act(a.BeginPreparation())
        self.app.show_phase()
