"""What a start derives from files that rarely change, kept between starts in the user's cache folder.

Three things are kept: checked scenarios (roleplay.scenario.cache), the
briefing's parsed text (roleplay.tui.prose) and the app's parsed style sheets
(roleplay.tui.kept_styles). Each entry is named by a digest
of everything its content depends on, so an entry is either right or not
found; one that cannot be read is treated as not found and replaced, and a
folder that cannot be written only means that nothing is kept. Only the
entries of each kind written last are kept (LIMIT).

The folder is `ROLEPLAY_CACHE` if set (an empty value keeps nothing), else
the user's cache folder (e.g. ~/.cache/roleplay on Linux). Entries are
pickles, which can run code when read: the folder is the user's own, like
their saves, and only roleplay writes it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import TypeGuard, TypeVar

T = TypeVar("T")


def folder(kind: str) -> Path | None:
    """Where entries of this kind are kept, or None when nothing is kept (`ROLEPLAY_CACHE` set to nothing)."""
    configured = os.environ.get("ROLEPLAY_CACHE")
    if configured is not None:
        return Path(configured) / kind if configured else None
    from platformdirs import user_cache_path

    return user_cache_path("roleplay", appauthor=False) / kind


def stamp(files: Iterable[Path]) -> list[str]:
    """The size and modification time of each file: what changes when code is edited or installed anew."""
    stamps = []
    for file in files:
        stat = file.stat()
        stamps.append(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return stamps


def entry_path(where: Path, parts: Iterable[str]) -> Path:
    """The entry named by everything its content depends on."""
    return where / f"{hashlib.sha256(chr(10).join(parts).encode()).hexdigest()}.pickle"


def read(entry: Path) -> object | None:
    """What is kept at `entry`, or None if nothing is, or what is there cannot be read."""
    try:
        return pickle.loads(entry.read_bytes())
    except Exception:  # none yet, or damaged (cut short, written by other code): made again and replaced
        return None


LIMIT = 64
"""Entries kept of each kind; past these the oldest written go (an author editing a scenario makes one per edit)."""


def write(entry: Path, value: object) -> None:
    """Keep a value for the next start; a folder that cannot be written only means it is not kept."""
    temporary = entry.with_name(f".{entry.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, entry)
    except OSError:
        with suppress(OSError):  # the folder itself could not be made
            temporary.unlink(missing_ok=True)
        return
    prune(entry.parent)


STALE = 60.0
"""Seconds after which a temporary file is left over from a write that never finished (its process was killed)."""


def prune(where: Path) -> None:
    """Remove all but the LIMIT entries written last, and what writes cut short left behind."""
    with suppress(OSError):
        entries = [(path.stat().st_mtime_ns, path) for path in where.glob("*.pickle")]
        for _, path in sorted(entries, reverse=True)[LIMIT:]:
            path.unlink(missing_ok=True)
        stale = time.time() - STALE
        for path in where.glob(".*.pickle.*"):
            if path.stat().st_mtime < stale:
                path.unlink(missing_ok=True)


def remember(kind: str, parts: Iterable[str], is_kept: Callable[[object], TypeGuard[T]], make: Callable[[], T]) -> T:
    """What `make` gives, read back instead when an entry named by `parts` holds it (`is_kept` says whether
    what was read is such a value); made and kept otherwise. With nothing kept, it is simply made."""
    where = folder(kind)
    if where is None:
        return make()
    entry = entry_path(where, parts)
    found = read(entry)
    if found is not None and is_kept(found):
        return found
    value = make()
    write(entry, value)
    return value
