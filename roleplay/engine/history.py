"""Questions about what has been offered so far."""

from __future__ import annotations

import threading
from collections.abc import Mapping

from roleplay.engine.state import Offer, SessionState


def player_positions(state: SessionState) -> dict[str, str]:
    """What the player last offered on each issue, whether or not the latest proposal named it (a fresh dict)."""
    return dict(standing_positions(state))


def standing_positions(state: SessionState) -> Mapping[str, str]:
    """The same, read-only: the answer kept here, not a copy, for the many readers that only look.

    Asked for dozens of times a move, while offers are only ever added: the
    answer is kept, per thread, for the last state asked about, and brought up
    to date from the offers added since (into a new dict, so one handed out never changes).
    """
    offers = state.offers
    kept: tuple[SessionState, int, Offer | None, dict[str, str]] | None = getattr(_KEPT, "positions", None)
    start = 0
    positions: dict[str, str] = {}
    if kept is not None and kept[0] is state and kept[1] <= len(offers) \
            and (offers[kept[1] - 1] if kept[1] else None) is kept[2]:
        start, positions = kept[1], kept[3]
    if start == len(offers):
        return positions
    positions = dict(positions)
    for offer in offers[start:]:
        if offer.by == state.delegation:
            positions.update(offer.package)
    _KEPT.positions = (state, len(offers), offers[-1] if offers else None, positions)
    return positions


_KEPT = threading.local()


def last_player_offer(state: SessionState) -> Offer | None:
    """The player's latest offer, None before the first: read from the end, as each move asks."""
    me = state.delegation
    for offer in reversed(state.offers):
        if offer.by == me:
            return offer
    return None
