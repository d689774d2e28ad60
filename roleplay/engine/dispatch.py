"""Firing the flow's triggers on a session, as the flow's machine fires them, without searching it each time.

The flow is declared for `transitions` (`flow.py`), and its machine stays the
authority on what each trigger does: `steps()` reads from it, once, for every
state and trigger, where the trigger leads and which of the session's methods
run before and after the change of state. `fire` then runs exactly those, in
the machine's order and with its queue (a trigger fired while another is
being processed runs once that one is done; an error empties the queue).
What it saves is the machine's general path, taken on every move of every
game: an event object, a partial, a search of the transitions and a name
looked up for each callback. A trigger the table does not hold (one the state
does not allow, or any transition with conditions or state callbacks) goes to
the machine itself, which handles it or raises its own error.
"""

from __future__ import annotations

import threading
from collections import deque
from functools import cache
from typing import Any, NamedTuple

from roleplay.engine.flow import machine


class Step(NamedTuple):
    """What one trigger does from one state: the session's methods to call, by name, and the state it leads to."""

    before: tuple[str, ...]
    dest: str | None
    """None: the state does not change."""
    after: tuple[str, ...]


@cache
def steps() -> dict[tuple[str, str], Step]:
    """(state, trigger) -> Step, read from the flow's machine; transitions it cannot say as a Step are left out."""
    built = machine()
    if any((built.prepare_event, built.finalize_event, built.on_exception, built.on_final)):
        return {}
    table: dict[tuple[str, str], Step] = {}
    for name, event in built.events.items():
        for source, found in event.transitions.items():
            if len(found) != 1:
                continue
            transition = found[0]
            before = _names([*built.before_state_change, *transition.before])
            after = _names([*transition.after, *built.after_state_change])
            states = [built.get_state(source)] + ([built.get_state(transition.dest)] if transition.dest else [])
            if (before is None or after is None or transition.conditions or transition.prepare
                    or any(state.on_enter or state.on_exit for state in states)):
                continue
            table[(source, name)] = Step(before=before, dest=transition.dest, after=after)
    return table


def _names(callbacks: list[Any]) -> tuple[str, ...] | None:
    """Callbacks named as the session's methods, or None if any is given some other way."""
    return tuple(callbacks) if all(isinstance(callback, str) for callback in callbacks) else None


_LOCAL = threading.local()


def fire(session: Any, trigger: str, *args: object) -> None:
    """Fire `trigger` on `session` (whose state is its `phase`), queued behind any trigger being processed."""
    queue: deque[tuple[Any, str, tuple[object, ...]]] | None = getattr(_LOCAL, "queue", None)
    if queue is None:
        queue = _LOCAL.queue = deque()
    queue.append((session, trigger, args))
    if len(queue) > 1:
        return
    try:
        while queue:
            model, name, arguments = queue[0]
            _run(model, name, arguments)
            queue.popleft()
    except BaseException:
        queue.clear()
        raise


def _run(session: Any, trigger: str, args: tuple[object, ...]) -> None:
    step = steps().get((session.phase, trigger))
    if step is None:
        machine().events[trigger].trigger(session, *args)
        return
    for name in step.before:
        getattr(session, name)(*args)
    if step.dest is not None:
        session.phase = step.dest
    for name in step.after:
        getattr(session, name)(*args)
