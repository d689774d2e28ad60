"""Cold start: spawning `roleplay play` on the flagship until the briefing is painted, headless.

The briefing is the first frame a player can use, and the first the game
shows: the engine loaded, the student's text on screen, its keys live. Two
rows: the first start of a scenario, with an empty cache of checked scenarios
(each sample gets a new, empty one), and a repeat start, which reads the
flagship from the cache the previous start filled (see roleplay.scenario.cache).

Each start plays in a saves folder of its own, as a player's new game takes a
name no game has.
"""

from __future__ import annotations

import os
import tempfile
import time

from bench.measure import Row, Stats, child, ms

TARGET = 1.3


def first_frame(which: str, env: dict[str, str]) -> float:
    """Seconds from spawning the child to the first frame it reports (both read the same system clock)."""
    start = time.monotonic()
    printed = child("-m", "bench.first_frame", which, env=env).split()
    if not printed:
        raise RuntimeError(f"bench.first_frame {which} printed no time")
    return float(printed[0]) - start


def rows(rounds: int) -> list[Row]:
    """The briefing, on a first start and on a repeat start, against the bare app, in turn."""
    with tempfile.TemporaryDirectory() as saves, tempfile.TemporaryDirectory() as caches:
        env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
        counter = iter(range(10**6))

        def new_saves() -> str:
            """A saves folder of its own for each start: a player's game takes a name no game has (the same seed
            in one folder each time would add a notice that the name was taken, and its drawing)."""
            return os.path.join(saves, f"saves-{next(counter)}")

        def empty() -> dict[str, str]:
            return {**env, "ROLEPLAY_SAVES": new_saves(), "ROLEPLAY_CACHE": os.path.join(caches, f"empty-{next(counter)}")}

        def warm() -> dict[str, str]:
            return {**env, "ROLEPLAY_SAVES": new_saves(), "ROLEPLAY_CACHE": os.path.join(caches, "warm")}

        first_frame("briefing", warm())  # warm the file cache and the bytecode once, and fill the warm cache
        first_frame("bare", env)
        first: list[float] = []
        repeat: list[float] = []
        bare: list[float] = []
        for _ in range(rounds):
            first.append(first_frame("briefing", empty()))
            bare.append(first_frame("bare", env))
            repeat.append(first_frame("briefing", warm()))
    reference = Stats(tuple(bare))
    made = []
    for stats, what in ((Stats(tuple(first)), "first start, empty cache"), (Stats(tuple(repeat)), "repeat start")):
        ratio = stats.median / reference.median
        made.append(Row(f"cold start: `roleplay play` flagship to the briefing, engine loaded (headless), {what}",
                        ms(stats.median), ms(stats.p99), f"bare Textual app: {ms(reference.median)}", f"{ratio:.2f}",
                        f"ratio <= {TARGET}", ratio <= TARGET))
    return made
