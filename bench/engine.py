"""The engine alone: a game against the arithmetic floor, how its cost grows, and games on every core.

- One flagship game, as `roleplay simulate` plays it (the realistic strategy),
  against `bench.floor`: the same size of game in plain Python. Batches of the
  two alternate.
- Games a second on generated scenarios (`bench.generate`, built as models so
  that the loader's size limits do not stop the largest) at 6, 50 and 200
  issues, and at 8, 20 and 40 rounds, with the exponent of a least-squares fit
  of cost per game against size: 1 is linear.
- `roleplay simulate --all` on the flagship with `--jobs 1` and with every core,
  each a fresh process, alternating.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.measure import Row, Stats, alternate, ms, wall

SCENARIO = "us-dprk-summit-2018"
FLOOR_TARGET = 5.0
GROWTH_TARGET = 1.15
ISSUES = (6, 50, 200)
ROUNDS = (8, 20, 40)
ROUNDS_AT = 50
"""Issues of the scenario the rounds are varied on: there the realistic strategy plays every round."""


def flagship_batch(games: int) -> Callable[[], float]:
    """Seconds per game for a batch of flagship games (the throughput row's batch, turned around)."""
    from bench.throughput import roleplay_batch

    per_second = roleplay_batch(games)
    return lambda: 1.0 / per_second()


def fresh_batch(games: int) -> Callable[[], float]:
    """Seconds per game when every game is played on its own copy of the flagship, fresh from the cache's pickle.

    Games on one scenario share what they work out from it (and, in tables of
    bounded size, what they work out from the same choices): a batch of games
    gains from that, a student's one game does not. Copies are made before the
    clock starts; each starts with nothing kept.
    """
    import pickle

    from roleplay.catalogue import resolve
    from roleplay.scenario.loader import load
    from roleplay.simulation.simulate import simulate

    pickled = pickle.dumps(load(resolve(SCENARIO)).scenario)
    seeds = iter(range(10**9))

    def batch() -> float:
        copies = [pickle.loads(pickled) for _ in range(games)]
        delegation = copies[0].playable()[0].id
        start = time.perf_counter()
        for copy in copies:
            simulate(copy, delegation, "realistic", 1, next(seeds))
        return (time.perf_counter() - start) / games

    return batch


def floor_batch(games: int) -> Callable[[], float]:
    from bench.floor import games as play
    from roleplay.catalogue import resolve
    from roleplay.scenario.loader import load

    scenario = load(resolve(SCENARIO)).scenario
    sizes = [len(issue.options) for issue in scenario.issues]
    seeds = iter(range(0, 10**9, games))

    def batch() -> float:
        start = time.perf_counter()
        play(sizes, scenario.rounds, games, next(seeds))
        return (time.perf_counter() - start) / games

    return batch


def generated_batch(issues: int, rounds: int, games: int) -> Callable[[], float]:
    """Seconds per game on a generated scenario of this size (two principals, two observers)."""
    from bench.generate import scenario as generated
    from roleplay.record_models import validate
    from roleplay.scenario.models import Scenario
    from roleplay.simulation.simulate import simulate

    data = generated(issues, 4)
    data["rounds"] = rounds
    scenario = validate(Scenario, data)
    seeds = iter(range(10**9))

    def batch() -> float:
        start = time.perf_counter()
        simulate(scenario, "buyer", "realistic", games, next(seeds))
        return (time.perf_counter() - start) / games

    return batch


def exponent(sizes: tuple[int, ...], costs: list[float]) -> float:
    """The slope of log(cost) against log(size), by least squares."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(c) for c in costs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def growth(label: Callable[[int], str], sizes: tuple[int, ...], batches: list[Callable[[], float]], rounds: int) -> list[Row]:
    """Games/s at each size, sampled in turn (A, B, C, A, B, C, ...), and the fitted exponent."""
    for batch in batches:
        batch()
    samples: list[list[float]] = [[] for _ in batches]
    for _ in range(rounds):
        for n, batch in enumerate(batches):
            samples[n].append(batch())
    medians = [Stats(tuple(s)).median for s in samples]
    k = exponent(sizes, medians)
    rows = []
    for n, (size, cost) in enumerate(zip(sizes, medians, strict=True)):
        last = n == len(sizes) - 1
        rows.append(Row(f"growth: games/s at {label(size)}", f"{1 / cost:,.0f}", "",
                        f"{label(sizes[0])}: {1 / medians[0]:,.0f}/s" if n else "",
                        f"{cost / medians[0]:.1f}" if n else "",
                        f"fitted exponent {k:.2f} <= {GROWTH_TARGET}" if last else "",
                        k <= GROWTH_TARGET if last else None))
    return rows


def jobs_speedup(rounds: int, runs: int) -> Row:
    cores = os.cpu_count() or 1
    command = [str(Path(sys.executable).with_name("roleplay")), "simulate", SCENARIO, "--all", "--runs", str(runs),
               "--format", "json"]
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    one, every = alternate(lambda: wall([*command, "--jobs", "1"], env),
                           lambda: wall([*command, "--jobs", str(cores)], env), rounds)
    return Row(f"simulate --all, {runs} games per side and strategy, on {cores} cores", ms(every.median), "",
               f"--jobs 1: {ms(one.median)}", f"{one.median / every.median:.2f}x faster", "", None)


def rows(rounds: int, games: int, floor_games: int, growth_games: int, runs: int) -> list[Row]:
    batches = [flagship_batch(games), fresh_batch(max(1, games // 4)), floor_batch(floor_games)]
    for batch in batches:  # warm up
        batch()
    samples: list[list[float]] = [[] for _ in batches]
    for _ in range(rounds):
        for n, batch in enumerate(batches):
            samples[n].append(batch())
    ours, fresh, floor = (Stats(tuple(s)) for s in samples)
    ratio = ours.median / floor.median
    reference = f"the same game's arithmetic in plain Python: {ms(floor.median)}"
    result = [Row("engine: one flagship game (6 issues, 8 rounds, realistic strategy)", ms(ours.median), ms(ours.p99),
                  reference, f"{ratio:.1f}", f"ratio <= {FLOOR_TARGET:g}", ratio <= FLOOR_TARGET),
              Row("engine: the same, each game on its own fresh copy of the scenario (nothing kept from other games)",
                  ms(fresh.median), ms(fresh.p99), reference, f"{fresh.median / floor.median:.1f}", "", None)]
    result += growth(lambda n: f"{n} issues, 8 rounds", ISSUES,
                     [generated_batch(n, 8, max(1, growth_games * ISSUES[0] // n)) for n in ISSUES], rounds)
    result += growth(lambda n: f"{ROUNDS_AT} issues, {n} rounds", ROUNDS,
                     [generated_batch(ROUNDS_AT, n, max(1, growth_games * ROUNDS[0] // n // 4)) for n in ROUNDS], rounds)
    result.append(jobs_speedup(max(1, rounds // 2), runs))
    return result
