"""How a counterpart at the table answers a move.

Two layers: its script rules first (in order, first match wins, `once` rules
fire once), then its default policy. A rule may replace the line and add
effects while the policy still decides what to do with an offer, or it may
decide itself (`accept`, `hold`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roleplay.engine import effects as fx
from roleplay.engine.concession import adjusted, aspiration, counter_offer
from roleplay.engine.facts import SessionFacts
from roleplay.engine.lines import DEFAULT_LINES, candidates, choose, describe, mood, option_label
from roleplay.engine.utility import Package
from roleplay.scenario.models import Delegation, LineTag, Rule

if TYPE_CHECKING:
    from roleplay.engine.session import Session


@dataclass
class Reply:
    """What a counterpart does and says; `decision` is accept, counter, hold or none."""

    tag: LineTag
    decision: str = "none"
    offer: Package | None = None
    words: dict[str, str] = field(default_factory=dict)


def first_rule(session: Session, delegation: Delegation) -> Rule | None:
    facts = SessionFacts(session, delegation.id)
    fired = set(session.state_data.fired)
    for rule in delegation.rules:
        if rule.once and f"{delegation.id}:{rule.id}" in fired:
            continue
        if rule.when.holds(facts):
            return rule
    return None


def current_aspiration(session: Session, delegation: Delegation) -> float:
    """What it still asks for now: the concession curve, moved by trust and pressure."""
    state = session.state_data
    rounds = session.scenario.rounds
    t = min(state.round, rounds) / rounds
    reservation = delegation.batna.utility
    base = aspiration(t, reservation, delegation.temperament)
    policy = session.scenario.policy
    pressure = policy.pressure_concession * state.pressure.get(delegation.id, 0)
    return adjusted(base, reservation, session.meters(delegation.id).trust, policy.trust_shift, pressure)


def evaluate(session: Session, delegation: Delegation, package: Package, may_counter: bool) -> Reply:
    """Accept a package worth its aspiration; otherwise counter (or, at closing, hold)."""
    utility = session.utility(delegation.id)
    target = current_aspiration(session, delegation)
    if utility.accepts(package) and utility.of(package) >= target - 1e-9:
        return Reply(LineTag.accept, "accept", dict(package), _words(session, package, package))
    blocked = next((i for i, o in package.items() if i in utility.issues and utility.option(i, o) is None), None)
    if not may_counter:
        standing = session.their_offer(delegation.id)
        return Reply(LineTag.reject, "hold", standing, _words(session, standing, package, blocked))
    fallback = session.their_offer(delegation.id) or utility.ideal()
    counter = counter_offer(utility, package, fallback, target)
    tag = LineTag.reject if blocked else LineTag.counter
    return Reply(tag, "counter", counter, _words(session, counter, package, blocked))


def _words(session: Session, offer: Package, asked: Package, issue: str | None = None) -> dict[str, str]:
    """The placeholders of a line about an offer: the issue it turns on and the package."""
    scenario = session.scenario
    if issue is None:
        issue = next((i for i in offer if asked.get(i) != offer[i]), None) or next(iter(offer), None)
    words = {"package": describe(scenario, offer)}
    if issue is not None:
        words["issue"] = scenario.issue(issue).label
        shown = asked.get(issue) if issue in asked and asked is not offer else offer.get(issue)
        if shown is not None:
            words["option"] = option_label(scenario, issue, shown)
    return words


def speak(session: Session, delegation: Delegation, tag: LineTag, words: dict[str, str],
          lines: list[str] | None = None) -> None:
    """Say one of `lines` (a rule's), else one of the delegation's lines for the tag and its mood.

    The line is filled in, complete, and not one this delegation has said in this game when another is possible.
    """
    meters = session.meters(delegation.id)
    feeling = mood(meters.trust, meters.tension, session.scenario.policy.tension_limit)
    own = candidates(delegation, tag, feeling)
    names = {"name": delegation.name, "player": session.player.name, **words}
    line = choose(lines or own, names, session.said(delegation.id), session.rng, (own, [DEFAULT_LINES[tag]]),
                  in_order=bool(lines))
    session.say(delegation.id, line, tag)


def answer(session: Session, delegation: Delegation, default: Callable[[], Reply]) -> Reply:
    """Let the script have its say, then the default policy (which sees the rule's effects), then speak."""
    rule = first_rule(session, delegation)
    if rule is not None:
        session.state_data.fired.append(f"{delegation.id}:{rule.id}")
        fx.apply(session, rule.effects, delegation.id)
    reply = default()
    if rule is not None:
        reply = _decided(session, delegation, reply, rule)
    speak(session, delegation, reply.tag, {"counterpart": delegation.name, **reply.words},
          rule.say if rule is not None else None)
    return reply


def _decided(session: Session, delegation: Delegation, reply: Reply, rule: Rule) -> Reply:
    if rule.decide == "accept" and reply.offer is not None and reply.decision in ("counter", "hold", "accept"):
        asked = session.state_data.player_offer
        return Reply(LineTag.accept, "accept", dict(asked), reply.words)
    if rule.decide == "hold" and reply.decision in ("counter", "accept"):
        return Reply(reply.tag, "hold", session.their_offer(delegation.id), reply.words)
    return reply
