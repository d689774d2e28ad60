"""The opening postures: the tone the player opens the talks in, and what it does to every counterpart.

One declaration for every client. The engine applies `trust` and `tension`;
the screens, the console, the bots and the policy search list the postures in
the order declared here, firm to open; saves, transcript tests and scenario
files keep the plain words, since a `StrEnum` is its own string.
"""

from __future__ import annotations

from enum import StrEnum


class Posture(StrEnum):
    """How the player opens: `firm` costs trust and raises tension, `open` does the reverse."""

    firm = "firm"
    balanced = "balanced"
    open = "open"

    @property
    def trust(self) -> float:
        """The change in every counterpart's trust when the talks open this way."""
        return _EFFECTS[self][0]

    @property
    def tension(self) -> float:
        """The change in every counterpart's tension when the talks open this way."""
        return _EFFECTS[self][1]


_EFFECTS: dict[Posture, tuple[float, float]] = {
    Posture.firm: (-0.05, 0.05),
    Posture.balanced: (0.0, 0.0),
    Posture.open: (0.05, -0.03),
}
"""Posture -> (trust, tension) change on every counterpart."""


def posture_effect(posture: Posture) -> str:
    """What opening this way does to every counterpart, in words: 'trust -0.05, tension +0.05'."""
    changes = [f"{meter} {value:+.2f}" for meter, value in (("trust", posture.trust), ("tension", posture.tension))
               if value]
    return ", ".join(changes) or "no change"
