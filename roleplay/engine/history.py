"""Questions about what has been offered so far."""

from __future__ import annotations

import threading

from roleplay.engine.state import Offer, SessionState


def player_positions(state: SessionState) -> dict[str, str]:
    """What the player last offered on each issue, whether or not the latest proposal named it (a fresh dict).

    Asked for dozens of times a move, while offers are only ever added: the
    answer is kept, per thread, for the last state asked about, and worked
    out again once an offer has been added to it.
    """
    offers = state.offers
    last = offers[-1] if offers else None
    kept: tuple[SessionState, int, Offer | None, dict[str, str]] | None = getattr(_KEPT, "positions", None)
    if kept is not None and kept[0] is state and kept[1] == len(offers) and kept[2] is last:
        return dict(kept[3])
    positions: dict[str, str] = {}
    for offer in offers:
        if offer.by == state.delegation:
            positions.update(offer.package)
    _KEPT.positions = (state, len(offers), last, positions)
    return dict(positions)


_KEPT = threading.local()


def player_offers(state: SessionState) -> list[Offer]:
    return [offer for offer in state.offers if offer.by == state.delegation]
