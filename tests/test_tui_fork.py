"""Rewinding at the keyboard: fork a finished game from its debrief, play to another ending, compare."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Markdown

from roleplay import saves
from roleplay.scenario.loader import load
from roleplay.tui import coaching
from roleplay.tui.app import RoleplayApp
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.pick import PickScreen
from roleplay.tui.screens.table import TableScreen
from tests.conftest import TUTORIAL
from tests.helpers import finished_save


@pytest.fixture(autouse=True)
def quiet(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))


class Resumed(RoleplayApp):
    """The app opened on a saved game."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def on_mount(self) -> None:
        coaching.open_save(self, self.path)


async def test_fork_from_the_debrief_play_to_another_ending_and_compare(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    parent = finished_save(load(TUTORIAL).scenario, folder)
    app = Resumed(parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.check_action("compare", ()) is False, "the parent is no fork: nothing to compare"
        assert app.slot is not None
        app.slot.flush()  # showing the debrief is the parent's own last move
        before = parent.read_bytes()
        await pilot.press("u")
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "enter")  # round 2
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        assert app.slot is not None and app.slot.path != parent
        assert (app.game.phase, app.game.state.round) == ("bargaining", 1)
        await pilot.press("w", "y")  # walk out this time
        await pilot.pause()
        outcome = app.game.state.outcome
        assert isinstance(app.screen, DebriefScreen) and outcome is not None and outcome.kind == "breakdown"
        await pilot.press("v")
        await pilot.pause()
        comparison = app.screen.query_one("#comparison", Markdown).source
        assert f"beside {parent.stem}" in comparison and "start of round 2" in comparison
        assert "(breakdown" in comparison and "(agreement" in comparison
        assert "walks out" in comparison
        await pilot.press("escape")
        assert isinstance(app.screen, DebriefScreen)
    assert parent.read_bytes() == before
    forked = saves.read(app.slot.path)
    assert (forked.parent, forked.fork_round, forked.summary.phase) == (parent.stem, 2, "debrief")
