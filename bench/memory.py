"""Memory: peak resident memory of a game in the TUI, and of many simulated games.

Each measurement is a fresh child process reporting its own peak (ru_maxrss),
so nothing one measurement allocated is counted in another.
"""

from __future__ import annotations

import os
import tempfile

from bench.measure import Row, child, mib

FLAT = 1.05
"""10,000 games may use at most this much more than 1,000: no growth with the number of games."""


def peak(*args: str) -> int:
    return int(child("-m", "bench.memory_child", *args).split()[-1])


def rows(few: int, many: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as saves:
        os.environ["ROLEPLAY_SAVES"] = saves
        os.environ["ROLEPLAY_CACHE"] = os.path.join(saves, ".cache")  # never the user's own
        game, bare = peak("tui"), peak("bare")
    small, large = peak("simulate", str(few)), peak("simulate", str(many))
    return [
        Row("peak memory: a whole flagship game in the TUI", mib(game), "", f"bare Textual app: {mib(bare)}",
            f"{game / bare:.2f}", "", None),
        Row(f"peak memory: {many:,} simulated games", mib(large), "", f"{few:,} games: {mib(small)}",
            f"{large / small:.2f}", f"flat: ratio <= {FLAT:g}", large / small <= FLAT),
    ]
