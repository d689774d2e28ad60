"""The instructor's exploit search: can any class of bad play beat sensible play on a side?

Each class of play is sensible play with one thing changed (its own values
for some parameters of the policy space in `roleplay.simulation.policy`) and, where
parameters alone cannot promise it, a test on the games played (a walk-out
policy must really walk out). For each class the search draws policies at
random, then climbs: it changes one parameter of the best policy at a time
and keeps the change when the mean score over the same seeds goes up. A
policy drawn for one class counts for every class whose constraints it
meets, so that luck in the search alone does not make a class beat sensible
play. The games of every class are played together, batch by batch, on a
pool of processes; results come back in order, so the report depends only
on the arguments, never on the number of processes.
"""

from __future__ import annotations

import math
import multiprocessing
import random
import signal
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from roleplay.engine.posture import Posture
from roleplay.scenario.models import Scenario
from roleplay.simulation.pilot import IDLE_MOVES, Played, most_frequent, play
from roleplay.simulation.policy import (
    GIVES_IN,
    INTEL,
    OPENINGS,
    PACES,
    SENSIBLE_PACE,
    Policy,
    Space,
    describe,
    full_space,
)
from roleplay.simulation.simulate import default_jobs

SEEDS_PER_POLICY = 6
"""Games a policy is judged on: the same seeds for every policy of a side, so that they are compared fairly."""
NEIGHBOURS = 4
"""Policies tried per class in each climbing step."""
DEFAULT_GAMES = 2000


# --- classes of play ------------------------------------------------------------


def _any_game(game: Played, rounds: int) -> bool:
    """A class that asks nothing of its games: every game of its policies is of it."""
    return True


def _any_schedule(policy: Policy, rounds: int) -> bool:
    """A class that asks nothing of its policies' schedules."""
    return True


@dataclass(frozen=True)
class PlayClass:
    """A class of play: which policies belong to it, and what their games must show."""

    name: str
    meaning: str
    narrow: Callable[[Space], Space]
    shows: Callable[[Played, int], bool] = _any_game
    """Whether one game really is of this class (given the scenario's rounds)."""
    fits: Callable[[Policy, int], bool] = _any_schedule
    """Whether a policy's schedule has room for what the class asks (checked before it is played)."""

    @property
    def by_choices_only(self) -> bool:
        """Whether the class is its policies' choices alone, with nothing asked of its games or schedules."""
        return self.shows is _any_game and self.fits is _any_schedule


def _sensible(space: Space) -> Space:
    """Prepares, expects what intelligence says (or a share of the way to its walk-away), never walks out, presses once at most,
    concedes gradually."""
    n = space.rounds
    preps = space.domains["prep"]
    most_members = max(len(team) for team, _ in preps)
    most_allies = max(len(allies) for _, allies in preps)
    prepared = tuple(p for p in preps if len(p[0]) >= min(1, most_members) and len(p[1]) >= min(1, most_allies))
    return space.restrict(
        prep=prepared,
        expect=(INTEL, 0.25, 0.5, 0.75),
        opening=OPENINGS,
        idle=tuple(range(0, max(1, n // 4) + 1)),
        pressure=(0, 1),
        pace=tuple(p for p in PACES if p <= SENSIBLE_PACE + 1e-9),
        accept_from=(0,),
        walk_out=(0,),
        call_closing=(0, *range(math.ceil(n / 2) + 1, n + 1)),
    )


def _gives_in(space: Space) -> Space:
    """Opens at its floor and holds there, the floor at most a whisker above no deal."""
    return _sensible(space).restrict(opening=(GIVES_IN,), floor=tuple(f for f in space.domains["floor"] if f <= 0.05))


def _no_preparation(space: Space) -> Space:
    return _sensible(space).restrict(prep=(((), ()),))


def _stalling(space: Space) -> Space:
    n = space.rounds
    return _sensible(space).restrict(idle=tuple(range(math.ceil(n / 2), n + 1)), idle_at=(1,), accept_from=(-1,),
                                     pace=PACES, call_closing=(0,))


def _stalled(game: Played, rounds: int) -> bool:
    """Its first half of the rounds went on idle moves and pressure (all of them, if the talks ended sooner)."""
    return all(kind in IDLE_MOVES or kind == "pressure" for kind in game.moves[:math.ceil(rounds / 2)])


def _pressure(space: Space) -> Space:
    return _sensible(space).restrict(pressure=tuple(range(3, space.rounds + 1)))


def _pressed(game: Played, rounds: int) -> bool:
    """It pressed three times, or pressed until the other side broke the talks off."""
    pressed = game.moves.count("pressure")
    return pressed >= 3 or (pressed > 0 and game.kind == "breakdown" and game.moves[-1] == "pressure")


def _walk_out(space: Space) -> Space:
    return _sensible(space).restrict(walk_out=tuple(range(1, space.rounds + 2)))


def _maximal(space: Space) -> Space:
    return _sensible(space).restrict(expect=(0.0,))


def _early_deal(space: Space) -> Space:
    """Sensible play that may also take what is offered in round 1 or 2; its games must settle by round 2."""
    return _sensible(space).restrict(accept_from=(0, 1, 2))


def _settled_early(game: Played, rounds: int) -> bool:
    return game.kind in ("agreement", "partial") and game.round <= 2


CLASSES: tuple[PlayClass, ...] = (
    PlayClass("sensible", "prepares, expects what intelligence says or a share of the way, concedes gradually, "
              "at most one pressure, few idle moves, never walks out", _sensible),
    PlayClass("no-preparation", "picks nobody and consults nobody", _no_preparation),
    PlayClass("stalling", "spends at least half the rounds on idle moves before any offer, then takes what is offered",
              _stalling, _stalled),
    PlayClass("pressure", "applies pressure three times or more", _pressure, _pressed,
              lambda policy, rounds: list(policy.schedule(rounds).values()).count("pressure") >= 3),
    PlayClass("walk-out", "walks out at some round", _walk_out, lambda game, rounds: game.walked_out),
    PlayClass("maximal-expectations", "expects its ideal on every issue", _maximal),
    PlayClass("early-deal", "accepts or settles in round 1 or 2", _early_deal, _settled_early),
    PlayClass("gives-in", "opens at its floor, just above no deal, and asks for nothing more", _gives_in),
)
"""The classes of play the audit reports, sensible first; every other class is a way of playing badly."""

SENSIBLE = CLASSES[0].name


# --- playing games, in this process or on a pool ------------------------------------

_LOADED: dict[str, Scenario] = {}


def scenario_at(path: str) -> Scenario:
    """The scenario at a path, loaded once per process."""
    if path not in _LOADED:
        from roleplay.scenario.loader import load

        _LOADED[path] = load(Path(path)).scenario
    return _LOADED[path]


Task = tuple[str, str, Policy, int]
"""(scenario path, side, policy, seed): one game."""


def _worker_start(path: str) -> None:
    """A pool process: Ctrl+C is the parent's to handle (it stops the pool); load the scenario once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    scenario_at(path)


def play_task(task: Task) -> Played:
    path, side, policy, seed = task
    return play(scenario_at(path), side, policy, seed)


class Runner:
    """Plays batches of games, on `jobs` processes (1: in this process); results in the order asked."""

    def __init__(self, path: str, jobs: int) -> None:
        self.path = path
        self.jobs = max(1, jobs)
        self._pool = None
        if self.jobs > 1:
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.jobs, initializer=_worker_start, initargs=(path,))

    def run(self, tasks: Sequence[Task]) -> list[Played]:
        if self._pool is None:
            return [play_task(task) for task in tasks]
        chunk = max(1, len(tasks) // (self.jobs * 8))
        return self._pool.map(play_task, tasks, chunksize=chunk)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, failed: type[BaseException] | None, *exc: object) -> None:
        """Let the processes finish after a clean run; stop them at once after an error or Ctrl+C."""
        if self._pool is not None:
            if failed is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()


# --- the search ------------------------------------------------------------------


@dataclass
class Trial:
    """A policy and its games on the side's seeds."""

    policy: Policy
    games: list[Played]
    admitted: bool

    @property
    def mean(self) -> float:
        return statistics.fmean(g.score for g in self.games)

    @property
    def median(self) -> float:
        return statistics.median(g.score for g in self.games)


@dataclass
class Climb:
    """The search within one class: its space, its chance, its budget and the best policy so far."""

    play_class: PlayClass
    space: Space
    rng: random.Random
    budget: int
    """Policies it may still try."""
    best: Trial | None = None
    tried: set[Policy] = field(default_factory=set)
    hints: list[Policy] = field(default_factory=list)
    """Policies to try first: for sensible play, the best of each bad class without its bad habit."""

    def propose(self, count: int, explore: bool) -> list[Policy]:
        """Up to `count` policies not tried before: neighbours of the best, or random ones.

        Random ones when exploring, when nothing has been admitted yet, and
        to fill up when the best's neighbours have all been tried (a
        restart from elsewhere in the class).
        """
        count = 0 if self.space.empty else min(count, self.budget)
        fresh: list[Policy] = []
        while self.hints and len(fresh) < count:
            hint = self.hints.pop(0)
            if hint not in self.tried and self.play_class.fits(hint, self.space.rounds):
                self.tried.add(hint)
                fresh.append(hint)
        for attempt in range(count * 40):
            if len(fresh) == count:
                break
            best = None if explore or attempt >= count * 20 else self.best
            policy = self.space.neighbour(best.policy, self.rng) if best else self.space.sample(self.rng)
            if policy not in self.tried:
                self.tried.add(policy)
                if self.play_class.fits(policy, self.space.rounds):
                    fresh.append(policy)
        # When nothing new is left to try, the class's search is over.
        self.budget = self.budget - len(fresh) if fresh else 0
        return fresh

    def consider(self, trial: Trial) -> None:
        if trial.admitted and (self.best is None or trial.mean > self.best.mean + 1e-9):
            self.best = trial


@dataclass(frozen=True)
class ClassResult:
    best: float | None
    median: float | None
    policy: str
    ending: str

    def as_dict(self) -> dict[str, object]:
        return {"best": self.best, "median": self.median, "policy": self.policy, "ending": self.ending}


@dataclass(frozen=True)
class SideAudit:
    scenario: str
    side: str
    games: int
    classes: dict[str, ClassResult]
    policies: dict[str, Policy | None] = field(default_factory=dict)
    """The best policy of each class, as found (for replaying it)."""

    @property
    def exploits(self) -> list[str]:
        return exploits({name: result.best for name, result in self.classes.items()})

    @property
    def verdict(self) -> str:
        return "exploitable" if self.exploits else "robust"

    def as_dict(self) -> dict[str, object]:
        return {"scenario": self.scenario, "side": self.side, "games": self.games,
                "classes": {name: result.as_dict() for name, result in self.classes.items()},
                "verdict": self.verdict, "exploits": self.exploits}


def exploits(best: dict[str, float | None]) -> list[str]:
    """The bad classes whose best score is not below sensible play's best (as reported, to two decimals).

    A tie counts: a score that teaches must make good play strictly better than every bad habit.
    """
    sensible = best.get(SENSIBLE)
    if sensible is None:
        return []
    return [name for name, score in best.items()
            if name != SENSIBLE and score is not None and round(score, 2) >= round(sensible, 2)]


def budgets(games: int, classes: int, seeds: int = SEEDS_PER_POLICY) -> list[int]:
    """Policies per class: the games split evenly (rounded up to whole policies), at least two per class."""
    policies = max(2 * classes, math.ceil(games / seeds))
    share, extra = divmod(policies, classes)
    return [share + (1 if n < extra else 0) for n in range(classes)]


def side_seeds(seed: int) -> list[int]:
    """The games every policy of a side is judged on."""
    return [seed * 1_000_003 + n for n in range(SEEDS_PER_POLICY)]


def audit_side(scenario: Scenario, side: str, runner: Runner, games: int = DEFAULT_GAMES, seed: int = 0,
               classes: Iterable[PlayClass] = CLASSES) -> SideAudit:
    """Search every class of play on one side and report the best of each."""
    chosen = list(classes)
    seeds = side_seeds(seed)
    space = full_space(scenario, side)
    sensible_space = next((c.narrow(space) for c in chosen if c.name == SENSIBLE), None)
    alike = {c.name for c in chosen if c.name != SENSIBLE and c.narrow(space) == sensible_space and c.by_choices_only}
    """Classes that leave this side no choice sensible play does not have (no preparation, where there is
    nothing to prepare): not a way of playing badly here, so not searched, and never an exploit."""
    searched = [c for c in chosen if c.name not in alike]
    climbs = [Climb(c, c.narrow(space), random.Random(f"{seed}:{side}:{c.name}"), budget)
              for c, budget in zip(searched, budgets(games, len(searched)), strict=True)]
    for climb in climbs:
        if climb.play_class.name == SENSIBLE and not climb.space.empty:
            climb.hints.extend(textbook(climb.space))
    played = 0
    first = True
    while any(climb.budget > 0 for climb in climbs):
        batch: list[tuple[Climb, Policy]] = []
        for climb in climbs:
            count = max(1, math.ceil(climb.budget / 2)) if first else NEIGHBOURS
            batch.extend((climb, policy) for policy in climb.propose(count, explore=first))
        first = False
        tasks = [(runner.path, side, policy, s) for _, policy in batch for s in seeds]
        results = runner.run(tasks)
        played += len(results)
        for n, (_, policy) in enumerate(batch):
            games_of = results[n * len(seeds):(n + 1) * len(seeds)]
            for climb in climbs:  # a policy drawn for one class may belong to another too
                if climb.space.contains(policy) and climb.play_class.fits(policy, scenario.rounds):
                    climb.tried.add(policy)
                    admitted = all(climb.play_class.shows(g, scenario.rounds) for g in games_of)
                    climb.consider(Trial(policy, games_of, admitted))
        _cure(climbs)
    found = {c.play_class.name: _result(c, scenario.rounds) for c in climbs}
    found.update({name: ClassResult(None, None, "on this side, the same choices as sensible play: not searched", "")
                  for name in alike})
    return SideAudit(scenario.id, side, played, {c.name: found[c.name] for c in chosen},
                     {c.play_class.name: c.best.policy if c.best else None for c in climbs})


def textbook(space: Space) -> list[Policy]:
    """Sensible play as the guides describe it, tried first so that the search starts from good play.

    The fullest preparation the budget allows, expectations from intelligence,
    an opening at the ideal, every gesture early, a gradual concession to a
    little above the BATNA and no accepting below what it holds out for.
    """
    prep = max(space.domains["prep"], key=lambda p: (len(p[0]) + len(p[1]), len(p[0])))
    gestures = max(space.domains["gestures"])
    found = []
    for pace in (0.25, 1 / 3, 0.5):
        wanted = Policy(prep=prep, expect=INTEL, posture=Posture.balanced, opening=1.0, gestures=gestures, gesture_at=1,
                        pace=pace, floor=0.05, accept_at=0.0)
        found.append(space.project(wanted))
    return found


def _cure(climbs: list[Climb]) -> None:
    """Give sensible play the best policy of every bad class with the bad habit taken out.

    The question the audit asks is whether the habit itself pays; trying the
    same play without it answers that directly, where a random search might
    not stumble on it.
    """
    sensible = next((c for c in climbs if c.play_class.name == SENSIBLE), None)
    if sensible is None or sensible.space.empty:
        return
    for climb in climbs:
        if climb is not sensible and climb.best is not None:
            cured = sensible.space.project(climb.best.policy)
            if cured not in sensible.tried and cured not in sensible.hints:
                sensible.hints.append(cured)
                sensible.budget = max(sensible.budget, 1)


def _result(climb: Climb, rounds: int) -> ClassResult:
    best = climb.best
    if best is None:
        return ClassResult(None, None, f"none of the {len(climb.tried)} policies tried {climb.play_class.meaning}", "")
    return ClassResult(round(best.mean, 2), round(best.median, 2), describe(best.policy, rounds),
                       most_frequent(best.games))


def audit(path: str, sides: Sequence[str], games: int = DEFAULT_GAMES, seed: int = 0,
          jobs: int | None = None) -> list[SideAudit]:
    """Audit the scenario at `path` on each of `sides`, on `jobs` processes (default: every core)."""
    scenario = scenario_at(path)
    with Runner(path, jobs or default_jobs()) as runner:
        return [audit_side(scenario, side, runner, games, seed) for side in sides]
