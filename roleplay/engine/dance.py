"""The class of each offer in the "negotiation dance".

An offer is compared with the same side's previous offer: how did its value
change for the side making it (self) and for the other side? The classes are
those of the negotiation-dance analysis of Hindriks, Jonker and Tykhonov. The
table is checked in order; the first row whose signs match names the class.
"""

from __future__ import annotations

from enum import Enum

EPSILON = 1e-6


class Dance(str, Enum):
    opening = "opening"
    silent = "silent"
    nice = "nice"
    fortunate = "fortunate"
    unfortunate = "unfortunate"
    concession = "concession"
    selfish = "selfish"


def _sign(delta: float) -> int:
    return 0 if abs(delta) <= EPSILON else (1 if delta > 0 else -1)


# (sign of change for self, sign of change for the other side) -> class; None matches any sign.
DANCE_TABLE: tuple[tuple[int | None, int | None, Dance], ...] = (
    (0, 0, Dance.silent),
    (0, 1, Dance.nice),
    (1, 1, Dance.fortunate),
    (1, None, Dance.selfish),
    (-1, 1, Dance.concession),
    (-1, 0, Dance.concession),
    (None, -1, Dance.unfortunate),
    (-1, None, Dance.unfortunate),
)

DANCE_MEANING: dict[Dance, str] = {
    Dance.opening: "your first offer",
    Dance.silent: "nothing changed for either side",
    Dance.nice: "better for them at no cost to you",
    Dance.fortunate: "better for both sides",
    Dance.unfortunate: "worse for them, and no better for you",
    Dance.concession: "you gave up value to meet them",
    Dance.selfish: "better for you at their expense",
}


def classify(self_delta: float | None, other_delta: float | None) -> Dance:
    """The class of a move from its change in value for self and other (None: first offer)."""
    if self_delta is None or other_delta is None:
        return Dance.opening
    mine, theirs = _sign(self_delta), _sign(other_delta)
    for self_sign, other_sign, dance in DANCE_TABLE:
        if self_sign in (None, mine) and other_sign in (None, theirs):
            return dance
    raise AssertionError("the dance table covers every pair of signs")  # pragma: no cover
