"""Checked scenarios kept between starts, so that a game opens without checking its file again.

Reading a scenario builds the validators of every scenario model, then checks
the file's meaning and runs the lints: most of what `roleplay play` spends
before the briefing. A scenario that has passed once is kept, pickled, in the
user's cache folder (`ROLEPLAY_CACHE` if set, an empty value turning the cache
off), and the next start that opens the same text reads it back. Unpickling a
model needs no validator, and the models build theirs only when first used
(`defer_build`), so such a start builds none of them.

An entry is named by everything its content depends on: the SHA-256 of the
file's text, the versions of Python and pydantic, and the code that reads and
checks a scenario (the size and modification time of each module of
`roleplay.scenario` and `roleplay.engine`: a new version of roleplay, or an
edit to a checkout, changes them). A missing, stale or damaged entry, or one
that cannot be written, only means the full load, as without a cache; a
damaged one is replaced. `roleplay validate` never reads the cache.

Entries are pickles, which can run code when read: the folder is the user's
own, like their saves, and only roleplay writes it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import threading
from contextlib import suppress
from dataclasses import replace
from functools import cache
from pathlib import Path

from roleplay.scenario.loaded import Loaded, digest, read_text
from roleplay.scenario.problems import ScenarioError, display_name

PACKAGES = ("scenario", "engine")
"""The parts of roleplay whose code decides what a checked scenario is."""


def cache_dir() -> Path | None:
    """Where checked scenarios are kept, or None when the cache is off (`ROLEPLAY_CACHE` set to nothing)."""
    configured = os.environ.get("ROLEPLAY_CACHE")
    if configured is not None:
        return Path(configured) if configured else None
    from platformdirs import user_cache_path

    return user_cache_path("roleplay", appauthor=False) / "scenarios"


@cache
def code_key() -> str:
    """What identifies the code that reads, validates and checks a scenario, and the libraries it relies on."""
    import pydantic

    here = Path(__file__).resolve().parent.parent
    parts = [sys.version, pydantic.VERSION]
    for package in PACKAGES:
        for module in sorted((here / package).glob("*.py")):
            stat = module.stat()
            parts.append(f"{package}/{module.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def entry_path(folder: Path, text_digest: str) -> Path:
    return folder / f"{hashlib.sha256(f'{text_digest}:{code_key()}'.encode()).hexdigest()}.pickle"


def load(path: Path | str) -> Loaded:
    """A playable scenario, as `roleplay.scenario.loader.load` gives it, read from the cache when it holds this text."""
    path = Path(path)
    folder = cache_dir()
    text, problems = read_text(path)
    if text is None:
        raise ScenarioError(problems)
    entry = None if folder is None else entry_path(folder, digest(text))
    kept = None if entry is None else read_entry(entry, digest(text))
    if kept is not None:
        return replace(kept, path=str(path))
    from roleplay.scenario.loader import check_text, loaded_from  # the parser and the checks: only on a miss

    loaded = loaded_from(path, check_text(text, display_name(path)))
    if entry is not None:
        write_entry(entry, loaded)
    return loaded


def read_entry(entry: Path, text_digest: str) -> Loaded | None:
    """The checked scenario kept at `entry`, or None if there is none or it is not one for this text."""
    try:
        kept = pickle.loads(entry.read_bytes())
    except Exception:  # none yet, or damaged (cut short, written by other code): loaded again and replaced
        return None
    if not isinstance(kept, Loaded) or kept.digest != text_digest:
        return None
    return kept


def write_entry(entry: Path, loaded: Loaded) -> None:
    """Keep a checked scenario for the next start; a folder that cannot be written only means no cache."""
    temporary = entry.with_name(f".{entry.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, entry)
    except OSError:
        with suppress(OSError):  # the folder itself could not be made
            temporary.unlink(missing_ok=True)
