"""The Textual application: a thin shell that owns the game and shows the screen for its phase.

Only Textual is imported up front: the engine (pydantic models, the state
machine, the scenario loader) loads in a worker after the first frame is on
the screen, so the terminal answers at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from roleplay.tui.collector import Collector
from roleplay.tui.screens.loading import LoadingScreen

if TYPE_CHECKING:
    from roleplay.engine.actions import Action
    from roleplay.engine.session import Session
    from roleplay.saves import Slot

MIN_SIZE = (80, 24)

PHASE_SCREENS = {
    "briefing": "briefing",
    "preparation": "preparation",
    "opening": "table",
    "bargaining": "table",
    "closing": "table",
    "concluded": "debrief",
    "debrief": "debrief",
}


class RoleplayApp(App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "roleplay"
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="help"),
        Binding("ctrl+t", "toggle_dark", "Theme", id="theme"),
        Binding("ctrl+q", "quit_game", "Quit", id="quit", priority=True),
    ]

    def __init__(self, scenario: str | None = None, delegation: str | None = None, seed: int | None = None) -> None:
        super().__init__()
        self.wanted = (scenario, delegation, seed)
        self.session: Session | None = None
        self.slot: Slot | None = None
        self.collector = Collector()

    def on_mount(self) -> None:
        self.collector.hold()

        if self.session is not None:  # a game may already have been started (tests start one directly)
            return
        scenario, side, _ = self.wanted
        if scenario is None or side is None:
            self.push_screen(self.first_screen())
            return
        self.push_screen(LoadingScreen(f"Opening {scenario} as {side}…"))
        self.call_after_refresh(self.open_wanted)

    def first_screen(self) -> Screen[None]:
        """The screen a game without a scenario and side begins on."""
        from roleplay.tui.screens.choose import ChooseScreen

        return ChooseScreen()

    @work(thread=True, exclusive=True, group="open")
    def open_wanted(self) -> None:
        """`roleplay play SCENARIO --as SIDE` starts at once; if it cannot, say why and let the player choose."""
        import random

        from roleplay.catalogue import ScenarioNotFound, resolve
        from roleplay.engine.session import IllegalAction, Session
        from roleplay.saves import SaveError, Slot, default_name, save_path
        from roleplay.scenario.loader import load
        from roleplay.scenario.problems import ScenarioError

        scenario, side, seed = self.wanted
        try:
            loaded = load(resolve(str(scenario)))
            session = Session(loaded.scenario, str(side), seed if seed is not None else random.SystemRandom().randrange(10**6))
            slot = Slot(save_path(default_name(session)), loaded.digest, loaded.path)
            slot.claim(session)
        except (ScenarioError, ScenarioNotFound, IllegalAction, SaveError) as exc:
            self.call_from_thread(self.cannot_open, str(exc).splitlines()[0])
            return
        self.call_from_thread(self.start, session, slot)

    def cannot_open(self, problem: str) -> None:
        from roleplay.tui.screens.choose import ChooseScreen

        self.notify(problem, severity="error", markup=False)
        self.switch_screen(ChooseScreen())

    def on_resize(self, event: events.Resize) -> None:
        """Below the smallest size the screens are designed for, say so instead of drawing them badly."""
        from roleplay.tui.screens.too_small import TooSmallScreen

        small = event.size.width < MIN_SIZE[0] or event.size.height < MIN_SIZE[1]
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif showing:
            self.screen.show(event.size)  # type: ignore[attr-defined]
            if not small:
                self.pop_screen()

    def start(self, session: Session, slot: Slot | None) -> None:
        """Begin (or resume) a game and show the screen of its phase."""
        if self.slot is not None:
            self.slot.flush()
        self.session, self.slot = session, slot
        self.sub_title = f"{session.scenario.title} · {session.player.name}"
        self.show_phase()

    def act(self, action: Action) -> str | None:
        """Play an action, save the game in the background, and return why it was refused, or None."""
        from roleplay.engine.session import IllegalAction

        assert self.session is not None
        try:
            self.session.act(action)
        except IllegalAction as exc:
            return str(exc)
        if self.slot is not None:
            self.slot.stage(self.session)
            self.call_after_refresh(self.autosave)  # once the answer is on screen: the writer shares the GIL
        return None

    @work(thread=True, group="autosave")
    def autosave(self) -> None:
        """Write the staged save off the UI thread: waiting for the disk must not delay the next frame."""
        assert self.slot is not None
        try:
            self.slot.flush()
        except OSError as exc:
            self.call_from_thread(self.notify, f"could not save: {exc.strerror or exc}", severity="error", markup=False)

    def on_unmount(self) -> None:
        """Whatever happens in the background, the last move is on disk when the app ends."""
        if self.slot is not None:
            self.slot.flush()
        self.collector.release()

    def collect_after_frame(self) -> None:
        """Collect garbage once the frame now being drawn is on screen (see roleplay.tui.collector)."""
        self.collector.after_next_frame(self.call_after_refresh)

    def show_phase(self) -> None:
        from roleplay.tui.screens import briefing, debrief, preparation, table

        assert self.session is not None
        screens = {"briefing": briefing.BriefingScreen, "preparation": preparation.PreparationScreen,
                   "table": table.TableScreen, "debrief": debrief.DebriefScreen}
        screen = screens[PHASE_SCREENS[self.session.state]]
        if len(self.screen_stack) > 1:
            self.switch_screen(screen())
        else:
            self.push_screen(screen())
        self.call_after_refresh(self.collector.settle)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: save, resume, help, export and quit, beside Textual's own commands."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "What every key does and what the meters mean", self.action_help)
        if self.session is not None and self.slot is not None:
            yield SystemCommand("Save", f"Save the game now (it is also saved after every move) to {self.slot.path}",
                                self.action_save)
        yield SystemCommand("Resume", "Choose a saved game to resume, or a new one", self.action_choose)
        if self.session is not None and self.session.finished():
            yield SystemCommand("Export", "Write the debrief and the transcript to a Markdown file", self.action_export)
        yield SystemCommand("Quit", "Leave roleplay (your game is saved)", self.action_quit_game)

    def action_save(self) -> None:
        if self.session is not None and self.slot is not None:
            self.slot.record(self.session)
            self.notify(f"saved to {self.slot.path}", markup=False)

    def action_choose(self) -> None:
        from roleplay.tui.screens.choose import ChooseScreen

        self.push_screen(ChooseScreen())

    def action_export(self) -> None:
        export = getattr(self.screen, "action_export", None)
        if export is not None:
            export()

    def action_help(self) -> None:
        from roleplay.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_quit_game(self) -> None:
        from roleplay.tui.screens.confirm import ConfirmScreen

        saved = f" Your game is saved in {self.slot.path}." if self.slot else ""

        def done(sure: bool | None) -> None:
            if sure:
                self.exit()

        self.push_screen(ConfirmScreen(f"Quit roleplay?{saved}"), done)


def run_tui(scenario: str | None, delegation: str | None, seed: int | None, coach: str | None = None) -> int:
    app = RoleplayApp(scenario, delegation, seed)
    app.coach_level = coach  # `--coach`: the coach's level for a new game (see roleplay.tui.coaching)
    app.run()
    return 0


__all__ = ["RoleplayApp", "run_tui"]
