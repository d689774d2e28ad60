"""Samples, their summary, and one row of the results table.

Every measurement that has a reference is taken alternately with it (A, B,
A, B, ...) in the same process run, so that a neighbour loading the shared
machine slows both sides alike and the ratio stays meaningful.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The checkout: children run from here so that `bench` and `roleplay` import from it."""


@dataclass(frozen=True)
class Stats:
    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p99(self) -> float:
        """Nearest-rank 99th percentile: with fewer than 100 samples this is the slowest one."""
        ordered = sorted(self.samples)
        rank = max(1, -(-99 * len(ordered) // 100))
        return ordered[rank - 1]


def alternate(a: Callable[[], float], b: Callable[[], float], rounds: int) -> tuple[Stats, Stats]:
    """Run A and B in turn, `rounds` times each, and return both series."""
    first: list[float] = []
    second: list[float] = []
    for _ in range(rounds):
        first.append(a())
        second.append(b())
    return Stats(tuple(first)), Stats(tuple(second))


def child(*args: str, env: dict[str, str] | None = None) -> str:
    """Run `python ARGS` from the checkout and return what it printed; fail loudly if it failed."""
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return done.stdout


def wall(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Seconds a whole command takes, from spawning it to its exit."""
    start = time.perf_counter()
    done = subprocess.run(list(command), cwd=ROOT, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return elapsed


@dataclass(frozen=True)
class Row:
    """One line of the table: what was measured, against what, and whether the target holds."""

    name: str
    value: str
    p99: str
    reference: str
    ratio: str
    target: str
    holds: bool | None
    """None where the issue sets no target and the number is reported for what it tells."""

    def cells(self) -> list[str]:
        verdict = "—" if self.holds is None else "yes" if self.holds else "**no**"
        return [self.name, self.value, self.p99 or "—", self.reference, self.ratio or "—", self.target or "—", verdict]


HEADER = ["measure", "median", "p99", "reference (median)", "ratio", "target", "holds"]


def table(rows: Sequence[Row]) -> str:
    lines = [HEADER, ["---"] * len(HEADER), *(row.cells() for row in rows)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def mib(size: float) -> str:
    return f"{size / 2**20:.1f} MiB"
