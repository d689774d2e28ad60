"""A saved game's transcript, read-only."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import RichLog, Static

from roleplay.saves import SaveFile
from roleplay.text import clean
from roleplay.tui.footer import KeysFooter


class TranscriptScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "close", "Close", id="close")]

    def __init__(self, save: SaveFile, names: dict[str, str] | None = None) -> None:
        super().__init__()
        self.save = save
        self.names = {**(names or {}), save.delegation: "You"}
        """Who each speaker is, from the scenario as it is now (ids where it no longer names them)."""

    def compose(self) -> ComposeResult:
        yield Static(f"{self.save.scenario_id} as {self.save.delegation}: the transcript as it was played (read-only)",
                     markup=False, classes="title")
        yield RichLog(id="old-transcript", wrap=True, markup=False, min_width=20)
        yield KeysFooter()

    def on_mount(self) -> None:
        log = self.query_one("#old-transcript", RichLog)
        for statement in self.save.transcript:
            speaker = self.names.get(statement.speaker, statement.speaker)
            log.write(Text(clean(f"[{statement.round}] {speaker}: {statement.text}")))

    def action_close(self) -> None:
        self.dismiss(None)
