"""Headless throughput: complete games a second, against NegMAS negotiations of the same size.

Our side is what `roleplay simulate` runs: whole games, briefing to debrief,
with the default (realistic) strategy. The reference is NegMAS's stacked
alternating-offers protocol (SAOMechanism) between two time-based aspiration
agents, on a domain with the same issues and option counts, opposed linear
utilities and the same number of rounds. Both sides build their game from an
already-loaded description each time, and batches of the two alternate.

Two rows: the flagship (6 issues, 15,000 outcomes), where NegMAS's agents
evaluate and sort every outcome, and a small domain (3 issues of 4 options,
64 outcomes, on a scenario made by `bench.generate` with the two sides alone),
where that costs them little and the comparison is of the rest.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bench.measure import Row, alternate

if TYPE_CHECKING:
    from roleplay.scenario.models import Scenario

TARGET = 10.0
SCENARIO = "us-dprk-summit-2018"
SMALL = (3, 4, 8)
"""The small domain: issues, options per issue (4 ** 3 = 64 outcomes), rounds."""


def roleplay_batch(games: int, scenario: Scenario | None = None) -> Callable[[], float]:
    """Games a second for a batch of games of `scenario` (default: the flagship), as its first playable side."""
    from roleplay.simulation.simulate import simulate

    if scenario is None:
        from roleplay.catalogue import resolve
        from roleplay.scenario.loader import load

        scenario = load(resolve(SCENARIO)).scenario
    delegation = scenario.playable()[0].id
    seeds = iter(range(10**9))

    def batch() -> float:
        start = time.perf_counter()
        simulate(scenario, delegation, "realistic", games, next(seeds))
        return games / (time.perf_counter() - start)

    return batch


def negmas_domain() -> tuple[list[int], int]:
    """The flagship's shape: options per issue, and rounds."""
    from roleplay.catalogue import resolve
    from roleplay.scenario.loader import load

    scenario = load(resolve(SCENARIO)).scenario
    return [len(issue.options) for issue in scenario.issues], scenario.rounds


def small_scenario() -> Scenario:
    """The small domain as a scenario: `bench.generate`'s two sides and nobody else."""
    from bench.generate import scenario
    from roleplay.record_models import validate
    from roleplay.scenario.models import Scenario

    issues, options, rounds = SMALL
    data = scenario(issues, 2, options)
    data["rounds"] = rounds
    return validate(Scenario, data)


def negmas_batch(negotiations: int, sizes: list[int] | None = None, rounds: int = 0) -> Callable[[], float]:
    """Negotiations a second on a domain of these option counts and rounds (default: the flagship's)."""
    from negmas import SAOMechanism, make_issue
    from negmas.outcomes import make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.sao import AspirationNegotiator

    if sizes is None:
        sizes, rounds = negmas_domain()
    space = make_os([make_issue(size, f"issue{n}") for n, size in enumerate(sizes)])
    weights = random.Random(1)

    def utility(rising: bool) -> Any:
        values = [{v: (v / (size - 1) if rising else 1 - v / (size - 1)) for v in range(size)} for size in sizes]
        return LinearAdditiveUtilityFunction(values=values, weights=[weights.random() for _ in sizes],
                                             outcome_space=space).normalize()

    mine, theirs = utility(True), utility(False)

    def batch() -> float:
        start = time.perf_counter()
        for _ in range(negotiations):
            mechanism = SAOMechanism(outcome_space=space, n_steps=rounds)
            mechanism.add(AspirationNegotiator(name="a"), ufun=mine)
            mechanism.add(AspirationNegotiator(name="b"), ufun=theirs)
            mechanism.run()
        return negotiations / (time.perf_counter() - start)

    return batch


def rows(rounds: int, games: int, negotiations: int) -> list[Row]:
    sizes, steps = negmas_domain()
    name = f"headless throughput: flagship games/s ({len(sizes)} issues, {steps} rounds)"
    ours_batch = roleplay_batch(games)
    ours_batch()  # warm up: the frontier cache and the first calls
    try:
        theirs_batch = negmas_batch(negotiations)
    except ImportError:
        only = alternate(ours_batch, ours_batch, rounds)[0]
        return [Row(name, f"{only.median:,.0f}", "", "NegMAS not installed: pip install -e '.[bench]'", "",
                    f"ratio >= {TARGET:g}", False)]
    theirs_batch()
    ours, theirs = alternate(ours_batch, theirs_batch, rounds)
    ratio = ours.median / theirs.median
    return [Row(name, f"{ours.median:,.0f}", "", f"NegMAS SAO, two aspiration agents: {theirs.median:,.1f}/s",
                f"{ratio:,.0f}", f"ratio >= {TARGET:g}", ratio >= TARGET),
            small_row(rounds, games, negotiations * 4)]


def small_row(rounds: int, games: int, negotiations: int) -> Row:
    """Games a second on the small domain against NegMAS on the same domain; no target: it shows the other side."""
    issues, options, steps = SMALL
    ours_batch = roleplay_batch(games, small_scenario())
    theirs_batch = negmas_batch(negotiations, [options] * issues, steps)
    ours_batch()
    theirs_batch()
    ours, theirs = alternate(ours_batch, theirs_batch, rounds)
    return Row(f"headless throughput: games/s on a small domain ({issues} issues of {options} options: "
               f"{options ** issues} outcomes, {steps} rounds)", f"{ours.median:,.0f}", "",
               f"NegMAS SAO, two aspiration agents: {theirs.median:,.1f}/s", f"{ours.median / theirs.median:,.2f}",
               "", None)
