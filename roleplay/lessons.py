"""What the player did well, in their own moves: the counterweight to the scenario's warnings.

A scenario's lessons are mostly about mistakes (expecting too much, skipping
preparation, escalating). A student who played well deserves feedback as
precise: which source of intelligence made an expectation right, which gesture
moved the other side's trust and how far, which trade the agreement rests on,
which probe got a straight answer. Each finding quotes the game's own rounds,
names and words; a finding is made only when the game shows it happened.
"""

from __future__ import annotations

from collections.abc import Callable

from roleplay.engine.dialogue import option_label
from roleplay.engine.session import Session
from roleplay.engine.utility import Utility
from roleplay.scenario.models import LineTag
from roleplay.text import mid_sentence, possessive

MAX_GOOD = 4
"""At most this many findings, in the order of `FINDINGS`: a debrief, not an inventory."""


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _whose(name: str) -> str:
    return possessive(mid_sentence(name))


def _sources(session: Session, issue: str) -> list[str]:
    """Who gave the player intelligence on an issue: team members and delegations consulted."""
    scenario, state = session.scenario, session.state
    members = [m.name for m in scenario.team.roster if m.id in state.team and any(g.issue == issue for g in m.intel)]
    advisers = [d.name for d in scenario.delegations if d.id in state.consulted and d.consult
                and any(g.issue == issue for g in d.consult.intel)]
    return members + advisers


def prepared_well(session: Session) -> list[str]:
    """Expectations that matched the other side's hidden one, and where the intelligence came from."""
    scenario, state, main = session.scenario, session.state, session.main
    found = []
    for issue in scenario.issues:
        expected = state.expectations.get(issue.id)
        truth = main.stances[issue.id].expectation
        sources = _sources(session, issue.id)
        if expected == truth and sources:
            found.append(f"On {issue.label} you expected {option_label(scenario, issue.id, truth)}, which is exactly "
                         f"what {mid_sentence(main.name)} expected: the intelligence from "
                         f"{_and([mid_sentence(n) for n in sources])} paid off.")
    if len(found) > 2:  # one line for many issues
        labels = [issue.label for issue in scenario.issues
                  if state.expectations.get(issue.id) == main.stances[issue.id].expectation and _sources(session, issue.id)]
        sources = list(dict.fromkeys(name for issue in scenario.issues if issue.label in labels
                                     for name in _sources(session, issue.id)))
        return [f"Your preparation paid off: with what {_and([mid_sentence(n) for n in sources])} told you, you expected "
                f"exactly what {mid_sentence(main.name)} expected on {_and(labels)}."]
    return found


def gestures_that_worked(session: Session) -> list[str]:
    """Each gesture that raised the main counterpart's trust, by how much, and what it answered."""
    scenario, main = session.scenario, session.main
    if not any(action.kind == "gesture" for action in session.actions):
        return []  # nothing to find, and no game to replay
    replay = Session(scenario, session.me, session.state.seed)
    found = []
    for action in session.actions:
        before = replay.meters(main.id).trust if main.id in replay.state.meters else 0.0
        heard = len(replay.state.transcript)
        replay.act(action)
        if action.kind != "gesture":
            continue
        after = replay.meters(main.id).trust
        if after <= before + 1e-9:
            continue
        gesture = next(g for g in scenario.gestures if g.id == action.gesture)
        answer = next((s.text for s in replay.state.transcript[heard:] if s.speaker == main.id), "")
        quoted = f' It answered: "{answer}"' if answer else ""
        when = next((s.round for s in replay.state.transcript[heard:] if s.speaker == session.me), replay.state.round)
        found.append(f"In round {when} your gesture, "
                     f"'{gesture.label}', raised {_whose(main.name)} trust from {before:.2f} to {after:.2f}.{quoted}")
    return found


def trade_found(session: Session) -> list[str]:
    """The exchange an agreement rests on: the player's step worth most to them, and theirs worth most to the player."""
    scenario, state, main = session.scenario, session.state, session.main
    outcome = state.outcome
    if outcome is None or not outcome.package:
        return []
    if state.score is not None and state.score.player_utility < session.player.batna.utility - 1e-9:
        return []  # an agreement worth less than no deal is no trade to praise, whatever steps led to it
    mine = next((o.package for o in state.offers if o.by == session.me), {})
    theirs = next((o.package for o in state.offers if o.by == main.id), {})
    me_utility, their_utility = session.true_utility(session.me), session.true_utility(main.id)

    def best_step(start: dict[str, str], giver: Utility, taker: Utility) -> tuple[float, str] | None:
        """The step from `start` to the agreement that cost the giver value and gained the taker the most."""
        steps = []
        for issue in scenario.issues:
            first, last = start.get(issue.id), outcome.package.get(issue.id)
            if first is None or last is None or first == last:
                continue
            if giver.contribution(issue.id, last) < giver.contribution(issue.id, first):
                gain = taker.contribution(issue.id, last) - taker.contribution(issue.id, first)
                if gain > 0:
                    steps.append((gain, f"{issue.label} (from {option_label(scenario, issue.id, first)} "
                                        f"to {option_label(scenario, issue.id, last)})"))
        return max(steps) if steps else None

    gave = best_step(mine, me_utility, their_utility)
    got = best_step(theirs, their_utility, me_utility)
    if gave is None or got is None:
        return []
    return [f"You found a trade: your step on {gave[1]} was the one worth most to {mid_sentence(main.name)}, and in return "
            f"it moved on {got[1]}, the step worth most to you."]


def probes_answered(session: Session) -> list[str]:
    """Probes that got a straight answer: the player asked when trust allowed it."""
    state, main = session.state, session.main
    asked = [s for s in state.transcript if s.speaker == session.me and s.tag == "probe"]
    answered = [s for s in state.transcript if s.speaker == main.id and s.tag == LineTag.probe]
    if not answered:
        return []
    rounds = sorted({s.round for s in answered})
    which = ", ".join(str(r) for r in rounds)
    return [f"You asked before you offered: {len(answered)} of your {len(asked)} probes got a straight answer "
            f"(round{'s' if len(rounds) > 1 else ''} {which}), narrowing what {mid_sentence(main.name)} really expected."]


FINDINGS: tuple[Callable[[Session], list[str]], ...] = (trade_found, gestures_that_worked, prepared_well, probes_answered)
"""The kinds of good play, most telling first."""


def done_well(session: Session) -> list[str]:
    """What the player did well, quoting their moves (empty when nothing stood out)."""
    found = [text for finding in FINDINGS for text in finding(session)]
    return found[:MAX_GOOD]


__all__ = ["done_well"]
