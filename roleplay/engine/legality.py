"""Whether an action is allowed now, and if not, why, in words for the player.

`Session.why_not` asks these checks before any trigger fires (and whenever a
client wants to know whether a move is allowed), so they read the session and
never change it. Which phase
allows which action is the flow's table; these only look at the content of
the action.

Who may ever join the player's team or advise the player (`pickable`,
`consultable`) is decided here too, once: the checks refuse the others, and
the player's view lists these for every client to offer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from roleplay.engine import actions as a
from roleplay.engine.dialogue import option_label
from roleplay.engine.utility import option_ranks
from roleplay.scenario.models import Delegation, Member, Role, Scenario
from roleplay.text import amount, mid_sentence

if TYPE_CHECKING:
    from roleplay.engine.session import Session

Check = Callable[["Session", Any], "str | None"]


def problem(session: Session, action: a.Action) -> str | None:
    check = CHECKS.get(action.kind)
    return check(session, action) if check else None


def _option(session: Session, issue: str, option: str) -> str | None:
    scenario = session.scenario
    if not scenario.has_issue(issue):
        return f"there is no issue '{issue}'"
    if option not in scenario.issue(issue).option_ids:
        return f"'{option}' is not an option of {scenario.issue(issue).label}"
    return None


def _package(session: Session, package: Mapping[str, str]) -> str | None:
    """What is wrong with a proposed package: no issue settled, an option that does not exist, or one
    beyond the player's walk-away point.

    Every proposal is checked, and nearly all are fine: a package whose every option lies within the
    walk-away points (`Session.accepted_options`) is passed at once, and only the others are looked
    at closely, to say what is wrong first.
    """
    if not package:
        return "a proposal must settle at least one issue"
    accepted = session.accepted_options()
    for issue, option in package.items():
        if option not in accepted.get(issue, ()):
            return _refusal(session, package)
    return None


def _refusal(session: Session, package: Mapping[str, str]) -> str | None:
    ranks = option_ranks(session.scenario)
    for issue, option in package.items():
        if option not in ranks.get(issue, ()):
            return _option(session, issue, option)
    return _within_walkaway(session, package)


def _within_walkaway(session: Session, package: Mapping[str, str]) -> str | None:
    crossed = session.crossings(package)
    if not crossed:
        return None
    scenario = session.scenario
    named = "; ".join(f"{scenario.issue(i).label} ({option_label(scenario, i, package[i])})" for i in crossed)
    return f"that goes beyond your walk-away point on {named}"


def _counterpart(session: Session, delegation: str | None) -> str | None:
    if delegation is not None and delegation not in {d.id for d in session.counterparts}:
        return f"'{delegation}' is not across the table from you"
    return None


def serves(member: Member, me: str) -> bool:
    """Whether a member of the roster would work for the player's side (one who names no side serves any)."""
    return not member.serves or me in member.serves


def advises(delegation: Delegation, me: str) -> bool:
    """Whether a delegation beside the table will advise the player's side (in preparation or at the table)."""
    consult = delegation.consult
    return consult is None or not consult.open_to or me in consult.open_to


def pickable(scenario: Scenario, me: str) -> list[str]:
    """The roster members who may be picked for the player's team at all, in roster order.

    Whether one may be picked now (a free seat, the budget) is `pick_member`'s to say. The scenario
    alone decides, and the player's view asks before every move: the answer is kept on the scenario.
    """
    return list(scenario.memo(("pickable", me), lambda: _pickable(scenario.team.roster, me)))


def _pickable(roster: list[Member], me: str) -> tuple[str, ...]:
    return tuple(m.id for m in roster if serves(m, me))


def consultable(scenario: Scenario, me: str) -> list[str]:
    """The delegations beside the table the player may consult in preparation at all, in the scenario's order.

    Whether one may be consulted now (once only, within the budget) is `consult_ally`'s to say; kept on
    the scenario with the delegations it was read from, as `pickable` is.
    """
    return list(scenario.memo(("consultable", me), lambda: _consultable(scenario.delegations, me)))


def _consultable(delegations: list[Delegation], me: str) -> tuple[str, ...]:
    return tuple(d.id for d in delegations if d.role is not Role.principal and d.consult is not None
                 and advises(d, me))


def pick_member(session: Session, action: a.PickMember) -> str | None:
    roster = {m.id: m for m in session.scenario.team.roster}
    member = roster.get(action.member)
    state = session.state
    if member is None:
        return f"there is nobody called '{action.member}' on the roster"
    if not serves(member, session.me):
        return f"{member.name} does not work for your delegation"
    if member.id in state.team:
        return f"{member.name} is already on your team"
    if len(state.team) >= session.scenario.team.seats:
        return f"every seat is taken ({session.scenario.team.seats}); drop someone first"
    if member.cost > state.budget_left + 1e-9:
        unit = session.scenario.preparation.label
        return f"{member.name} costs {amount(member.cost, unit)}; only {amount(state.budget_left, unit)} left"
    return None


def drop_member(session: Session, action: a.DropMember) -> str | None:
    if action.member not in session.state.team:
        return f"'{action.member}' is not on your team"
    return None


def consult_ally(session: Session, action: a.ConsultAlly) -> str | None:
    delegation = {d.id: d for d in session.bystanders}.get(action.delegation)
    if delegation is None or delegation.consult is None:
        return f"'{action.delegation}' cannot be consulted"
    if not advises(delegation, session.me):
        return f"{delegation.name} will not advise your delegation"
    if action.delegation in session.state.consulted:
        return f"you have already consulted {delegation.name}"
    if delegation.consult.cost > session.state.budget_left + 1e-9:
        unit = session.scenario.preparation.label
        return (f"consulting {delegation.name} costs {amount(delegation.consult.cost, unit)}; "
                f"only {amount(session.state.budget_left, unit)} left")
    return None


def set_expectation(session: Session, action: a.SetExpectation) -> str | None:
    return _option(session, action.issue, action.option)


def set_walkaway(session: Session, action: a.SetWalkaway) -> str | None:
    wrong = _option(session, action.issue, action.option)
    if wrong:
        return wrong
    if session.true_utility(session.me).option(action.issue, action.option) is None:
        return "that lies beyond what your instructions allow you to accept"
    return None


def finish_preparation(session: Session, action: a.FinishPreparation) -> str | None:
    missing = [i.label for i in session.scenario.issues if i.id not in session.state.expectations]
    if missing:
        return "write down what you expect on every issue first: " + ", ".join(missing)
    return None


def open_talks(session: Session, action: a.OpenTalks) -> str | None:
    return _package(session, action.offer) if action.offer else None


def propose(session: Session, action: a.Propose) -> str | None:
    return _package(session, action.package)


def probe(session: Session, action: a.Probe) -> str | None:
    if not session.scenario.has_issue(action.issue):
        return f"there is no issue '{action.issue}'"
    return _counterpart(session, action.to)


def gesture(session: Session, action: a.OfferGesture) -> str | None:
    found = {g.id: g for g in session.scenario.gestures}.get(action.gesture)
    if found is None:
        return f"there is no gesture '{action.gesture}'"
    if found.by and session.me not in found.by:
        return f"'{found.label}' is not yours to offer"
    if found.requires and found.requires not in session.state.team:
        member = next((m for m in session.scenario.team.roster if m.id == found.requires), None)
        who = mid_sentence(member.name) if member else found.requires
        return f"'{found.label}' needs {who} on your team, chosen in preparation"
    if found.id in session.state.gestures_given:
        return f"you have already offered '{found.label}'"
    return None


def pressure(session: Session, action: a.Pressure) -> str | None:
    if action.issue is not None and not session.scenario.has_issue(action.issue):
        return f"there is no issue '{action.issue}'"
    return _counterpart(session, action.to)


def consult(session: Session, action: a.Consult) -> str | None:
    found = {d.id: d for d in session.bystanders}.get(action.delegation)
    if found is None or found.role is Role.principal:
        return f"'{action.delegation}' is not beside the table"
    if not advises(found, session.me):
        return f"{found.name} will not advise your delegation"
    return None


def accept(session: Session, action: a.Accept) -> str | None:
    wrong = _counterpart(session, action.to)
    if wrong:
        return wrong
    offer = session.their_offer(session.counterpart(action.to).id)
    if not offer:
        return "there is no offer on the table to accept"
    return _within_walkaway(session, offer)


CHECKS: dict[str, Check] = {
    "pick_member": pick_member,
    "drop_member": drop_member,
    "consult_ally": consult_ally,
    "set_expectation": set_expectation,
    "set_walkaway": set_walkaway,
    "finish_preparation": finish_preparation,
    "open_talks": open_talks,
    "propose": propose,
    "probe": probe,
    "gesture": gesture,
    "pressure": pressure,
    "consult": consult,
    "accept": accept,
}
"""One check per action kind that has content to check; the rest are always allowed in their states."""
