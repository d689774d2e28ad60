"""The TUI, driven by key presses with Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.engine.session import Session
from roleplay.tui.app import RoleplayApp
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.preparation import PreparationScreen
from roleplay.tui.screens.table import TableScreen


@pytest.fixture(autouse=True)
def quiet(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "saves"))


async def choose_tutorial_tenant(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.pause()
    for _ in range(50):  # the catalogue loads in a worker
        if app.screen.choices:
            break
        await pilot.pause(0.05)
    index = next(n for n, c in enumerate(app.screen.choices)
                 if getattr(c, "side", "") == "tenant")
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def test_a_whole_tutorial_game_at_the_keyboard_matches_the_engine(tmp_path: Path) -> None:
    app = RoleplayApp(seed=4)
    async with app.run_test(size=(100, 32)) as pilot:
        await choose_tutorial_tenant(pilot)
        assert app.session is not None and app.session.state == "briefing"
        await pilot.press("enter")  # start preparing
        assert isinstance(app.screen, PreparationScreen)
        for key in ("down", "down", "down", "enter", "down", "down", "enter", "d"):
            await pilot.press(key)
        assert isinstance(app.screen, TableScreen) and app.session.state == "opening"
        assert app.session.state_data.team == ["accountant"] and app.session.state_data.consulted == ["council"]
        await pilot.press("enter")  # state the opening position
        assert app.session.state == "bargaining"
        await pilot.press("r")  # probe rent
        for key in ("right", "right", "down", "down", "left", "enter"):  # rent 2,200, fit-out: the landlord pays half
            await pilot.press(key)
        while not app.session.finished():
            from roleplay.engine.actions import Accept

            await pilot.press("a" if app.session.can(Accept()) else "enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        replay = Session(app.session.scenario, "tenant", 4)
        for action in app.session.actions:
            replay.act(action)
        expected = replay.state_data.score
        assert expected is not None and app.session.state_data.score == expected
        report = app.screen.query_one("#report").source  # type: ignore[attr-defined]
        assert f"Score: {expected.total:.1f} / 100" in report
        await pilot.press("e")
        exported = list((tmp_path / "saves").glob("*.md"))
        assert exported and "transcript" in exported[0].read_text()


async def test_a_terminal_too_small_gets_a_note_not_a_broken_screen() -> None:
    from roleplay.tui.screens.too_small import TooSmallScreen

    app = RoleplayApp(seed=1)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "needs 80x24" in str(app.screen.query_one("#message").render())
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
