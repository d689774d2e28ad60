"""A progress line for long simulations: games played, the share done and the time left, redrawn in place."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """Called after every game; draws at most a few times a second, and clears its line at the end."""

    def __init__(self, out: TextIO, every: float = 0.2) -> None:
        self.out = out
        self.every = every
        self.started = time.monotonic()
        self.drawn = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.drawn < self.every:
            return
        self.drawn = now
        if done >= total:
            self.out.write("\r\x1b[K")
        else:
            elapsed = now - self.started
            left = elapsed / done * (total - done) if done else 0.0
            self.out.write(f"\r{line(done, total, left)}\x1b[K")
        self.out.flush()


def line(done: int, total: int, left: float, width: int = 24) -> str:
    """'[#####       ] 1,200/5,000 games, about 30 s left'."""
    filled = width * done // total if total else width
    eta = f", about {left:.0f} s left" if done else ""
    return f"[{'#' * filled}{' ' * (width - filled)}] {done:,}/{total:,} games{eta}"
