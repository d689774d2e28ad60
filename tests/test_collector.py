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
        runs: list[tuple[int, ...]] = []
        after_frame = app.collector.after_frame
        app.collector.after_frame = lambda: runs.append(gc.get_count()) or after_frame()  # type: ignore[method-assign]
        await pilot.press("r")  # probe: a move that does not end the game
        await pilot.pause()
        assert len(app.session.state_data.transcript) > said  # the move was played
        assert len(runs) == 1  # one collection, once the frame was up
        assert gc.get_count()[0] < runs[0][0]
        assert not app.collector.pending
    assert gc.get_threshold() == before
