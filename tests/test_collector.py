"""Garbage collection between frames: the raised threshold, its undoing, and a collection after a move's frame."""

from __future__ import annotations

import gc
import weakref

from roleplay.tui.collector import FRAME_ALLOWANCE, Collector
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.preparation import PreparationScreen
from tests.helpers import PHASES, GameAt


def test_hold_raises_the_threshold_and_release_restores_it() -> None:
    before = gc.get_threshold()
    collector = Collector()
    collector.hold()
    collector.hold()  # holding twice must not lose the original thresholds
    assert gc.get_threshold() == (FRAME_ALLOWANCE, *before[1:])
    collector.release()
    assert gc.get_threshold() == before


async def test_the_app_holds_the_threshold_while_it_runs_and_collects_after_a_move(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    before = gc.get_threshold()
    app = GameAt(PHASES["table"])
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[0] == FRAME_ALLOWANCE
        said = len(app.game.state.transcript)
        runs: list[tuple[int, ...]] = []
        after_frame = app.collector.after_frame

        def noted() -> None:
            runs.append(gc.get_count())
            after_frame()

        monkeypatch.setattr(app.collector, "after_frame", noted)
        await pilot.press("r")  # probe: a move that does not end the game
        await pilot.pause()
        assert len(app.game.state.transcript) > said  # the move was played
        assert len(runs) == 1  # one collection, once the frame was up
        assert gc.get_count()[0] < runs[0][0]
        assert not app.collector.pending
    assert gc.get_threshold() == before


async def test_a_replaced_screen_is_collected_and_nothing_stays_frozen_after_the_app(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    monkeypatch.setenv("TEXTUAL_ANIMATION", "none")
    frozen_before = gc.get_freeze_count()
    for _run in range(2):  # a second app in the same process starts from where the first left it
        app = GameAt(PHASES["briefing"])
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert gc.get_freeze_count() > frozen_before  # the app's start is out of the collector's reach
            briefing = app.screen
            assert isinstance(briefing, BriefingScreen)
            gone = weakref.ref(briefing)
            del briefing
            await pilot.press("enter")  # on to the preparation, which replaces the briefing
            await pilot.pause()
            assert isinstance(app.screen, PreparationScreen)
            gc.collect()
            assert gone() is None, "the replaced briefing screen is still alive"
        assert gc.get_freeze_count() == frozen_before


async def test_a_threshold_raised_before_the_app_is_given_back_as_the_process_had_it(tmp_path, monkeypatch) -> None:
    """`roleplay play` raises the threshold before its imports; the app ends with the process's own."""
    from roleplay.tui import collector

    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    before = gc.get_threshold()
    collector.hold_from_the_start()
    assert gc.get_threshold() == (FRAME_ALLOWANCE, *before[1:])
    app = GameAt(PHASES["briefing"])
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[0] == FRAME_ALLOWANCE and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
