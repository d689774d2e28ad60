"""Garbage collection on the player's time: between frames, never in the middle of one.

CPython collects its youngest generation every 700 net allocations of
container objects. Drawing one move at the table allocates several thousand
(each of Textual's strips carries its own caches), so a dozen young
collections, and one or two of the middle generation at a few milliseconds
each, used to land inside the frame that shows the counterpart's answer. A full
collection, tens of milliseconds, landed there every ten moves or so.

While the app runs, the automatic threshold is raised out of a frame's reach;
after each frame that follows a key, the young generations are collected once
the frame is on screen, while the player reads it. When the app starts,
everything alive then (the modules, Textual, the app itself) is frozen out of
the collector's reach once, so that the full collections the raised threshold
still allows skip it; the screens come and go after that and stay collectable.
The freeze is undone when the app ends, so that a process running the app many
times (the tests, a classroom server) does not pile frozen objects up.

`roleplay play` raises the threshold before it imports Textual and the engine
(`hold_from_the_start`): nearly all those imports allocate lives as long as the
app, so the dozen young collections they set off found almost nothing, and a
collection of it all before the freeze took longer still (together, about a
tenth of a start). What little of it is garbage is frozen with the rest and
handed back to the collector when the app ends.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

FRAME_ALLOWANCE = 100_000
"""Net allocations between automatic collections while the app runs: more than any frame makes, so
automatic collections only happen if something allocates a great deal without a frame in between."""


_before_the_start: tuple[int, int, int] | None = None
"""The thresholds the process had before `hold_from_the_start` raised them, for the app to give back."""


def hold_from_the_start() -> None:
    """Raise the automatic threshold now, before the app's imports: for a process about to run the app."""
    global _before_the_start
    if _before_the_start is None:
        _before_the_start = gc.get_threshold()
        gc.set_threshold(FRAME_ALLOWANCE, *_before_the_start[1:])


def _thresholds() -> tuple[int, int, int]:
    """The thresholds to give back when the app ends: the process's own, whenever they were raised."""
    global _before_the_start
    before, _before_the_start = _before_the_start, None
    return before or gc.get_threshold()


class Collector:
    def __init__(self) -> None:
        self.saved: tuple[int, int, int] | None = None
        self.frozen = False
        self.pending = False

    def hold(self) -> None:
        """Raise the automatic threshold and freeze what is alive now, once (both undone by release).

        Nothing is collected first: what the start made is nearly all alive, and its garbage goes back to
        the collector when the app ends."""
        if self.saved is None:
            self.saved = _thresholds()
            gc.set_threshold(FRAME_ALLOWANCE, *self.saved[1:])
        if not self.frozen:
            gc.freeze()
            self.frozen = True

    def release(self) -> None:
        """Give the process back the thresholds it had and the objects frozen at the start, and collect what is left."""
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
        gc.collect(1)

    def after_next_frame(self, schedule: Callable[[Callable[[], None]], object]) -> None:
        """Collect the young generations once the coming frame is up, however many keys ask before it.

        `schedule` runs a callback after the next refresh (the app's call_after_refresh).
        """
        if not self.pending:
            self.pending = True
            schedule(self.after_frame)

    def after_frame(self) -> None:
        self.pending = False
        gc.collect(1)

    def settle(self) -> None:
        """Once a screen is up: collect what the last one left."""
        gc.collect(1)
