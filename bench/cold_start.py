"""Cold start: spawning `roleplay play` on the flagship until the briefing is painted, headless.

The briefing is the first frame a player can use, and the first the game
shows: the engine loaded, the student's text on screen, its keys live.
"""

from __future__ import annotations

import os
import tempfile
import time

from bench.measure import Row, alternate, child, ms

TARGET = 1.3


def first_frame(which: str, env: dict[str, str]) -> float:
    """Seconds from spawning the child to the first frame it reports (both read the same system clock)."""
    start = time.monotonic()
    printed = child("-m", "bench.first_frame", which, env=env)
    if not printed.strip():
        raise RuntimeError(f"bench.first_frame {which} printed no time")
    return float(printed.split()[0]) - start


def rows(rounds: int) -> list[Row]:
    """The briefing against the bare app."""
    with tempfile.TemporaryDirectory() as saves:
        env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
        env["ROLEPLAY_SAVES"] = saves
        first_frame("briefing", env)  # warm the file cache and the bytecode once, for both
        first_frame("bare", env)
        ours, bare = alternate(lambda: first_frame("briefing", env), lambda: first_frame("bare", env), rounds)
    ratio = ours.median / bare.median
    return [
        Row("cold start: `roleplay play` flagship to the briefing, engine loaded (headless)", ms(ours.median),
            ms(ours.p99), f"bare Textual app: {ms(bare.median)}", f"{ratio:.2f}", f"ratio <= {TARGET}", ratio <= TARGET),
    ]
