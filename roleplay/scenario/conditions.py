"""The condition language of scripted rules, events, endings and lessons.

A condition is YAML data, never code: a mapping with exactly one key, either a
combinator (`all`, `any`, `not`) or a test on the state of the game. Each test is
a small record (`roleplay.record`) that knows how to check itself against `Facts`, the
read-only view of a session that the engine provides. Keeping the tests as
classes (rather than a table of lambdas) gives every one a schema, a docstring
and a validation error of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, Protocol, TypeAlias, Union

from roleplay.record import Record, Tagged, spec

MoveKind = Literal["propose", "probe", "gesture", "pressure", "consult", "accept", "walk_out"]
"""The player's moves at the table, as a scenario names them (`move:`, `count:`).

Declared here because the scenario language is the lower layer and may not
import the engine; the engine's table moves (`roleplay.engine.actions.Move`)
implement these words, and a test holds the two to each other.
"""
OutcomeKind = Literal["agreement", "partial", "breakdown"]
Phase = Literal["opening", "bargaining", "closing", "concluded"]


class Facts(Protocol):
    """What a condition may ask of a game. The engine implements it."""

    round: int
    phase: str

    def trust(self, of: str | None) -> float: ...
    def tension(self, of: str | None) -> float: ...
    def last_move(self) -> str | None: ...
    def last_subject(self) -> str | None: ...
    def offered(self, issue: str) -> str | None: ...
    def expected(self, issue: str) -> str | None: ...
    def agreed(self, issue: str) -> str | None: ...
    def rank(self, issue: str, option: str) -> int: ...
    def has_flag(self, flag: str) -> bool: ...
    def has_member(self, member: str) -> bool: ...
    def has_consulted(self, delegation: str) -> bool: ...
    def outcome(self) -> str | None: ...
    def move_count(self, kind: str) -> int: ...
    def has_given(self, gesture: str) -> bool: ...
    def budget_spent(self) -> float: ...
    def playing(self) -> str: ...


Ref = tuple[str, str, "str | None"]
Ranks = Mapping[str, Mapping[str, int]]
"""A scenario's scales: issue -> option -> rank."""
Check = Callable[[Facts], bool]
"""A test as one call: true when it holds."""


class Needs(NamedTuple):
    """What a game must be like for a condition to hold at all: necessary, never sufficient.

    Rules and events are checked after every move, and most of them name the
    move they answer, the rounds they belong to or the side they are told to:
    read off once, these spare evaluating a condition that cannot hold now.
    """

    moves: frozenset[str] | None = None
    """The moves after which it can hold; None: after any move, or before the first."""
    first_round: float = 0
    last_round: float = math.inf
    playing: frozenset[str] | None = None
    """The delegations played when it can hold; None: whichever is."""

    def both(self, other: Needs) -> Needs:
        """What two conditions that must both hold need."""
        return Needs(_meet(self.moves, other.moves), max(self.first_round, other.first_round),
                     min(self.last_round, other.last_round), _meet(self.playing, other.playing))

    def either(self, other: Needs) -> Needs:
        """What one of two conditions needs, whichever holds."""
        return Needs(_join(self.moves, other.moves), min(self.first_round, other.first_round),
                     max(self.last_round, other.last_round), _join(self.playing, other.playing))

    def in_round(self, number: int) -> bool:
        return self.first_round <= number <= self.last_round

    def met(self, number: int, move: str | None) -> bool:
        """Whether a game in this round, after this move, is what the condition needs (the side is sorted out
        once per scenario, when the condition is `prepared`)."""
        return self.first_round <= number <= self.last_round and (self.moves is None or move in self.moves)


def _meet(one: frozenset[str] | None, other: frozenset[str] | None) -> frozenset[str] | None:
    return other if one is None else one if other is None else one & other


def _join(one: frozenset[str] | None, other: frozenset[str] | None) -> frozenset[str] | None:
    return None if one is None or other is None else one | other


ANYTHING = Needs()


class _Test(Record):
    def holds(self, facts: Facts) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def needs(self) -> Needs:
        """What the game must be like for this test to hold (by default: nothing in particular)."""
        return ANYTHING

    def check(self, ranks: Ranks) -> Check:
        """This test as one call against a scenario's scales, true exactly when `holds` is (by default: `holds`).

        For rules and events, checked after every move: a test of a position on
        a scale compares ranks that never change during a game, so it is turned
        once into the set of options it allows.
        """
        return self.holds

    def children(self) -> list[_Test]:
        """The conditions nested inside this one (only combinators have any)."""
        return []

    def refs(self) -> list[Ref]:
        """The ids this test names, for the loader to check: (kind, id, issue of an option)."""
        return []


class Meter(Record):
    """A bound on a trust or tension meter (0..1)."""

    at_least: float | None = spec(default=None, ge=0, le=1, description="True when the meter is at or above this value.")
    below: float | None = spec(default=None, ge=0, le=1, description="True when the meter is strictly below this value.")
    of: str | None = spec(
        default=None,
        description="The delegation whose meter is read; by default the one whose rule this is "
        "(for events, lessons and endings: the main counterpart).",
    )

    def contains(self, value: float) -> bool:
        low_ok = self.at_least is None or value >= self.at_least
        high_ok = self.below is None or value < self.below
        return low_ok and high_ok


class Scale(Record):
    """A position on one issue's ordered options, compared by rank."""

    record_config = {"populate_by_name": True}
    issue: str = spec(description="The issue id.")
    is_: str | None = spec(default=None, validation_alias="is", serialization_alias="is",
                           description="True when the option is exactly this one.")
    at_least: str | None = spec(default=None, description="True when the option is this one or further along the scale.")
    at_most: str | None = spec(default=None, description="True when the option is this one or earlier on the scale.")

    def options(self) -> list[str]:
        return [o for o in (self.is_, self.at_least, self.at_most) if o is not None]

    def refs(self) -> list[Ref]:
        return [("issue", self.issue, None), *(("option", option, self.issue) for option in self.options())]

    def contains(self, facts: Facts, option: str | None) -> bool:
        if option is None:
            return False
        rank = facts.rank(self.issue, option)
        if self.is_ is not None and rank != facts.rank(self.issue, self.is_):
            return False
        if self.at_least is not None and rank < facts.rank(self.issue, self.at_least):
            return False
        return self.at_most is None or rank <= facts.rank(self.issue, self.at_most)

    def allowed(self, ranks: Mapping[str, int]) -> frozenset[str]:
        """The options `contains` is true of, given the ranks of the issue's options."""
        return frozenset(option for option, rank in ranks.items()
                         if (self.is_ is None or rank == ranks[self.is_])
                         and (self.at_least is None or rank >= ranks[self.at_least])
                         and (self.at_most is None or rank <= ranks[self.at_most]))


class Count(Record):
    """How many moves of one kind the player has made so far."""

    kind: MoveKind = spec(description="The kind of move counted.")
    at_least: int | None = spec(default=None, ge=0, description="True when at least this many were made.")
    at_most: int | None = spec(default=None, ge=0, description="True when at most this many were made.")


class RoundAtLeast(_Test):
    round_at_least: int = spec(ge=0, description="True from this round on (0 is the opening).")

    def holds(self, facts: Facts) -> bool:
        return facts.round >= self.round_at_least

    def needs(self) -> Needs:
        return Needs(first_round=self.round_at_least)


class RoundAtMost(_Test):
    round_at_most: int = spec(ge=0, description="True up to and including this round.")

    def holds(self, facts: Facts) -> bool:
        return facts.round <= self.round_at_most

    def needs(self) -> Needs:
        return Needs(last_round=self.round_at_most)


class PhaseIs(_Test):
    phase: Phase = spec(description="True in this phase of the talks.")

    def holds(self, facts: Facts) -> bool:
        return facts.phase == self.phase


class TrustIs(_Test):
    trust: Meter = spec(description="A bound on a delegation's trust in the player.")

    def holds(self, facts: Facts) -> bool:
        return self.trust.contains(facts.trust(self.trust.of))

    def refs(self) -> list[Ref]:
        return [("delegation", self.trust.of, None)] if self.trust.of else []


class TensionIs(_Test):
    tension: Meter = spec(description="A bound on a delegation's tension with the player.")

    def holds(self, facts: Facts) -> bool:
        return self.tension.contains(facts.tension(self.tension.of))

    def refs(self) -> list[Ref]:
        return [("delegation", self.tension.of, None)] if self.tension.of else []


class MoveIs(_Test):
    move: MoveKind | list[MoveKind] = spec(description="True when the move just made is (one of) these.")

    def holds(self, facts: Facts) -> bool:
        move = self.move
        return facts.last_move() in move if isinstance(move, list) else facts.last_move() == move

    def needs(self) -> Needs:
        return Needs(moves=frozenset(self.move if isinstance(self.move, list) else [self.move]))


class SubjectIs(_Test):
    about: str = spec(
        description="True when the move just made concerns this issue, gesture or delegation "
        "(the issue probed or pressed, the gesture offered, the delegation consulted)."
    )

    def holds(self, facts: Facts) -> bool:
        return facts.last_subject() == self.about

    def refs(self) -> list[Ref]:
        return [("subject", self.about, None)]


class Offered(_Test):
    offered: Scale = spec(description="A bound on the player's standing offer on an issue.")

    def holds(self, facts: Facts) -> bool:
        return self.offered.contains(facts, facts.offered(self.offered.issue))

    def check(self, ranks: Ranks) -> Check:
        return partial(_offered_within, self.offered.issue, self.offered.allowed(ranks[self.offered.issue]))

    def refs(self) -> list[Ref]:
        return self.offered.refs()


class Expects(_Test):
    expects: Scale = spec(description="A bound on the expectation the player wrote down in preparation.")

    def holds(self, facts: Facts) -> bool:
        return self.expects.contains(facts, facts.expected(self.expects.issue))

    def check(self, ranks: Ranks) -> Check:
        return partial(_expected_within, self.expects.issue, self.expects.allowed(ranks[self.expects.issue]))

    def refs(self) -> list[Ref]:
        return self.expects.refs()


class Agreed(_Test):
    agreed: Scale = spec(description="A bound on what was agreed on an issue (false when it was not settled).")

    def holds(self, facts: Facts) -> bool:
        return self.agreed.contains(facts, facts.agreed(self.agreed.issue))

    def check(self, ranks: Ranks) -> Check:
        return partial(_agreed_within, self.agreed.issue, self.agreed.allowed(ranks[self.agreed.issue]))

    def refs(self) -> list[Ref]:
        return self.agreed.refs()


class Unsettled(_Test):
    unsettled: str = spec(description="True when this issue was left without agreement.")

    def holds(self, facts: Facts) -> bool:
        return facts.agreed(self.unsettled) is None

    def refs(self) -> list[Ref]:
        return [("issue", self.unsettled, None)]


class FlagSet(_Test):
    flag: str = spec(description="True when this flag has been set by a rule, event or consultation.")

    def holds(self, facts: Facts) -> bool:
        return facts.has_flag(self.flag)

    def refs(self) -> list[Ref]:
        return [("flag", self.flag, None)]


class TeamHas(_Test):
    team: str = spec(description="True when this roster member sits on the player's team.")

    def holds(self, facts: Facts) -> bool:
        return facts.has_member(self.team)

    def refs(self) -> list[Ref]:
        return [("team member", self.team, None)]


class Consulted(_Test):
    consulted: str = spec(description="True when the player has consulted this delegation.")

    def holds(self, facts: Facts) -> bool:
        return facts.has_consulted(self.consulted)

    def refs(self) -> list[Ref]:
        return [("delegation", self.consulted, None)]


class GestureGiven(_Test):
    gave: str = spec(description="True when the player has offered this gesture.")

    def holds(self, facts: Facts) -> bool:
        return facts.has_given(self.gave)

    def refs(self) -> list[Ref]:
        return [("gesture", self.gave, None)]


class OutcomeIs(_Test):
    outcome: OutcomeKind | list[OutcomeKind] = spec(description="True when the talks ended this way.")

    def holds(self, facts: Facts) -> bool:
        kinds = self.outcome if isinstance(self.outcome, list) else [self.outcome]
        return facts.outcome() in kinds


class MovesMade(_Test):
    moves: Count = spec(description="A bound on how many moves of a kind the player made.")

    def holds(self, facts: Facts) -> bool:
        made = facts.move_count(self.moves.kind)
        low_ok = self.moves.at_least is None or made >= self.moves.at_least
        high_ok = self.moves.at_most is None or made <= self.moves.at_most
        return low_ok and high_ok


class BudgetSpent(_Test):
    budget_spent: Meter = spec(description="A bound on the share (0..1) of the preparation budget spent.")

    def holds(self, facts: Facts) -> bool:
        return self.budget_spent.contains(facts.budget_spent())


class PlayingAs(_Test):
    playing: str = spec(description="True when the player plays this delegation: for endings and lessons told per side.")

    def holds(self, facts: Facts) -> bool:
        return facts.playing() == self.playing

    def needs(self) -> Needs:
        return Needs(playing=frozenset([self.playing]))

    def refs(self) -> list[Ref]:
        return [("delegation", self.playing, None)]


class AllOf(_Test):
    all: list[Condition] = spec(min_length=1, description="True when every condition holds.")

    def holds(self, facts: Facts) -> bool:
        for condition in self.all:  # a loop, not all() over a generator: rules are checked after every move
            if not condition.holds(facts):
                return False
        return True

    def needs(self) -> Needs:
        found = ANYTHING
        for condition in self.all:
            found = found.both(condition.needs())
        return found

    def children(self) -> list[_Test]:
        return list(self.all)


class AnyOf(_Test):
    any: list[Condition] = spec(min_length=1, description="True when at least one condition holds.")

    def holds(self, facts: Facts) -> bool:
        return any(c.holds(facts) for c in self.any)

    def needs(self) -> Needs:
        first, *rest = [condition.needs() for condition in self.any]
        for other in rest:
            first = first.either(other)
        return first

    def children(self) -> list[_Test]:
        return list(self.any)


class NotOf(_Test):
    not_: Condition = spec(validation_alias="not", serialization_alias="not",
                          description="True when the condition does not hold.")
    record_config = {"populate_by_name": True}

    def holds(self, facts: Facts) -> bool:
        return not self.not_.holds(facts)

    def check(self, ranks: Ranks) -> Check:
        return partial(_fails, self.not_.check(ranks))

    def children(self) -> list[_Test]:
        return [self.not_]


TESTS: dict[str, type[_Test]] = {
    "all": AllOf,
    "any": AnyOf,
    "not": NotOf,
    "round_at_least": RoundAtLeast,
    "round_at_most": RoundAtMost,
    "phase": PhaseIs,
    "trust": TrustIs,
    "tension": TensionIs,
    "move": MoveIs,
    "about": SubjectIs,
    "offered": Offered,
    "expects": Expects,
    "agreed": Agreed,
    "unsettled": Unsettled,
    "flag": FlagSet,
    "team": TeamHas,
    "consulted": Consulted,
    "gave": GestureGiven,
    "outcome": OutcomeIs,
    "moves": MovesMade,
    "budget_spent": BudgetSpent,
    "playing": PlayingAs,
}
"""Every condition key and the test it names: the whole language."""


def condition_key(value: Any) -> str | None:
    """Pick the test by the single key of the mapping; None makes pydantic report it."""
    if isinstance(value, _Test):
        return next(k for k, cls in TESTS.items() if cls is type(value))
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return key if key in TESTS else None
    return None


if TYPE_CHECKING:
    # Statically every condition is a test; checked, it is the union of all of them, told apart by their key.
    Condition: TypeAlias = _Test
else:
    Condition = Annotated[
        Union[tuple(TESTS.values())],
        Tagged(condition_key, TESTS, error_type="condition", error_message="not a condition"),
        spec(description="A test on the state of the game, or all/any/not over tests. One key per mapping."),
    ]


# What `check` makes of the tests that have more to it than `holds`: partial applications of these,
# which pickle (a scenario sent to another process takes what was derived from it along).


def _offered_within(issue: str, allowed: frozenset[str], facts: Facts) -> bool:
    return facts.offered(issue) in allowed


def _expected_within(issue: str, allowed: frozenset[str], facts: Facts) -> bool:
    return facts.expected(issue) in allowed


def _agreed_within(issue: str, allowed: frozenset[str], facts: Facts) -> bool:
    return facts.agreed(issue) in allowed


def _fails(check: Check, facts: Facts) -> bool:
    return not check(facts)


MET_BY_NEEDS: tuple[type[_Test], ...] = (MoveIs, PlayingAs, RoundAtLeast, RoundAtMost)
"""Tests whose `needs` say all they test: where what a condition needs is met, they hold."""


def left_to_test(condition: _Test) -> tuple[_Test, ...]:
    """The tests a condition still has to pass where what it `needs` is met: all of them must hold.

    A rule's condition is mostly the move it answers and the rounds and side it
    belongs to, and then one or two tests of the game; once the first are known
    to be met, only the others are evaluated. Conditions have no side effects,
    so leaving out a test known to hold changes no answer.
    """
    parts = condition.all if isinstance(condition, AllOf) else [condition]
    return tuple(part for part in parts if not isinstance(part, MET_BY_NEEDS))


def prepared(condition: _Test, ranks: Ranks) -> tuple[Needs, tuple[Check, ...]]:
    """A condition as rules, events and lessons check it after every move: what it needs, and the tests
    left to pass where that is met, each as one call against the scenario's scales (`check`)."""
    return condition.needs(), tuple(test.check(ranks) for test in left_to_test(condition))


def all_pass(checks: tuple[Check, ...], facts: Facts) -> bool:
    """Whether every one of a prepared condition's checks holds (a loop, not all() over a generator:
    rules and events are checked after every move)."""
    for check in checks:
        if not check(facts):
            return False
    return True


def walk(condition: _Test) -> list[_Test]:
    """Every test inside a condition, combinators included, depth first."""
    found: list[_Test] = [condition]
    for child in condition.children():
        found.extend(walk(child))
    return found
