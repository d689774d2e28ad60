"""SVG snapshots of every screen at 80x24 and 120x40 (update only after looking at the report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.tui.app import RoleplayApp
from tests.helpers import PHASES, SIZES, GameAt, choices_shown


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
    async def loaded(pilot) -> None:
        await choices_shown(pilot)
        await pilot.pause()

    assert snap_compare(RoleplayApp(seed=4), terminal_size=size, run_before=loaded)
