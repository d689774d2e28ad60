"""How a counterpart at the table answers a move.

Two layers: its script rules first (in order, first match wins, `once` rules
fire once), then its default policy. A rule may replace the line and add
effects while the policy still decides what to do with an offer, or it may
decide itself (`accept`, `hold`).

The default policy is reciprocal: how far a counterpart has come down its
concession curve (`progress`) follows the player's own concessions and
gestures first and the clock second, and moves that put nothing on the table
set it back. It never asks for more than its standing offer, never takes back
on one issue what it gave there, walks out after its type's patience with
maximal demands, and makes gestures of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from roleplay.engine import effects as fx
from roleplay.engine.concession import adjusted, aspiration, counter_offer
from roleplay.engine.dialogue import DEFAULT_LINES, candidates, choose, describe, mood, option_label
from roleplay.engine.facts import SessionFacts
from roleplay.engine.history import standing_positions
from roleplay.engine.utility import Package, Utility, option_ranks
from roleplay.scenario.conditions import Check, Needs, Ranks, all_pass, prepared
from roleplay.scenario.models import Delegation, Gesture, LineTag, Rule, Scenario

if TYPE_CHECKING:
    from roleplay.engine.session import Session


class Decision(StrEnum):
    """What a counterpart does with the package before it."""

    accept = "accept"
    counter = "counter"
    hold = "hold"
    none = "none"
    """Nothing to decide: the move put no package before it."""


@dataclass
class Reply:
    """What a counterpart does and says."""

    tag: LineTag
    decision: Decision = Decision.none
    offer: Package | None = None
    words: dict[str, str] = field(default_factory=dict)


def first_rule(session: Session, delegation: Delegation) -> Rule | None:
    """The first of a delegation's rules whose condition holds now (a `once` rule that has fired is passed over).

    Only the rules that can hold after the move just made, in this round, are checked (`_rules_after`): the
    others would fail.
    """
    state = session.state
    rules = session.rules_after.get((delegation.id, state.last_move))
    if rules is None:
        rules = _rules_after(session, delegation, state.last_move)
    if not rules:
        return None
    fired = state.fired
    now = state.round
    facts = None
    for rule, key, needs, checks in rules:
        if (key is not None and key in fired) or not needs.in_round(now):
            continue
        if facts is None:
            facts = SessionFacts(session, delegation.id)
        if all_pass(checks, facts):
            return rule
    return None


Candidate = tuple[Rule, "str | None", Needs, tuple[Check, ...]]
"""A rule as `first_rule` checks it: the rule, its key in `fired` if it fires once, what its condition needs,
and the tests left to pass where that is met (`conditions.prepared`), each as one call against the scenario's
scales (`Condition.check`)."""

Sorted = dict[tuple[str, "str | None"], tuple[Candidate, ...]]
"""(delegation, move) -> the candidates after that move: a game's `Session.rules_after`, and the scenario's table."""


def _rules_after(session: Session, delegation: Delegation, move: str | None) -> tuple[Candidate, ...]:
    """A delegation's rules that can hold after this move (None: none made yet) in this game, in order; the game
    keeps them (`Session.rules_after`) with those of every other move the scenario's table holds for it."""
    table = sorted_rules(session.scenario, delegation, session.me)
    found = table.get((delegation.id, move))
    if found is None:
        found = table[(delegation.id, move)] = _after(rule_candidates(session.scenario, delegation), move, session.me)
    session.rules_after.update(table)
    return found


def sorted_rules(scenario: Scenario, delegation: Delegation, me: str) -> Sorted:
    """A delegation's rules sorted by the move after which they can hold with side `me` played, filled in as
    games ask (a move no game has made costs nothing); kept per scenario, delegation and side.

    Most rules name the move they answer, and rules are checked after every move: sorting
    them by move and side once per scenario spares evaluating the conditions that cannot hold, and a
    game brings in every move sorted so far at its first question about the delegation, where asking
    the scenario's memo for each move would take a look-up each.
    """
    return scenario.memo(("rules by move", delegation.id, me), dict)


def rule_candidates(scenario: Scenario, delegation: Delegation) -> tuple[Candidate, ...]:
    """Every rule of a delegation as `first_rule` checks it, in order; worked out once per scenario, so that
    sorting them by move (once per move and side) only reads what each needs."""
    return scenario.memo(("rule candidates", delegation.id),
                         lambda: _candidates(option_ranks(scenario), delegation.id, delegation.rules))


def _candidates(ranks: Ranks, owner: str, rules: list[Rule]) -> tuple[Candidate, ...]:
    return tuple((rule, f"{owner}:{rule.id}" if rule.once else None, *prepared(rule.when, ranks)) for rule in rules)


def _after(rules: tuple[Candidate, ...], move: str | None, me: str) -> tuple[Candidate, ...]:
    """The candidates that can hold after this move (None: none made yet) with side `me` played."""
    return tuple(candidate for candidate in rules
                 if ((needs := candidate[2]).moves is None or move in needs.moves)
                 and (needs.playing is None or me in needs.playing))


def covered(session: Session, delegation: Delegation, utility: Utility | None = None) -> float:
    """The share of the way from the player's ideal to this counterpart's ideal the player has come.

    Counted in steps on each issue's scale, weighted by what the issue matters
    to the counterpart, over the issues where the two ideals differ: a step out
    of what it finds unacceptable counts as much as any other, which its
    utility (0 up to its walk-away) would not show. Issues the player leaves
    open count as not conceded, and taking a concession back takes its credit back.
    `utility` is the counterpart's valuation now, when the caller has it already.
    """
    now = standing_positions(session.state)
    total, rows = _distances(session, session.utility(delegation.id) if utility is None else utility)
    moved = 0.0
    for issue, counts in rows:
        option = now.get(issue)
        if option is not None:
            moved += counts[option]
    return 0.0 if total <= 0 else min(1.0, moved / total)


def _distances(session: Session, utility: Utility) -> tuple[float, list[tuple[str, dict[str, float]]]]:
    """For `covered`: the issues where the two ideals differ (the player's, and this counterpart valuation's),
    each with what the player's position on it counts per option (its weight times the share of the steps
    between the ideals it has come), and their weights added in that order; kept per scenario and pair of
    valuations."""
    mine = session.true_utility(session.me)

    def build() -> tuple[float, list[tuple[str, dict[str, float]]]]:
        ranks = option_ranks(session.scenario)
        total = 0.0
        rows = []
        for issue, values in utility.issues.items():
            if issue not in mine.issues:
                continue
            span = abs(mine.issues[issue].ideal - values.ideal)
            if span == 0:
                continue
            total += values.weight
            weight, ideal = values.weight, values.ideal
            rows.append((issue, {option: weight * max(0.0, span - abs(rank - ideal)) / span
                                 for option, rank in ranks[issue].items()}))
        return total, rows

    return session.scenario.memo(("ideals apart", mine, utility), build)


def progress(session: Session, delegation: Delegation, utility: Utility | None = None) -> float:
    """How far along its concession curve a counterpart is: reciprocity first, the clock second.

    The player's concessions move it `reciprocity` times as far (not before
    its type's trust threshold), gestures and idle moves add their credit, and
    the clock adds up to `time_pressure` by the last round. `utility` is its valuation now, when the
    caller has it already.
    """
    state, scenario = session.state, session.scenario
    policy = scenario.policy
    clock = policy.time_pressure * min(state.round, scenario.rounds) / scenario.rounds
    kind = session.kind(delegation.id)
    holding = kind is not None and session.meters(delegation.id).trust < kind.holds_until_trust - 1e-9
    answered = 0.0 if holding else policy.reciprocity * covered(session, delegation, utility)
    return min(1.0, max(0.0, clock + answered + state.credit.get(delegation.id, 0.0)))


def current_aspiration(session: Session, delegation: Delegation, utility: Utility | None = None) -> float:
    """What it still asks for now: its concession curve at its progress, moved by trust and pressure.

    Never more than its standing offer is worth to it: a counterpart may stop
    conceding when the player takes a concession back, but it does not take
    its own back. `utility` is its valuation now (`Session.utility`), when the caller has it already.
    """
    if utility is None:
        utility = session.utility(delegation.id)
    state = session.state
    reservation = delegation.batna.utility
    base = aspiration(progress(session, delegation, utility), reservation, delegation.temperament)
    policy = session.scenario.policy
    pressure = policy.pressure_concession * state.pressure.get(delegation.id, 0)
    wanted = adjusted(base, reservation, session.meters(delegation.id).trust, policy.trust_shift, pressure)
    standing = session.their_offer(delegation.id)
    return min(wanted, utility.of(standing)) if standing else wanted


def add_credit(session: Session, delegations: list[Delegation], amount: float) -> None:
    credit = session.state.credit
    for delegation in delegations:
        credit[delegation.id] = round(credit.get(delegation.id, 0.0) + amount, 6)


def maximal(session: Session, delegation: Delegation, package: Package) -> bool:
    """A demand it cannot take seriously: unacceptable to it on half the issues it settles, or more."""
    utility = session.utility(delegation.id)
    judged = refused = 0
    for issue, option in package.items():
        if issue in utility.issues:
            judged += 1
            if utility.option(issue, option) is None:
                refused += 1
    return judged > 0 and 2 * refused >= judged


def loses_patience(session: Session, delegation: Delegation, package: Package) -> bool:
    """Count a maximal demand against its type's patience; True when this one is too many."""
    kind = session.kind(delegation.id)
    if kind is None or kind.patience is None or not maximal(session, delegation, package):
        return False
    counts = session.state.maximal
    counts[delegation.id] = counts.get(delegation.id, 0) + 1
    return counts[delegation.id] > kind.patience


def own_gesture(session: Session, delegation: Delegation, returned: bool) -> Gesture | None:
    """The gesture a counterpart makes now, if any: to return one, or once trust is high enough."""
    if not returned and session.meters(delegation.id).trust < session.scenario.policy.gesture_trust - 1e-9:
        return None
    made = session.state.gestures_received
    for gesture, key in _gestures_of(session.scenario, delegation.id):
        if key not in made:
            return gesture
    return None


def _gestures_of(scenario: Scenario, delegation: str) -> tuple[tuple[Gesture, str], ...]:
    """The gestures a delegation can make, each with its key in `gestures_received`; kept per scenario, as a
    counterpart that trusts the player looks for one after every move."""
    return scenario.memo(("gestures of", delegation), lambda: tuple(
        (g, f"{delegation}:{g.id}") for g in scenario.gestures if delegation in g.by))


def evaluate(session: Session, delegation: Delegation, package: Package, may_counter: bool) -> Reply:
    """Accept a package worth its aspiration; otherwise counter (or, at closing, hold)."""
    utility = session.utility(delegation.id)
    target = current_aspiration(session, delegation, utility)
    blocked = utility.refused(package)
    if blocked is None and utility.of(package) >= target - 1e-9:
        return Reply(LineTag.accept, Decision.accept, dict(package), _words(session, package, package))
    if not may_counter:
        standing = session.their_offer(delegation.id)
        return Reply(LineTag.reject, Decision.hold, standing, _words(session, standing, package, blocked))
    standing = session.their_offer(delegation.id)
    counter = counter_offer(utility, package, standing or utility.ideal(), target, cap=standing)
    tag = LineTag.reject if blocked else LineTag.counter
    return Reply(tag, Decision.counter, counter, _words(session, counter, package, blocked))


def _words(session: Session, offer: Package, asked: Package, issue: str | None = None) -> dict[str, str]:
    """The placeholders of a line about an offer: the issue it turns on and the package."""
    scenario = session.scenario
    if issue is None:
        issue = _turns_on(offer, asked)
    words = {"package": describe(scenario, offer)}
    if issue is not None:
        words["issue"] = scenario.issue(issue).label
        shown = asked.get(issue) if issue in asked and asked is not offer else offer.get(issue)
        if shown is not None:
            words["option"] = option_label(scenario, issue, shown)
    return words


def _turns_on(offer: Package, asked: Package) -> str | None:
    """The issue a line about an offer names by default: the first where it differs from what was asked, else its
    first issue (None for an empty offer)."""
    for issue, option in offer.items():
        if asked.get(issue) != option:
            return issue
    return next(iter(offer), None)


def speak(session: Session, delegation: Delegation, tag: LineTag, words: dict[str, str],
          lines: list[str] | None = None) -> None:
    """Say one of `lines` (a rule's), else one of the delegation's lines for the tag and its mood.

    The line is filled in, complete, and not one this delegation has said in this game when another is possible.
    `{counterpart}` names the speaker unless `words` name another (a bystander speaks of the main counterpart).
    """
    meters = session.meters(delegation.id)
    feeling = mood(meters.trust, meters.tension, session.scenario.policy.tension_limit)
    own = candidates(delegation, tag, feeling)
    names = {"name": delegation.name, "player": session.player.name, "counterpart": delegation.name, **words}
    line = choose(lines or own, names, session.said(delegation.id), session.rng, (own, [DEFAULT_LINES[tag]]),
                  in_order=bool(lines))
    session.say(delegation.id, line, tag)


def answer(session: Session, delegation: Delegation, default: Callable[[], Reply]) -> Reply:
    """Let the script have its say, then the default policy (which sees the rule's effects), then speak."""
    rule = first_rule(session, delegation)
    if rule is not None:
        session.state.fired.append(f"{delegation.id}:{rule.id}")
        fx.apply(session, rule.effects, delegation.id)
    reply = default()
    if rule is not None:
        reply = _decided(session, delegation, reply, rule)
    speak(session, delegation, reply.tag, reply.words, rule.say if rule is not None else None)
    return reply


def _decided(session: Session, delegation: Delegation, reply: Reply, rule: Rule) -> Reply:
    if rule.decide == "accept" and reply.offer is not None and reply.decision is not Decision.none:
        asked = session.state.player_offer
        return Reply(LineTag.accept, Decision.accept, dict(asked), reply.words)
    if rule.decide == "hold" and reply.decision in (Decision.counter, Decision.accept):
        return Reply(reply.tag, Decision.hold, session.their_offer(delegation.id), reply.words)
    return reply
