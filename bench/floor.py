"""The arithmetic floor: a flagship-sized game's arithmetic in plain Python, with nothing else.

Two sides with opposed linear utilities on the flagship's issues and options
bargain for the flagship's number of rounds. Each round the player concedes
one option on the issue that costs it least (or accepts a counter-offer that
meets its own aspiration), the counterpart computes its aspiration on a
time-based concession curve, accepts if the offer meets it and otherwise
counters greedily (the step that gains most per step of distance, as the
engine does). Then each of the flagship's scripted rules and events is checked
against the move and the meters, intelligence narrows what the player knows of
one issue, every delegation's trust and tension move, a transcript line is
written and the position, expectation and reality gaps on every issue are
recorded. At the end both utilities and a score are computed. No validation, no state machine, no rules, no views: what
is left is the least a game of this size must compute, the reference the
engine's speed is judged against.
"""

from __future__ import annotations

import random
from collections.abc import Sequence


def _values(size: int, rising: bool) -> list[float]:
    return [(n / (size - 1) if rising else 1 - n / (size - 1)) for n in range(size)]


RULES = 22
"""The flagship's scripted rules and events (delegations' rules, 18, and events, 4), checked every round."""
DELEGATIONS = 5
"""The delegations besides the player, each with its own meters."""


def game(sizes: Sequence[int], rounds: int, seed: int) -> float:
    """One game; returns the player's score (0..100) so that nothing can be optimised away."""
    rng = random.Random(seed)
    issues = len(sizes)
    weights_me = [rng.random() + 0.5 for _ in sizes]
    weights_them = [rng.random() + 0.5 for _ in sizes]
    total_me, total_them = sum(weights_me), sum(weights_them)
    mine = [[v * w / total_me for v in _values(s, False)] for s, w in zip(sizes, weights_me, strict=True)]
    theirs = [[v * w / total_them for v in _values(s, True)] for s, w in zip(sizes, weights_them, strict=True)]
    offer = [0] * issues  # the player's ideal: rank 0
    counter = [s - 1 for s in sizes]  # theirs: the last rank
    trust, tension = 0.5, 0.3
    meters = [[0.5, 0.3] for _ in range(DELEGATIONS)]
    rules = [(rng.random(), rng.random(), rng.randrange(3)) for _ in range(RULES)]
    fired: set[int] = set()
    intel = [[0, s - 1] for s in sizes]
    hidden = [rng.randrange(s) for s in sizes]
    expected = [s // 3 for s in sizes]
    mine_reservation = 0.3
    transcript: list[str] = []
    gaps: list[tuple[int, int, float, float, float, float, float]] = []
    reservation, temperament = 0.35 + rng.random() * 0.2, 0.5 + rng.random()
    agreed = False
    for round_ in range(1, rounds + 1):
        # The player concedes one step where it costs least.
        best, cheapest = -1, 2.0
        for n in range(issues):
            if offer[n] < counter[n]:
                cost = mine[n][offer[n]] - mine[n][offer[n] + 1]
                if cost < cheapest:
                    best, cheapest = n, cost
        t = round_ / rounds
        mine_target = mine_reservation + (1 - t ** 2) * (1 - mine_reservation)
        if round_ > 1 and sum(mine[n][counter[n]] for n in range(issues)) >= mine_target:
            offer = list(counter)
            transcript.append(f"[{round_}] player accepts")
        elif best >= 0:
            offer[best] += 1
            transcript.append(f"[{round_}] player proposes {offer}")
        worth = sum(theirs[n][offer[n]] for n in range(issues))
        target = reservation + (1 - t ** (1 / temperament)) * (1 - reservation) - 0.1 * (trust - 0.5)
        if worth >= target:
            agreed = True
            transcript.append(f"[{round_}] counterpart accepts")
        else:
            # Counter from the player's offer toward its own ideal, one best step at a time.
            package = list(offer)
            value = worth
            while value < target:
                pick, ratio, gain = -1, 0.0, 0.0
                for n in range(issues):
                    if package[n] < counter[n]:
                        g = theirs[n][package[n] + 1] - theirs[n][package[n]]
                        r = g * (sizes[n] - 1)
                        if g > 0 and r > ratio + 1e-12:
                            pick, ratio, gain = n, r, g
                if pick < 0:
                    break
                package[pick] += 1
                value += gain
            counter = package
            transcript.append(f"[{round_}] counterpart counters {counter}")
        for n, (at_trust, at_tension, kind) in enumerate(rules):
            if n not in fired and (trust >= at_trust or tension >= at_tension) and kind == round_ % 3:
                fired.add(n)
                trust = min(1.0, max(0.0, trust + 0.02 * (kind - 1)))
                transcript.append(f"[{round_}] rule {n} fires")
        trust = min(1.0, max(0.0, trust + (0.05 if agreed else -0.01)))
        tension = min(1.0, max(0.0, tension + (-0.05 if agreed else 0.02)))
        for meter in meters:
            meter[0] = round(min(1.0, max(0.0, meter[0] + 0.01)), 6)
            meter[1] = round(min(1.0, max(0.0, meter[1] - 0.01)), 6)
        known = intel[round_ % issues]
        if known[0] < hidden[round_ % issues]:
            known[0] += 1
        elif known[1] > hidden[round_ % issues]:
            known[1] -= 1
        for n in range(issues):
            steps = sizes[n] - 1
            seen = [abs(expected[n] - k) for k in range(intel[n][0], intel[n][1] + 1)]
            gaps.append((round_, n, abs(offer[n] - counter[n]) / steps, abs(expected[n] - hidden[n]) / steps,
                         min(seen) / steps, max(seen) / steps, abs(expected[n] - counter[n]) / steps))
        if agreed:
            break
    final = offer if agreed else [0] * issues
    me = sum(mine[n][final[n]] for n in range(issues)) if agreed else 0.0
    them = sum(theirs[n][final[n]] for n in range(issues)) if agreed else 0.0
    reality = sum(g[-1] for g in gaps[-issues:]) / issues
    return round(100 * (0.6 * me + 0.3 * min(1.0, me + them) + 0.1 * (1 - reality)), 2)


def games(sizes: Sequence[int], rounds: int, count: int, seed: int) -> float:
    return sum(game(sizes, rounds, seed + n) for n in range(count))
