"""Starting and resuming games, the same way for every client (the full-screen app, the text client, the classroom).

A game is a session and the slot it is saved in. A new game gets its seed,
a save name no other game has, and its coach's level; a resumed game is
replayed from its save. Nothing here writes the save: the client does, once
the game is on screen, so a save that is damaged, cannot be replayed, belongs
to a changed scenario or is open in another roleplay is refused with a
message naming it and left exactly as it was.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

from roleplay import saves
from roleplay.catalogue import ScenarioNotFound, resolve
from roleplay.engine.coach import level_of
from roleplay.engine.session import IllegalAction, Session
from roleplay.scenario import ahead, cache
from roleplay.scenario.loaded import Loaded
from roleplay.scenario.models import Scenario
from roleplay.scenario.problems import ScenarioError

CANNOT_START = (ScenarioError, ScenarioNotFound, IllegalAction, saves.SaveError)
"""What starting or resuming a game may raise; each says what is wrong in its first line."""

SEEDS = 10**6
"""A new game's seed is drawn below this: short enough to read out and type again (`--seed`)."""

Version = Literal["current", "played"]
"""Which scenario a save is replayed on: the current file (a changed one is refused, for the player to decide),
or the version the game was played on (the copy kept beside the saves when the file has changed since)."""


@dataclass
class Game:
    """A game ready to be played: its session, where it is saved, and its coach."""

    session: Session
    slot: saves.Slot
    coach: str
    """The coach's level: off, hints or tutor (the slot keeps it in the save)."""
    hints: list[saves.HintRecord] = field(default_factory=list)
    """The hints the coach showed before the game was saved last."""
    wanted: str = ""
    """The save name the game would have had, when another game has it already (see `renamed`)."""

    def renamed(self) -> str:
        """What to tell the player when the game is not saved under the name they would expect, else ""."""
        if not self.wanted:
            return ""
        return f"A game is already saved as {self.wanted}; this one is saved as {self.slot.path.stem}"


class ScenarioChanged(saves.ScenarioChanged):
    """The save's scenario has changed since it was played: the player chooses to replay it anew or read it."""

    def __init__(self, message: str, path: Path, save: saves.SaveFile, loaded: Loaded) -> None:
        super().__init__(message)
        self.path = path
        self.save = save
        self.loaded = loaded
        """The scenario as it is now, which `replay_anew` plays the moves on."""


def new_seed() -> int:
    """A seed for a game nobody asked a seed for."""
    return random.SystemRandom().randrange(SEEDS)


def open_scenario(name: str | None) -> Loaded:
    """The scenario a player names (a path or an id; none: the flagship, else the tutorial), loaded and checked.

    A file checked before is read back from the cache of checked scenarios (see roleplay.scenario.cache).
    """
    path = resolve(name)
    ahead.finish(path)  # a child checking it ahead of the app (see roleplay.scenario.ahead) has kept it
    return cache.load(path)


def new_session(scenario: Scenario, side: str, seed: int | None = None,
                forced_types: Mapping[str, str] | None = None) -> Session:
    """A game that is not saved (a transcript test, a trial): `forced_types` fixes counterpart types instead of the seed.

    A save records no forced types, so a game with them could not be replayed:
    only unsaved games take them.
    """
    return Session(scenario, side, new_seed() if seed is None else seed, forced_types=forced_types)


def new_game(loaded: Loaded, side: str, seed: int | None = None, *, save_name: str | None = None, player: str = "",
             by_player: bool = False, coach: str | None = None) -> Game:
    """A new game, with its save claimed (locked, not yet written).

    `save_name` is the name the player gave (refused if a save has it); else the
    game is named after the scenario, side and seed (after the player too when
    `by_player`, as in a classroom sharing one folder), with a number added if
    that name is taken. `coach` is the coach's level, else the scenario's.
    """
    session = new_session(loaded.scenario, side, seed)
    wanted = saves.player_save_name(player, session) if by_player else saves.default_name(session)
    path = saves.save_path(save_name) if save_name else saves.unused_path(wanted)
    slot = saves.Slot(path, loaded.digest, str(loaded.path), player)
    slot.claim(session, new=True)
    level = level_of(coach, level_of(loaded.scenario.coach))
    slot.carry(coach=level)
    return Game(session, slot, level, wanted="" if save_name or path.stem == wanted else wanted)


class Rebuilt(NamedTuple):
    """A saved game replayed, not claimed: for reading it (a comparison) or playing it on (`resume`)."""

    path: Path
    save: saves.SaveFile
    loaded: Loaded
    session: Session


def rebuild(path: Path, version: Version = "current") -> Rebuilt:
    """The saved game at `path`, replayed on the scenario `version` says; the file is only read.

    Raises `ScenarioChanged` when that scenario is not the one played, `SaveError`
    for a save that is damaged or whose moves cannot be replayed.
    """
    save = saves.read(path)
    source = _current_file(save, path) if version == "current" else saves.played_on(save, path)[0]
    loaded = cache.load(source)  # a scenario checked before (the file, or the copy kept beside the saves) is read back
    try:
        session = saves.replay(save, loaded.scenario, loaded.digest, path)
    except saves.ScenarioChanged as exc:
        raise ScenarioChanged(str(exc), path, save, loaded) from None
    return Rebuilt(path, save, loaded, session)


def _current_file(save: saves.SaveFile, path: Path) -> Path:
    """The scenario file as it is now; when neither the file recorded nor the id can be found (the game was
    started from another folder, or the file was moved), the copy of the version played kept beside the save."""
    try:
        return saves.scenario_file(save)
    except ScenarioNotFound:
        return saves.played_on(save, path)[0]  # the kept copy, else ScenarioNotFound naming the id


def resume(path: Path, *, player: str = "", coach: str | None = None, version: Version = "current") -> Game:
    """The saved game at `path`, replayed and claimed to be played on in the same file.

    The save keeps its player unless `player` is given, and its coach's level
    unless `coach` is. Raises as `rebuild` does, and `SaveError` when another
    roleplay has the game open.
    """
    rebuilt = rebuild(path, version)
    save = rebuilt.save
    slot = saves.Slot(path, rebuilt.loaded.digest, rebuilt.loaded.path, player or save.player)
    slot.claim(rebuilt.session)
    level = level_of(coach or save.coach)
    slot.carry(coach=level)
    return Game(rebuilt.session, slot, level, list(save.hints))


def replay_anew(changed: ScenarioChanged, *, player: str = "", coach: str | None = None) -> Game:
    """The moves of a save whose scenario changed, replayed on the scenario as it is now, saved as a new game.

    The copy is named after the save (`NAME-replayed`); the original is left untouched.
    """
    save, loaded, path = changed.save, changed.loaded, changed.path
    session = saves.replay(save, loaded.scenario, loaded.digest, path, anyway=True)
    copy = saves.unused_path(path.stem[:71] + "-replayed", path.parent)
    slot = saves.Slot(copy, loaded.digest, loaded.path, player or save.player)
    slot.claim(session, new=True)
    level = level_of(coach or save.coach)
    # linked to the game it replays, as a fork is: the class report lists it without counting the student twice
    slot.carry(coach=level, hints=list(save.hints), parent=path.stem, fork_round=None)
    return Game(session, slot, level, list(save.hints))


__all__ = ["CANNOT_START", "Game", "Rebuilt", "ScenarioChanged", "new_game", "new_seed", "new_session",
           "open_scenario", "rebuild", "replay_anew", "resume"]
