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
"""

from __future__ import annotations

import gc
from collections.abc import Callable

FRAME_ALLOWANCE = 100_000
"""Net allocations between automatic collections while the app runs: more than any frame makes, so
automatic collections only happen if something allocates a great deal without a frame in between."""


class Collector:
    def __init__(self) -> None:
        self.saved: tuple[int, int, int] | None = None
        self.frozen = False
        self.pending = False

    def hold(self) -> None:
        """Raise the automatic threshold and freeze what is alive now, once (both undone by release)."""
        if self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(FRAME_ALLOWANCE, *self.saved[1:])
        if not self.frozen:
            gc.collect(1)
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
