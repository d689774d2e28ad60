"""How the choose screen orders saved games: each fork under the game it was forked from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.saves import SaveFile


def under_parents(found: list[tuple[Path, SaveFile]]) -> list[tuple[Path, SaveFile, bool]]:
    """The saves in their order, each followed by its forks (and theirs); a fork whose parent is not listed comes last.

    The third item says whether the save is a fork shown under its parent.
    """
    names = {path.stem for path, _ in found}
    children: dict[str, list[tuple[Path, SaveFile]]] = {}
    for path, save in found:
        if save.parent and save.parent in names:
            children.setdefault(save.parent, []).append((path, save))
    ordered: list[tuple[Path, SaveFile, bool]] = []
    seen: set[str] = set()

    def add(path: Path, save: SaveFile, fork: bool) -> None:
        if path.stem in seen:
            return
        seen.add(path.stem)
        ordered.append((path, save, fork))
        for child_path, child in children.get(path.stem, []):
            add(child_path, child, True)

    for path, save in found:
        if not (save.parent and save.parent in names):
            add(path, save, False)
    for path, save in found:  # forks in a loop of parents: never lost
        add(path, save, bool(save.parent))
    return ordered
