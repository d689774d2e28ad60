"""Scripted players, for tests, simulation and balancing.

A strategy sees only the `PlayerView` (what a human player would see) and the
public scenario. Each answers three questions: how to prepare, how to open,
and which move to make now.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Protocol, TypeVar

from roleplay.engine import actions as a
from roleplay.engine.actions import Action
from roleplay.engine.concession import counter_offer
from roleplay.engine.posture import Posture
from roleplay.engine.utility import Package, Utility
from roleplay.engine.view import PlayerView
from roleplay.scenario.models import Scenario
from roleplay.simulation.tactics import Tactics


class Strategy(Protocol):
    name: str

    def prepare(self, view: PlayerView) -> list[Action]: ...
    def expectations(self, view: PlayerView) -> list[Action]: ...
    def open(self, view: PlayerView) -> a.OpenTalks: ...
    def move(self, view: PlayerView) -> Action: ...


ActionT = TypeVar("ActionT", a.PickMember, a.ConsultAlly, a.SetExpectation, a.Probe, a.OfferGesture)


@lru_cache(maxsize=4096)
def _made(kind: type[ActionT], **fields: str) -> ActionT:
    """An action with these fields, made once: actions are immutable values, and the strategies make the
    same few (a member picked, an expectation written) game after game."""
    return kind(**fields)  # type: ignore[arg-type]  # each kind's own fields, given by name


class _Base:
    name = "base"
    draws = False
    """Whether it plays by chance, from a generator of its own: `play_game` seeds one only for those that do
    (seeding a generator costs about as much as a move's bookkeeping, and most strategies never draw)."""

    def __init__(self, scenario: Scenario, me: str, rng: random.Random | None = None) -> None:
        self.scenario = scenario
        self.me = me
        self._rng = rng
        self.utility = scenario.memo(("player-utility", me), lambda: Utility(scenario, me))

    @property
    def rng(self) -> random.Random:
        """The generator it plays by chance from (only a strategy that `draws` is sure to be given one)."""
        if self._rng is None:
            raise ValueError(f"the {self.name} strategy was given no generator to draw from")
        return self._rng

    def prepare(self, view: PlayerView) -> list[Action]:
        """Team, consultations and first expectations: every strategy has its own."""
        raise NotImplementedError

    def expectations(self, view: PlayerView) -> list[Action]:
        """Expectations written once preparation has brought its intelligence in (default: none more)."""
        return []

    def open(self, view: PlayerView) -> a.OpenTalks:
        raise NotImplementedError

    def move(self, view: PlayerView) -> Action:
        raise NotImplementedError

    def _rank(self, issue: str, option: str) -> int:
        return self.scenario.rank(issue, option)

    def _option(self, issue: str, rank: int) -> str:
        return self.scenario.issue(issue).options[rank].id

    def _main_offer(self, view: PlayerView) -> Mapping[str, str]:
        return view.their_offers.get(view.counterparts[0], {})

    def _expect_everywhere(self, pick: Callable[[str], str]) -> list[Action]:
        return [_made(a.SetExpectation, issue=i.id, option=pick(i.id)) for i in self.scenario.issues]


class RandomPlayer(_Base):
    """Does anything legal, at random: the baseline."""

    name = "random"
    draws = True

    def prepare(self, view: PlayerView) -> list[Action]:
        """Everyone on the roster and beside the table, eligible or not: the game refuses whom it must.

        The draws run over the whole roster, so a seed plays the same game whoever the scenario lets it pick.
        """
        roster = [m.id for m in self.scenario.team.roster]
        allies = [d for d in view.bystanders]
        picks: list[Action] = [_made(a.PickMember, member=m) for m in self.rng.sample(roster, len(roster))]
        consults: list[Action] = [_made(a.ConsultAlly, delegation=d) for d in allies if self.rng.random() < 0.5]
        options = {i.id: [o.id for o in i.options] for i in self.scenario.issues}
        return picks + consults + self._expect_everywhere(lambda issue: self.rng.choice(options[issue]))

    def open(self, view: PlayerView) -> a.OpenTalks:
        return a.OpenTalks(posture=self.rng.choice(list(Posture)), offer=self._random_package())

    def move(self, view: PlayerView) -> Action:
        if view.phase == "closing":
            return a.Accept() if self.rng.random() < 0.5 else a.Propose(package=self._random_package())
        choices: list[Callable[[], Action]] = [
            lambda: a.Propose(package=self._random_package()),
            lambda: a.Probe(issue=self.rng.choice(self.scenario.issues).id),
            lambda: a.Pressure(),
            lambda: a.Accept(),
        ]
        if view.bystanders:
            choices.append(lambda: a.Consult(delegation=self.rng.choice(view.bystanders)))
        gestures = [g.id for g in self.scenario.gestures if (not g.by or self.me in g.by) and g.id not in view.gestures_given]
        if gestures:
            choices.append(lambda: a.OfferGesture(gesture=self.rng.choice(gestures)))
        if self.rng.random() < 0.04:
            return a.WalkOut()
        return self.rng.choice(choices)()

    def _random_package(self) -> Package:
        return {i.id: self.rng.choice(i.options).id for i in self.scenario.issues}


class Maximalist(_Base):
    """Expects everything, asks for its ideal, never moves and leans on the other side."""

    name = "maximalist"

    def prepare(self, view: PlayerView) -> list[Action]:
        ideal = self.utility.ideal()
        return self._expect_everywhere(lambda issue: ideal[issue])

    def open(self, view: PlayerView) -> a.OpenTalks:
        return a.OpenTalks(posture=Posture.firm, offer=self.utility.ideal())

    def move(self, view: PlayerView) -> Action:
        if view.phase == "bargaining" and view.round % 2 == 0:
            return a.Pressure()
        return a.Propose(package=self.utility.ideal())


class Passive(_Base):
    """Expects little, prepares nothing, and takes the first offer it gets."""

    name = "passive"

    def prepare(self, view: PlayerView) -> list[Action]:
        stances = self.scenario.delegation(self.me).stances
        return self._expect_everywhere(lambda issue: stances[issue].reservation)

    def open(self, view: PlayerView) -> a.OpenTalks:
        stances = self.scenario.delegation(self.me).stances
        middle = {}
        for issue, stance in stances.items():
            ideal, worst = self._rank(issue, stance.ideal), self._rank(issue, stance.reservation)
            middle[issue] = self._option(issue, (ideal + worst) // 2)
        return a.OpenTalks(posture=Posture.open, offer=middle)

    def move(self, view: PlayerView) -> Action:
        """Take their offer, or as much of it as its instructions allow."""
        theirs = self._main_offer(view)
        allowed = self._clamped(theirs)
        return a.Accept() if allowed == theirs else a.Propose(package=allowed)

    def _clamped(self, package: Mapping[str, str]) -> Package:
        clamped = {}
        for issue, option in package.items():
            lo, hi = self.utility.issues[issue].acceptable_range()
            clamped[issue] = self._option(issue, min(max(self._rank(issue, option), lo), hi))
        return clamped


class Realistic(_Base):
    """Prepares, expects what intelligence says is achievable, probes, trades across issues, uses gestures."""

    name = "realistic"

    def __init__(self, scenario: Scenario, me: str, rng: random.Random | None = None) -> None:
        super().__init__(scenario, me, rng)
        self.tactics = Tactics(self.utility)
        self._expected: tuple[Mapping[str, str], float] | None = None
        """The expectations last valued, and their worth: asked every move, while views hand the same ones on."""

    def prepare(self, view: PlayerView) -> list[Action]:
        roster = {m.id: m for m in self.scenario.team.roster}
        members = sorted((roster[m] for m in view.pickable), key=lambda m: (-len(m.intel), m.cost, m.id))
        actions: list[Action] = [_made(a.PickMember, member=m.id) for m in members]
        actions += [_made(a.ConsultAlly, delegation=d) for d in view.consultable]
        return actions

    def expectations(self, view: PlayerView) -> list[Action]:
        """After intelligence is in: expect the middle of what the counterpart is thought to expect,
        kept inside what this side accepts."""
        stances = view.my_stances
        known = view.intel[view.counterparts[0]]
        actions: list[Action] = []
        for issue in self.scenario.issues:
            stance, window = stances[issue.id], known[issue.id]
            lo, hi = sorted((self._rank(issue.id, stance.ideal), self._rank(issue.id, stance.reservation)))
            guess = (window.lo + window.hi + 1) // 2 if window.width > 1 else window.lo
            actions.append(_made(a.SetExpectation, issue=issue.id, option=issue.options[min(max(guess, lo), hi)].id))
        return actions

    def open(self, view: PlayerView) -> a.OpenTalks:
        return a.OpenTalks(posture=Posture.balanced, offer=self.utility.ideal())

    HOLD = 0.6
    """The share of the rounds over which it comes down from near its ideal to its expectations."""

    def _target(self, view: PlayerView) -> float:
        """What it still holds out for: near its ideal, down to its expectations, then toward its BATNA.

        A deal a little better than no deal beats no deal: in the last rounds
        it gives up what it expected rather than let the talks fail.
        """
        late = view.my_batna + 0.05
        expected = max(self._worth_of_expectations(view), late)
        t = min(view.round, view.rounds) / view.rounds
        if t <= self.HOLD:
            return expected + (1 - t / self.HOLD) * max(0.0, 0.95 - expected)
        return expected - (t - self.HOLD) / (1 - self.HOLD) * (expected - late)

    def _worth_of_expectations(self, view: PlayerView) -> float:
        """What its expectations are worth to it; a view shares them with the last until they change."""
        kept = self._expected
        if kept is None or kept[0] is not view.expectations:
            kept = self._expected = (view.expectations, self.utility.of(view.expectations))
        return kept[1]

    def move(self, view: PlayerView) -> Action:
        theirs = self._main_offer(view)
        target = self._target(view)
        worth = self.utility.of(theirs) if theirs and self.utility.accepts(theirs) else 0.0
        if view.phase == "closing":
            if worth >= view.my_batna:
                return a.Accept()
            floor = view.my_batna + 0.02
            offer = counter_offer(self.utility, theirs or view.my_positions, view.my_positions, floor)
            return a.Propose(package=self.tactics.adjust(view, offer, theirs, floor))
        if worth >= target:
            return a.Accept()
        gesture = self._gesture(view) if view.round == 0 else None
        if gesture:
            return gesture
        widest = self._widest_unknown(view) if view.round < 2 else None
        if widest:
            return _made(a.Probe, issue=widest)
        offer = counter_offer(self.utility, theirs or view.my_positions, view.my_positions, target)
        return a.Propose(package=self.tactics.adjust(view, offer, theirs, target))

    def _gesture(self, view: PlayerView) -> Action | None:
        for g in self.scenario.gestures:
            if (not g.by or self.me in g.by) and g.id not in view.gestures_given and (not g.requires or g.requires in view.team):
                return _made(a.OfferGesture, gesture=g.id)
        return None

    def _widest_unknown(self, view: PlayerView) -> str | None:
        known = view.intel[view.counterparts[0]]
        widest = max(self.scenario.issues, key=lambda i: (known[i.id].width, -self._weight(i.id)))
        return widest.id if known[widest.id].width > 2 else None

    def _weight(self, issue: str) -> float:
        return self.utility.issues[issue].weight


STRATEGIES: dict[str, type[_Base]] = {
    "random": RandomPlayer,
    "maximalist": Maximalist,
    "passive": Passive,
    "realistic": Realistic,
}
