"""A game in progress: the object the state machine drives.

`Session.act(action)` is the one way in (`attempt` for a player that falls
back on another move when one is refused). It fires the trigger named by the
action's kind once `why_not` has found nothing against it (the flow's table
for the phase, `legality.problem` for the content, neither with side
effects), as the flow's machine would (`dispatch`), and the handler table in
`handlers` does the work. Everything that changes is kept in `self.state`, a
`SessionState`; all chance comes from one `random.Random(seed)`, so the same
scenario, seed and actions always give the same game.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from functools import cached_property

from roleplay.engine import conclusion, dispatch, gaps, handlers, legality, reactions, rounds, types
from roleplay.engine.actions import Action, OfferGesture
from roleplay.engine.counterparts import Candidate
from roleplay.engine.dialogue import Tag
from roleplay.engine.flow import PLAYER_MOVES, STATES
from roleplay.engine.intel import Range
from roleplay.engine.shared import shared
from roleplay.engine.state import Meters, Offer, SessionState, Statement
from roleplay.engine.utility import Package, Utility
from roleplay.engine.view import PlayerView, SeenGap
from roleplay.scenario.models import CounterpartType, Delegation, Gesture, IntelGrant, LineTag, Role, Scenario


class IllegalAction(Exception):
    """An action the game does not allow now; the message says why."""


class Session:
    """One player's game of one scenario."""

    phase: str
    """The phase: one of the flow's states, set by its machine."""

    def __init__(self, scenario: Scenario, delegation: str, seed: int = 0,
                 forced_types: Mapping[str, str] | None = None) -> None:
        scenario = types.written(scenario)
        self.written = scenario
        self.me = delegation
        self.rng = random.Random(seed)
        self.actions: list[Action] = []
        self.seen_gaps: list[SeenGap] = []
        """`state.gaps` as the player may see them, one for one (kept by `gaps.record`)."""
        self.gap_basis: dict[str, tuple[Utility, dict[str, str], dict[str, str], tuple[gaps.Row, ...]]] = {}
        """Per counterpart: what its gaps were last worked out from (a valuation, the player's expectations
        and walk-away points, copies), and the rows `gaps.record` made of them."""
        self.last_view: PlayerView | None = None
        """The player's view last taken (by `view.player_view`), whose unchanged parts the next one shares."""
        self._beliefs: dict[str, tuple[dict[str, Range], dict[str, float]]] = {}
        """Per counterpart: the intelligence a belief was worked out from (a copy), and that belief."""
        self.granted: dict[str, tuple[list[IntelGrant], tuple[Range, ...], tuple[Range, ...]]] = {}
        """Per source of intelligence: its grants, the ranges they last started from and those they left
        (kept by `reactions.grant_intel`: a source's draws depend on nothing else in a game)."""
        self.prepared: tuple[list[str], list[str], dict[str, dict[str, Range]]] | None = None
        """What the player knew when `reactions.prepared_intel` last built it: from these consultations
        and this team, a copy (kept by `reactions`, for adding a member's intelligence without starting again)."""
        self._ranges: tuple[dict[str, str], dict[str, tuple[int, int]], dict[str, frozenset[str]]] | None = None
        """The walk-away points the player's ranges were worked out from (a copy), those ranges, and the
        options within them."""
        self.rules_after: dict[tuple[str, str | None], tuple[Candidate, ...]] = {}
        """Per delegation and move just made: the rules that can answer it in this game (kept by `counterparts`)."""
        self.offer_worth: tuple[Offer, tuple[float, float]] | None = None
        """The player's last offer and what it is worth to the player and to the counterparts (kept by `rounds`:
        the next offer is classed against it, and working that out again would value its package once more)."""
        self._unshifted: dict[str, Utility] = {}
        self._shifted: dict[str, tuple[dict[str, int], Utility]] = {}
        self.scenario = scenario
        self._check_seat(delegation)
        drawn = types.draw(scenario, [d.id for d in scenario.principals() if d.id != delegation], seed, forced_types)
        self.scenario = types.as_type(scenario, drawn)
        self.state = SessionState(
            scenario=scenario.id, delegation=delegation, seed=seed, budget_left=scenario.preparation.budget,
            types=dict(drawn),
        )
        self._seed_table()
        self.phase = STATES[0]

    # --- the way in -------------------------------------------------------

    def act(self, action: Action) -> None:
        """Play one action, or raise `IllegalAction` saying why it is not allowed now."""
        reason = self.attempt(action)
        if reason is not None:
            raise IllegalAction(reason)

    def attempt(self, action: Action) -> str | None:
        """Play one action if it is allowed now and return None; else change nothing and say why not.

        For players that try a move and fall back on another: one check, where `can` then `act` make two.
        """
        reason = self.why_not(action)
        if reason is None:
            self.trigger(action.kind, action)
        return reason

    def trigger(self, name: str, *args: object) -> None:
        """Fire one of the flow's triggers on this session, as the flow's machine does (`dispatch`)."""
        dispatch.fire(self, name, *args)

    def conclude(self) -> None:
        """The talks have ended (the engine's trigger): to `concluded`, then wrap up."""
        self.trigger("conclude")

    def run_out(self) -> None:
        """The rounds are used up (the engine's trigger): to the last-offer round."""
        self.trigger("run_out")

    def can(self, action: Action) -> bool:
        return self.why_not(action) is None

    def why_not(self, action: Action) -> str | None:
        """Why an action is refused now, or None; reads the flow's table rather than asking the machine to search it.

        The phase comes first: a move the phase does not allow is refused for
        that, whatever else is wrong with it, so the player is never sent to
        fix a package they could not propose anyway.
        """
        if (self.phase, action.kind) not in PLAYER_MOVES:
            return f"you cannot {action.kind.replace('_', ' ')} during {self.phase}"
        return legality.problem(self, action)

    def _perform(self, action: Action) -> None:
        self.actions.append(action)
        handlers.HANDLERS[action.kind](self, action)

    def _sync_phase(self, *args: object) -> None:
        self.state.phase = self.phase

    def _enter_closing(self, *args: object) -> None:
        rounds.enter_closing(self)

    def _wrap_up(self, *args: object) -> None:
        conclusion.conclude(self)

    # --- who is who -------------------------------------------------------

    @cached_property
    def counterparts(self) -> list[Delegation]:
        return [d for d in self.scenario.principals() if d.id != self.me]

    @cached_property
    def bystanders(self) -> list[Delegation]:
        return [d for d in self.scenario.delegations if d.role is not Role.principal]

    @property
    def main(self) -> Delegation:
        return self.counterparts[0]

    @cached_property
    def player(self) -> Delegation:
        """The played delegation (of the scenario as typed, which is fixed once the session is made)."""
        return self.scenario.delegation(self.me)

    def kind(self, delegation: str) -> CounterpartType | None:
        """The type drawn for a counterpart, if its delegation has types (looked up once per scenario: every answer asks)."""
        drawn = self.state.types.get(delegation)
        if not drawn:
            return None
        written = self.written
        return written.memo(("type", delegation, drawn), lambda: types.type_of(written.delegation(delegation), drawn))

    def belief(self, delegation: str) -> dict[str, float]:
        """What the player can believe of a counterpart's type from the intelligence gathered.

        Worked out again only when that intelligence has changed, and shared by the games on the scenario
        that gathered the same: a game starts knowing what every game does, and one strategy's games learn
        much the same things.
        """
        known = self.state.intel.get(delegation, {})
        kept = self._beliefs.get(delegation)
        if kept is None or kept[0] != known:
            copy, written = dict(known), self.written
            kept = self._beliefs[delegation] = (copy, shared(written, "beliefs", (delegation, tuple(copy.items())),
                                                             lambda: types.belief(written.delegation(delegation),
                                                                                  written, copy)))
        return dict(kept[1])

    def counterpart(self, delegation: str | None) -> Delegation:
        return self.scenario.delegation(delegation) if delegation else self.main

    def utility(self, delegation: str) -> Utility:
        """A delegation's valuation now: counterparts' shifts apply, the player's walk-aways do not."""
        shifts = self.state.shifts.get(delegation)
        if not shifts:
            return self.true_utility(delegation)
        kept = self._shifted.get(delegation)
        if kept is None or kept[0] != shifts:
            kept = self._shifted[delegation] = (dict(shifts), self._valuation(delegation, shifts))
        return kept[1]

    def true_utility(self, delegation: str) -> Utility:
        """A delegation's interests as the scenario states them, for scoring.

        Kept on the session once looked up: the round logic asks for them dozens of times a move.
        """
        found = self._unshifted.get(delegation)
        if found is None:
            found = self._unshifted[delegation] = self._valuation(delegation, {})
        return found

    def _valuation(self, delegation: str, shifts: Mapping[str, int]) -> Utility:
        """Shared by every game on the scenario: it depends on nothing but the scenario and its arguments."""
        other = self.me if delegation != self.me else self.main.id
        key = ("utility", delegation, other, tuple(sorted(shifts.items())))
        return self.scenario.memo(key, lambda: Utility(self.scenario, delegation, shifts, away_from=other))

    def gestures_available(self) -> list[Gesture]:
        """Gestures the player may still offer, whatever the phase (the engine's own check decides)."""
        return [g for g in self.scenario.gestures if legality.problem(self, OfferGesture(gesture=g.id)) is None]

    def player_range(self, issue: str) -> tuple[int, int]:
        """What the player accepts on an issue: the walk-away point and everything on the ideal's side of it."""
        return self.player_ranges()[issue]

    def player_ranges(self) -> Mapping[str, tuple[int, int]]:
        """`player_range` for every issue of the player's stance, kept until the walk-away points change.

        They are chosen in preparation, and every proposal's check and every round's gaps ask.
        """
        return self._within_walkaways()[1]

    def accepted_options(self) -> Mapping[str, frozenset[str]]:
        """Per issue of the player's stance, the options within `player_range`, kept with the ranges.

        Every proposal is checked against the walk-away points: one look-up per issue answers it.
        """
        return self._within_walkaways()[2]

    def _within_walkaways(self) -> tuple[dict[str, str], dict[str, tuple[int, int]], dict[str, frozenset[str]]]:
        """The walk-away points last read (a copy), and the ranges and options within them.

        Those depend on the seat and its walk-away points alone: shared by the games on the scenario
        that chose the same ones (most choose none), as a game's first proposal would work them out again.
        """
        walkaways = self.state.walkaways
        kept = self._ranges
        if kept is None or kept[0] != walkaways:
            chosen = dict(walkaways)
            ranges, options = shared(self.scenario, "walk-away ranges", (self.me, tuple(chosen.items())),
                                     lambda: self._ranges_within(chosen))
            kept = self._ranges = (chosen, ranges, options)
        return kept

    def _ranges_within(self, walkaways: Mapping[str, str]) -> tuple[dict[str, tuple[int, int]], dict[str, frozenset[str]]]:
        """Per issue of the player's stance: the ranks from the walk-away point to the ideal's end, and their options."""
        scenario = self.scenario
        ranges: dict[str, tuple[int, int]] = {}
        options: dict[str, frozenset[str]] = {}
        for issue, stance in self.player.stances.items():
            ideal, reservation = scenario.rank(issue, stance.ideal), scenario.rank(issue, stance.reservation)
            ids = scenario.issue(issue).option_ids
            if reservation == ideal:
                lo = hi = ideal
            else:
                chosen = walkaways.get(issue)
                walkaway = reservation if chosen is None else scenario.rank(issue, chosen)
                lo, hi = (0, walkaway) if reservation > ideal else (walkaway, len(ids) - 1)
            ranges[issue] = (lo, hi)
            options[issue] = frozenset(ids[lo:hi + 1])
        return ranges, options

    def crossings(self, package: Mapping[str, str]) -> list[str]:
        """The issues on which a package goes beyond the player's walk-away point."""
        accepted = self.accepted_options()
        return [issue for issue, option in package.items() if option not in accepted[issue]]

    # --- small state helpers used by the round logic ------------------------

    def say(self, speaker: str, text: str, tag: Tag = "") -> None:
        """Add a line to the transcript (a statement's fields by position: every line of a game is one)."""
        tag_value = tag.value if isinstance(tag, LineTag) else tag
        self.state.transcript.append(Statement(self.state.round, speaker, text, tag_value))

    def said(self, speaker: str) -> list[str]:
        """Everything this speaker has said in this game, oldest first."""
        return [statement.text for statement in self.state.transcript if statement.speaker == speaker]

    def meters(self, delegation: str) -> Meters:
        return self.state.meters[delegation]

    def nudge(self, delegations: Iterable[str], trust: float = 0.0, tension: float = 0.0) -> None:
        for delegation in delegations:
            meters = self.state.meters.get(delegation)
            if meters is not None:
                meters.trust = round(min(1.0, max(0.0, meters.trust + trust)), 6)
                meters.tension = round(min(1.0, max(0.0, meters.tension + tension)), 6)

    def their_offer(self, delegation: str) -> Package:
        return self.state.their_offers.get(delegation, {})

    def finished(self) -> bool:
        return self.phase in ("concluded", "debrief")

    # --- setting up ---------------------------------------------------------

    def _check_seat(self, delegation: str) -> None:
        seats = [d.id for d in self.scenario.playable()]
        if delegation not in seats:
            raise IllegalAction(f"'{delegation}' is not a playable delegation; choose one of: {', '.join(seats)}")

    def _seed_table(self) -> None:
        state = self.state
        for d in self.scenario.delegations:
            if d.id != self.me:
                state.meters[d.id] = Meters(trust=d.trust, tension=d.tension)
        for cp in self.counterparts:
            state.intel[cp.id] = reactions.unknown(self.scenario)
