"""Values the games on one scenario share, kept in tables of bounded size.

Some of what a game works out depends on the scenario and on a few of the
player's choices (expectations, walk-away points) or on what intelligence
showed: games played by one strategy meet the same few combinations again and
again, so they are worked out once per scenario. Games that choose at random
meet new ones all the time; a table holds at most `LIMIT` of them, so that a
long batch of such games does not pile them up.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from roleplay.scenario.models import Scenario

T = TypeVar("T")

LIMIT = 256
"""Entries per table: many times what one strategy's games meet on the flagship (a few dozen)."""


def shared(scenario: Scenario, table: str, key: Hashable, make: Callable[[], T]) -> T:
    """The value kept under `key` in the scenario's table of that name, made and kept if there is none
    (`bounded`: a full table is emptied and filled again)."""
    return bounded(scenario.memo(("shared", table), dict), key, make, LIMIT)


K = TypeVar("K", bound=Hashable)


def bounded(kept: dict[K, T], key: K, make: Callable[[], T], limit: int) -> T:
    """The value kept under `key`, made and kept if there is none; a table holding `limit` entries is emptied
    first (one step, safe however many threads share it), so that it never grows past that."""
    try:
        return kept[key]
    except KeyError:
        pass
    if len(kept) >= limit:
        kept.clear()
    value = kept[key] = make()
    return value
