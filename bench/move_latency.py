"""Move latency: from a key press that sends a move, through the engine's answer, to the redrawn table.

Whole flagship games are played at the keyboard with Textual's Pilot. Every
frame the app hands to its driver is timestamped, and rendered to terminal
output as a real terminal would need (the headless driver skips that step, so
we pay it here). A move's latency runs from the key press to the first frame
after the engine has answered. The reference is a key that only changes the
screen (moving the draft on the board), pressed in the same games.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from typing import Any

from bench.measure import Row, Stats, ms

TARGET = 0.016
PACE = 0.05
"""Seconds between the previous frame and the next key: a fast typist, slower than the 60 frames a second Textual paints at
most."""
SIZE = (80, 24)
"""The size every screen is designed for, and the size a terminal opens at."""


def keys_shown(screen: Any) -> bool:
    """Whether the screen's footer has its keys laid out, so that the frame shows what can be pressed."""
    from textual.widgets._footer import FooterKey

    return any(key.region.width for key in screen.query(FooterKey))


class Clock:
    """Timestamps of the frames the app displays and of the moves the engine finishes."""

    def __init__(self, app: Any) -> None:
        self.frames: list[float] = []
        self.keyed: list[float] = []
        """The frames whose footer shows the screen's keys (a new screen's footer draws them a refresh later)."""
        self.moves: list[float] = []
        self.pressed = (0.0, 0.0)
        """When the last key was pressed, and the moment its frame is looked for after."""
        display, act = app._display, app.act

        def timed_display(screen: Any, renderable: Any) -> None:
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
                self.frames.append(time.perf_counter())
                if keys_shown(screen):
                    self.keyed.append(self.frames[-1])
            display(screen, renderable)

        def timed_act(action: Any) -> Any:
            result = act(action)
            self.moves.append(time.perf_counter())
            return result

        app._display, app.act = timed_display, timed_act

    def frame_after(self, moment: float, keyed: bool = False) -> float | None:
        return next((t for t in (self.keyed if keyed else self.frames) if t > moment), None)


async def press(pilot: Any, clock: Clock, key: str) -> tuple[float, bool]:
    """Press `key`; return the seconds until its frame is painted, and whether it sent a move."""
    await pilot.pause(PACE)
    moves = len(clock.moves)
    start = time.perf_counter()
    await pilot.press(key)
    moved = len(clock.moves) > moves
    after = clock.moves[-1] if moved else start
    clock.pressed = (start, after)
    for _ in range(200):
        painted = clock.frame_after(after)
        if painted is not None:
            return painted - start, moved
        await pilot.pause(0.001)
    raise RuntimeError(f"no frame was painted after pressing {key}")


async def keys_drawn(pilot: Any, clock: Clock) -> float:
    """Seconds from the last key press to the first frame after it whose footer shows the screen's keys."""
    start, after = clock.pressed
    for _ in range(500):
        painted = clock.frame_after(after, keyed=True)
        if painted is not None:
            return painted - start
        await pilot.pause(0.001)
    raise RuntimeError("the footer never showed the screen's keys")


async def one_game(seed: int, moves: list[float], screen_only: list[float], endings: list[float],
                   scenario: str = "us-dprk-summit-2018", side: str = "us",
                   keys: tuple[str, str] = ("left", "right"), ending_keys: list[float] | None = None) -> None:
    """One game at the keyboard; `keys` move the draft one way and back (the first must change it)."""
    from roleplay.engine.actions import Accept
    from roleplay.tui.app import RoleplayApp

    app = RoleplayApp(scenario, side, seed)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", "d")  # the briefing, then the preparation as drafted
        await pilot.pause()
        clock = Clock(app)
        turn = 0
        while app.session is not None and not app.session.finished():
            elapsed, _ = await press(pilot, clock, keys[turn % 2])
            screen_only.append(elapsed)
            key = "r" if turn == 1 else "a" if app.session.can(Accept()) else "enter"
            elapsed, moved = await press(pilot, clock, key)
            if moved:
                (endings if app.session.finished() else moves).append(elapsed)
                if app.session.finished() and ending_keys is not None:
                    ending_keys.append(await keys_drawn(pilot, clock))
            turn += 1


LARGE = 40
"""Issues of the largest scenario the loader admits, played like the flagship (`bench.generate`, as the buyer)."""
DEBRIEF_TARGET = 0.100
LARGE_TARGET = 2.0


def measure(games: int, scenario: str = "us-dprk-summit-2018", side: str = "us",
            keys: tuple[str, str] = ("left", "right"), ending_keys: list[float] | None = None
            ) -> tuple[Stats, Stats, Stats]:
    """Moves at the table, keys that only change the screen, and the moves that end a game (and, into
    `ending_keys`, the time until the debrief's footer shows its keys)."""
    moves: list[float] = []
    screen_only: list[float] = []
    endings: list[float] = []
    with tempfile.TemporaryDirectory() as saves:
        os.environ["ROLEPLAY_SAVES"] = saves
        os.environ["ROLEPLAY_CACHE"] = os.path.join(saves, ".cache")  # never the user's own
        for seed in range(games):
            asyncio.run(one_game(seed, moves, screen_only, endings, scenario, side, keys, ending_keys))
    return Stats(tuple(moves)), Stats(tuple(screen_only)), Stats(tuple(endings))


def rows(games: int) -> list[Row]:
    from bench.generate import text

    keyed: list[float] = []
    moves, screen_only, endings = measure(games, ending_keys=keyed)
    footer = Stats(tuple(keyed))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"generated-{LARGE}.yaml")
        with open(path, "w", encoding="utf-8") as out:
            out.write(text(LARGE, 4))
        # the buyer drafts its ideal: the first option
        large, _, _ = measure(max(1, games // 2), path, "buyer", ("right", "left"))
    ratio = moves.median / screen_only.median
    growth = large.p99 / moves.p99
    return [
        Row(f"move latency: key to redrawn table, {SIZE[0]}x{SIZE[1]} ({len(moves.samples)} moves, {games} games)",
            ms(moves.median), ms(moves.p99), f"screen-only key: {ms(screen_only.median)}", f"{ratio:.2f}",
            "p99 < 16 ms", moves.p99 < TARGET),
        Row(f"move latency at {LARGE} issues (generated, {len(large.samples)} moves)", ms(large.median), ms(large.p99),
            f"the flagship's p99 (6 issues): {ms(moves.p99)}", f"{growth:.2f}", f"p99 ratio <= {LARGE_TARGET:g}",
            growth <= LARGE_TARGET),
        Row(f"last move: key to painted debrief ({len(endings.samples)} games)", ms(endings.median), ms(endings.p99),
            "—", "", f"median < {DEBRIEF_TARGET * 1000:.0f} ms", endings.median < DEBRIEF_TARGET),
        Row("last move: until the debrief's footer shows its keys", ms(footer.median), ms(footer.p99),
            "—", "", "", None),
    ]
