"""Choose a scenario and a side, or a saved game to resume.

The engine is imported by the worker that reads the catalogue, not by this
module, so the screen is painted before the scenarios are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roleplay.text import clean, file_in, one_line
from roleplay.tui.app import RoleplayApp
from roleplay.tui.footer import KeysFooter
from roleplay.tui.header import Header

if TYPE_CHECKING:
    from collections.abc import Mapping

    from roleplay import games, saves
    from roleplay.scenario.loader import Loaded
    from roleplay.scenario.models import Scenario


FINISHED = ("concluded", "debrief")
"""The phases of a game that has ended: listed to read its debrief again, after the games still open."""


def saved_at(stamp: str) -> str:
    """A save's time as a person reads it, in this computer's time zone; as written when it cannot be read."""
    from datetime import datetime

    if not stamp:
        return "at a time not recorded"
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%-d %b %Y, %H:%M")
    except ValueError:
        return stamp


@dataclass(frozen=True)
class NewGame:
    loaded: Loaded
    side: str


@dataclass(frozen=True)
class Resume:
    path: Path
    save: saves.SaveFile


class ChooseScreen(Screen[None]):
    app = getters.app(RoleplayApp)

    CSS_PATH = "choose.tcss"
    BINDINGS = [Binding("enter", "select", "Play", id="play", priority=True)]  # shown, though the list binds Enter too

    def __init__(self, scenarios: list[Path] | None = None, player: str = "", resume: str | None = None) -> None:
        """Offer these scenario files (default: every available one); with a player, only their own saves.

        `resume` is `play --resume [NAME]`: the save to resume as soon as the list is read ("" for the newest).
        """
        super().__init__()
        self.scenarios = scenarios
        self.player = player
        self.resume_wanted = resume

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Choose a scenario and the side you play, or a game to resume.", classes="title")
        yield OptionList(id="choices")
        yield Static("", id="detail", markup=False, classes="muted")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.choices: list[NewGame | Resume] = []
        self.load_catalogue()

    @work(thread=True, exclusive=True)
    def load_catalogue(self) -> None:
        from roleplay import saves
        from roleplay.catalogue import FLAGSHIP, scenario_files
        from roleplay.scenario.cache import load  # each scenario as checked before, if its text is unchanged
        from roleplay.scenario.problems import ScenarioError

        loaded: list[Loaded] = []
        problems: list[str] = []
        for path in (self.scenarios if self.scenarios is not None else scenario_files()):
            try:
                loaded.append(load(path))
            except ScenarioError as exc:
                problems.append(one_line(f"{path.name}: {len(exc.problems)} problem(s); run roleplay validate {path}"))
        loaded.sort(key=lambda item: (item.scenario.id != FLAGSHIP, item.scenario.title))
        saved = [(path, save) for path, save in saves.listing() if isinstance(save, saves.SaveFile)
                 and (not self.player or save.player == self.player)]
        # games still open first, then the finished ones, whose debrief can be read again
        resumable = sorted(saved, key=lambda item: item[1].summary.phase in FINISHED)
        self.app.call_from_thread(self.fill, loaded, resumable, problems)

    def fill(self, loaded: list[Loaded], resumable: list[tuple[Path, saves.SaveFile]], problems: list[str]) -> None:
        options = self.query_one("#choices", OptionList)
        named = {item.scenario.id: item.scenario for item in loaded}
        if self.player:  # a student who reloaded the page sees their own game first
            self.offer_resumable(options, resumable, named)
        for item in loaded:
            scenario = item.scenario
            for side in scenario.playable():
                self.choices.append(NewGame(item, side.id))
                label = Text.assemble((one_line(scenario.title), "bold"),
                                      f"  as {one_line(side.name)}  ·  {scenario.rounds} rounds")
                options.add_option(Option(label))
        if not self.player:
            self.offer_resumable(options, resumable, named)
        if problems:
            self.notify("\n".join(problems), title="Scenarios with problems", severity="warning", markup=False)
        options.focus()
        if self.choices:
            options.highlighted = 0
        if self.resume_wanted is not None:
            self.resume_named(self.resume_wanted)

    def resume_named(self, name: str) -> None:
        """Resume the save named on the command line; if it cannot be read, say why and leave the list."""
        from roleplay import saves

        self.resume_wanted = None
        try:
            path = saves.find(name)
            save = saves.read(path)
        except saves.SaveError as exc:
            self.notify(str(exc).splitlines()[0], severity="error", markup=False)
            return
        self.resume(Resume(path, save))

    def offer_resumable(self, options: OptionList, resumable: list[tuple[Path, saves.SaveFile]],
                        named: Mapping[str, Scenario]) -> None:
        """A line per saved game, naming its scenario and side as the list of new games does (ids for a
        scenario not in that list) and where it stands as the table says it."""
        from roleplay.engine.view import stage_label
        from roleplay.saves import descent
        from roleplay.tui.forks import under_parents

        for path, save, fork in under_parents(resumable):
            self.choices.append(Resume(path, save))
            summary = save.summary
            where = stage_label(summary.phase, summary.round, summary.rounds)
            scenario = named.get(save.scenario_id)
            side = next((d.name for d in scenario.delegations if d.id == save.delegation), save.delegation) \
                if scenario else save.delegation
            verb = "Read" if summary.phase in FINISHED else "Resume"
            label = Text(one_line(f"{verb} {path.stem}: {scenario.title if scenario else save.scenario_id} as {side}, "
                                  f"{where}"))
            if save.parent:  # a fork sits under its game when that is listed too
                label = Text(one_line(f"{'  ↳ ' + verb if fork else verb} {path.stem}: "
                                      f"{'fork ' if save.fork_round is not None else ''}"
                                      f"{descent(save.parent, save.fork_round)}, {where}"))
            options.add_option(Option(label))

    @on(OptionList.OptionHighlighted)
    def describe(self, event: OptionList.OptionHighlighted) -> None:
        choice = self.choices[event.option_index]
        if isinstance(choice, NewGame):
            self.query_one("#detail", Static).update(clean(choice.loaded.scenario.summary))
        else:
            where = "" if self.player else f" · {choice.path}"  # a student need not see the instructor's folders
            self.query_one("#detail", Static).update(one_line(f"Saved {saved_at(choice.save.updated)}{where}"))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.begin(self.choices[event.option_index])

    def action_select(self) -> None:
        options = self.query_one("#choices", OptionList)
        if options.highlighted is not None:
            self.begin(self.choices[options.highlighted])

    def begin(self, choice: NewGame | Resume) -> None:
        if isinstance(choice, NewGame):
            self.new_game(choice)
        else:
            self.resume(choice)

    def new_game(self, choice: NewGame) -> None:
        from roleplay import games, saves

        try:
            # a name given with --save is refused if taken; a game named by the player or the room gets an unused name
            game = games.new_game(choice.loaded, choice.side, self.app.wanted[2], save_name=self.app.take_save_name(),
                                  player=self.player or self.app.player, by_player=bool(self.player),
                                  coach=self.app.coach_level)
        except saves.SaveError as exc:
            self.notify(clean(str(exc)), severity="error", markup=False)
            return
        if game.renamed():
            self.notify(clean(game.renamed()), markup=False)
        self.app.start(game.session, game.slot)

    def changed(self, problem: games.ScenarioChanged) -> None:
        """The scenario changed since the save: replay on the new version, read the old transcript, or cancel."""
        from roleplay import games, saves
        from roleplay.engine.dialogue import speaker_names
        from roleplay.tui.screens.pick import PickScreen
        from roleplay.tui.screens.transcript import TranscriptScreen

        def decide(answer: str | None) -> None:
            if answer == "replay":
                try:
                    game = games.replay_anew(problem, player=self.app.player)
                except saves.SaveError as exc:
                    self.notify(clean(str(exc)), severity="error", markup=False)
                    return
                self.notify(clean(f"The replayed game is saved as {file_in(game.slot.path)}; the original is left untouched."),
                            markup=False)
                self.app.start(game.session, game.slot)
            elif answer == "read":
                self.app.push_screen(TranscriptScreen(problem.save, speaker_names(problem.loaded.scenario)))

        options = [("replay", "Replay the moves on the new version (saved under a new name)"),
                   ("read", "Read the transcript as it was played"), ("cancel", "Cancel")]
        self.app.push_screen(PickScreen(f"The scenario '{problem.save.scenario_id}' has changed since this game "
                                        "was saved.", options), decide)

    def resume(self, choice: Resume) -> None:
        from roleplay import games

        try:
            game = games.resume(choice.path, player=self.app.player)
        except games.ScenarioChanged as problem:
            self.changed(problem)
            return
        except games.CANNOT_START as exc:
            self.notify(clean((str(exc).splitlines() or ["cannot resume"])[0]), severity="error", markup=False)
            return
        self.app.start(game.session, game.slot, saved=True)
