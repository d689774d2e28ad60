"""Checked scenarios kept between starts, so that a game opens without checking its file again.

Reading a scenario builds the validators of every scenario model, then checks
the file's meaning and runs the lints: most of what `roleplay play` spent
before the briefing. A scenario that has passed once is kept, pickled, in the
user's cache folder (see roleplay.kept), and the next start that opens the
same text reads it back. A scenario is plain records (`roleplay.record`), so
reading one back needs neither pydantic nor the YAML parser.

An entry is named by everything its content depends on: the SHA-256 of the
file's text, the version of Python, and the code that reads and checks a
scenario (the size and modification time of each module of `roleplay.scenario`
and `roleplay.engine`, of the records and their models, and of pydantic's
version module: a new version of roleplay or pydantic, or an edit to a
checkout, changes them). A missing, stale or damaged entry, or one
that cannot be written, only means the full load, as without a cache; a
damaged one is replaced. `roleplay validate` never reads the cache.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TypeGuard

from roleplay import kept
from roleplay.scenario.loaded import Loaded, digest, read_text
from roleplay.scenario.problems import ScenarioError, display_name

KIND = "scenarios"
"""The cache folder's subfolder for checked scenarios."""

PACKAGES = ("scenario", "engine")
RECORD_MODULES = ("record.py", "record_models.py")
"""With PACKAGES: the parts of roleplay whose code decides what a checked scenario is."""


@cache
def code_key() -> str:
    """What identifies the code that reads, validates and checks a scenario, and the libraries it relies on."""
    here = Path(__file__).resolve().parent.parent
    modules = [module for package in PACKAGES for module in sorted((here / package).glob("*.py"))]
    modules += [here / name for name in RECORD_MODULES]
    return "\n".join([sys.version, *kept.stamp([*modules, _pydantic_version()])])


def _pydantic_version() -> Path:
    """Pydantic's module of its version, found without importing pydantic (a start from the cache never does):
    installing another version changes its size or time."""
    found = find_spec("pydantic")
    if found is None or found.origin is None:  # pragma: no cover - pydantic is a dependency
        raise ImportError("pydantic is not installed")
    return Path(found.origin).parent / "version.py"


def key(text_digest: str) -> list[str]:
    """What names the entry of a text: its digest and the code that checks it."""
    return [text_digest, code_key()]


def entry_path(folder: Path, text_digest: str) -> Path:
    return kept.entry_path(folder, key(text_digest))


def holds(path: Path) -> bool:
    """Whether the cache has an entry for the file's text as it is now (not read: only looked for)."""
    where = kept.folder(KIND)
    if where is None:
        return False
    text, _ = read_text(path)
    return text is not None and entry_path(where, digest(text)).exists()


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
