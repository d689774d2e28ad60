"""Playing whole games without a screen, one or thousands, for tests and instructors."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import statistics
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.engine.state import SessionState
from roleplay.engine.view import player_view
from roleplay.scenario.models import Scenario
from roleplay.simulation.strategies import STRATEGIES

BEGIN, FINISH, DEBRIEF = a.BeginPreparation(), a.FinishPreparation(), a.ShowDebrief()
"""The moves every game makes, with nothing in them to choose: made once (actions are immutable values)."""


def play_game(scenario: Scenario, delegation: str, strategy: str, seed: int,
              forced_types: Mapping[str, str] | None = None) -> Session:
    """One complete game, from briefing to debrief, with a built-in strategy at the controls.

    Moves the strategy suggests that the game refuses are replaced by the
    nearest legal thing (its expectations default to its ideal, an illegal
    opening opens at its ideal, an illegal move becomes a proposal of its last
    position), so every game ends.
    """
    session = Session(scenario, delegation, seed, forced_types=forced_types)
    kind = STRATEGIES[strategy]
    player = kind(scenario, delegation, random.Random(seed * 7919 + 17) if kind.draws else None)
    session.act(BEGIN)
    for action in player.prepare(player_view(session)):
        session.attempt(action)
    for action in player.expectations(player_view(session)):
        session.act(action)
    ideal = player.utility.ideal()
    for issue in scenario.issues:
        if issue.id not in session.state.expectations:
            session.act(a.SetExpectation(issue=issue.id, option=ideal[issue.id]))
    session.act(FINISH)
    opening = player.open(player_view(session))
    if session.attempt(opening) is not None:
        session.act(a.OpenTalks(posture=opening.posture))
    for _ in range(scenario.rounds + 3):
        if session.finished():
            break
        if session.attempt(player.move(player_view(session))) is not None:
            session.act(a.Propose(package=dict(player_view(session).my_positions or ideal)))
    if not session.finished():  # pragma: no cover - the flow always ends within rounds + closing
        session.act(a.WalkOut())
    session.act(DEBRIEF)
    return session


@dataclass
class Summary:
    scenario: str
    delegation: str
    strategy: str
    runs: int
    seed: int
    scores: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    endings: Counter[str] = field(default_factory=Counter)
    final_gaps: dict[str, list[float]] = field(default_factory=dict)

    def add(self, game: Played) -> None:
        """One more game."""
        self.scores.append(game.score)
        self.kinds[game.kind] += 1
        self.endings[game.ending] += 1
        for issue, closing in game.closing_gaps:
            self.final_gaps.setdefault(issue, []).append(closing)

    @property
    def agreement_rate(self) -> float:
        return (self.kinds["agreement"] + self.kinds["partial"]) / self.runs if self.runs else 0.0

    def quartiles(self) -> tuple[float, float, float]:
        if len(self.scores) < 2:
            only = self.scores[0] if self.scores else 0.0
            return only, only, only
        q1, q2, q3 = statistics.quantiles(self.scores, n=4, method="inclusive")
        return q1, q2, q3

    def as_dict(self) -> dict[str, Any]:
        p25, median, p75 = self.quartiles()
        return {
            "scenario": self.scenario,
            "delegation": self.delegation,
            "strategy": self.strategy,
            "runs": self.runs,
            "seed": self.seed,
            "agreement_rate": round(self.agreement_rate, 4),
            "outcomes": dict(sorted(self.kinds.items())),
            "score": {
                "mean": round(statistics.fmean(self.scores), 2) if self.scores else 0.0,
                "p25": round(p25, 2),
                "median": round(median, 2),
                "p75": round(p75, 2),
            },
            "endings": dict(sorted(self.endings.items())),
            "mean_final_gaps": {issue: round(statistics.fmean(gaps), 3) for issue, gaps in self.final_gaps.items()},
        }


def game_seed(seed: int, run: int) -> int:
    return seed * 1_000_003 + run


Progress = Callable[[int, int], None]
"""Told (games played, games in all) after every game of a long run."""


@dataclass(frozen=True)
class Played:
    """What a summary keeps of one game: small enough to send back from another process."""

    score: float
    kind: str
    ending: str
    closing_gaps: tuple[tuple[str, float], ...]
    """Per issue, with the main counterpart after the last round: 0 if settled, else the position gap (1 if none)."""


def played(state: SessionState) -> Played:
    assert state.outcome is not None and state.score is not None
    last = state.gaps[-1].round
    main = next(g.counterpart for g in state.gaps)
    closing = tuple((gap.issue, 0.0 if gap.issue in state.outcome.package else
                     (1.0 if gap.position is None else gap.position))
                    for gap in state.gaps if gap.round == last and gap.counterpart == main)
    return Played(state.score.total, state.outcome.kind, state.outcome.ending, closing)


Task = tuple[str, str, int, int, int]
"""(delegation, strategy, seed, first run, runs): a batch of games, each seeded by `game_seed(seed, run)`."""


def play_batch(scenario: Scenario, task: Task, forced_types: Mapping[str, str] | None) -> list[Played]:
    delegation, strategy, seed, first, runs = task
    return [played(play_game(scenario, delegation, strategy, game_seed(seed, run), forced_types=forced_types).state)
            for run in range(first, first + runs)]


_WORKER: tuple[Scenario, Mapping[str, str] | None] | None = None
"""In a pool process: the scenario (as the parent had it, rules left out and all) and the forced types."""


def _worker_start(scenario: Scenario, forced_types: Mapping[str, str] | None) -> None:
    """A pool process: Ctrl+C is the parent's to handle (it stops the pool); keep the scenario for every batch."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = (scenario, forced_types)


def _worker_batch(task: Task) -> list[Played]:
    assert _WORKER is not None
    return play_batch(_WORKER[0], task, _WORKER[1])


def default_jobs() -> int:
    """Every core this process may run on."""
    counted = getattr(os, "process_cpu_count", None)
    if counted is not None:
        return counted() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


BATCH = 25
"""Games per task sent to a pool process: enough to pay for the round trip, few enough for even shares."""


def play_all(scenario: Scenario, summaries: list[Summary], processes: int,
             forced_types: Mapping[str, str] | None = None, progress: Progress | None = None) -> None:
    """Play every summary's games (its side, strategy, seed and runs) on `processes` processes, adding each
    game to its summary in the order of the runs.

    Each game depends on its own seed alone, so the summaries are the same on
    one process or many. Small runs stay in this process: starting a pool
    costs more than a few dozen games. Games are added as they arrive, so
    memory does not grow with their number.
    """
    total = sum(summary.runs for summary in summaries)
    tasks: list[tuple[int, Task]] = [(n, (summary.delegation, summary.strategy, summary.seed, first,
                                          min(BATCH, summary.runs - first)))
                                     for n, summary in enumerate(summaries) for first in range(0, summary.runs, BATCH)]
    done = 0
    if processes <= 1 or total < 2 * BATCH:
        for n, task in tasks:
            for run in range(task[3], task[3] + task[4]):
                if progress is not None:
                    progress(done, total)
                summaries[n].add(play_batch(scenario, (*task[:3], run, 1), forced_types)[0])
                done += 1
        return
    # Spawned, not forked: a forked copy of a process that has run other work (a test session, an
    # app) inherits its state, and one such run left a later browser test failing.
    context = multiprocessing.get_context("spawn")
    with context.Pool(min(processes, len(tasks)), initializer=_worker_start, initargs=(scenario, forced_types)) as pool:
        for (n, _task), batch in zip(tasks, pool.imap(_worker_batch, [task for _, task in tasks]), strict=True):
            for game in batch:
                summaries[n].add(game)
            done += len(batch)
            if progress is not None:
                progress(done, total)


def simulate(scenario: Scenario, delegation: str, strategy: str, runs: int, seed: int,
             progress: Progress | None = None, done: int = 0, total: int | None = None,
             forced_types: Mapping[str, str] | None = None, jobs: int = 1) -> Summary:
    """`runs` games on `jobs` processes; the same summary whatever the number of processes."""
    summary = Summary(scenario.id, delegation, strategy, runs, seed)
    told = None if progress is None else (lambda n, _all: progress(done + n, total or runs))
    play_all(scenario, [summary], jobs, forced_types, told)
    if progress is not None and total is None:
        progress(runs, runs)
    return summary


def balance(scenario: Scenario, runs: int, seed: int, progress: Progress | None = None,
            forced_types: Mapping[str, str] | None = None, jobs: int = 1) -> list[Summary]:
    """Every built-in strategy from every playable side: the balancing table, on `jobs` processes."""
    pairs = [(side.id, name) for side in scenario.playable() for name in STRATEGIES]
    total = runs * len(pairs)
    summaries = [Summary(scenario.id, side, name, runs, seed) for side, name in pairs]
    play_all(scenario, summaries, jobs, forced_types, progress)
    if progress is not None:
        progress(total, total)
    return summaries
