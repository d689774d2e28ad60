"""The flow of a session, declared as data for a `transitions` machine.

Each player action is a trigger; `ROUTES` says from which states it may fire
and where it leads (None: it stays). The engine's own triggers (`run_out`,
`conclude`) move the game on when rounds run out or the talks end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STATES = ("briefing", "preparation", "opening", "bargaining", "closing", "concluded", "debrief")
TALKS = ("bargaining", "closing")


@dataclass(frozen=True)
class Route:
    trigger: str
    sources: tuple[str, ...]
    dest: str | None = None
    after: str | None = None


ROUTES: tuple[Route, ...] = (
    Route("begin_preparation", ("briefing",), "preparation"),
    Route("pick_member", ("preparation",)),
    Route("drop_member", ("preparation",)),
    Route("consult_ally", ("preparation",)),
    Route("set_expectation", ("preparation",)),
    Route("set_walkaway", ("preparation",)),
    Route("finish_preparation", ("preparation",), "opening"),
    Route("open_talks", ("opening",), "bargaining"),
    Route("propose", TALKS),
    Route("probe", ("bargaining",)),
    Route("gesture", ("bargaining",)),
    Route("pressure", ("bargaining",)),
    Route("consult", ("bargaining",)),
    Route("accept", TALKS),
    Route("walk_out", TALKS),
    Route("call_closing", ("bargaining",), "closing"),
    Route("show_debrief", ("concluded",), "debrief"),
)

PLAYER_MOVES: frozenset[tuple[str, str]] = frozenset((source, r.trigger) for r in ROUTES for source in r.sources)
"""Every (state, action kind) the flow allows: the table `Session.why_not` reads."""

ENGINE_ROUTES: tuple[Route, ...] = (
    Route("run_out", ("bargaining",), "closing", after="_enter_closing"),
    Route("conclude", TALKS, "concluded", after="_wrap_up"),
)


def machine_transitions() -> list[dict[str, Any]]:
    """The transition table in the form `transitions.Machine` takes.

    Player actions share one handler (`_perform`); `Session.act` fires them
    only after `Session.why_not` has checked them, so they need no guard.
    """
    player = [
        {"trigger": r.trigger, "source": list(r.sources), "dest": r.dest,
         "after": "_perform"}
        for r in ROUTES
    ]
    engine = [{"trigger": r.trigger, "source": list(r.sources), "dest": r.dest, "after": r.after}
              for r in ENGINE_ROUTES]
    return player + engine
