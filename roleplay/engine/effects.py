"""Applying an `Effects` block from a rule, an event, a gesture or a consultation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleplay.engine.history import standing_positions
from roleplay.engine.intel import Range
from roleplay.engine.state import Outcome
from roleplay.scenario.models import COUNTERPART, Effects

if TYPE_CHECKING:
    from roleplay.engine.session import Session


def apply(session: Session, effects: Effects, owner: str | None) -> None:
    """Change meters, flags, positions and knowledge as the block says.

    Meters change for `target` (`counterpart`: every counterpart of the
    player), else the owner, else every counterpart. Shifts
    and reveals concern a counterpart: the target or owner if it is one, else
    the main counterpart (so an ally can let slip what the other side expects).
    """
    state = session.state
    named = effects.target or owner
    if effects.target == COUNTERPART or not named:
        session.nudge([d.id for d in session.counterparts], effects.trust, effects.tension)
    else:
        session.nudge((named,), effects.trust, effects.tension)
    if effects.set_flags or effects.clear_flags:
        flags = (set(state.flags) | set(effects.set_flags)) - set(effects.clear_flags)
        state.flags = sorted(flags)
    # The rest concerns counterparts by id; most blocks (a rule's meters and lines) name none of it.
    if not (effects.shift or effects.reveal or effects.end or effects.call_closing):
        return
    counterpart_ids = [d.id for d in session.counterparts]
    if effects.shift or effects.reveal:
        subject = next((d for d in (effects.target, owner) if d in counterpart_ids), session.main.id)
        for shift in effects.shift:
            _shift(session, subject, shift.issue, shift.steps)
        for issue in effects.reveal:
            truth = session.scenario.rank(issue, session.scenario.delegation(subject).stances[issue].expectation)
            state.intel[subject][issue] = Range(lo=truth, hi=truth)
    if effects.end == "walk_out" and owner in counterpart_ids and state.outcome is None:
        state.outcome = Outcome(kind="breakdown", cause="counterpart_walk_out", round=state.round)
    if effects.call_closing:
        state.closing_called = True



def _shift(session: Session, delegation: str, issue: str, steps: int) -> None:
    """The counterpart moves its walk-away, and its standing offer, `steps` options toward the player."""
    state = session.state
    shifts = state.shifts.setdefault(delegation, {})
    shifts[issue] = shifts.get(issue, 0) + steps
    offer = state.their_offers.get(delegation)
    if not offer or issue not in offer:
        return
    scenario = session.scenario
    mine = standing_positions(state).get(issue) or session.player.stances[issue].ideal
    current, target = scenario.rank(issue, offer[issue]), scenario.rank(issue, mine)
    direction = (target > current) - (target < current)
    moved = current + direction * min(abs(steps), abs(target - current)) if steps > 0 else current
    allowed_lo, allowed_hi = session.utility(delegation).issues[issue].acceptable_range()
    moved = min(max(moved, allowed_lo), allowed_hi)
    offer[issue] = scenario.issue(issue).options[moved].id
