"""Text from scenarios and saves, made safe to show in a terminal."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Remove terminal control characters (escape sequences included); keep newlines and tabs."""
    return _CONTROL.sub("", text)
