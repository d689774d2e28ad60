"""A parameterised player: the family of ways to play a side that the audit searches.

A `Policy` is a handful of numbers and choices (whom to bring, what to
expect, how to open, which rounds go to probes, pressure or gestures, how
fast to concede, when to accept or walk out). `Space` says which values each
parameter may take on one side of one scenario, so that the search can draw a
policy at random or change one parameter of it; `describe` puts a policy in
the words an instructor reads.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, fields, replace
from typing import Any

from roleplay.engine import legality
from roleplay.engine.posture import Posture
from roleplay.scenario.models import Scenario

Prep = tuple[tuple[str, ...], tuple[str, ...]]
"""Team members picked and allies consulted, in preparation."""

INTEL = None
"""The `expect` value for "the middle of what intelligence says the counterpart expects"."""

IDLE_KINDS = ("probe", "consult", "mixed")
PACES = (0.1, 0.2, 0.25, 1 / 3, 0.5, 0.75, 1.0)
"""Share of the way from its opening to its floor conceded per proposal."""
OPENINGS = (1.0, 0.9, 0.8, 0.7)
"""Openings that claim value: what the opening offer is worth to the side."""
GIVES_IN = 0.0
"""The `opening` of a side that gives in: it opens at its floor, just above no deal, and never asks for more."""
SENSIBLE_PACE = 0.5
"""The fastest pace that is still gradual: the floor is reached in no fewer than two proposals."""


@dataclass(frozen=True)
class Policy:
    """One way of playing a side, from preparation to the last offer.

    Rounds are counted from 1 (the first bargaining move); 0 means "never".
    """

    prep: Prep = ((), ())
    expect: float | None = INTEL
    """Expectations: None for the middle of the intelligence, else how far from ideal toward walk-away (0..1)."""
    posture: Posture = Posture.balanced
    opening: float = 1.0
    """What its opening offer is worth to it (1.0: its ideal; at or below its floor: it opens at its floor)."""
    idle: int = 0
    """How many idle moves (probes or consultations at the table)."""
    idle_at: int = 1
    idle_kind: str = "probe"
    pressure: int = 0
    pressure_at: int = 1
    gestures: int = 0
    gesture_at: int = 1
    pace: float = 0.25
    floor: float = 0.05
    """The lowest it concedes to, above its BATNA."""
    accept_at: float = 0.0
    """Accepts an offer worth this much to it; 0: when the offer reaches what it is holding out for."""
    accept_from: int = 0
    """From this round it takes whatever acceptable offer is on the table; -1: as soon as its idle moves are done."""
    walk_out: int = 0
    """The round at which it walks out; rounds + 1: in the closing round."""
    call_closing: int = 0

    def schedule(self, rounds: int) -> dict[int, str]:
        """Round -> the scheduled move ("pressure", "idle", "gesture"), earlier kinds first.

        Only rounds that are still bargaining rounds by this policy count: none
        from the round it calls for closing, walks out, or starts taking what
        is offered.
        """
        last = rounds
        for stop in (self.call_closing, self.walk_out, max(self.accept_from, 0)):
            if stop:
                last = min(last, stop - 1)
        plan: dict[int, str] = {}
        for kind, count, start in (("pressure", self.pressure, self.pressure_at), ("idle", self.idle, self.idle_at),
                                   ("gesture", self.gestures, self.gesture_at)):
            at = start
            while count > 0 and at <= last:
                if at not in plan:
                    plan[at] = kind
                    count -= 1
                at += 1
        return plan

    def last_bargaining_round(self, rounds: int) -> int:
        """Its last round of bargaining before it calls for closing, walks out or takes what is offered."""
        last = rounds
        for stop in (self.call_closing, self.walk_out, self.takes_from(rounds)):
            if stop:
                last = min(last, stop - 1)
        return last

    def calls_closing(self, rounds: int) -> int:
        """The round in which it calls for closing (0: never, or not before it walks out or takes what is offered)."""
        call = self.call_closing
        for first in (self.walk_out, self.takes_from(rounds)):
            if call and first and first <= call:
                return 0
        return call

    def bargains(self, rounds: int) -> bool:
        """Whether it ever weighs an offer itself: some round before it stops is left free of scheduled moves,
        or it reaches the closing round without having decided to take what is offered."""
        plan = self.schedule(rounds)
        free = any(r not in plan for r in range(1, self.last_bargaining_round(rounds) + 1))
        return free or not self.takes_from(rounds)

    def takes_from(self, rounds: int) -> int:
        """The round from which it takes what is offered (0: never)."""
        if self.accept_from >= 0:
            return self.accept_from
        plan = self.schedule(rounds)
        idle_rounds = [r for r, kind in plan.items() if kind == "idle"]
        return max(idle_rounds, default=0) + 1


PARAMETERS = tuple(f.name for f in fields(Policy))


@dataclass(frozen=True)
class Space:
    """The values each parameter may take, on one side of one scenario."""

    rounds: int
    domains: dict[str, tuple[Any, ...]]

    def restrict(self, **domains: tuple[Any, ...]) -> Space:
        """The same space with some parameters given these values instead."""
        return Space(self.rounds, {**self.domains, **{name: tuple(values) for name, values in domains.items()}})

    @property
    def empty(self) -> bool:
        """Some parameter can take no value: no policy is in this space."""
        return any(not values for values in self.domains.values())

    def contains(self, policy: Policy) -> bool:
        return all(getattr(policy, name) in self.domains[name] for name in PARAMETERS)

    def sample(self, rng: Any) -> Policy:
        return Policy(**{name: rng.choice(self.domains[name]) for name in PARAMETERS})

    def project(self, policy: Policy) -> Policy:
        """The policy with every value this space does not allow replaced by the nearest one it does.

        Numbers go to the nearest allowed number; anything else to the first allowed value.
        """
        changes: dict[str, Any] = {}
        for name in PARAMETERS:
            value, allowed = getattr(policy, name), self.domains[name]
            if value in allowed or not allowed:
                continue
            numbers = [v for v in allowed if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if isinstance(value, (int, float)) and numbers:
                changes[name] = min(numbers, key=lambda v: (abs(v - value), v))
            else:
                changes[name] = allowed[0]
        return replace(policy, **changes) if changes else policy

    def neighbour(self, policy: Policy, rng: Any) -> Policy:
        """The policy with one parameter changed to another allowed value (itself when nothing can change)."""
        free = [name for name in PARAMETERS if len(self.domains[name]) > 1]
        if not free:
            return policy
        name = rng.choice(free)
        current = getattr(policy, name)
        return replace(policy, **{name: rng.choice([v for v in self.domains[name] if v != current])})


def preparations(scenario: Scenario, side: str) -> list[Prep]:
    """Every preparation the budget and the seats allow: members who serve the side, allies open to it."""
    roster = {m.id: m for m in scenario.team.roster}
    members = [roster[m] for m in legality.pickable(scenario, side)]
    allies = [scenario.delegation(d) for d in legality.consultable(scenario, side)]
    budget, seats = scenario.preparation.budget, scenario.team.seats
    found: list[Prep] = []
    for n in range(min(seats, len(members)) + 1):
        for team in itertools.combinations(members, n):
            spent = sum(m.cost for m in team)
            if spent > budget + 1e-9:
                continue
            for k in range(len(allies) + 1):
                for consulted in itertools.combinations(allies, k):
                    if spent + sum(d.consult.cost for d in consulted if d.consult) <= budget + 1e-9:
                        found.append((tuple(m.id for m in team), tuple(d.id for d in consulted)))
    return found


def full_space(scenario: Scenario, side: str) -> Space:
    """Every value a parameter may take on this side: the widest family the classes narrow."""
    n = scenario.rounds
    rounds = tuple(range(1, n + 1))
    gestures = [g for g in scenario.gestures if not g.by or side in g.by]
    bystanders = [d for d in scenario.delegations if d.role.value != "principal"]
    return Space(n, {
        "prep": tuple(preparations(scenario, side)),
        "expect": (INTEL, 0.0, 0.25, 0.5, 0.75),
        "posture": tuple(Posture),
        "opening": (*OPENINGS, GIVES_IN),
        "idle": tuple(range(0, n + 1)),
        "idle_at": rounds,
        "idle_kind": IDLE_KINDS if bystanders else ("probe",),
        "pressure": tuple(range(0, n + 1)),
        "pressure_at": rounds,
        "gestures": tuple(range(0, len(gestures) + 1)),
        "gesture_at": rounds,
        "pace": PACES,
        "floor": (0.0, 0.05, 0.1, 0.2, 0.3),
        "accept_at": (0.0, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9),
        "accept_from": (0, -1, *rounds),
        "walk_out": (0, *rounds, n + 1),
        "call_closing": (0, *rounds[1:]),
    })


# --- in words ---------------------------------------------------------------

_SHARES = {0.1: "a tenth", 0.2: "a fifth", 0.25: "a quarter", 1 / 3: "a third", 0.5: "half",
           0.75: "three quarters", 1.0: "all"}
_TIMES = {1: "once", 2: "twice"}
_IDLE_VERBS = {"probe": "probes", "consult": "consults at the table",
               "mixed": "probes and consults at the table by turns"}


def _share(value: float) -> str:
    for share, words in _SHARES.items():
        if math.isclose(share, value):
            return words
    return f"{value:.0%}"


def _times(count: int) -> str:
    return _TIMES.get(count, f"{count} times")


def _count(count: int, noun: str) -> str:
    return {1: f"one {noun}", 2: f"two {noun}s"}.get(count, f"{count} {noun}s")


def _rounds(rounds: list[int]) -> str:
    if not rounds:
        return ""
    if len(rounds) == 1:
        return f"in round {rounds[0]}"
    if rounds == list(range(rounds[0], rounds[-1] + 1)):
        return f"in rounds {rounds[0]}-{rounds[-1]}"
    return "in rounds " + ", ".join(str(r) for r in rounds)


def _expectations(expect: float | None) -> str:
    if expect is INTEL:
        return "expects the intel midpoint"
    if expect == 0.0:
        return "expects its ideal everywhere"
    return f"expects {_share(expect)} of the way from its ideal to its walk-away"


def describe(policy: Policy, rounds: int) -> str:
    """The policy in plain words, for the audit's report."""
    team, allies = policy.prep
    plan = policy.schedule(rounds)
    moves = {kind: sorted(r for r, k in plan.items() if k == kind) for kind in ("idle", "pressure", "gesture")}
    parts = [
        f"picks {', '.join(team)}" if team else "picks nobody",
        f"consults {', '.join(allies)}" if allies else "consults nobody",
        _expectations(policy.expect),
        f"opens {policy.posture} at its ideal" if policy.opening >= 1.0
        else f"opens {policy.posture} at its floor" if policy.opening <= GIVES_IN
        else f"opens {policy.posture} at {policy.opening:.0%} of its ideal's worth",
    ]
    if moves["idle"]:
        verb = _IDLE_VERBS["probe" if len(moves["idle"]) == 1 and policy.idle_kind == "mixed" else policy.idle_kind]
        parts.append(f"{verb} {_times(len(moves['idle']))} {_rounds(moves['idle'])}")
    takes = policy.takes_from(rounds)
    if takes:
        parts.append(f"takes whatever is offered from round {takes}")
    if policy.bargains(rounds):
        parts.append(f"concedes {_share(policy.pace)} of the way per proposal down to its BATNA + {policy.floor:.2f}")
        parts.append("accepts when their offer reaches what it holds out for" if policy.accept_at == 0.0
                     else f"accepts at {policy.accept_at:.2f}")
    parts.append(f"gives {_count(len(moves['gesture']), 'gesture')} {_rounds(moves['gesture'])}" if moves["gesture"]
                 else "gives no gestures")
    parts.append(f"presses {_times(len(moves['pressure']))} {_rounds(moves['pressure'])}" if moves["pressure"]
                 else "never pressures")
    calls = policy.calls_closing(rounds)
    if calls:
        parts.append(f"calls for closing in round {calls}")
    if policy.walk_out == rounds + 1 or (policy.walk_out and calls and policy.walk_out > calls):
        parts.append("walks out in the closing round")
    elif policy.walk_out:
        parts.append(f"walks out in round {policy.walk_out}")
    else:
        parts.append("never walks out")
    return "; ".join(parts)
