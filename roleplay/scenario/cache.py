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


def entry_path(folder: Path, text_digest: str) -> Path:
    return kept.entry_path(folder, [text_digest, code_key()])


def load(path: Path | str) -> Loaded:
    """A playable scenario, as `roleplay.scenario.loader.load` gives it, read from the cache when it holds this text."""
    path = Path(path)
    folder = kept.folder(KIND)
    text, problems = read_text(path)
    if text is None:
        raise ScenarioError(problems)
    entry = None if folder is None else entry_path(folder, digest(text))
    found = None if entry is None else read_entry(entry, digest(text))
    if found is not None:  # as the full load of this path would give it: the warnings name the file as typed here
        name = display_name(path) if found.warnings else ""
        return replace(found, path=str(path), warnings=[replace(w, file=name) for w in found.warnings])
    from roleplay.scenario.loader import check_text, loaded_from  # the parser and the checks: only on a miss

    loaded = loaded_from(path, check_text(text, display_name(path)))
    if entry is not None:
        kept.write(entry, loaded)
    return loaded


def read_entry(entry: Path, text_digest: str) -> Loaded | None:
    """The checked scenario kept at `entry`, or None if there is none or it is not one for this text."""
    found = kept.read(entry)
    if not isinstance(found, Loaded) or found.digest != text_digest:
        return None
    return found
