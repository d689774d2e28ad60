"""The default counterpart policy: how much it still asks for, and what it counters with.

Aspiration follows the time-dependent concession curve

    a(t) = r + (1 - t ** (1 / e)) * (1 - r)

where t = round / rounds, r is the reservation utility (its BATNA) and e its
temperament. In this project e < 1 is hard-line ("Boulware": it holds out and
concedes late), e = 1 linear, e > 1 conciliatory (concedes early). Some of the
literature writes the exponent the other way round; this is the convention of
the game's design and of every scenario.
"""

from __future__ import annotations

from collections.abc import Mapping

from roleplay.engine.shared import bounded
from roleplay.engine.utility import Package, Utility, option_ranks


def aspiration(t: float, reservation: float, temperament: float) -> float:
    t = min(max(t, 0.0), 1.0)
    return reservation + (1.0 - t ** (1.0 / temperament)) * (1.0 - reservation)


def adjusted(base: float, reservation: float, trust: float, trust_shift: float, pressure: float) -> float:
    """Trust above one half and pressure lower the aspiration; never below the reservation."""
    lowered = base - trust_shift * (trust - 0.5) - pressure
    return min(1.0, max(reservation, lowered))


def counter_offer(utility: Utility, start: Mapping[str, str], fallback: Mapping[str, str], target: float,
                  cap: Mapping[str, str] | None = None) -> Package:
    """The package closest to `start` that is worth at least `target` to this delegation.

    With a `cap` (its own standing offer), no issue moves further toward its
    ideal than the cap has it: a counterpart does not take back on one issue
    what it gave on it before.

    Open issues are filled from `fallback` (its own last offer). Unacceptable
    options move to the nearest acceptable one first. Then, one option at a
    time, it takes the step toward its ideal that gains the most utility per
    step of distance from `start`, until the target is met or nothing is left
    to gain. With straight-line utilities this greedy order is the exact
    solution of the relaxed problem, and it is fast enough for thousands of
    simulated games.
    """
    acceptable = utility.acceptable
    package: Package = {issue: acceptable[issue][start.get(issue) or fallback[issue]] for issue in utility.issues}
    worth, path = _path(utility, package, cap)
    threshold = target - 1e-9
    for issue, option, after in path:
        if worth >= threshold:
            break
        package[issue] = option
        worth = after
    return package


Path = tuple[float, tuple[tuple[str, str, float], ...]]
"""A package's worth, and the greedy steps from it: (issue, option, the worth after the step), in order."""

PATHS_KEPT = 4096
"""How many paths a utility keeps before it starts again: games ask from few packages, a random player from many."""


def _path(utility: Utility, package: Package, cap: Mapping[str, str] | None) -> Path:
    """Every step the greedy search takes from `package`, to the end, whatever the target.

    The steps depend on the package and the cap alone, and the target only
    says where to stop, so the path is worked out once and kept with the
    utility: the counterparts and the players of thousands of games counter
    from a few dozen packages. Following it adds the same gains in the same
    order as the search, so every worth is the one the search reaches.
    """
    key = (tuple(package.items()), tuple(cap.items()) if cap else ())
    return bounded(utility.counter_paths, key, lambda: _search(utility, dict(package), cap), PATHS_KEPT)


def _search(utility: Utility, package: Package, cap: Mapping[str, str] | None) -> Path:
    ranks = option_ranks(utility.scenario)
    limits = {issue: ranks[issue][option] for issue, option in (cap or {}).items() if issue in utility.issues}
    first = current = utility.of(package)
    # Only the issue stepped on changes its next step, so each issue's step is worked out once and
    # again only after it is taken; choosing among them is then a scan over plain numbers.
    issues = list(utility.issues)
    steps = [_step(utility, issue, package[issue], limits) for issue in issues]
    path: list[tuple[str, str, float]] = []
    while True:
        chosen = -1
        best = 0.0
        for n, step in enumerate(steps):
            if step is not None and (chosen < 0 or step[0] > best + 1e-12):
                chosen, best = n, step[0]
        if chosen < 0:
            break
        issue = issues[chosen]
        step = steps[chosen]
        assert step is not None  # chosen only among the issues with a step
        _, option, gain = step
        current += gain
        path.append((issue, option, current))
        steps[chosen] = _step(utility, issue, option, limits)
    return first, tuple(path)


def _step(utility: Utility, issue: str, option: str, limits: Mapping[str, int]) -> tuple[float, str, float] | None:
    """One issue's next step toward this delegation's ideal: (gain per step of distance, option, gain), or None.

    None at the ideal, at the cap, or where the step gains nothing (`Utility.steps` holds the rest).
    """
    step = utility.steps[issue][option]
    if step is None:
        return None
    ratio, better, gain, distance = step
    if issue in limits and distance < abs(limits[issue] - utility.issues[issue].ideal):
        return None
    return ratio, better, gain
