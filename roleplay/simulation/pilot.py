"""Playing one game by a `Policy`, seeing only what a player sees.

The pilot reads the `PlayerView` before every move, as a student reads the
screen, and answers with the move its policy schedules for the round. A move
the game refuses is replaced by the nearest legal one (a consultation the
table refuses becomes a probe, anything else a proposal of its standing
position), so every game ends. Outside "take what is offered" it never
accepts an offer worth less to it than its BATNA.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from roleplay.engine import actions as a
from roleplay.engine.actions import Action
from roleplay.engine.concession import counter_offer
from roleplay.engine.session import Session
from roleplay.engine.utility import Utility
from roleplay.engine.view import PlayerView, player_view
from roleplay.scenario.models import Scenario
from roleplay.simulation.policy import INTEL, Policy
from roleplay.simulation.tactics import Tactics

IDLE_MOVES = frozenset({"probe", "consult"})
"""Moves that change no position: what stalling is made of (pressure counts apart)."""


@dataclass(frozen=True)
class Played:
    """What the audit keeps of one game: the score, how it ended, and the moves that were made."""

    score: float
    kind: str
    ending: str
    moves: tuple[str, ...]
    """The kinds of the player's moves in bargaining and closing, in order."""
    round: int
    """The round at which the talks ended."""

    @property
    def walked_out(self) -> bool:
        return bool(self.moves) and self.moves[-1] == "walk_out"


class Pilot:
    """Plays a side by a policy; one pilot per game."""

    def __init__(self, scenario: Scenario, side: str, policy: Policy) -> None:
        self.scenario = scenario
        self.side = side
        self.policy = policy
        self.utility = scenario.memo(("audit-utility", side), lambda: Utility(scenario, side))
        self.floor = min(1.0, scenario.delegation(side).batna.utility + policy.floor)
        """The least it concedes to, just above its BATNA; a side that gives in opens there."""
        self.plan = policy.schedule(scenario.rounds)
        self.takes_from = policy.takes_from(scenario.rounds)
        self.proposals = 0
        self.idle_done = 0
        self.gestures_done: set[str] = set()
        self.tactics = Tactics(self.utility)

    # --- before the talks -----------------------------------------------------

    def prepare(self, session: Session) -> None:
        session.act(a.BeginPreparation())
        team, allies = self.policy.prep
        choices: list[Action] = [*(a.PickMember(member=m) for m in team),
                                 *(a.ConsultAlly(delegation=d) for d in allies)]
        for action in choices:
            if session.can(action):
                session.act(action)
        view = player_view(session)
        for issue in self.scenario.issues:
            session.act(a.SetExpectation(issue=issue.id, option=self._expectation(view, issue.id)))
        session.act(a.FinishPreparation())

    def _expectation(self, view: PlayerView, issue: str) -> str:
        stance = view.my_stances[issue]
        ideal, reservation = self.scenario.rank(issue, stance.ideal), self.scenario.rank(issue, stance.reservation)
        if self.policy.expect is INTEL:
            known = view.intel[view.counterparts[0]][issue]
            lo, hi = sorted((ideal, reservation))
            rank = min(max((known.lo + known.hi + 1) // 2, lo), hi)
        else:
            rank = ideal + round(self.policy.expect * (reservation - ideal))
        return self.scenario.issue(issue).options[rank].id

    def opening(self) -> a.OpenTalks:
        options = self.scenario.issue
        worst = {issue: options(issue).options[v.reservation].id for issue, v in self.utility.issues.items()}
        # never below its floor: a side that gives in opens there, just above no deal, not at its walk-aways
        offer = counter_offer(self.utility, worst, worst, max(self.policy.opening, self.floor))
        return a.OpenTalks(posture=self.policy.posture, offer=offer)

    # --- at the table ---------------------------------------------------------

    def move(self, session: Session) -> Action:
        view = player_view(session)
        if view.phase == "closing":
            return self._closing(session, view)
        now = view.round + 1
        if self.policy.walk_out and now >= self.policy.walk_out:
            return a.WalkOut()
        if self.takes_from and now >= self.takes_from:
            return self._take(session, view)
        if self.policy.call_closing and now == self.policy.call_closing:
            return a.CallClosing()
        scheduled = self.plan.get(now)
        if scheduled == "idle":
            return self._idle(session, view)
        if scheduled == "pressure":
            return a.Pressure()
        if scheduled == "gesture":
            gesture = self._gesture(session)
            if gesture is not None:
                return gesture
        return self._bargain(session, view)

    def _closing(self, session: Session, view: PlayerView) -> Action:
        if self.policy.walk_out:
            return a.WalkOut()
        theirs = self._theirs(view)
        if theirs and session.can(a.Accept()) and (self.takes_from or self.utility.of(theirs) >= view.my_batna):
            return a.Accept()
        offer = counter_offer(self.utility, theirs or view.my_positions, view.my_positions, self.floor)
        return a.Propose(package=self.tactics.adjust(view, offer, theirs, self.floor))

    def _take(self, session: Session, view: PlayerView) -> Action:
        """Take the offer on the table, or as much of it as its walk-away points allow."""
        theirs = self._theirs(view)
        if theirs and session.can(a.Accept()):
            return a.Accept()
        if not theirs:
            return a.Propose(package=dict(view.my_positions))
        clamped = {}
        for issue, option in theirs.items():
            if issue not in self.utility.issues:
                clamped[issue] = option
                continue
            lo, hi = self.utility.issues[issue].acceptable_range()
            clamped[issue] = self.scenario.issue(issue).options[min(max(self.scenario.rank(issue, option), lo), hi)].id
        return a.Propose(package=clamped)

    def _bargain(self, session: Session, view: PlayerView) -> Action:
        theirs = self._theirs(view)
        holding = self._target(view, self.proposals)
        if theirs and session.can(a.Accept()):
            worth = self.utility.of(theirs)
            if worth >= max(self.policy.accept_at or holding, view.my_batna) - 1e-9:
                return a.Accept()
        self.proposals += 1
        target = self._target(view, self.proposals)
        offer = counter_offer(self.utility, theirs or view.my_positions, view.my_positions, target)
        return a.Propose(package=self.tactics.adjust(view, offer, theirs, target))

    def _idle(self, session: Session, view: PlayerView) -> Action:
        kind = self.policy.idle_kind
        if kind == "mixed":
            kind = ("probe", "consult")[self.idle_done % 2]
        self.idle_done += 1
        if kind == "consult" and view.bystanders:
            consult = a.Consult(delegation=view.bystanders[(self.idle_done - 1) % len(view.bystanders)])
            if session.can(consult):
                return consult
        return a.Probe(issue=self._widest(view))

    def _gesture(self, session: Session) -> Action | None:
        for gesture in self.scenario.gestures:
            offer = a.OfferGesture(gesture=gesture.id)
            if gesture.id not in self.gestures_done and session.can(offer):
                self.gestures_done.add(gesture.id)
                return offer
        return None

    # --- helpers --------------------------------------------------------------

    def _theirs(self, view: PlayerView) -> Mapping[str, str]:
        return view.their_offers.get(view.counterparts[0], {})

    def _target(self, view: PlayerView, proposals: int) -> float:
        """What it holds out for after so many proposals: from its opening down to its floor, at its pace."""
        start, floor = self.policy.opening, self.floor
        if floor >= start:
            return floor
        return start - (start - floor) * min(1.0, self.policy.pace * proposals)

    def _widest(self, view: PlayerView) -> str:
        """The issue it knows least about on the main counterpart, the heavier first."""
        known = view.intel[view.counterparts[0]]
        return max(self.scenario.issues, key=lambda i: (known[i.id].width, view.my_stances[i.id].weight)).id


def play(scenario: Scenario, side: str, policy: Policy, seed: int) -> Played:
    """One complete game of a side by a policy."""
    session = Session(scenario, side, seed)
    pilot = Pilot(scenario, side, policy)
    pilot.prepare(session)
    opening = pilot.opening()
    session.act(opening if session.can(opening) else a.OpenTalks(posture=opening.posture))
    moves: list[str] = []
    for _ in range(scenario.rounds + 3):
        if session.finished():
            break
        move = pilot.move(session)
        if not session.can(move):
            positions = player_view(session).my_positions
            move = a.Propose(package=dict(positions)) if positions else a.WalkOut()
        session.act(move)
        moves.append(move.kind)
    if not session.finished():  # pragma: no cover - the flow always ends within rounds + closing
        session.act(a.WalkOut())
        moves.append("walk_out")
    state = session.state
    assert state.outcome is not None and state.score is not None
    return Played(score=state.score.total, kind=state.outcome.kind, ending=state.outcome.ending,
                  moves=tuple(moves), round=state.round)


def most_frequent(games: list[Played]) -> str:
    """The ending reached most often (ties: the first in alphabetical order)."""
    counts = Counter(g.ending for g in games)
    return min(counts, key=lambda ending: (-counts[ending], ending))
