"""Forks: an earlier moment of a game, rebuilt exactly and played on as a game of its own.

A game is its seed and its actions, so the start of any round can be rebuilt
by replaying the actions that came before it. A fork is saved under its own
name with the name of its parent and the round it left from; the parent's
file is only read, never written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from roleplay import saves
from roleplay.engine.actions import Action
from roleplay.engine.dialogue import move_words
from roleplay.engine.flow import TALKS
from roleplay.engine.session import Session
from roleplay.scenario.loader import load
from roleplay.scenario.models import Scenario


class ForkError(saves.SaveError):
    """A fork that cannot be made; the message says why."""


def moves_by_round(scenario: Scenario, delegation: str, seed: int, actions: Sequence[Action]) -> dict[int, list[str]]:
    """What the player said with each move of the talks, by the round a fork of that move would start at.

    A move made while the talks stand at round r opens round r + 1, whatever
    number the transcript gives its line (calling for final offers is told
    with the round before it), so a fork's round and its label always agree.
    The last-offer round is numbered as it opens (by the call, or as the rounds
    run out): its move plays that round, as the transcript and the debrief
    number it.
    """
    session = Session(scenario, delegation, seed)
    moves: dict[int, list[str]] = {}
    for action in actions:
        in_talks, heard = session.phase in TALKS, len(session.state.transcript)
        round = session.state.round + (session.phase != "closing")
        session.act(action)
        if in_talks:
            moves.setdefault(round, []).extend(
                move_words(session.player.name, s.text) for s in session.state.transcript[heard:] if s.speaker == delegation)
    return moves


def rounds_reached(scenario: Scenario, delegation: str, seed: int, actions: Sequence[Action]) -> int:
    """The last round a fork of this game could start at (0: the talks never opened)."""
    return max(moves_by_round(scenario, delegation, seed, actions), default=0)


def actions_before(scenario: Scenario, delegation: str, seed: int, actions: Sequence[Action],
                   round: int) -> list[Action]:
    """The actions that lead to the start of `round`: everything before the move that played it.

    Round 1 starts once the talks have opened; round N once the moves of rounds
    1..N-1 are played. Replaying is deterministic, so this depends on nothing
    but its arguments.
    """
    if round < 1:
        raise ForkError("a fork starts at round 1 or later: the talks must have opened")
    session = Session(scenario, delegation, seed)
    for count, action in enumerate(actions):
        if session.phase in TALKS and session.state.round >= round - 1:
            return list(actions[:count])
        session.act(action)
    raise ForkError(f"the game never reached round {round} with a move left to play")


def fork_name(parent: str, round: int, folder: Path) -> str:
    """`PARENT-rN`, with a number added when that name is taken."""
    base = f"{parent[:60]}-r{round}"
    name, number = base, 1
    while saves.save_path(name, folder).exists():
        number += 1
        name = f"{base}-{number}"
    return saves.safe_name(name)


def fork(path: Path, round: int, name: str | None = None, folder: Path | None = None) -> Path:
    """Write a fork of the save at `path` that starts at `round`; return where it was written.

    The fork plays on the scenario version the parent was played on, keeps the
    parent's player and coach level, and the hints shown before the fork point.
    """
    parent = saves.read(path)
    source, which = saves.played_on(parent, path)
    if which == "changed":
        raise ForkError(f"{path}: the scenario '{parent.scenario_id}' has changed and no copy of the version "
                        "played is kept: the game cannot be rebuilt")
    loaded = load(source)
    saves.replay(parent, loaded.scenario, loaded.digest, path)  # a save that cannot be replayed says why here
    kept = actions_before(loaded.scenario, parent.delegation, parent.seed, parent.actions, round)
    rebuilt = saves.replay(parent.model_copy(update={"actions": kept}), loaded.scenario, loaded.digest, path)
    folder = folder or path.parent
    target_name = saves.safe_name(name) if name else fork_name(path.stem, round, folder)
    target = saves.save_path(target_name, folder)
    if target.resolve() == path.resolve() or target.exists():
        raise ForkError(f"{target}: a save of this name exists already; choose another name")
    times = (parent.move_times + [""] * len(parent.actions))[: len(kept)]
    snap = saves.snapshot(rebuilt, parent.scenario_digest, parent.scenario_path, parent.player, times, {
        "parent": path.stem, "fork_round": round, "coach": parent.coach,
        "hints": [h for h in parent.hints if h.at < len(kept)],
    })
    snap = snap.model_copy(update={"updated": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    saves.write(target, snap)
    saves.keep_scenario(folder, parent.scenario_id, parent.scenario_digest, str(source))
    return target


def family(folder: Path) -> dict[str, list[tuple[Path, saves.SaveFile]]]:
    """Each save's forks, by the parent's name, oldest fork first."""
    forks: dict[str, list[tuple[Path, saves.SaveFile]]] = {}
    for path, save in saves.listing(folder):
        if isinstance(save, saves.SaveFile) and save.parent:
            forks.setdefault(save.parent, []).append((path, save))
    for children in forks.values():
        children.sort(key=lambda item: item[1].updated)
    return forks
