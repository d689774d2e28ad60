"""Playing whole games without a screen, one or thousands, for tests and instructors."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.engine.view import player_view
from roleplay.play.strategies import STRATEGIES
from roleplay.scenario.models import Scenario


def play_game(scenario: Scenario, delegation: str, strategy: str, seed: int,
              forced_types: Mapping[str, str] | None = None) -> Session:
    """One complete game, from briefing to debrief, with a built-in strategy at the controls.

    Moves the strategy suggests that the game refuses are replaced by the
    nearest legal thing (its expectations default to its ideal, an illegal
    opening opens at its ideal, an illegal move becomes a proposal of its last
    position), so every game ends.
    """
    session = Session(scenario, delegation, seed, forced_types=forced_types)
    player = STRATEGIES[strategy](scenario, delegation, random.Random(seed * 7919 + 17))
    session.act(a.BeginPreparation())
    for action in player.prepare(player_view(session)):
        if session.can(action):
            session.act(action)
    for action in player.expectations(player_view(session)):
        session.act(action)
    ideal = player.utility.ideal()
    for issue in scenario.issues:
        if issue.id not in session.state_data.expectations:
            session.act(a.SetExpectation(issue=issue.id, option=ideal[issue.id]))
    session.act(a.FinishPreparation())
    opening = player.open(player_view(session))
    session.act(opening if session.can(opening) else a.OpenTalks(posture=opening.posture))
    for _ in range(scenario.rounds + 3):
        if session.finished():
            break
        move = player.move(player_view(session))
        if not session.can(move):
            move = a.Propose(package=player_view(session).my_positions or ideal)
        session.act(move)
    if not session.finished():  # pragma: no cover - the flow always ends within rounds + closing
        session.act(a.WalkOut())
    session.act(a.ShowDebrief())
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


def simulate(scenario: Scenario, delegation: str, strategy: str, runs: int, seed: int,
             progress: Progress | None = None, done: int = 0, total: int | None = None,
             forced_types: Mapping[str, str] | None = None) -> Summary:
    summary = Summary(scenario.id, delegation, strategy, runs, seed)
    for run in range(runs):
        if progress is not None:
            progress(done + run, total or runs)
        state = play_game(scenario, delegation, strategy, game_seed(seed, run), forced_types=forced_types).state_data
        assert state.outcome is not None and state.score is not None
        summary.scores.append(state.score.total)
        summary.kinds[state.outcome.kind] += 1
        summary.endings[state.outcome.ending] += 1
        last = state.gaps[-1].round
        main = next(g.counterpart for g in state.gaps)
        for gap in state.gaps:
            if gap.round == last and gap.counterpart == main:
                settled = gap.issue in state.outcome.package
                closing = 0.0 if settled else (1.0 if gap.position is None else gap.position)
                summary.final_gaps.setdefault(gap.issue, []).append(closing)
    if progress is not None and total is None:
        progress(runs, runs)
    return summary


def balance(scenario: Scenario, runs: int, seed: int, progress: Progress | None = None,
            forced_types: Mapping[str, str] | None = None) -> list[Summary]:
    """Every built-in strategy from every playable side: the balancing table."""
    pairs = [(side.id, name) for side in scenario.playable() for name in STRATEGIES]
    total = runs * len(pairs)
    summaries = [simulate(scenario, side, name, runs, seed, progress, n * runs, total, forced_types=forced_types)
                 for n, (side, name) in enumerate(pairs)]
    if progress is not None:
        progress(total, total)
    return summaries
