"""SVG snapshots of every screen at 80x24 and 120x40 (update only after looking at the report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.scenario.loader import load
from roleplay.tui.app import RoleplayApp
from tests.conftest import ROOT, TUTORIAL

FLAGSHIP = ROOT / "scenarios" / "us-dprk-summit-2018.yaml"
SIZES = [(80, 24), (120, 40)]

PREPARED = [a.BeginPreparation(), a.PickMember(member="accountant"), a.SetExpectation(issue="rent", option="r2200"),
            a.SetExpectation(issue="term", option="y5"), a.SetExpectation(issue="fitout", option="half"),
            a.FinishPreparation(), a.OpenTalks(posture="balanced"), a.Probe(issue="rent"),
            a.Propose(package={"rent": "r2000", "term": "y5", "fitout": "half"})]
PHASES = {
    "briefing": [],
    "preparation": PREPARED[:2],
    "table": PREPARED,
    "debrief": [*PREPARED, a.Propose(package={"rent": "r2200", "term": "y5", "fitout": "quarter"})],
}


class GameAt(RoleplayApp):
    """The app with a tutorial game already played to a given point (no choose screen)."""

    def __init__(self, moves: list[a._Action]) -> None:
        super().__init__(seed=4)
        self.moves = moves

    def on_mount(self) -> None:
        session = Session(load(TUTORIAL).scenario, "tenant", 4)
        for move in self.moves:
            session.act(move)  # type: ignore[arg-type]
        self.start(session, None)


@pytest.fixture(autouse=True)
def quiet(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("phase", list(PHASES))
def test_screen_snapshot(snap_compare, phase: str, size: tuple[int, int]) -> None:
    assert snap_compare(GameAt(PHASES[phase]), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_choose_snapshot(snap_compare, size: tuple[int, int]) -> None:
    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        for _ in range(100):
            if getattr(pilot.app.screen, "choices", None):
                break
            await pilot.pause(0.05)
        await pilot.pause()

    assert snap_compare(RoleplayApp(seed=4), terminal_size=size, run_before=loaded)
