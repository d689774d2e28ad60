"""Intelligence: what the player knows of a counterpart's hidden expectation.

Knowledge is a range of option ranks that always holds the truth. Each source
of intelligence narrows it to a window of a given width, placed at random
(from the session's seeded generator) among the windows that still hold the
truth, so that a range never says exactly where inside it the truth lies.
"""

from __future__ import annotations

import random
from typing import NamedTuple


class Range(NamedTuple):
    """Ranks lo..hi (inclusive) on an issue's scale."""

    lo: int
    hi: int

    @property
    def width(self) -> int:
        return self.hi - self.lo + 1

    def exact(self) -> bool:
        return self.lo == self.hi


def narrow(known: Range, truth: int, width: int, rng: random.Random) -> Range:
    """A window of `width` ranks inside `known` that holds `truth` (never wider than before)."""
    lo, hi = known
    span = hi - lo + 1
    width = max(1, min(width, span))
    if width == span:
        return known
    start = rng.randint(max(lo, truth - width + 1), min(truth, hi - width + 1))
    return Range(start, start + width - 1)


def halve(known: Range, truth: int, rng: random.Random) -> Range:
    """What a probe that gets an answer teaches: half the range."""
    return narrow(known, truth, (known.width + 1) // 2, rng)
