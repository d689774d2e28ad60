"""Questions about what has been offered so far."""

from __future__ import annotations

from roleplay.engine.state import Offer, SessionState


def player_positions(state: SessionState) -> dict[str, str]:
    """What the player last offered on each issue, whether or not the latest proposal named it."""
    positions: dict[str, str] = {}
    for offer in state.offers:
        if offer.by == state.delegation:
            positions.update(offer.package)
    return positions


def player_offers(state: SessionState) -> list[Offer]:
    return [offer for offer in state.offers if offer.by == state.delegation]
