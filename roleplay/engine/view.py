"""What the player may see of a game: the only window screens and strategies get.

It holds the public scenario, the played delegation's own stance, what
intelligence has revealed, the offers and the transcript, and none of the
counterparts' hidden expectations, reservations or instructor notes. Keeping
one such view is how "nothing hidden leaks before the debrief" is enforced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from roleplay.engine import legality
from roleplay.engine.history import standing_positions
from roleplay.engine.intel import Range
from roleplay.engine.state import Meters, Offer, Statement
from roleplay.scenario.models import Stance

if TYPE_CHECKING:
    from roleplay.engine.session import Session


class SeenGap(NamedTuple):
    """A gap as the player can know it: the position gap, and the bounds of the expectation gap."""

    round: int
    counterpart: str
    issue: str
    position: float | None
    expectation_seen: tuple[float, float]


class PlayerView(NamedTuple):
    """A plain record, not a validated model: the engine alone fills it in, before every move.

    A named tuple, as the state's own records are: immutable, and the cheapest record to build. What it
    holds is shared with the views taken after it for as long as it stays the same, so it is only read:
    its fields are typed as read-only mappings and sequences, and the type checker holds clients to that."""

    scenario: str
    me: str
    phase: str
    round: int
    rounds: int
    my_stances: Mapping[str, Stance]
    my_batna: float
    budget_left: float
    team: Sequence[str]
    consulted: Sequence[str]
    pickable: Sequence[str]
    """The roster members who would join the player's team (whether one may be picked now is the action's check)."""
    consultable: Sequence[str]
    """The delegations beside the table the player may consult in preparation (once each, within the budget)."""
    expectations: Mapping[str, str]
    walkaways: Mapping[str, str]
    counterparts: Sequence[str]
    bystanders: Sequence[str]
    intel: Mapping[str, Mapping[str, Range]]
    meters: Mapping[str, Meters]
    my_positions: Mapping[str, str]
    their_offers: Mapping[str, Mapping[str, str]]
    offers: Sequence[Offer]
    transcript: Sequence[Statement]
    gaps: Sequence[SeenGap]
    gestures_given: Sequence[str]
    gestures_received: Sequence[str]
    beliefs: Mapping[str, Mapping[str, float]]
    """Per counterpart with types: how likely each type is, from the intelligence gathered (never the type drawn)."""
    finished: bool


def round_label(view: PlayerView) -> str:
    """Where the talks are, as every client says it: "opening", "round 1 of 8", "last-offer round"."""
    return stage_label(view.phase, view.round, view.rounds)


def stage_label(phase: str, round: int, rounds: int) -> str:
    """Where a game stands, from its phase and the rounds played (a save's summary keeps just these)."""
    return {"opening": "opening", "bargaining": f"round {round + 1} of {rounds}",
            "closing": "last-offer round", "concluded": "finished", "debrief": "finished"}.get(phase, phase)


def player_view(session: Session) -> PlayerView:
    """A fresh view of the game as the player may see it.

    Taken before every move, and from one move to the next most of it has not changed: what
    depends on the session alone (the seat, its stances, whom it may pick or consult) and
    whatever equals what the last view holds is shared with the last view rather than copied
    again; the rest is copied (lists of frozen items), so the game never changes a view after
    it is taken. A view is only read: its dicts and lists may be the very ones of the views
    before and after it, so a client that wants to change one takes a copy. The gaps as the
    player sees them are kept beside the state (`Session.seen_gaps`) as each round is recorded,
    rather than converted from the whole history on every call.
    """
    state = session.state
    last = session.last_view
    if last is None:
        last = _first_view(session)
    intel = last.intel if last.intel == state.intel else {k: dict(v) for k, v in state.intel.items()}
    positions = standing_positions(state)
    team = last.team if last.team == state.team else list(state.team)
    consulted = last.consulted if last.consulted == state.consulted else list(state.consulted)
    expectations = last.expectations if last.expectations == state.expectations else dict(state.expectations)
    walkaways = last.walkaways if last.walkaways == state.walkaways else dict(state.walkaways)
    my_positions = last.my_positions if last.my_positions == positions else dict(positions)
    their_offers = last.their_offers if last.their_offers == state.their_offers else \
        {k: dict(v) for k, v in state.their_offers.items()}
    beliefs = last.beliefs if intel is last.intel else \
        {d.id: session.belief(d.id) for d in session.counterparts if d.types}
    # The fields in their order, by position: matched to 28 keywords, they cost a third of the view.
    view = PlayerView(
        last.scenario, last.me, session.phase, state.round, last.rounds, last.my_stances, last.my_batna,
        state.budget_left, team, consulted, last.pickable, last.consultable, expectations, walkaways,
        last.counterparts, last.bystanders, intel, _meters(last.meters, state.meters), my_positions, their_offers,
        list(state.offers), list(state.transcript), list(session.seen_gaps), list(state.gestures_given),
        list(state.gestures_received), beliefs, session.finished(),
    )
    session.last_view = view
    return view


def _meters(seen: Mapping[str, Meters], now: Mapping[str, Meters]) -> Mapping[str, Meters]:
    """The meters now, as a view holds them: the last view's own when none has moved, else a fresh table
    that copies those that moved and shares the rest.

    Nearly every move moves a meter, seldom more than one or two of the five or so a table has: copying
    only those, and comparing their values here rather than the meters whole, is most of what a view's
    meters cost.
    """
    fresh: dict[str, Meters] = {}
    moved = len(seen) != len(now)
    for who, meters in now.items():
        kept = seen.get(who)
        if kept is None or kept.trust != meters.trust or kept.tension != meters.tension:
            kept, moved = Meters(trust=meters.trust, tension=meters.tension), True
        fresh[who] = kept
    return fresh if moved else seen


def _first_view(session: Session) -> PlayerView:
    """What a session's views start from: what depends on the session alone, and nothing yet of the game.

    Intelligence and the beliefs drawn from it go together (a view shares its beliefs when it shares
    its intelligence), so they are the real ones; the rest is empty, for the first view to fill in.
    """
    return PlayerView(
        scenario=session.scenario.id,
        me=session.me,
        phase="",
        round=0,
        rounds=session.scenario.rounds,
        my_stances=dict(session.player.stances),
        my_batna=session.player.batna.utility,
        budget_left=0.0,
        team=[],
        consulted=[],
        pickable=legality.pickable(session.scenario, session.me),
        consultable=legality.consultable(session.scenario, session.me),
        expectations={},
        walkaways={},
        counterparts=[d.id for d in session.counterparts],
        bystanders=[d.id for d in session.bystanders],
        intel={k: dict(v) for k, v in session.state.intel.items()},
        meters={},
        my_positions={},
        their_offers={},
        offers=[],
        transcript=[],
        gaps=[],
        gestures_given=[],
        gestures_received=[],
        beliefs={d.id: session.belief(d.id) for d in session.counterparts if d.types},
        finished=False,
    )
