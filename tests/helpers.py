"""What several test modules share: games played to a given point, and waiting for what a worker loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.saves import Slot
from roleplay.scenario.loader import digest, load
from roleplay.scenario.models import Scenario
from roleplay.tui.app import RoleplayApp
from roleplay.tui.screens.choose import ChooseScreen
from tests.conftest import ROOT, TUTORIAL, to_bargaining

FLAGSHIP = ROOT / "scenarios" / "us-dprk-summit-2018.yaml"
SIZES = [(80, 24), (120, 40)]

PREPARED: list[a.Action] = [
    a.BeginPreparation(), a.PickMember(member="accountant"), a.SetExpectation(issue="rent", option="r2200"),
    a.SetExpectation(issue="term", option="y5"), a.SetExpectation(issue="fitout", option="half"),
    a.FinishPreparation(), a.OpenTalks(), a.Probe(issue="rent"),
    a.Propose(package={"rent": "r2000", "term": "y5", "fitout": "half"})]
PHASES: dict[str, list[a.Action]] = {
    "briefing": [],
    "preparation": PREPARED[:2],
    "table": PREPARED,
    "debrief": [*PREPARED, a.Propose(package={"rent": "r2200", "term": "y5", "fitout": "quarter"})],
}


class GameAt(RoleplayApp):
    """The app with a tutorial game already played to a given point (no choose screen)."""

    def __init__(self, moves: list[a.Action]) -> None:
        super().__init__(seed=4)
        self.moves = moves

    def on_mount(self) -> None:
        self.replay()

    def replay(self) -> None:
        """Start the game again from its moves, on the screen of its phase, with nothing above it."""
        while len(self.screen_stack) > 2:  # the default screen, the game's, and any dialog on top
            self.pop_screen()
        session = Session(load(TUTORIAL).scenario, "tenant", 4)
        for move in self.moves:
            session.act(move)
        self.start(session, None)



TUTORIAL_DIGEST = digest(TUTORIAL.read_text(encoding="utf-8"))
FINISHED_EXPECT = {"rent": "r2000", "term": "y5", "fitout": "half"}
FINISHED_MOVES: list[a.Action] = [
    a.Probe(issue="rent"),
    a.Propose(package={"rent": "r2000", "term": "y5", "fitout": "landlord"}),
    a.Propose(package={"rent": "r2000", "term": "y5", "fitout": "half"}),
    a.Propose(package={"rent": "r2200", "term": "y5", "fitout": "half"}),
]


def finished_save(tutorial: Scenario, folder: Path, name: str = "ada", player: str = "Ada") -> Path:
    """A tutorial game played to its end (a few proposals, then a walk-out if need be), saved as NAME in FOLDER.

    The tenant brings the accountant: the landlord hardens against a tenant who comes without figures.
    """
    session = to_bargaining(Session(tutorial, "tenant", seed=5), FINISHED_EXPECT, team=("accountant",))
    for move in FINISHED_MOVES:
        if session.finished():
            break
        session.act(move)
    while not session.finished():
        session.act(a.WalkOut())
    slot = Slot(folder / f"{name}.json", TUTORIAL_DIGEST, str(TUTORIAL), player=player)
    slot.record(session)
    return slot.path


async def choices_shown(pilot: Pilot[Any], pauses: int = 200) -> ChooseScreen:
    """The choose screen once it lists its games (the catalogue loads in a worker); fails if it never does."""
    for _ in range(pauses):
        screen = pilot.app.screen
        if isinstance(screen, ChooseScreen) and screen.choices:
            return screen
        await pilot.pause(0.05)
    raise AssertionError(f"the choose screen listed no game after {pauses} pauses; it shows {pilot.app.screen!r}")


def told(app: App[Any]) -> list[str]:
    """Every notification the app has shown and not yet taken down, oldest first.

    Textual keeps them in a private attribute and offers no public way to read them; this is the one place that does.
    """
    return [str(notification.message) for notification in app._notifications]


def play_mini(scenario: Scenario, *moves: Any, expect: dict[str, str], seed: int = 1) -> Session:
    """A buyer's game of the minimal scenario: prepared with these expectations, opened, then these moves."""
    session = to_bargaining(Session(scenario, "buyer", seed=seed), expect)
    for move in moves:
        session.act(move)
    return session
