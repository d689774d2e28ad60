"""Garbage collection between frames: the raised threshold, its undoing, and a collection after a move's frame."""

from __future__ import annotations

import gc

from roleplay.tui.collector import FRAME_ALLOWANCE, Collector


def test_hold_raises_the_threshold_and_release_restores_it() -> None:
    before = gc.get_threshold()
    collector = Collector()
    collector.hold()
    collector.hold()  # holding twice must not lose the original thresholds
    assert gc.get_threshold() == (FRAME_ALLOWANCE, *before[1:])
    collector.release()
    assert gc.get_threshold() == before


async def test_the_app_holds_the_threshold_while_it_runs_and_collects_after_a_move(tmp_path, monkeypatch) -> None:
    from tests.test_tui_snapshots import PHASES, GameAt

    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    before = gc.get_threshold()
    app = GameAt(PHASES["table"])
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[0] == FRAME_ALLOWANCE
        said = len(app.session.state_data.transcript)
        collected: list[int] = []
        gc.callbacks.append(record := lambda phase, info: phase == "stop" and collected.append(info["generation"]))
        try:
            await pilot.press("enter")
            await pilot.pause()
        finally:
            gc.callbacks.remove(record)
        assert len(app.session.state_data.transcript) > said  # the move was played
        assert 1 in collected  # the young generations, once the frame was up
        assert not app.collector.pending
    assert gc.get_threshold() == before
