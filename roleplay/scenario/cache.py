"""Checked scenarios kept between starts, so that a game opens without checking its file again.

Reading a scenario builds the validators of every scenario model, then checks
the file's meaning and runs the lints: most of what `roleplay play` spent
before the briefing. A scenario that has passed once is kept, pickled, in the
user's cache folder (see roleplay.kept), and the next start that opens the
same text reads it back. Unpickling a model needs no validator, and the models
build theirs only when first used (`defer_build`), so such a start builds none
of them.

An entry is named by everything its content depends on: the SHA-256 of the
file's text, the versions of Python and pydantic, and the code that reads and
checks a scenario (the size and modification time of each module of
`roleplay.scenario` and `roleplay.engine`: a new version of roleplay, or an
edit to a checkout, changes them). A missing, stale or damaged entry, or one
that cannot be written, only means the full load, as without a cache; a
damaged one is replaced. `roleplay validate` never reads the cache.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TypeGuard

from roleplay import kept
from roleplay.scenario.loaded import Loaded, digest, read_text
from roleplay.scenario.problems import ScenarioError, display_name

KIND = "scenarios"
"""The cache folder's subfolder for checked scenarios."""

PACKAGES = ("scenario", "engine")
"""The parts of roleplay whose code decides what a checked scenario is."""


@cache
def code_key() -> str:
    """What identifies the code that reads, validates and checks a scenario, and the libraries it relies on."""
    import pydantic

    here = Path(__file__).resolve().parent.parent
    modules = [module for package in PACKAGES for module in sorted((here / package).glob("*.py"))]
    return "\n".join([sys.version, pydantic.VERSION, *kept.stamp(modules)])


def key(text_digest: str) -> list[str]:
    """What names the entry of a text: its digest and the code that checks it."""
    return [text_digest, code_key()]


def entry_path(folder: Path, text_digest: str) -> Path:
    return kept.entry_path(folder, key(text_digest))


def load(path: Path | str) -> Loaded:
    """A playable scenario, as `roleplay.scenario.loader.load` gives it, read from the cache when it holds this text."""
    path = Path(path)
    text, problems = read_text(path)
    if text is None:
        raise ScenarioError(problems)
    text_digest = digest(text)

    def is_this(found: object) -> TypeGuard[Loaded]:
        return isinstance(found, Loaded) and found.digest == text_digest

    def check() -> Loaded:
        from roleplay.scenario.loader import check_text, loaded_from  # the parser and the checks: only on a miss

        return loaded_from(path, check_text(text, display_name(path)))

    loaded = kept.remember(KIND, key(text_digest), is_this, check)
    # as the full load of this path gives it, whichever path the kept one was read from
    name = display_name(path) if loaded.warnings else ""
    return replace(loaded, path=str(path), warnings=[replace(w, file=name) for w in loaded.warnings])
