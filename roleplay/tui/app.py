"""The Textual application: a thin shell that owns the game and shows the screen for its phase.

Only Textual is imported up front: the engine (the scenario's records, the
state machine, the cache of checked scenarios) loads in a worker while Textual
starts, and the first screen shown is the game's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from roleplay.text import clean, file_in, one_line
from roleplay.tui import kept_styles
from roleplay.tui.collector import Collector
from roleplay.tui.head_start import opens_at_once
from roleplay.tui.keys import HELP_BINDING

if TYPE_CHECKING:
    from roleplay.engine.actions import Action
    from roleplay.engine.session import Session
    from roleplay.saves import Slot

MIN_SIZE = (80, 24)

NOTICE_SECONDS = 30
"""How long a notice that the scenario asked for cannot be opened stays up: long enough to read a problem and
its hint, and the way to see them all."""

LOADING_AFTER = 0.5
"""Seconds after which a game still opening shows a loading screen rather than an empty terminal."""

PHASE_SCREENS = {
    "briefing": "briefing",
    "preparation": "preparation",
    "opening": "table",
    "bargaining": "table",
    "closing": "table",
    "concluded": "debrief",
    "debrief": "debrief",
}


REPLACED_COMMANDS = ("Quit", "Screenshot")
"""Textual's palette commands the app leaves out."""

SCREEN_CLASSES = {"briefing": "BriefingScreen", "preparation": "PreparationScreen", "table": "TableScreen",
                  "debrief": "DebriefScreen"}
"""The class each of PHASE_SCREENS' modules (in roleplay.tui.screens) shows."""


STYLES: list[str | PurePath] = [Path(__file__).parent / "app.tcss",
                                *sorted((Path(__file__).parent / "screens").glob("*.tcss"))]
"""The app's styles and every screen's, read as the app starts. Textual reads a screen's own file when the
screen is first shown and then parses every style sheet again; read up front, they are parsed once. Each
screen's rules name the screen, so that one screen's styles never reach another's widgets."""


class RoleplayApp(App[None]):
    CSS_PATH = STYLES
    TITLE = "roleplay"
    BINDINGS = [
        HELP_BINDING,
        Binding("ctrl+t", "toggle_dark", "Theme", show=False, id="theme"),
        Binding("ctrl+q", "quit_game", "Quit", id="quit", priority=True),
        Binding("ctrl+c", "quit_game", "Quit", show=False, id="quit-ctrl-c"),
    ]

    def __init__(self, scenario: str | None = None, delegation: str | None = None, seed: int | None = None,
                 save_name: str | None = None, player: str = "", resume: str | None = None) -> None:
        super().__init__()
        self.wanted = (scenario, delegation, seed)
        self.save_name = save_name
        """`--save NAME`: the name of the next new game's save (used once; later games get their own)."""
        self.player = player
        """`--player LABEL`: recorded in every save this app writes, for the class report."""
        self.resume = resume
        self.coach_level: str | None = None
        """`--coach`: the coach's level for a new game (see roleplay.tui.coaching)."""
        self.session: Session | None = None
        self.slot: Slot | None = None
        self.unstaged: Slot | None = None
        """The slot of a game just started whose first snapshot waits for its first frame (see `stage_new`)."""
        self.collector = Collector()
        self.farewell = ""
        """Printed after the app has left the screen: what could not be said on it (a last save that failed)."""
        self.too_small = False
        """Whether the note that the terminal is too small is up."""
        self.kept_styles = kept_styles.restore(self)
        """The style sheets parsed by an earlier start (see roleplay.tui.kept_styles)."""
        self.due = False
        """Whether the game's screen waits for a question asked while the game opened (see `start`)."""
        self.quitting: Screen[bool] | None = None
        """The question whether to quit, while it is up."""

    def get_default_screen(self) -> Screen[None]:
        """The empty first screen, which shows a game that opened while a question was up once it is answered."""
        from roleplay.tui.screens.waiting import Waiting

        return Waiting(id="_default")

    def on_load(self) -> None:
        """Before any screen: what is alive now lives as long as the app (see roleplay.tui.collector)."""
        self.collector.hold()

    def on_mount(self) -> None:
        if self.session is not None:  # a game may already have been started (tests start one directly)
            return
        scenario, side, _ = self.wanted
        if self.resume is not None:
            from roleplay.tui.screens.choose import ChooseScreen

            self.push_screen(ChooseScreen(resume=self.resume))
            return
        if not opens_at_once(scenario, side, self.resume):
            self.push_screen(self.first_screen())
            return
        # The game opens in a worker at once, while Textual draws its first frame, and its first screen is
        # the briefing. Only if opening takes long (a slow disk, a busy machine) is a loading screen shown.
        opening = " ".join(["Opening", scenario or "the game", *(["as", side] if side else [])]) + "…"
        self.set_timer(LOADING_AFTER, lambda: self.show_loading(opening))
        self.open_wanted()

    def show_loading(self, message: str) -> None:
        """Say what is happening while the game opens, unless it has opened (or failed to) already."""
        if self.session is None and len(self.screen_stack) == 1:
            from roleplay.tui.screens.loading import LoadingScreen

            self.push_screen(LoadingScreen(one_line(message)))

    def first_screen(self) -> Screen[None]:
        """The screen a game without a scenario and side begins on."""
        from roleplay.tui.screens.choose import ChooseScreen

        return ChooseScreen()

    @work(thread=True, exclusive=True, group="open")
    def open_wanted(self) -> None:
        """`roleplay play [SCENARIO] [--as SIDE]` starts at once (the flagship when only a side is named, as the
        first playable side when only a scenario is); if it cannot, say why and let the player choose."""
        from roleplay import games
        from roleplay.saves import SaveError

        scenario, side, seed = self.wanted
        given = self.take_save_name()
        try:
            loaded = games.open_scenario(scenario)
            game = games.new_game(loaded, side or loaded.scenario.playable()[0].id, seed, save_name=given,
                                  player=self.player, coach=self.coach_level)
        except games.CANNOT_START as exc:
            if not isinstance(exc, SaveError):  # the game never got as far as its save: the next new one takes the name
                self.save_name = given
            self.call_from_thread(self.cannot_open, why_not_opened(exc, scenario or ""))
            return
        if game.renamed():
            self.call_from_thread(self.notify, clean(game.renamed()), markup=False)
        self.call_from_thread(self.start, game.session, game.slot)

    def take_save_name(self) -> str | None:
        """The name given with --save, for the first new game only."""
        name, self.save_name = self.save_name, None
        return name

    def cannot_open(self, problem: str) -> None:
        from roleplay.tui.screens.choose import ChooseScreen

        self.notify(clean(problem), severity="error", markup=False, timeout=NOTICE_SECONDS)
        if len(self.screen_stack) > 1:
            self.switch_screen(ChooseScreen())
        else:
            self.push_screen(ChooseScreen())

    def on_resize(self, event: events.Resize) -> None:
        """Below the smallest size the screens are designed for, say so instead of drawing them badly."""
        small = event.size.width < MIN_SIZE[0] or event.size.height < MIN_SIZE[1]
        if not small and not self.too_small:
            return  # the usual case, and the start's: nothing to show or take down
        from roleplay.tui.screens.too_small import TooSmallScreen

        showing = self.screen
        if not isinstance(showing, TooSmallScreen):
            if small:
                self.push_screen(TooSmallScreen())
            self.too_small = small
        else:
            showing.show(event.size)
            if not small:
                self.pop_screen()
                self.too_small = False

    @property
    def game(self) -> Session:
        """The game being played: the screens of a game are only shown once `start` has given it one."""
        if self.session is None:
            raise RuntimeError("no game has been started")
        return self.session

    def start(self, session: Session, slot: Slot | None, saved: bool = False) -> None:
        """Begin (or resume) a game and show the screen of its phase.

        A new game is written once its first screen is up; a game resumed from its save (`saved`) is not
        written until it changes, so reading a finished game leaves its save, and the time it was last
        played, as they were.
        """
        if self.slot is not None and self.slot is not slot:
            self.stage_unstaged()
            self.save_quietly()
            self.slot.release()
        self.session, self.slot = session, slot
        if slot is not None and not saved:  # on disk from the start, so that "saved" is true even before a move
            self.unstaged = slot
            self.call_after_refresh(self.ready_to_save)
        if isinstance(self.screen, ModalScreen):  # asked while the game opened (quit? help?): answered first
            self.due = True
            return
        self.show_phase()

    def show_due(self) -> None:
        """Show the game that opened while a question was up, once it is answered (and the app goes on)."""
        if self.due and not isinstance(self.screen, ModalScreen):
            self.due = False
            self.show_phase()

    @work(thread=True, exclusive=True, group="ready-to-save")
    def ready_to_save(self) -> None:
        """Once a new game's first screen is up, ready the save's machinery on another thread (importing
        pydantic and building the save's models takes a few frames' time), then stage and write the game."""
        from roleplay.saves import ready

        ready()
        try:
            self.call_from_thread(self.stage_new)
        except RuntimeError:  # the app has ended: leaving, it staged and wrote the game itself
            pass

    def stage_new(self) -> None:
        """Stage and write a game just started, once its first screen is up and the save's machinery is
        ready (`ready_to_save`)."""
        if self.stage_unstaged():
            self.autosave()

    def stage_unstaged(self) -> bool:
        """Take the first snapshot of the game just started, if it has not been taken; whether it was taken now."""
        slot, self.unstaged = self.unstaged, None
        if slot is None or slot is not self.slot or self.session is None:
            return False
        slot.stage(self.session)
        return True

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
            self.call_from_thread(self.notify, clean(f"could not save: {exc.strerror or exc}"), severity="error",
                                  markup=False)

    def save_quietly(self) -> None:
        """Write what is staged; a failure is kept in the slot's `problem`, to be told, not raised."""
        if self.slot is not None:
            try:
                self.slot.flush()
            except OSError:
                pass

    def on_unmount(self) -> None:
        """Whatever happens in the background, the last move is on disk when the app ends (or the player is told)."""
        self.stage_unstaged()
        self.save_quietly()
        if self.slot is not None:
            if self.slot.problem:
                self.farewell = f"Your last moves are NOT saved: {self.slot.problem}"
            self.slot.release()
        self.collector.release()
        kept_styles.keep(self, self.kept_styles)

    def collect_after_frame(self) -> None:
        """Collect garbage once the frame now being drawn is on screen (see roleplay.tui.collector)."""
        self.collector.after_next_frame(self.call_after_refresh)

    def show_phase(self) -> None:
        """Show the screen of the game's phase, importing only that screen's module (the others cost start time)."""
        from importlib import import_module

        assert self.session is not None
        name = PHASE_SCREENS[self.session.phase]
        shown = getattr(import_module(f"roleplay.tui.screens.{name}"), SCREEN_CLASSES[name])()
        # The game's name goes on the new screen, not on the app: a change of the app's sub-title
        # would reach the header of the screen being replaced while it is taken down.
        # the side first: long titles are cut
        shown.sub_title = one_line(f"{self.session.player.name} · {self.session.scenario.title}")
        if len(self.screen_stack) > 1:
            self.switch_screen(shown)
        else:
            self.push_screen(shown)
        self.call_after_refresh(self.collector.settle)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: save, resume, help, export and quit, beside Textual's own commands but its quit (ours
        asks first and says where the game is saved) and its screenshot (a file nobody asked for)."""
        yield from (command for command in super().get_system_commands(screen)
                    if command.title not in REPLACED_COMMANDS)
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
            try:
                self.slot.record(self.session)
            except OSError:
                self.notify(clean(str(self.slot.problem)), severity="error", markup=False)
                return
            self.notify(clean(f"saved as {file_in(self.slot.path)}"), markup=False)

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

    def game_in_view(self) -> bool:
        """Whether the player is in a game (its briefing, table or debrief), not at the menu with no game open."""
        from roleplay.tui.screens.choose import ChooseScreen

        screens = [screen for screen in self.screen_stack if not isinstance(screen, ModalScreen)]
        return self.session is not None and bool(screens) and not isinstance(screens[-1], ChooseScreen)

    def action_quit_game(self) -> None:
        from roleplay.tui.screens.confirm import ConfirmScreen

        if self.quitting in self.screen_stack:  # asked already: one answer answers it
            return
        self.save_quietly()
        saved = ""
        if self.slot is not None and self.game_in_view():
            saved = (f" Your last moves are NOT saved: {self.slot.problem}." if self.slot.problem
                     else f" Your game is saved as {file_in(self.slot.path)}.")

        def done(sure: bool | None) -> None:
            self.quitting = None
            if sure:
                self.exit()

        self.quitting = ConfirmScreen(clean(f"Quit roleplay?{saved}"))
        self.push_screen(self.quitting, done)


def why_not_opened(exc: Exception, scenario: str) -> str:
    """What keeps the scenario named on the command line from opening, in a few lines: a broken file's first
    problem with its hint, and where to read every problem it has."""
    import shlex

    from roleplay.scenario.problems import ScenarioError, Severity

    errors = [p for p in exc.problems if p.severity is Severity.error] if isinstance(exc, ScenarioError) else []
    if not errors:
        return (str(exc).splitlines() or ["cannot open"])[0]
    first, *rest = errors
    lines = [first.headline(), *([f"hint: {first.hint}"] if first.hint else [])]
    if rest:
        lines.append(f"and more: `roleplay validate {shlex.quote(scenario)}` lists them all")
    return "\n".join(lines)


def run_tui(scenario: str | None, delegation: str | None, seed: int | None, save_name: str | None = None,
            player: str = "", resume: str | None = None, coach: str | None = None) -> int:
    app = RoleplayApp(scenario, delegation, seed, save_name=save_name, player=player, resume=resume)
    app.coach_level = coach  # `--coach`: the coach's level for a new game (see roleplay.tui.coaching)
    app.run()
    if app.farewell:
        print(clean(app.farewell), file=sys.stderr)
        return 1
    return 0


__all__ = ["RoleplayApp", "run_tui"]
