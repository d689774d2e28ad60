"""The debrief: the ending, the score and its parts, the gap history, the truth revealed, the lessons."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from roleplay import saves
from roleplay.debrief import debrief_markdown, gap_bars, transcript_markdown
from roleplay.engine import actions as a
from roleplay.text import clean, file_in, one_line
from roleplay.tui import coaching
from roleplay.tui.app import RoleplayApp
from roleplay.tui.footer import KeysFooter
from roleplay.tui.header import Header
from roleplay.tui.prose import Block
from roleplay.tui.prose_view import ProseView

if TYPE_CHECKING:
    from roleplay.engine.session import Session


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
        yield ProseView(debrief_markdown(session) + coaching.coach_section(self.app), self.gap_history(session),
                        id="debrief")  # drawn as text: a scenario never opens a URL
        yield KeysFooter()

    @staticmethod
    def gap_history(session: Session) -> list[Block]:
        """Under the report, each issue's position gap, round by round."""
        blocks = [Block("title", [[("Position gap by round (▁ same offer, █ as far apart as can be)", "")]], 1)]
        main = session.main.id
        for number, issue in enumerate(session.scenario.issues):
            history = [g.position for g in session.state.gaps if g.counterpart == main and g.issue == issue.id]
            blocks.append(Block("muted", [[(one_line(issue.label), "")]], 1, tight=number == 0))
            blocks.append(Block("p", [[(gap_bars(history), "")]], 1, tight=True))
        return blocks

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
        self.notify(clean(f"exported as {file_in(target)}"), markup=False)
