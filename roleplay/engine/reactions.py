"""Delegations beside the table, and scripted events.

Bystanders have no bargaining policy: they comment when one of their rules
matches, and advise when consulted. Events are the scenario's own script,
checked after every round.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from roleplay.engine import actions as a
from roleplay.engine import effects as fx
from roleplay.engine.counterparts import first_rule, speak
from roleplay.engine.facts import SessionFacts
from roleplay.engine.intel import Range, narrow
from roleplay.engine.utility import option_ranks
from roleplay.scenario.conditions import Check, Needs, all_pass, prepared
from roleplay.scenario.models import Delegation, Event, IntelGrant, LineTag, Scenario

if TYPE_CHECKING:
    from roleplay.engine.session import Session


def grant_intel(session: Session, grants: list[IntelGrant], source: str) -> None:
    """Narrow what the player knows of each named counterpart's expectation.

    Each source draws from a generator of its own (seeded by the game and the
    source), so what a member knows does not depend on when they were picked.
    What a source's grants leave therefore depends only on the ranges they start
    from: preparation grants again, after each consultation, what every source
    told before, from the same ranges (`prepared_intel`), and `Session.granted` keeps, per
    source, the ranges its grants last started from and left, so that those are
    set again rather than drawn again from a newly seeded generator.
    """
    if not grants:
        return
    state = session.state
    everyone = [d.id for d in session.counterparts]
    places = [(delegation, grant.issue, grant.width, state.intel[delegation]) for grant in grants
              for delegation in ((grant.about,) if grant.about else everyone) if delegation in state.intel]
    start = tuple(known[issue] for _, issue, _, known in places)
    kept = session.granted.get(source)
    if kept is not None and kept[0] is grants and kept[1] == start:
        for (_, issue, _, known), left in zip(places, kept[2], strict=True):
            known[issue] = left
        return
    rng: random.Random | None = None
    truths = _expected_ranks(session.scenario)
    for delegation, issue, width, known in places:
        if draws(known[issue], width):
            if rng is None:
                rng = random.Random(f"intel:{state.seed}:{source}")
            known[issue] = narrow(known[issue], truths[delegation][issue], width, rng)
    session.granted[source] = (grants, start, tuple(known[issue] for _, issue, _, known in places))


def draws(known: Range, width: int) -> bool:
    """Whether `narrow` draws to narrow `known` to `width`; where it does not, it leaves the range as it is.

    `grant_intel` seeds a source's generator only once it has a draw to make: seeding one from its
    name costs more than the narrowing, and preparation grants again, after a consultation, what
    the team told before (mostly to ranges that narrow already), so most of those sources draw nothing.
    """
    span = known.hi - known.lo + 1
    return max(1, min(width, span)) != span


def _expected_ranks(scenario: Scenario) -> dict[str, dict[str, int]]:
    """Delegation -> issue -> the rank of its hidden expectation: what intelligence narrows in on, kept per scenario."""
    return scenario.memo(("expected ranks",), lambda: {
        d.id: {issue: scenario.rank(issue, stance.expectation) for issue, stance in d.stances.items()}
        for d in scenario.delegations})


def unknown(scenario: Scenario) -> dict[str, Range]:
    """Issue -> the whole scale: what the player knows of a counterpart before any intelligence (a fresh dict)."""
    return dict(scenario.memo(("unknown ranges",), lambda: {
        issue.id: Range(lo=0, hi=len(issue.options) - 1) for issue in scenario.issues}))


def prepared_intel(session: Session) -> None:
    """What the player knows during preparation: everything the team and the consultations told them.

    Rebuilt from scratch after each pick, drop or consultation, so a member
    dropped again takes their knowledge with them; the sources are granted in
    the order they came (`_sources`), so that one more source only narrows
    what the others told.
    """
    state = session.state
    for counterpart in session.counterparts:
        state.intel[counterpart.id] = unknown(session.scenario)
    roster = {m.id: m for m in session.scenario.team.roster}
    for kind, who in _sources(session):
        if kind == "member":
            grant_intel(session, roster[who].intel, f"member:{who}")
        else:
            consult = session.scenario.delegation(who).consult
            if consult is not None:
                grant_intel(session, consult.intel, f"consult:{who}")
    _keep_prepared(session)


def _sources(session: Session) -> list[tuple[str, str]]:
    """Who told the player something in preparation, in the order they came (a member dropped since left out):
    each is granted from what those before it left, so what one told is told again alike, and a newcomer only
    narrows it."""
    order: list[tuple[str, str]] = []
    for action in session.actions:
        if isinstance(action, a.PickMember):
            order.append(("member", action.member))
        elif isinstance(action, a.DropMember):
            order.remove(("member", action.member))
        elif isinstance(action, a.ConsultAlly):
            order.append(("consult", action.delegation))
    return order


def member_intel(session: Session) -> None:
    """What the player knows once the member last picked has told them what they know.

    `prepared_intel` would start again from nothing; its result is the same as adding the new
    member's intelligence to what it built before the pick (that member's source comes last, with a
    generator of its own), so that is done whenever what the player knows is still exactly that.
    """
    state = session.state
    kept = session.prepared
    if (kept is None or kept[0] != state.consulted or kept[1] != state.team[:-1] or kept[2] != state.intel
            or not state.team):
        prepared_intel(session)
        return
    member = state.team[-1]
    grant_intel(session, next(m for m in session.scenario.team.roster if m.id == member).intel, f"member:{member}")
    _keep_prepared(session)


def _keep_prepared(session: Session) -> None:
    """Note what `prepared_intel` (or `member_intel`) has just built, and from whom, for `member_intel`."""
    state = session.state
    session.prepared = (list(state.consulted), list(state.team), {k: dict(v) for k, v in state.intel.items()})


def consult(session: Session, delegation: Delegation, rule_lines: list[str] | None = None,
            rebuilt: bool = False) -> None:
    """A consultation: advice, intelligence and effects the first time; a comment after that.

    `rebuilt`: `prepared_intel` rebuilds what the player knows right after (in preparation), consultations
    first, so the consultation's intelligence is left to it rather than granted here and thrown away.
    """
    first_time = _advise(session, delegation, grant=not rebuilt)
    advice = delegation.consult.text if first_time and delegation.consult else ""
    if advice and not rule_lines:
        session.say(delegation.id, advice, LineTag.consult)
    else:
        _comment(session, delegation, LineTag.consult, rule_lines)


def _advise(session: Session, delegation: Delegation, grant: bool) -> bool:
    state = session.state
    if delegation.consult is None or delegation.id in state.consulted:
        return False
    state.consulted.append(delegation.id)
    if grant:
        grant_intel(session, delegation.consult.intel, f"consult:{delegation.id}")
    fx.apply(session, delegation.consult.effects, delegation.id)
    return True


def _comment(session: Session, delegation: Delegation, tag: LineTag, rule_lines: list[str] | None = None) -> None:
    words = {"counterpart": session.main.name}
    subject = session.state.last_subject
    if subject is not None and session.scenario.has_issue(subject):
        words["issue"] = session.scenario.issue(subject).label
    speak(session, delegation, tag, words, rule_lines)


def bystanders(session: Session, consulted: str | None) -> None:
    """Each bystander whose rule matches comments; the one consulted answers in any case."""
    for delegation in session.bystanders:
        rule = first_rule(session, delegation)
        if rule is not None:
            session.state.fired.append(f"{delegation.id}:{rule.id}")
            fx.apply(session, rule.effects, delegation.id)
        lines = rule.say if rule is not None else None
        if delegation.id == consulted:
            consult(session, delegation, lines)
        elif lines:
            _comment(session, delegation, LineTag.consult, lines)


def events(session: Session) -> None:
    """The scenario's events whose condition holds now happen, in order (a `once` event that has happened is passed over)."""
    state = session.state
    facts = None
    for event, key, needs, checks in _events(session.scenario, session.me):
        if event.once and key in state.fired:
            continue
        if not needs.met(state.round, state.last_move):
            continue
        if facts is None:
            facts = SessionFacts(session)
        if all_pass(checks, facts):
            state.fired.append(key)
            session.say(event.by or "narrator", event.text, "event")
            fx.apply(session, event.effects, None)


def _events(scenario: Scenario, me: str) -> tuple[tuple[Event, str, Needs, tuple[Check, ...]], ...]:
    """The events that can happen with this side played, each with its key in `fired`, what its condition needs
    and the tests left to pass where that is met (`conditions.prepared`).

    Events are checked after every move; what their conditions need is read once per scenario and side.
    """
    return scenario.memo(("events", me), lambda: tuple(
        (event, f"event:{event.id}", needs, checks) for event in scenario.events
        for needs, checks in [prepared(event.when, option_ranks(scenario))]
        if needs.playing is None or me in needs.playing))
