"""The flow of a session, declared as data for a `transitions` machine.

Each player action is a trigger; `ROUTES` says from which states it may fire
and where it leads (None: it stays). The engine's own triggers (`run_out`,
`conclude`) move the game on when rounds run out or the talks end.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from transitions import Machine

STATES = ("briefing", "preparation", "opening", "bargaining", "closing", "concluded", "debrief")
TALKS = ("bargaining", "closing")


class Route(NamedTuple):
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


_LOCAL = threading.local()


def machine() -> Machine:
    """The flow's machine, built on first use once per thread and shared by every session that thread drives.

    A `transitions` machine keeps no state of its own beyond the queue of
    triggers being processed (each session keeps its phase in `phase`), and
    building one adds every trigger to its model: done per game, that cost
    as much as a tenth of a simulated game. Sessions are driven through
    `Event.trigger(session, ...)` instead of methods added to them. One per
    thread, because the queue must not mix two threads' triggers.
    """
    built: Machine | None = getattr(_LOCAL, "machine", None)
    if built is None:
        from transitions import Machine

        built = Machine(model=None, states=list(STATES), transitions=machine_transitions(), initial=STATES[0],
                        auto_transitions=False, queued=True, after_state_change="_sync_phase", model_attribute="phase")
        _LOCAL.machine = built
    return built
