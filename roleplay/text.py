"""Text from scenarios and saves, made safe to show in a terminal."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Remove terminal control characters (escape sequences included); keep newlines and tabs."""
    return _CONTROL.sub("", text)


def amount(value: float, unit: str) -> str:
    """A number with its unit, singular for one ("1 week", "2 weeks", "0.5 points")."""
    singular = value == 1 and unit.endswith("s") and not unit.endswith("ss")
    return f"{value:g} {unit[:-1] if singular else unit}"


def possessive(name: str) -> str:
    """"Pyongyang's", "Chandlery Estates'": the possessive a reader expects."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def mid_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "An ambassador in Seoul" becomes "an ambassador in Seoul"."""
    first, _, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if rest and first in ("A", "An", "The") else name
