"""What each action does once the machine has let it through: one function per kind.

Every table move (`actions.MOVE_KINDS`) plays a round (`rounds.play`); the
other kinds have a function of their own. A test holds the table to
`actions.KINDS`: every kind handled, none unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from roleplay.engine import actions as a
from roleplay.engine import reactions, rounds

if TYPE_CHECKING:
    from roleplay.engine.session import Session


def _nothing(session: Session, action: Any) -> None:
    """Actions whose whole effect is the change of phase."""


def _pick_member(session: Session, action: a.PickMember) -> None:
    member = next(m for m in session.scenario.team.roster if m.id == action.member)
    session.state.team.append(member.id)
    session.state.budget_left = round(session.state.budget_left - member.cost, 6)
    reactions.member_intel(session)


def _drop_member(session: Session, action: a.DropMember) -> None:
    member = next(m for m in session.scenario.team.roster if m.id == action.member)
    session.state.team.remove(member.id)
    session.state.budget_left = round(session.state.budget_left + member.cost, 6)
    reactions.prepared_intel(session)


def _consult_ally(session: Session, action: a.ConsultAlly) -> None:
    delegation = session.scenario.delegation(action.delegation)
    assert delegation.consult is not None  # legality checked it
    session.state.budget_left = round(session.state.budget_left - delegation.consult.cost, 6)
    reactions.consult(session, delegation, rebuilt=True)
    reactions.prepared_intel(session)


def _set_expectation(session: Session, action: a.SetExpectation) -> None:
    session.state.expectations[action.issue] = action.option


def _set_walkaway(session: Session, action: a.SetWalkaway) -> None:
    session.state.walkaways[action.issue] = action.option


def _finish_preparation(session: Session, action: a.FinishPreparation) -> None:
    """The expectations are fixed: keep what the player could believe of each counterpart's type then."""
    session.state.believed = {d.id: session.belief(d.id) for d in session.counterparts if d.types}


def _open_talks(session: Session, action: a.OpenTalks) -> None:
    rounds.open_talks(session, action)


def _move(session: Session, action: a.Move) -> None:
    rounds.play(session, action)


def _call_closing(session: Session, action: a.CallClosing) -> None:
    session.say(session.me, f"{session.player.name} calls for final offers.", "call_closing")
    rounds.enter_closing(session)


HANDLERS: dict[str, Callable[[Session, Any], None]] = {
    "begin_preparation": _nothing,
    "pick_member": _pick_member,
    "drop_member": _drop_member,
    "consult_ally": _consult_ally,
    "set_expectation": _set_expectation,
    "set_walkaway": _set_walkaway,
    "finish_preparation": _finish_preparation,
    "open_talks": _open_talks,
    **dict.fromkeys(a.MOVE_KINDS, _move),
    "call_closing": _call_closing,
    "show_debrief": _nothing,
}
