"""The debrief: the ending, the score and its parts, the gap history, the truth revealed, the lessons."""

from __future__ import annotations

from pathlib import Path

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Markdown

from roleplay import saves
from roleplay.debrief import debrief_markdown, gap_bars, transcript_markdown
from roleplay.engine import actions as a
from roleplay.text import clean, one_line
from roleplay.tui import coaching
from roleplay.tui.app import RoleplayApp
from roleplay.tui.footer import KeysFooter
from roleplay.tui.header import Header


class DebriefScreen(Screen[None]):
    app = getters.app(RoleplayApp)

    CSS_PATH = "debrief.tcss"
    BINDINGS = [Binding("m", "menu", "Menu: play again", id="menu"),
                Binding("e", "export", "Export Markdown", id="export"),
                Binding("u", "rewind", "Rewind", id="rewind"),
                Binding("v", "compare", "Compare", id="compare")]

    def compose(self) -> ComposeResult:
        session = self.app.game
        if session.phase == "concluded":
            self.app.act(a.ShowDebrief())
        yield Header()
        with VerticalScroll(id="debrief"):
            yield Markdown(debrief_markdown(session) + coaching.coach_section(self.app), id="report",
                           open_links=False)  # a scenario never opens a URL
            yield Label("Position gap by round (▁ same offer, █ as far apart as can be)", classes="title")
            main = session.main.id
            for issue in session.scenario.issues:
                history = [g.position for g in session.state.gaps if g.counterpart == main and g.issue == issue.id]
                yield Label(one_line(issue.label), markup=False, classes="muted")
                yield Label(gap_bars(history), classes="gap", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def action_menu(self) -> None:
        """Back to the list of scenarios and sides, to play again (this game stays saved)."""
        from roleplay.tui.screens.choose import ChooseScreen

        self.app.switch_screen(ChooseScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(coaching.parent_of(self.app)) if action == "compare" else True

    def action_rewind(self) -> None:
        coaching.rewind(self, confirm=False)

    def action_compare(self) -> None:
        coaching.compare(self)

    def action_export(self) -> None:
        session = self.app.game
        slot = self.app.slot
        folder = slot.path.parent if slot else saves.saves_dir()
        name = slot.path.stem if slot else saves.default_name(session)
        target = Path(folder) / f"{name}.md"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(debrief_markdown(session) + "\n" + transcript_markdown(session), encoding="utf-8")
        except OSError as exc:
            self.notify(clean(f"could not export to {target}: {exc.strerror or exc}"), severity="error", markup=False)
            return
        self.notify(clean(f"exported to {target}"), markup=False)
