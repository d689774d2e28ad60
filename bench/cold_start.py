"""Cold start: spawning `roleplay play` on the flagship until its first frame is painted, headless."""

from __future__ import annotations

import os
import tempfile
import time

from bench.measure import Row, Stats, alternate, child, ms

TARGET = 1.3


def first_frame(which: str, env: dict[str, str]) -> float:
    """Seconds from spawning the child to the first frame it reports (both read the same system clock)."""
    start = time.monotonic()
    printed = child("-m", "bench.first_frame", which, env=env)
    if not printed.strip():
        raise RuntimeError(f"bench.first_frame {which} printed no time")
    return float(printed.split()[0]) - start


def rows(rounds: int) -> list[Row]:
    """The first frame against the bare app (the target), and the briefing, the game ready to play (reported)."""
    with tempfile.TemporaryDirectory() as saves:
        env = os.environ | {"ROLEPLAY_SAVES": saves}
        first_frame("roleplay", env)  # warm the file cache and the bytecode once, for both
        first_frame("bare", env)
        ours, bare = alternate(lambda: first_frame("roleplay", env), lambda: first_frame("bare", env), rounds)
        briefed = Stats(tuple(first_frame("briefing", env) for _ in range(max(3, rounds // 2))))
    ratio = ours.median / bare.median
    return [
        Row("cold start: `roleplay play` flagship to first frame (headless)", ms(ours.median), ms(ours.p99),
            f"bare Textual app: {ms(bare.median)}", f"{ratio:.2f}", f"ratio <= {TARGET}", ratio <= TARGET),
        Row("cold start: to the briefing, engine loaded", ms(briefed.median), ms(briefed.p99),
            f"bare Textual app: {ms(bare.median)}", f"{briefed.median / bare.median:.2f}", "", None),
    ]
