"""A round at the table: the player's move, the answers, the reactions, the review.

`MOVES` maps each kind of move (`actions.Move`) to what it does before the counterparts answer; the
round around it is the same for all: narrate the move, let the counterparts
answer, let bystanders and events react, check the end conditions, record
the gaps, and move the game on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from roleplay.engine import effects as fx
from roleplay.engine import gaps, reactions
from roleplay.engine.actions import Accept, Consult, Move, OfferGesture, OpenTalks, Pressure, Probe, Propose, WalkOut
from roleplay.engine.concession import counter_offer
from roleplay.engine.counterparts import (
    Decision,
    Reply,
    add_credit,
    answer,
    current_aspiration,
    evaluate,
    loses_patience,
    own_gesture,
    speak,
)
from roleplay.engine.dance import Dance, classify
from roleplay.engine.dialogue import describe
from roleplay.engine.history import last_player_offer, player_positions
from roleplay.engine.intel import halve
from roleplay.engine.state import Cause, Offer, Outcome, OutcomeKind
from roleplay.engine.utility import Package
from roleplay.scenario.conditions import MoveKind
from roleplay.scenario.models import Delegation, LineTag

if TYPE_CHECKING:
    from roleplay.engine.session import Session

WALK_OUT: tuple[float, float] = (-0.15, 0.2)
"""(trust, tension) change on every counterpart when the player walks out: leaving the table is not free."""

IDLE_MOVES: frozenset[MoveKind] = frozenset({"probe", "consult", "pressure"})
"""Moves that put nothing new on the table; a proposal that repeats the last one is idle too.

Pressure is among them: whatever it wins at once (`pressure_concession`), it
also wears the counterpart's patience and sets it back on its curve."""


def open_talks(session: Session, action: OpenTalks) -> None:
    state = session.state
    state.posture = action.posture.value
    session.nudge([d.id for d in session.counterparts], action.posture.trust, action.posture.tension)
    package = action.offer or session.true_utility(session.me).ideal()
    state.last_move, state.last_subject = "open_talks", None
    _offer_by_player(session, package)
    session.say(session.me, f"{session.player.name} opens ({action.posture}): {describe(session.scenario, package)}.",
                LineTag.opening)
    for delegation in session.counterparts:
        opening = {**session.utility(delegation.id).ideal(), **delegation.opening}
        words = {"package": describe(session.scenario, opening)}
        answer(session, delegation, partial(Reply, LineTag.opening, Decision.counter, opening, words))
        _record_their_offer(session, delegation, opening)
    reactions.events(session)
    gaps.record(session)


def play(session: Session, action: Move) -> None:
    """One bargaining (or closing) move and everything that follows from it."""
    state = session.state
    closing = session.phase == "closing"
    if not closing:
        state.round += 1
    state.last_move, state.last_subject = action.kind, action.subject()
    state.move_counts[action.kind] = state.move_counts.get(action.kind, 0) + 1
    MOVES[type(action)](session, action, closing)
    if state.outcome is None:
        _wear_patience(session, action)
        _their_gestures(session, returned=action.kind == "gesture")
        reactions.bystanders(session, action.subject() if action.kind == "consult" else None)
        reactions.events(session)
        _check_tension(session)
    if state.outcome is None and closing:
        state.outcome = _closing_outcome(session)
    gaps.record(session)
    _advance(session)


def _advance(session: Session) -> None:
    state = session.state
    if state.outcome is not None:
        session.conclude()
    elif state.closing_called or state.round >= session.scenario.rounds:
        session.run_out()


def enter_closing(session: Session) -> None:
    """Rounds ran out or someone called for it: each counterpart puts its final offer."""
    state = session.state
    state.round += 1
    session.say("narrator", "The last-offer round: what is on the table now is final.", LineTag.closing)
    asked = player_positions(state)
    for delegation in session.counterparts:
        reply = answer(session, delegation, partial(_final_offer, session, delegation, asked))
        if reply.offer:
            _record_their_offer(session, delegation, reply.offer)


def _final_offer(session: Session, delegation: Delegation, asked: Package) -> Reply:
    utility = session.utility(delegation.id)
    standing = session.their_offer(delegation.id)
    final = counter_offer(utility, asked, standing, current_aspiration(session, delegation, utility), cap=standing)
    return Reply(LineTag.closing, Decision.counter, final, {"package": describe(session.scenario, final)})


# --- the moves ---------------------------------------------------------------


def _propose(session: Session, action: Propose, closing: bool) -> None:
    _offer_by_player(session, action.package)
    session.say(session.me, f"{session.player.name} proposes: {describe(session.scenario, action.package)}.", "propose")
    leaving = next((d for d in session.counterparts if loses_patience(session, d, action.package)), None)
    if leaving is not None:
        _walks_out(session, leaving, "counterpart_walk_out")
        return
    replies = [(d, answer(session, d, partial(evaluate, session, d, action.package, may_counter=not closing)))
               for d in session.counterparts]
    _settle(session, replies, action.package)


def _accept(session: Session, action: Accept, closing: bool) -> None:
    chosen = session.counterpart(action.to)
    package = dict(session.their_offer(chosen.id))
    _offer_by_player(session, package)
    session.say(session.me, f"{session.player.name} accepts the offer of {chosen.name}.", "accept")
    words = {"package": describe(session.scenario, package)}
    replies = []
    for delegation in session.counterparts:
        if delegation.id == chosen.id:
            default: Callable[[], Reply] = partial(Reply, LineTag.accept, Decision.accept, package, words)
        else:
            default = partial(evaluate, session, delegation, package, may_counter=not closing)
        replies.append((delegation, answer(session, delegation, default)))
    _settle(session, replies, package)


def _probe(session: Session, action: Probe, closing: bool) -> None:
    target = session.counterpart(action.to)
    issue = session.scenario.issue(action.issue)
    session.say(session.me, f"{session.player.name} asks {target.name} what it hopes for on {issue.label}.", "probe")
    opens_up = session.meters(target.id).trust >= session.scenario.policy.probe_trust
    if opens_up:
        known = session.state.intel[target.id][action.issue]
        truth = session.scenario.rank(action.issue, target.stances[action.issue].expectation)
        session.state.intel[target.id][action.issue] = halve(known, truth, session.rng)
    tag = LineTag.probe if opens_up else LineTag.deflect
    answer(session, target, lambda: Reply(tag, words={"issue": issue.label}))


def _gesture(session: Session, action: OfferGesture, closing: bool) -> None:
    gesture = next(g for g in session.scenario.gestures if g.id == action.gesture)
    session.state.gestures_given.append(gesture.id)
    session.say(session.me, f"{session.player.name} offers a gesture: {gesture.label}.", "gesture")
    fx.apply(session, gesture.effects, None)
    add_credit(session, session.counterparts, session.scenario.policy.gesture_credit)
    for delegation in session.counterparts:
        answer(session, delegation, lambda: Reply(LineTag.thanks))


def _pressure(session: Session, action: Pressure, closing: bool) -> None:
    target = session.counterpart(action.to)
    policy = session.scenario.policy
    about = f" on {session.scenario.issue(action.issue).label}" if action.issue else ""
    session.say(session.me, f"{session.player.name} puts pressure on {target.name}{about}.", "pressure")
    session.nudge([target.id], policy.pressure_trust, policy.pressure_tension)
    pressure = session.state.pressure
    pressure[target.id] = pressure.get(target.id, 0) + 1
    add_credit(session, [target], -policy.pressure_credit)
    words = {"issue": session.scenario.issue(action.issue).label} if action.issue else {}
    answer(session, target, lambda: Reply(LineTag.warn, words=words))


def _consult(session: Session, action: Consult, closing: bool) -> None:
    adviser = session.scenario.delegation(action.delegation)
    session.say(session.me, f"{session.player.name} steps aside to consult {adviser.name}.", "consult")


def _walk_out(session: Session, action: WalkOut, closing: bool) -> None:
    state = session.state
    session.say(session.me, f"{session.player.name} walks out of the talks.", "walk_out")
    session.nudge([d.id for d in session.counterparts], *WALK_OUT)
    state.outcome = Outcome(kind="breakdown", cause="walk_out", round=state.round)


MOVES: dict[type[Move], Callable[[Session, Any, bool], None]] = {
    Propose: _propose,
    Accept: _accept,
    Probe: _probe,
    OfferGesture: _gesture,
    Pressure: _pressure,
    Consult: _consult,
    WalkOut: _walk_out,
}
"""What each move does before the counterparts answer, by its action type (`actions.MOVE_TYPES`, one each)."""


# --- bookkeeping ----------------------------------------------------------------


def _offer_by_player(session: Session, package: Package) -> None:
    """Record the player's offer with its class in the negotiation dance."""
    state = session.state
    previous = last_player_offer(state)
    worth = None
    if previous is not None:
        worth = _worth(session, package)
        kept = session.offer_worth
        before = kept[1] if kept is not None and kept[0] is previous else _worth(session, previous.package)
        dance = classify(worth[0] - before[0], worth[1] - before[1])
    else:
        dance = classify(None, None)
    state.player_offer = dict(package)
    offer = Offer(round=state.round, by=session.me, package=dict(package), dance=dance)
    state.offers.append(offer)
    session.offer_worth = (offer, worth) if worth is not None else None


def _worth(session: Session, package: Package) -> tuple[float, float]:
    """What a package is worth to the player and to the counterparts taken as one (their true utilities):
    the mean of theirs, as `frontier.Joint` takes it, added in the same order."""
    theirs = session.scenario.memo(("their true utilities", session.me), lambda: tuple(
        session.true_utility(d.id) for d in session.counterparts))
    total: float = 0
    for utility in theirs:
        total += utility.of(package)
    return session.true_utility(session.me).of(package), total / len(theirs)


def _record_their_offer(session: Session, delegation: Delegation, package: Package) -> None:
    state = session.state
    state.their_offers[delegation.id] = dict(package)
    state.offers.append(Offer(round=state.round, by=delegation.id, package=dict(package)))


def _settle(session: Session, replies: list[tuple[Delegation, Reply]], package: Package) -> None:
    state = session.state
    for delegation, reply in replies:
        if reply.decision is Decision.counter and reply.offer is not None:
            _record_their_offer(session, delegation, reply.offer)
    if state.outcome is None and replies and all(reply.decision is Decision.accept for _, reply in replies):
        full = all(issue.id in package for issue in session.scenario.issues)
        state.outcome = Outcome(kind="agreement" if full else "partial", cause="accepted",
                                package=dict(package), round=state.round)


def _wear_patience(session: Session, action: Move) -> None:
    """A move that puts nothing new on the table costs tension, and sets the counterparts back on their curves."""
    if not _idle(session, action):
        return
    policy = session.scenario.policy
    session.nudge([d.id for d in session.counterparts], tension=policy.idle_tension)
    add_credit(session, session.counterparts, -policy.idle_credit)


def _idle(session: Session, action: Move) -> bool:
    if action.kind in IDLE_MOVES:
        return True
    last = last_player_offer(session.state)
    return action.kind == "propose" and last is not None and last.dance is Dance.silent


def _their_gestures(session: Session, returned: bool) -> None:
    """Counterparts make gestures of their own: in return for the player's, or once they trust the player."""
    for delegation in session.counterparts:
        gesture = own_gesture(session, delegation, returned)
        if gesture is None:
            continue
        session.state.gestures_received.append(f"{delegation.id}:{gesture.id}")
        session.say(delegation.id, f"{delegation.name} makes a gesture of its own: {gesture.label}.", "gesture")
        session.nudge([delegation.id], gesture.effects.trust, gesture.effects.tension)


def _walks_out(session: Session, delegation: Delegation, cause: Cause) -> None:
    """A counterpart leaves the table: it says its walk-out line, nothing else, and the talks break down."""
    speak(session, delegation, LineTag.walk_out, {})
    session.state.outcome = Outcome(kind="breakdown", cause=cause, round=session.state.round)


def _check_tension(session: Session) -> None:
    limit = session.scenario.policy.tension_limit
    for delegation in session.counterparts:
        if session.meters(delegation.id).tension >= limit - 1e-9:
            # Its rules have answered this move already; leaving, it says only its walk-out line.
            _walks_out(session, delegation, "escalation")
            return


def _closing_outcome(session: Session) -> Outcome:
    """No deal at the last offer: whatever both sides' final positions share is settled."""
    state = session.state
    mine = player_positions(state)
    shared = {
        issue: option for issue, option in mine.items()
        if all(session.their_offer(d.id).get(issue) == option for d in session.counterparts)
    }
    kind: OutcomeKind = "partial" if shared and _worth_it(session, shared) else "breakdown"
    return Outcome(kind=kind, cause="timeout", package=shared if kind == "partial" else {}, round=state.round)


def _worth_it(session: Session, package: Package) -> bool:
    """A deal left standing by the clock must be worth no deal to every side: none is imposed below its BATNA."""
    sides = [session.player, *session.counterparts]
    return all(session.true_utility(d.id).of(package) >= d.batna.utility - 1e-9 if d.id == session.me
               else session.utility(d.id).of(package) >= d.batna.utility - 1e-9 for d in sides)
