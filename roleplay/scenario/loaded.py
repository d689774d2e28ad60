"""A loaded scenario and the reading of its file: what a start needs without the parser and the checks.

A start that finds its scenario in the cache of checked scenarios
(roleplay.scenario.cache) reads the file, for its digest, and nothing more:
so this module imports neither YAML nor the checks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.files import FileRefused, read_regular
from roleplay.scenario.problems import Problem, display_name

if TYPE_CHECKING:
    from roleplay.scenario.models import Scenario

MAX_BYTES = 2_000_000
"""The largest scenario file read."""


@dataclass(frozen=True)
class Loaded:
    """A scenario that can be played, with what identifies its exact content."""

    scenario: Scenario
    path: str
    digest: str
    warnings: list[Problem] = field(default_factory=list)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problem that stops us reading it (special files are never read)."""
    name = display_name(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileRefused as exc:
        return None, [Problem(name, 1, 1, exc.code, exc.message, hint=exc.hint)]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(name, line, column, "not-utf8", "the file is not UTF-8 text",
                              hint="save the file as UTF-8")]
